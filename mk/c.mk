# C ABI (bindings/c): header check, C/C++ tests against the emulator, C demo.
TEST_PARTS += test-c
C_BUILD := build/c
C_HEADER := include/flex_sdk.h
CBINDGEN_C := RUSTC_BOOTSTRAP=1 scripts/cbindgen.sh --quiet --config bindings/c/cbindgen.toml --crate flex-sdk-c bindings/c

.PHONY: test-c c-header check-c-header demo-c

# Regenerates the committed header.
c-header:
	$(CBINDGEN_C) -o $(C_HEADER)

# Fails when the committed header is stale.
check-c-header:
	@tmp=$$(mktemp) && trap 'rm -f $$tmp' EXIT && $(CBINDGEN_C) -o $$tmp && \
	  diff -u $(C_HEADER) $$tmp || { echo "$(C_HEADER) is stale: run 'make c-header'" >&2; exit 1; }

test-c: check-c-header
	$(CARGO) clippy -q -p flex-sdk-c --locked --no-deps -- -D warnings
	$(CARGO) test -q -p flex-sdk-c --locked
	$(CARGO) build -q -p flex-sdk-c -p flex-emulator --locked
	cmake -S bindings/c/tests -B $(C_BUILD) -G Ninja -DFLEX_TARGET_DIR=$(CURDIR)/target/debug
	cmake --build $(C_BUILD)
	ctest --test-dir $(C_BUILD) --output-on-failure --parallel 3

# The agent demo in C against a fresh emulator (or an running one: make demo-c ARGS="--url http://…").
demo-c:
	$(CARGO) build -q -p flex-sdk-c -p flex-emulator --locked
	cmake -S bindings/c/tests -B $(C_BUILD) -G Ninja -DFLEX_TARGET_DIR=$(CURDIR)/target/debug
	cmake --build $(C_BUILD) --target agent_demo
	FLEX_EMULATOR=$(CURDIR)/target/debug/flex-emulator $(C_BUILD)/agent_demo $(ARGS)
