package dev.flexsdk.tests

import dev.flexsdk.AppType
import dev.flexsdk.AuthenticationConfigParams
import dev.flexsdk.ClientOptions
import dev.flexsdk.LoginDetailsParams
import dev.flexsdk.ServiceOptions
import dev.flexsdk.ConnectionState
import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexSdkException
import dev.flexsdk.ExchangeTokenParams
import dev.flexsdk.LoginDetails
import dev.flexsdk.RefreshTokenParams
import dev.flexsdk.Secret
import dev.flexsdk.TokenResponse
import dev.flexsdk.code
import dev.flexsdk.details
import dev.flexsdk.errorMessage
import dev.flexsdk.httpStatus
import dev.flexsdk.twilioCode
import dev.flexsdk.SessionOptions
import dev.flexsdk.createClient
import dev.flexsdk.exchangeToken
import dev.flexsdk.getAuthenticationConfig
import dev.flexsdk.getLoginDetails
import dev.flexsdk.refreshToken
import dev.flexsdk.validateToken
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith
import java.security.MessageDigest
import java.util.Base64

/** SSO sign-in (docs/api-auth.md): the whole flow as an app runs it, the refusals, secrets kept out of strings. */
@ExtendWith(EmulatorExtension::class)
class SsoTest {
    private val b64url = Base64.getUrlEncoder().withoutPadding()

