# Python bindings (bindings/python): wheel, tests, demo.
#   make python-wheel   build the flex_sdk wheel (dev profile) and unpack it into build/python/site
#   make test-python    the pytest suite against the emulator, through the installed wheel
#   make demo-python    the agent demo (examples/python/agent_demo.py)
# The wheel is installed into build/python/site (on PYTHONPATH), not into the shared
# tools venv, so branches and concurrent runs never overwrite each other's flex_sdk.
PY_ENV := scripts/python-env.sh
PY_SITE := build/python/site
PY_DIST := build/python/dist
PY_RUN := PYTHONPATH=$(CURDIR)/$(PY_SITE) $(PY_ENV) run

TEST_PARTS += test-python

.PHONY: python-wheel test-python demo-python

python-wheel:
	$(PY_ENV) >/dev/null
	rm -f $(PY_DIST)/flex_sdk-*.whl
	cd bindings/python && ../../$(PY_ENV) run maturin build -q --locked --profile dev -o ../../$(PY_DIST)
	$(PY_ENV) run pip install -q --no-deps --no-index --upgrade --target $(PY_SITE) $(PY_DIST)/flex_sdk-*.whl

test-python: python-wheel
	$(CARGO) build -q --locked -p flex-emulator
	$(PY_RUN) python -m pytest -q -p no:cacheprovider bindings/python/tests

demo-python: python-wheel
	$(CARGO) build -q --locked -p flex-emulator
	$(PY_RUN) python examples/python/agent_demo.py $(DEMO_ARGS)
