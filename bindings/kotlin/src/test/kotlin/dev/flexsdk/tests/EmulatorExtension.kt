package dev.flexsdk.tests

import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/** Gives each test that takes an [Emulator] parameter a fresh emulator, killed after the test. */
class EmulatorExtension : ParameterResolver {
    override fun supportsParameter(parameter: ParameterContext, context: ExtensionContext) =
        parameter.parameter.type == Emulator::class.java

    override fun resolveParameter(parameter: ParameterContext, context: ExtensionContext): Any =
        context.getStore(NAMESPACE).getOrComputeIfAbsent("emulator", { Emulator() }, Emulator::class.java)

    private companion object {
        val NAMESPACE: ExtensionContext.Namespace = ExtensionContext.Namespace.create(EmulatorExtension::class.java)
    }
}
