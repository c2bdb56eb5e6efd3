# The project's verbs. `make demo` runs the main demo; `make test` runs every suite.
# Each part keeps its own targets in mk/<part>.mk; `make test` runs them all.
SHELL := /bin/bash
CARGO ?= cargo
TEST_PARTS := test-rust test-conformance

.PHONY: demo test test-rust test-conformance

demo:
	$(CARGO) run -q --locked -p flex-examples --bin agent-demo

test-rust:
	$(CARGO) test --workspace --locked

test-conformance:
	bash tests/conformance/run.sh

-include mk/*.mk

test: $(TEST_PARTS)
