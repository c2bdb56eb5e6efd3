package dev.flexsdk.tests

import dev.flexsdk.AppType
import dev.flexsdk.AuthenticationConfigParams
import dev.flexsdk.ClientOptions
import dev.flexsdk.LoginDetailsParams
import dev.flexsdk.ServiceOptions
import dev.flexsdk.ConnectionState
import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexSdkException
import dev.flexsdk.RefreshTokenParams
import dev.flexsdk.SessionOptions
import dev.flexsdk.createClient
import dev.flexsdk.exchangeToken
import dev.flexsdk.getAuthenticationConfig
import dev.flexsdk.getLoginDetails
import dev.flexsdk.refreshToken
import dev.flexsdk.validateToken
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith
import java.security.MessageDigest
import java.util.Base64

/** SSO sign-in (docs/api-auth.md): the whole flow as an app runs it, and the refusals. */
@ExtendWith(EmulatorExtension::class)
class SsoTest {
    private val b64url = Base64.getUrlEncoder().withoutPadding()

    @Test
    fun `the whole SSO flow signs in and creates a renewing client`(emu: Emulator) = runBlocking<Unit> {
        val service = emu.service()
        val config = getAuthenticationConfig(AuthenticationConfigParams(accountSid = emu.world.getString("account_sid")), service).single()
        assertTrue(config.active)
        assertEquals(emu.world.getString("client_id"), config.clientId)
        assertEquals(emu.ssoProfileSid, config.ssoProfileSid)
        assertEquals(config.connectionName, config.ssoProfileSid)
        assertEquals(AppType.SINGLE_PAGE_APP, config.appType)
        assertEquals(emu.world.getString("flex_instance_sid"), config.instanceSid)

        val details = emu.loginDetails()
        assertTrue(details.loginUrl.startsWith("${emu.baseUrl}/v1/Flex/Authorize?redirectUrl=flexapp%3A%2F%2Fcallback&nonce="), details.loginUrl)
        val query = queryPairs(details.loginUrl.substringAfter('?'))
        assertEquals(details.state, query["state"])
        assertEquals(details.nonce, query["nonce"])
        assertEquals(details.codeChallenge, query["codeChallenge"])
        assertEquals(emu.ssoProfileSid, query["ssoProfileSid"])
        assertTrue(Regex("[A-Za-z0-9_-]{64}").matches(details.codeVerifier), details.codeVerifier)
        val challenge = b64url.encodeToString(MessageDigest.getInstance("SHA-256").digest(details.codeVerifier.toByteArray()))
        assertEquals(challenge, details.codeChallenge, "PKCE S256")
        assertNotEquals(details.codeVerifier, emu.loginDetails().codeVerifier, "fresh secrets every time")

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
        assertTrue(tokens.accessToken.isNotBlank() && tokens.refreshToken.isNotBlank())
        assertTrue(tokens.tokenInfo != null && JSONObject(tokens.tokenInfo!!).length() > 0)
        val data = validateToken(emu.world.getString("account_sid"), tokens.accessToken, service)
        assertTrue(data.valid)
        assertEquals(emu.user().getString("identity"), data.identity)
        assertEquals(emu.user().getString("worker_sid"), data.workerSid)
        assertEquals(emu.world.getString("flex_instance_sid"), data.flexInstanceSid)
        assertTrue(data.expiresAt > System.currentTimeMillis() / 1000)

        val session = SessionOptions(autoUpdateToken = true, refreshToken = tokens.refreshToken, ssoProfileSid = emu.ssoProfileSid)
        createClient(tokens.accessToken, emu.options().copy(session = session)).use { client ->
            assertEquals(emu.user().getString("identity"), client.tokenInfo().identity)
            assertEquals(emu.user().getString("worker_sid"), client.getWorker().sid)
            assertEquals(ConnectionState.CONNECTED, client.connectionState())
            assertEquals("Available", client.setCurrentActivity(emu.activity("available"), false).activityName)
        }
    }

    @Test
    fun `blank sign-in parameters are InvalidParams`(emu: Emulator) = runBlocking<Unit> {
        val e = assertThrows<FlexSdkException.Failure> { getLoginDetails(LoginDetailsParams(clientId = " ", ssoProfileSid = emu.ssoProfileSid), emu.service()) }
        assertEquals(ErrorCode.INVALID_PARAMS, e.code)
    }

    @Test
    fun `session and service options have flex-core defaults`() {
        val s = SessionOptions()
        assertEquals(false, s.autoUpdateToken)
        assertEquals(null, s.refreshToken)
        assertEquals(60000uL to 15000uL, s.refreshMarginMs to s.checkIntervalMs)
        assertEquals(s, ClientOptions().session)
        assertEquals(15000uL, ServiceOptions().requestTimeoutMs)
    }

