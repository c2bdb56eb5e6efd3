package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.ErrorSeverity
import dev.flexsdk.FlexSdkException
import dev.flexsdk.code
import dev.flexsdk.codeNumber
import dev.flexsdk.createClient
import dev.flexsdk.errorMessage
import dev.flexsdk.httpStatus
import dev.flexsdk.twilioCode
import kotlinx.serialization.json.Json
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/** Errors cross the FFI as [FlexSdkException], matched by its `code`. */
@ExtendWith(EmulatorExtension::class)
class ErrorTest {
    @Test
    fun `unknown activity is InvalidParams`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val e = assertThrows<FlexSdkException> { client.setCurrentActivity("WAunknown", false) }
            assertEquals(ErrorCode.INVALID_PARAMS, e.code)
            assertEquals(48926u, e.codeNumber)
            assertEquals(ErrorCode.INVALID_PARAMS.value, e.codeNumber)
            assertEquals(ErrorSeverity.ERROR, (e as FlexSdkException.Failure).severity)
            assertTrue(e.errorMessage.isNotBlank())
            assertTrue(e.message!!.contains("48926"))
        }
    }

    @ParameterizedTest
    @ValueSource(strings = ["", "   "])
    fun `blank token is InvalidParams`(token: String, emu: Emulator) = runBlocking<Unit> {
        val e = assertThrows<FlexSdkException> { createClient(token, emu.options()) }
        assertEquals(ErrorCode.INVALID_PARAMS, e.code)
    }

    @ParameterizedTest
    @ValueSource(strings = ["[1, 2]", "42", "\"text\"", "null"])
    fun `attributes must be a JSON object`(attributes: String, emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val e = assertThrows<FlexSdkException> { client.setAttributes(Json.parseToJsonElement(attributes), true) }
            assertEquals(ErrorCode.INVALID_PARAMS, e.code)
        }
    }

    @Test
    fun `dead server is NetworkError`() = runBlocking<Unit> {
        val (token, options) = Emulator().use { it.user().string("token") to it.options() }
        options.connectTimeoutMs = 5000uL
        val e = assertThrows<FlexSdkException> { createClient(token, options) }
        assertEquals(ErrorCode.NETWORK_ERROR, e.code)
        assertEquals(48924u, e.codeNumber)
    }

    @Test
    fun `expired token is AccessTokenExpired`(emu: Emulator) = runBlocking<Unit> {
        val token = emu.mintToken(ttlSecs = 1)
        delay(2100)
        val e = assertThrows<FlexSdkException> { createClient(token, emu.options()) }
        assertEquals(ErrorCode.ACCESS_TOKEN_EXPIRED, e.code)
        assertEquals(20104u, e.twilioCode)
        assertEquals(401.toUShort(), e.httpStatus)
    }

    @Test
    fun `invalid token is InvalidAccessToken`(emu: Emulator) = runBlocking<Unit> {
        val e = assertThrows<FlexSdkException> { createClient("not.a.token", emu.options()) }
        assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, e.code)
    }
}
