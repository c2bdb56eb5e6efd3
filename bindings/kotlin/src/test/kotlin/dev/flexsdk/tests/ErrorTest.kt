package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.ErrorSeverity
import dev.flexsdk.FlexSdkException
import dev.flexsdk.createClient
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/** Errors cross the FFI as [FlexSdkException.Failure] carrying the SDK code. */
@ExtendWith(EmulatorExtension::class)
class ErrorTest {
    @Test
    fun `unknown activity is InvalidParams`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val e = assertThrows<FlexSdkException.Failure> { client.setCurrentActivity("WAunknown", false) }
            assertEquals(ErrorCode.INVALID_PARAMS, e.code)
            assertEquals(48926u, e.codeNumber)
            assertEquals(ErrorCode.INVALID_PARAMS.value, e.codeNumber)
            assertEquals(ErrorSeverity.ERROR, e.severity)
            assertTrue(e.errorMessage.isNotBlank())
            assertTrue(e.message.contains("48926"))
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["", "   "])
    fun `blank token is InvalidParams`(token: String, emu: Emulator) = runBlocking<Unit> {
        val e = assertThrows<FlexSdkException.Failure> { createClient(token, emu.options()) }
        assertEquals(ErrorCode.INVALID_PARAMS, e.code)
    }

    @ParameterizedTest
    @ValueSource(strings = ["[1, 2]", "42", "not json"])
    fun `attributes must be a JSON object`(attributes: String, emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val e = assertThrows<FlexSdkException.Failure> { client.setAttributes(attributes, true) }
            assertEquals(ErrorCode.INVALID_PARAMS, e.code)
        }
    }

    @Test
    fun `dead server is NetworkError`() = runBlocking<Unit> {
        val (token, options) = Emulator().use { it.user().getString("token") to it.options() }
        options.connectTimeoutMs = 5000uL
        val e = assertThrows<FlexSdkException.Failure> { createClient(token, options) }
        assertEquals(ErrorCode.NETWORK_ERROR, e.code)
        assertEquals(48924u, e.codeNumber)
    }

    @Test
    fun `expired token is AccessTokenExpired`(emu: Emulator) = runBlocking<Unit> {
        val token = emu.mintToken(ttlSecs = 1)
        delay(2100)
        val e = assertThrows<FlexSdkException.Failure> { createClient(token, emu.options()) }
        assertEquals(ErrorCode.ACCESS_TOKEN_EXPIRED, e.code)
        assertEquals(20104u, e.twilioCode)
        assertEquals(401.toUShort(), e.httpStatus)
    }

    @Test
    fun `invalid token is InvalidAccessToken`(emu: Emulator) = runBlocking<Unit> {
        val e = assertThrows<FlexSdkException.Failure> { createClient("not.a.token", emu.options()) }
        assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, e.code)
    }
}
