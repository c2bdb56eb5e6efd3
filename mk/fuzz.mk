# Fuzzing (fuzz/: cargo-fuzz targets, seed corpus in fuzz/corpus/<target>/; docs/RELIABILITY.md#fuzzing).
#   make fuzz         every target for FUZZ_SECS seconds (default 300), growing build/fuzz/corpus
#   make test-fuzz    every target for FUZZ_CI_SECS seconds (default 10) from a fresh copy of the
#                     seed corpus (part of `make test`); the committed corpus is never written
#   make fuzz-build   build the targets only
# FUZZ_TARGETS="jwt token_info" runs some targets only. A crash stops the run and leaves its
# input in build/fuzz/artifacts/<target>/; reproduce it with
#   cargo +nightly fuzz run <target> build/fuzz/artifacts/<target>/crash-…
# Needs the nightly toolchain; cargo-fuzz is installed from crates.io when missing.
TEST_PARTS += test-fuzz
FUZZ_SECS ?= 300
FUZZ_CI_SECS ?= 10
FUZZ_RSS_MB ?= 2048
FUZZ_INPUT_TIMEOUT ?= 20
FUZZ_TARGETS ?= $(sort $(basename $(notdir $(wildcard fuzz/fuzz_targets/*.rs))))
FUZZ_OUT := build/fuzz
CARGO_FUZZ := $(CARGO) +nightly fuzz
FUZZ_FLAGS = -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_INPUT_TIMEOUT) -print_final_stats=1

.PHONY: fuzz test-fuzz fuzz-build fuzz-tools

fuzz-tools:
	@$(CARGO_FUZZ) --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked

# fuzz/Cargo.lock is committed: fail rather than re-resolve (cargo-fuzz has no --locked).
fuzz-build: fuzz-tools
	$(CARGO) +nightly metadata -q --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null
	$(CARGO_FUZZ) build

# $(1): seconds per target; $(2): corpus root (one folder per target, seeded from fuzz/corpus).
define fuzz_run
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(2)/$$t $(FUZZ_OUT)/artifacts/$$t; cp -rn fuzz/corpus/$$t/. $(2)/$$t/; \
	  echo "fuzz: $$t for $(1) s"; \
	  $(CARGO_FUZZ) run $$t $(2)/$$t -- -max_total_time=$(1) $(FUZZ_FLAGS) \
	    -artifact_prefix=$(FUZZ_OUT)/artifacts/$$t/ 2>$(FUZZ_OUT)/$$t.log || \
	    { tail -n 60 $(FUZZ_OUT)/$$t.log; echo "fuzz: $$t failed (log: $(FUZZ_OUT)/$$t.log)" >&2; exit 1; }; \
	  grep -h '^stat::number_of_executed_units\|^Done' $(FUZZ_OUT)/$$t.log | tr '\n' ' '; echo; \
	done
endef

fuzz: fuzz-build
	$(call fuzz_run,$(FUZZ_SECS),$(FUZZ_OUT)/corpus)

test-fuzz: fuzz-build
	rm -rf $(FUZZ_OUT)/ci-corpus
	$(call fuzz_run,$(FUZZ_CI_SECS),$(FUZZ_OUT)/ci-corpus)
