# Benchmarks (benches/, docs/BENCHMARKS.md). Benches are not tests: not in TEST_PARTS.
#   make bench             everything below, in order (release profile: LTO, codegen-units=1)
#   make bench-rust        criterion benches (actions, events, client) + a Markdown summary
#   make bench-mem         resident memory / heap / threads of 1, 10, 50 clients
#   make bench-crosslang   set_attributes round trip from Rust, C and Python (FFI overhead)
#   make bench-peer        taskrouter.js vs Rust vs Python handling tasks (not in `make bench`)
#   make bench-scale       1,000 clients in one process, Rust and Python (not in `make bench`)
# Results go to build/bench/; criterion keeps its data in target/criterion.
# BENCH_ARGS are passed to criterion (e.g. BENCH_ARGS="--measurement-time 2" or a filter).
BENCH_DIR := build/bench
BENCH_ITERATIONS ?= 2000
BENCH_WARMUP ?= 200
BENCH_ROUNDS ?= 5
BENCH_ARGS ?=
BENCH_PEER_TASKS ?= 200
BENCH_PEER_ROUNDS ?= 3
BENCH_SCALE_CLIENTS ?= 1000
BENCH_SCALE_HOLD ?= 15
BENCH_PY_SITE := $(BENCH_DIR)/python-site
BENCH_PY_DIST := $(BENCH_DIR)/python-dist

BENCH_PY_RUN = env PYTHONPATH=$(CURDIR)/$(BENCH_PY_SITE) $(CURDIR)/$(PY_ENV) run python

.PHONY: bench bench-rust bench-mem bench-crosslang bench-python-wheel bench-peer bench-scale

bench: bench-rust bench-mem bench-crosslang
	@echo "bench: results in $(BENCH_DIR)/ (criterion.md, memory.txt, crosslang.txt)"

bench-rust:
	mkdir -p $(BENCH_DIR)
	set -o pipefail; $(CARGO) bench --locked -p flex-benches -- $(BENCH_ARGS) 2>&1 | tee $(BENCH_DIR)/criterion.txt
	set -o pipefail; python3 benches/report.py target/criterion | tee $(BENCH_DIR)/criterion.md

bench-mem:
	mkdir -p $(BENCH_DIR)
	$(CARGO) build -q --release --locked -p flex-emulator -p flex-benches
	set -o pipefail; FLEX_EMULATOR=$(CURDIR)/target/release/flex-emulator target/release/flex-bench-mem 1,10,50 | tee $(BENCH_DIR)/memory.txt

# The wheel in the release profile (make python-wheel builds the dev profile for the tests),
# unpacked into its own folder so that it never replaces the tests' build/python/site.
# strip=debuginfo instead of the release profile's strip=true: uniffi-bindgen reads the
# UniFFI metadata symbols from the library (same machine code, symbols kept).
bench-python-wheel:
	$(PY_ENV) >/dev/null
	rm -f $(BENCH_PY_DIST)/flex_sdk-*.whl
	cd bindings/python && ../../$(PY_ENV) run maturin build -q --locked --release -o ../../$(BENCH_PY_DIST)
	$(PY_ENV) run pip install -q --no-deps --no-index --upgrade --target $(BENCH_PY_SITE) $(BENCH_PY_DIST)/flex_sdk-*.whl

bench-crosslang: bench-python-wheel
	mkdir -p $(BENCH_DIR)
	$(CARGO) build -q --release --locked -p flex-emulator -p flex-benches
	$(CARGO) build -q --release --locked -p flex-sdk-c
	cc -O2 -std=c11 -Wall -Wextra -Werror -pedantic -D_POSIX_C_SOURCE=200809L -Iinclude \
	  benches/harness/rtt.c -o $(BENCH_DIR)/rtt_c \
	  -L$(CURDIR)/target/release -lflex_sdk_c -Wl,-rpath,$(CURDIR)/target/release -lm
	set -o pipefail; python3 benches/harness/crosslang.py --emulator target/release/flex-emulator \
	  --out $(BENCH_DIR)/crosslang.json --iterations $(BENCH_ITERATIONS) --warmup $(BENCH_WARMUP) --rounds $(BENCH_ROUNDS) \
	  --harness rust "target/release/flex-bench-rtt" \
	  --harness c "$(BENCH_DIR)/rtt_c" \
	  --harness python "$(BENCH_PY_RUN) benches/harness/rtt.py" \
	  | tee $(BENCH_DIR)/crosslang.txt

# Three client processes, one worker each, handle the same tasks: the official
# twilio-taskrouter 2.1.1 (the conformance suite's npm install), flex-bench-peer, and
# benches/harness/peer_client.py. Table and ratios to taskrouter.js in peer.txt.
bench-peer: bench-python-wheel
	mkdir -p $(BENCH_DIR)
	$(CARGO) build -q --release --locked -p flex-emulator -p flex-benches --bin flex-emulator --bin flex-bench-peer
	cd tests/conformance && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund; fi
	set -o pipefail; python3 benches/harness/peer.py --emulator target/release/flex-emulator \
	  --out $(BENCH_DIR)/peer.json --tasks $(BENCH_PEER_TASKS) --rounds $(BENCH_PEER_ROUNDS) \
	  --client taskrouter.js "node benches/harness/peer_client.mjs" \
	  --client rust "target/release/flex-bench-peer" \
	  --client python "$(BENCH_PY_RUN) benches/harness/peer_client.py" \
	  | tee $(BENCH_DIR)/peer.txt

# BENCH_SCALE_CLIENTS clients in one process (flex-bench-scale, then scale_client.py),
# held BENCH_SCALE_HOLD seconds with a 2 s emulator heartbeat and a 5 s client timeout.
bench-scale: bench-python-wheel
	mkdir -p $(BENCH_DIR)
	$(CARGO) build -q --release --locked -p flex-emulator -p flex-benches --bin flex-emulator --bin flex-bench-scale
	set -o pipefail; python3 benches/harness/scale.py --emulator target/release/flex-emulator \
	  --out $(BENCH_DIR)/scale.json --clients $(BENCH_SCALE_CLIENTS) --hold-secs $(BENCH_SCALE_HOLD) \
	  --side rust "target/release/flex-bench-scale" \
	  --side python "$(BENCH_PY_RUN) benches/harness/scale_client.py" \
	  | tee $(BENCH_DIR)/scale.txt