    @Test
    fun `auto renewal without a refresh token is InvalidParams`(emu: Emulator) = runBlocking<Unit> {
        val options = emu.options().copy(session = SessionOptions(autoUpdateToken = true, ssoProfileSid = emu.ssoProfileSid))
        val e = assertThrows<FlexSdkException.Failure> { createClient(emu.user().getString("token"), options) }
        assertEquals(ErrorCode.INVALID_PARAMS, e.code)
    }

    @Test
    fun `wrong verifier, wrong nonce, reused code and expired code are refused`() = runBlocking<Unit> {
        Emulator("--auth-code-ttl-secs", "1").use { emu ->
            val service = emu.service()
            val d = emu.loginDetails()
            val (code, _) = followLogin(d.loginUrl, "alice")

            val wrongVerifier = assertThrows<FlexSdkException.Failure> {
                exchangeToken(emu.exchangeParams(code, "x".repeat(64), d.nonce), service)
            }
            assertEquals(400.toUShort(), wrongVerifier.httpStatus)
            assertTrue("code_verifier" in wrongVerifier.text(), wrongVerifier.text())
            val wrongNonce = assertThrows<FlexSdkException.Failure> {
                exchangeToken(emu.exchangeParams(code, d.codeVerifier, "nonce"), service)
            }
            assertTrue("nonce" in wrongNonce.text(), wrongNonce.text())

            // The right one works once; the code cannot be reused.
            exchangeToken(emu.exchangeParams(code, d.codeVerifier, d.nonce), service)
            val reused = assertThrows<FlexSdkException.Failure> {
                exchangeToken(emu.exchangeParams(code, d.codeVerifier, d.nonce), service)
            }
            assertEquals(400.toUShort(), reused.httpStatus)
            assertTrue("already used" in reused.text(), reused.text())

            val d2 = emu.loginDetails()
            val (code2, _) = followLogin(d2.loginUrl, "bob")
            delay(1300)
            val expired = assertThrows<FlexSdkException.Failure> {
                exchangeToken(emu.exchangeParams(code2, d2.codeVerifier, d2.nonce), service)
            }
            assertEquals(400.toUShort(), expired.httpStatus)
            assertTrue("expired" in expired.text(), expired.text())

            val unknownProfile = assertThrows<FlexSdkException.Failure> {
                exchangeToken(emu.exchangeParams("c", "v", "n").copy(ssoProfileSid = "JB" + "0".repeat(32)), service)
            }
            assertEquals(ErrorCode.BAD_SSO_SETTINGS, unknownProfile.code)
            assertEquals(70251u, unknownProfile.twilioCode)
            val blank = assertThrows<FlexSdkException.Failure> { exchangeToken(emu.exchangeParams(" ", d.codeVerifier, d.nonce), service) }
            assertEquals(ErrorCode.INVALID_PARAMS, blank.code)
        }
    }

    @Test
    fun `a tampered token does not validate`(emu: Emulator) = runBlocking<Unit> {
        val tokens = emu.signIn("alice")
        val account = emu.world.getString("account_sid")
        val (header, payload, signature) = tokens.accessToken.split('.')
        val claims = JSONObject(String(Base64.getUrlDecoder().decode(payload)))
        claims.getJSONObject("grants").put("identity", "sam")
        val forged = listOf(header, b64url.encodeToString(claims.toString().toByteArray()), signature).joinToString(".")
        for (tampered in listOf(forged, tokens.accessToken.dropLast(2) + "xx")) {
            val e = assertThrows<FlexSdkException.Failure> { validateToken(account, tampered, emu.service()) }
            assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, e.code)
            assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, assertThrows<FlexSdkException.Failure> { createClient(tampered, emu.options()) }.code)
        }
        assertTrue(validateToken(account, tokens.accessToken, emu.service()).valid)
        assertEquals(ErrorCode.INVALID_PARAMS, assertThrows<FlexSdkException.Failure> { validateToken(account, " ", emu.service()) }.code)
    }

    @Test
    fun `refresh tokens rotate`(emu: Emulator) = runBlocking<Unit> {
        val tokens = emu.signIn("bob")
        val params = RefreshTokenParams(refreshToken = tokens.refreshToken, ssoProfileSid = emu.ssoProfileSid)
        val next = refreshToken(params, emu.service())
        assertNotEquals(tokens.refreshToken, next.refreshToken)
        assertEquals("bob", validateToken(emu.world.getString("account_sid"), next.accessToken, emu.service()).identity)
        val reused = assertThrows<FlexSdkException.Failure> { refreshToken(params, emu.service()) }
        assertEquals(400.toUShort(), reused.httpStatus)
    }

    private fun FlexSdkException.Failure.text() = "$errorMessage ${details.orEmpty()}"

    private fun unescape(s: String) = s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}
