# Swift bindings (bindings/swift): SwiftPM package FlexSDK, XCTest suite, Swift demo.
#   make swift-bindings  generate the UniFFI Swift bindings into the package (ignored files)
#   make test-swift      `swift test` (in the trixie chroot) against an emulator on the host
#   make demo-swift      the agent demo (examples/swift) against a fresh emulator
# Swift runs in scripts/swift-env.sh's chroot; the emulator runs on the host and is passed
# as FLEX_EMULATOR_URL (the tests also get a second one with short clocks, FLEX_FAST_EMULATOR_URL).
# Build caches: bindings/swift/.build, examples/swift/agent-demo/.build (ignored).
SWIFT_ENV := scripts/swift-env.sh
SWIFT_GEN := build/swift/generated
SWIFT_SRC := bindings/swift/Sources
SWIFT_WITH_EMULATOR := bindings/swift/scripts/with-emulator.sh

TEST_PARTS += test-swift

.PHONY: swift-bindings test-swift demo-swift

# Copies only changed files, so a warm SwiftPM build stays warm.
swift-bindings:
	$(SWIFT_ENV) setup
	scripts/generate-bindings.sh swift $(SWIFT_GEN) >/dev/null
	@mkdir -p $(SWIFT_SRC)/FlexSDK/Generated $(SWIFT_SRC)/FlexSDKFFI
	@for f in FlexSDK.swift:FlexSDK/Generated/FlexSDK.swift FlexSDKFFI.h:FlexSDKFFI/FlexSDKFFI.h \
	    FlexSDKFFI.modulemap:FlexSDKFFI/module.modulemap; do \
	  src=$(SWIFT_GEN)/$${f%%:*}; dst=$(SWIFT_SRC)/$${f#*:}; cmp -s $$src $$dst || cp $$src $$dst; done

test-swift: swift-bindings
	$(CARGO) build -q --locked -p flex-emulator
	$(SWIFT_WITH_EMULATOR) --fast $(SWIFT_ENV) run bindings/swift swift test --disable-swift-testing

demo-swift: swift-bindings
	$(CARGO) build -q --locked -p flex-emulator
	$(SWIFT_WITH_EMULATOR) $(SWIFT_ENV) run examples/swift/agent-demo swift run -q AgentDemo