    @Test
    fun `the whole SSO flow signs in and creates a renewing client`(emu: Emulator) = runBlocking<Unit> {
        val service = emu.service()
        val config = getAuthenticationConfig(AuthenticationConfigParams(accountSid = emu.world.string("account_sid")), service).single()
        assertTrue(config.active)
        assertEquals(emu.world.string("client_id"), config.clientId)
        assertEquals(emu.ssoProfileSid, config.ssoProfileSid)
        assertEquals(config.connectionName, config.ssoProfileSid)
        assertEquals(AppType.SINGLE_PAGE_APP, config.appType)
        assertEquals(emu.world.string("flex_instance_sid"), config.instanceSid)

        val details = emu.loginDetails()
        assertTrue(details.loginUrl.startsWith("${emu.baseUrl}/v1/Flex/Authorize?redirectUrl=flexapp%3A%2F%2Fcallback&nonce="), details.loginUrl)
        val query = queryPairs(details.loginUrl.substringAfter('?'))
        assertEquals(details.state, query["state"])
        assertEquals(details.nonce, query["nonce"])
        assertEquals(details.codeChallenge, query["codeChallenge"])
        assertEquals(emu.ssoProfileSid, query["ssoProfileSid"])
        assertTrue(Regex("[A-Za-z0-9_-]{64}").matches(details.codeVerifier.reveal()))
        val challenge = b64url.encodeToString(MessageDigest.getInstance("SHA-256").digest(details.codeVerifier.reveal().toByteArray()))
        assertEquals(challenge, details.codeChallenge, "PKCE S256")
        assertNotEquals(details.codeVerifier.reveal(), emu.loginDetails().codeVerifier.reveal(), "fresh secrets every time")

        // The browser: the identity provider's login form, submitted as alice, answers a redirect.
        val page = browserGet(details.loginUrl)
        assertEquals(200, page.statusCode())
        val html = page.body()
        assertTrue("<form" in html && "alice" in html, html)
        val action = Regex("""<form[^>]*action="([^"]+)"""").find(html)!!.groupValues[1]
        val fields = Regex("""<input type="hidden" name="([^"]*)" value="([^"]*)">""").findAll(html)
            .map { it.groupValues[1] to unescape(it.groupValues[2]) }.toList() + ("login_hint" to "alice")
        val submit = emu.baseUrl + action + "?" + fields.joinToString("&") { (k, v) -> "$k=" + java.net.URLEncoder.encode(v, Charsets.UTF_8) }
        val redirect = browserGet(submit)
        assertEquals(302, redirect.statusCode(), redirect.body())
        val location = redirect.headers().firstValue("Location").orElseThrow()
        assertTrue(location.startsWith("$REDIRECT_URL?"), location)
        val callback = queryPairs(location.substringAfter('?'))
        assertEquals(details.state, callback["state"])

        val tokens = exchangeToken(emu.exchangeParams(callback.getValue("code"), details.codeVerifier, details.nonce), service)
        assertTrue(tokens.accessToken.reveal().isNotBlank() && tokens.refreshToken.reveal().isNotBlank())
        assertTrue((tokens.tokenInfo as JsonObject).isNotEmpty())
        val data = validateToken(emu.world.string("account_sid"), tokens.accessToken.reveal(), service)
        assertTrue(data.valid)
        assertEquals(emu.user().string("identity"), data.identity)
        assertEquals(emu.user().string("worker_sid"), data.workerSid)
        assertEquals(emu.world.string("flex_instance_sid"), data.flexInstanceSid)
        assertTrue(data.expiresAt > System.currentTimeMillis() / 1000)

        val session = SessionOptions(autoUpdateToken = true, refreshToken = tokens.refreshToken, ssoProfileSid = emu.ssoProfileSid)
        createClient(tokens.accessToken.reveal(), emu.options().copy(session = session)).use { client ->
            assertEquals(emu.user().string("identity"), client.tokenInfo().identity)
            assertEquals(emu.user().string("worker_sid"), client.getWorker().sid)
            assertEquals(ConnectionState.CONNECTED, client.connectionState())
            assertEquals("Available", client.setCurrentActivity(emu.activity("available"), false).activityName)
        }
    }

    @Test
    fun `blank sign-in parameters are InvalidParams`(emu: Emulator) = runBlocking<Unit> {
        val e = assertThrows<FlexSdkException> { getLoginDetails(LoginDetailsParams(clientId = " ", ssoProfileSid = emu.ssoProfileSid), emu.service()) }
        assertEquals(ErrorCode.INVALID_PARAMS, e.code)
    }

    @Test
    fun `session and service options have flex-core defaults`() {
        val s = SessionOptions()
        assertEquals(false, s.autoUpdateToken)
        assertEquals(null, s.refreshToken)
        assertEquals(60000uL to 15000uL, s.refreshMarginMs to s.checkIntervalMs)
        assertNull(ClientOptions().session, "no session: no renewal")
        assertEquals(15000uL, ServiceOptions().requestTimeoutMs)
    }

    @Test
    fun `auto renewal without a refresh token is InvalidParams`(emu: Emulator) = runBlocking<Unit> {
        val options = emu.options().copy(session = SessionOptions(autoUpdateToken = true, ssoProfileSid = emu.ssoProfileSid))
        val e = assertThrows<FlexSdkException> { createClient(emu.user().string("token"), options) }
        assertEquals(ErrorCode.INVALID_PARAMS, e.code)
    }

    @Test
    fun `wrong verifier, wrong nonce, reused code and expired code are refused`() = runBlocking<Unit> {
        Emulator("--auth-code-ttl-secs", "1").use { emu ->
            val service = emu.service()
            val d = emu.loginDetails()
            val (code, _) = followLogin(d.loginUrl, "alice")

            val wrongVerifier = assertThrows<FlexSdkException> {
                exchangeToken(emu.exchangeParams(code, Secret("x".repeat(64)), d.nonce), service)
            }
            assertEquals(400.toUShort(), wrongVerifier.httpStatus)
            assertTrue("code_verifier" in wrongVerifier.text(), wrongVerifier.text())
            val wrongNonce = assertThrows<FlexSdkException> {
                exchangeToken(emu.exchangeParams(code, d.codeVerifier, "nonce"), service)
            }
            assertTrue("nonce" in wrongNonce.text(), wrongNonce.text())

            // The right one works once; the code cannot be reused.
            exchangeToken(emu.exchangeParams(code, d.codeVerifier, d.nonce), service)
            val reused = assertThrows<FlexSdkException> {
                exchangeToken(emu.exchangeParams(code, d.codeVerifier, d.nonce), service)
            }
            assertEquals(400.toUShort(), reused.httpStatus)
            assertTrue("already used" in reused.text(), reused.text())

            val d2 = emu.loginDetails()
            val (code2, _) = followLogin(d2.loginUrl, "bob")
            delay(1300)
            val expired = assertThrows<FlexSdkException> {
                exchangeToken(emu.exchangeParams(code2, d2.codeVerifier, d2.nonce), service)
            }
            assertEquals(400.toUShort(), expired.httpStatus)
            assertTrue("expired" in expired.text(), expired.text())

            val unknownProfile = assertThrows<FlexSdkException> {
                exchangeToken(emu.exchangeParams("c", Secret("v"), "n").copy(ssoProfileSid = "JB" + "0".repeat(32)), service)
            }
            assertEquals(ErrorCode.BAD_SSO_SETTINGS, unknownProfile.code)
            assertEquals(70251u, unknownProfile.twilioCode)
            val blank = assertThrows<FlexSdkException> { exchangeToken(emu.exchangeParams(" ", d.codeVerifier, d.nonce), service) }
            assertEquals(ErrorCode.INVALID_PARAMS, blank.code)
        }
    }

    @Test
    fun `a tampered token does not validate`(emu: Emulator) = runBlocking<Unit> {
        val tokens = emu.signIn("alice")
        val account = emu.world.string("account_sid")
        val token = tokens.accessToken.reveal()
        val (header, payload, signature) = token.split('.')
        val claims = Json.parseToJsonElement(String(Base64.getUrlDecoder().decode(payload))).jsonObject
        val grants = JsonObject(claims.obj("grants") + ("identity" to JsonPrimitive("sam")))
        val forgedClaims = JsonObject(claims + ("grants" to grants))
        val forged = listOf(header, b64url.encodeToString(forgedClaims.toString().toByteArray()), signature).joinToString(".")
        for (tampered in listOf(forged, token.dropLast(2) + "xx")) {
            val e = assertThrows<FlexSdkException> { validateToken(account, tampered, emu.service()) }
            assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, e.code)
            assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, assertThrows<FlexSdkException> { createClient(tampered, emu.options()) }.code)
        }
        assertTrue(validateToken(account, token, emu.service()).valid)
        assertEquals(ErrorCode.INVALID_PARAMS, assertThrows<FlexSdkException> { validateToken(account, " ", emu.service()) }.code)
    }

    @Test
    fun `refresh tokens rotate`(emu: Emulator) = runBlocking<Unit> {
        val tokens = emu.signIn("bob")
        val params = RefreshTokenParams(refreshToken = tokens.refreshToken, ssoProfileSid = emu.ssoProfileSid)
        val next = refreshToken(params, emu.service())
        assertNotEquals(tokens.refreshToken.reveal(), next.refreshToken.reveal())
        assertEquals("bob", validateToken(emu.world.string("account_sid"), next.accessToken.reveal(), emu.service()).identity)
        val reused = assertThrows<FlexSdkException> { refreshToken(params, emu.service()) }
        assertEquals(400.toUShort(), reused.httpStatus)
    }

    @Test
    fun `secrets never show in toString`(emu: Emulator) = runBlocking<Unit> {
        val value = "s3cr3t-value"
        val secret = Secret(value)
        assertEquals(value, secret.reveal())
        val strings = listOf(
            secret.toString(),
            TokenResponse(accessToken = Secret(value), refreshToken = Secret(value), tokenInfo = null).toString(),
            SessionOptions(autoUpdateToken = true, refreshToken = Secret(value)).toString(),
            ExchangeTokenParams(code = Secret(value), codeVerifier = Secret(value), nonce = "n").toString(),
            LoginDetails(loginUrl = "u", nonce = "n", codeChallenge = "c", state = "s", codeVerifier = Secret(value)).toString(),
            RefreshTokenParams(refreshToken = Secret(value)).toString(),
        )
        for (text in strings) assertFalse(value in text, text)
        assertTrue("SessionOptions(" in strings[2], strings[2])

        // And the real ones.
        val details = emu.loginDetails()
        val tokens = emu.signIn()
        val real = listOf(details.codeVerifier.reveal(), tokens.accessToken.reveal(), tokens.refreshToken.reveal())
        for (text in listOf(details.toString(), tokens.toString())) {
            for (s in real) assertFalse(s in text, text)
        }
    }

    private fun FlexSdkException.text() = "$errorMessage ${details.orEmpty()}"

    private fun unescape(s: String) = s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}
