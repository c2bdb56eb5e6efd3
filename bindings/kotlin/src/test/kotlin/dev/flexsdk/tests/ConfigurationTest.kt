package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexSdkException
import dev.flexsdk.PublicConfigQuery
import dev.flexsdk.getAccountConfig
import dev.flexsdk.getFeaturesConfig
import dev.flexsdk.getPublicConfig
import dev.flexsdk.setAccountConfig
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith

/** Configuration reads and writes (docs/api-auth.md, Configuration). */
@ExtendWith(EmulatorExtension::class)
class ConfigurationTest {
    @Test
    fun `public configuration by account SID and by runtime domain`(emu: Emulator) = runBlocking<Unit> {
        val accountSid = emu.world.getString("account_sid")
        val domain = emu.world.getString("runtime_domain")
        val byAccount = getPublicConfig(PublicConfigQuery.AccountSid(accountSid), emu.service())
        assertEquals(accountSid, byAccount.accountSid)
        assertEquals(domain, byAccount.runtimeDomain)
        val byDomain = getPublicConfig(PublicConfigQuery.RuntimeDomain(domain.removeSuffix(".twil.io")), emu.service())
        assertEquals(byAccount, byDomain)
        val e = assertThrows<FlexSdkException.Failure> {
            getPublicConfig(PublicConfigQuery.AccountSid("AC" + "0".repeat(32)), emu.service())
        }
        assertEquals(ErrorCode.INVALID_RESPONSE_FROM_PUBLIC_CONFIG, e.code)
        assertEquals(48909u, e.codeNumber)
    }

    @Test
    fun `account and features configuration`(emu: Emulator) = runBlocking<Unit> {
        val token = emu.user("supervisor").getString("token")
        val config = JSONObject(getAccountConfig(token, "3.0.0", emu.service()))
        assertEquals(emu.world.getString("account_sid"), config.getString("account_sid"))
        assertEquals(emu.world.getString("runtime_domain"), config.getString("runtime_domain"))
        val bad = assertThrows<FlexSdkException.Failure> { getAccountConfig("not-a-token", null, emu.service()) }
        assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, bad.code)

        val features = getFeaturesConfig(token, "3.0.0", emu.service())
        assertTrue(features.features.isNotEmpty())
        assertTrue(features.features.any { it.id == "flex-sdk-v3-telemetry" }, "${features.features.map { it.id }}")
        assertTrue(features.features.all { it.id.isNotBlank() && it.name.isNotBlank() })
        val e = assertThrows<FlexSdkException.Failure> { getFeaturesConfig("bad", null, emu.service()) }
        assertTrue(e.code != ErrorCode.UNEXPECTED_ERROR, "$e")
    }

    @Test
    fun `setAccountConfig rejects an unknown key and applies whitelisted ones`(emu: Emulator) = runBlocking<Unit> {
        val accountSid = emu.world.getString("account_sid")
        val token = emu.user("supervisor").getString("token")
        val rejected = assertThrows<FlexSdkException.Failure> {
            setAccountConfig(accountSid, token, """{"uiAttributes":{"theme":"light"},"secretSauce":true}""", emu.service())
        }
        assertEquals(ErrorCode.INVALID_PARAMS, rejected.code)
        assertEquals(48926u, rejected.codeNumber)
        assertTrue("secretSauce" in rejected.errorMessage, rejected.errorMessage)
        val untouched = JSONObject(getAccountConfig(token, null, emu.service()))
        assertFalse(untouched.optJSONObject("ui_attributes")?.optString("theme") == "light", "nothing was sent")
        val notAnObject = assertThrows<FlexSdkException.Failure> { setAccountConfig(accountSid, token, "[1]", emu.service()) }
        assertEquals(ErrorCode.INVALID_PARAMS, notAnObject.code)

        val updated = JSONObject(
            setAccountConfig(accountSid, token, """{"uiAttributes":{"theme":"dark"},"ui_language":"fr"}""", emu.service()),
        )
        assertJson("""{"theme":"dark"}""", updated.getJSONObject("ui_attributes").toString())
        val again = JSONObject(getAccountConfig(token, null, emu.service()))
        assertEquals("fr", again.getString("ui_language"))
        assertEquals("dark", again.getJSONObject("ui_attributes").getString("theme"))
    }
}
