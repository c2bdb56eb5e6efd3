# Kotlin/JVM bindings (bindings/kotlin): generated code + native library, JUnit tests, demo.
#   make kotlin-bindings  generate the Kotlin code and stage libflex_sdk.so under build/kotlin
#   make test-kotlin      the JUnit 5 suite against the emulator (Surefire prints the counts)
#   make kotlin-jar       build/install dev.flexsdk:flex-sdk into ~/.m2 (jar with the .so)
#   make demo-kotlin      the agent demo (examples/kotlin); DEMO_ARGS="--url …" for a running backend
KT_BUILD := build/kotlin
# JNA's resource prefix: linux-x86-64, linux-aarch64, darwin-aarch64, …
KT_PLATFORM := $(shell uname -s | tr A-Z a-z)-$(shell uname -m | sed 's/x86_64/x86-64/;s/arm64/aarch64/')
MVN := mvn -B -ntp

TEST_PARTS += test-kotlin

.PHONY: kotlin-bindings test-kotlin kotlin-jar demo-kotlin

# Unchanged output keeps its timestamps, so Kotlin's incremental compilation skips it.
kotlin-bindings:
	rm -rf $(KT_BUILD)/generated.new
	so=$$(scripts/generate-bindings.sh kotlin $(KT_BUILD)/generated.new) && \
	  mkdir -p $(KT_BUILD)/native/$(KT_PLATFORM) && cp -p "$$so" $(KT_BUILD)/native/$(KT_PLATFORM)/
	if diff -rq $(KT_BUILD)/generated.new $(KT_BUILD)/generated >/dev/null 2>&1; \
	  then rm -rf $(KT_BUILD)/generated.new; \
	  else rm -rf $(KT_BUILD)/generated && mv $(KT_BUILD)/generated.new $(KT_BUILD)/generated; fi

test-kotlin: kotlin-bindings
	$(CARGO) build -q --locked -p flex-emulator
	$(MVN) -f bindings/kotlin/pom.xml test

kotlin-jar: kotlin-bindings
	$(MVN) -q -f bindings/kotlin/pom.xml install -DskipTests

demo-kotlin: kotlin-jar
	$(CARGO) build -q --locked -p flex-emulator
	$(MVN) -q -f examples/kotlin/pom.xml compile exec:java -Dexec.args="$(DEMO_ARGS)"
