# C ABI (bindings/c): header check, C/C++ tests against the emulator, C demo.
#   make test-c        header check, clippy, Rust tests, the C/C++ suites plain and under valgrind
#   make test-c-asan   the C/C++ suites (not the valgrind runs) with AddressSanitizer and
#                      LeakSanitizer: the library built by nightly with -Zsanitizer=address
#                      into target/asan, the tests with -fsanitize=address into build/c-asan
TEST_PARTS += test-c test-c-asan
C_BUILD := build/c
C_HEADER := include/flex_sdk.h
CBINDGEN_C := RUSTC_BOOTSTRAP=1 scripts/cbindgen.sh --quiet --config bindings/c/cbindgen.toml --crate flex-sdk-c bindings/c

C_ASAN_BUILD := build/c-asan
C_ASAN_TARGET := x86_64-unknown-linux-gnu
C_ASAN_LIB_DIR := $(CURDIR)/target/asan/$(C_ASAN_TARGET)/debug
C_ASAN_FLAGS := -fsanitize=address -fno-omit-frame-pointer -g
# Leaks fail the run too (LeakSanitizer; no suppressions are needed: the library's
# process-wide statics stay reachable, so they are not reported).
C_ASAN_OPTIONS := detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1

.PHONY: test-c test-c-asan c-header check-c-header demo-c

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

# Reuses test-c's emulator (target/debug/flex-emulator: the cargo build is a no-op when fresh);
# the sanitized library goes to its own target dir, so the normal build stays valid.
test-c-asan:
	$(CARGO) build -q -p flex-emulator --locked
	RUSTFLAGS="-Zsanitizer=address" $(CARGO) +nightly build -q -p flex-sdk-c --locked \
	  --target $(C_ASAN_TARGET) --target-dir target/asan
	cmake -S bindings/c/tests -B $(C_ASAN_BUILD) -G Ninja -DFLEX_TARGET_DIR=$(C_ASAN_LIB_DIR) \
	  -DFLEX_EMULATOR=$(CURDIR)/target/debug/flex-emulator \
	  "-DCMAKE_C_FLAGS=$(C_ASAN_FLAGS)" "-DCMAKE_CXX_FLAGS=$(C_ASAN_FLAGS)" \
	  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address"
	cmake --build $(C_ASAN_BUILD) --target c_api_test cpp_api_test cpp_tasks_test cpp_auth_test
	ASAN_OPTIONS=$(C_ASAN_OPTIONS) ctest --test-dir $(C_ASAN_BUILD) --output-on-failure --parallel 3 -E valgrind

# The agent demo in C against a fresh emulator (or an running one: make demo-c ARGS="--url http://…").
demo-c:
	$(CARGO) build -q -p flex-sdk-c -p flex-emulator --locked
	cmake -S bindings/c/tests -B $(C_BUILD) -G Ninja -DFLEX_TARGET_DIR=$(CURDIR)/target/debug
	cmake --build $(C_BUILD) --target agent_demo
	FLEX_EMULATOR=$(CURDIR)/target/debug/flex-emulator $(C_BUILD)/agent_demo $(ARGS)
