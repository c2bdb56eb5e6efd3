package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexSdkException
import dev.flexsdk.PublicConfigQuery
import dev.flexsdk.code
import dev.flexsdk.codeNumber
import dev.flexsdk.errorMessage
import dev.flexsdk.getAccountConfig
import dev.flexsdk.getFeaturesConfig
import dev.flexsdk.getPublicConfig
import dev.flexsdk.setAccountConfig
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
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
        val accountSid = emu.world.string("account_sid")
        val domain = emu.world.string("runtime_domain")
        val byAccount = getPublicConfig(PublicConfigQuery.AccountSid(accountSid = accountSid), emu.service())
        assertEquals(accountSid, byAccount.accountSid)
        assertEquals(domain, byAccount.runtimeDomain)
        val byDomain = getPublicConfig(PublicConfigQuery.RuntimeDomain(runtimeDomain = domain.removeSuffix(".twil.io")), emu.service())
        assertEquals(byAccount, byDomain)
        val e = assertThrows<FlexSdkException> {
            getPublicConfig(PublicConfigQuery.AccountSid(accountSid = "AC" + "0".repeat(32)), emu.service())
        }
        assertEquals(ErrorCode.INVALID_RESPONSE_FROM_PUBLIC_CONFIG, e.code)
        assertEquals(48909u, e.codeNumber)
    }

    @Test
    fun `account and features configuration`(emu: Emulator) = runBlocking<Unit> {
        val token = emu.user("supervisor").string("token")
        val config = getAccountConfig(token, emu.service(), uiVersion = "3.0.0").jsonObject
        assertEquals(emu.world.string("account_sid"), config.string("account_sid"))
        assertEquals(emu.world.string("runtime_domain"), config.string("runtime_domain"))
        val bad = assertThrows<FlexSdkException> { getAccountConfig("not-a-token", emu.service()) }
        assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, bad.code)

        val features = getFeaturesConfig(token, emu.service(), uiVersion = "3.0.0")
        assertTrue(features.features.isNotEmpty())
        assertTrue(features.features.any { it.id == "flex-sdk-v3-telemetry" }, "${features.features.map { it.id }}")
        assertTrue(features.features.all { it.id.isNotBlank() && it.name.isNotBlank() })
        val e = assertThrows<FlexSdkException> { getFeaturesConfig("bad", emu.service()) }
        assertTrue(e.code != ErrorCode.UNEXPECTED_ERROR, "$e")
    }

    @Test
    fun `setAccountConfig rejects an unknown key and applies whitelisted ones`(emu: Emulator) = runBlocking<Unit> {
        val accountSid = emu.world.string("account_sid")
        val token = emu.user("supervisor").string("token")
        val rejected = assertThrows<FlexSdkException> {
            setAccountConfig(accountSid, token, json("""{"uiAttributes":{"theme":"light"},"secretSauce":true}"""), emu.service())
        }
        assertEquals(ErrorCode.INVALID_PARAMS, rejected.code)
        assertEquals(48926u, rejected.codeNumber)
        assertTrue("secretSauce" in rejected.errorMessage, rejected.errorMessage)
        val untouched = getAccountConfig(token, emu.service()).jsonObject
        assertFalse(untouched["ui_attributes"]?.jsonObject?.get("theme") == JsonPrimitive("light"), "nothing was sent")
        val notAnObject = assertThrows<FlexSdkException> { setAccountConfig(accountSid, token, json("[1]"), emu.service()) }
        assertEquals(ErrorCode.INVALID_PARAMS, notAnObject.code)

        val config = buildJsonObject {
            put("uiAttributes", buildJsonObject { put("theme", "dark") })
            put("ui_language", "fr")
        }
        val updated = setAccountConfig(accountSid, token, config, emu.service()).jsonObject
        assertEquals(json("""{"theme":"dark"}"""), updated["ui_attributes"])
        val again = getAccountConfig(token, emu.service()).jsonObject
        assertEquals("fr", again.string("ui_language"))
        assertEquals("dark", again.obj("ui_attributes").string("theme"))
    }
}
