package dev.flexsdk.examples

import dev.flexsdk.AuthenticationConfigParams
import dev.flexsdk.ExchangeTokenParams
import dev.flexsdk.LoginDetailsParams
import dev.flexsdk.Secret
import dev.flexsdk.ServiceOptions
import dev.flexsdk.SessionOptions
import dev.flexsdk.exchangeToken
import dev.flexsdk.getAuthenticationConfig
import dev.flexsdk.getLoginDetails
import java.net.URI
import java.net.URLDecoder
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** The app's own redirect URL: the identity provider sends the browser back here with a code. */
private const val REDIRECT_URL = "flexapp://callback"

/**
 * Signs [Settings.identity] in through SSO as an app would: authentication config, login URL with
 * PKCE secrets, the identity provider's login form in a "browser" (no auto-redirects: the redirect
 * goes to the app's scheme), code exchange. Returns the access token and the renewal options.
 */
suspend fun ssoSignIn(s: Settings): Pair<String, SessionOptions> {
    val service = ServiceOptions(endpointOverride = s.url)
    val config = getAuthenticationConfig(AuthenticationConfigParams(accountSid = s.accountSid), service).first()
    val login = getLoginDetails(
        LoginDetailsParams(clientId = config.clientId, ssoProfileSid = config.ssoProfileSid, redirectUrl = REDIRECT_URL),
        service,
    )
    step("SSO profile ${config.ssoProfileSid}: opening the login page")
    val browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
    fun get(url: String) = browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())

    // The login form: hidden fields plus a user picker; the user picks an identity and submits (GET).
    val page = get(login.loginUrl).body()
    val fields = Regex("""<input type="hidden" name="([^"]*)" value="([^"]*)">""").findAll(page)
        .map { it.groupValues[1] to it.groupValues[2].replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") }
        .toList()
    val picker = Regex("""<select name="([^"]+)"""").find(page)?.groupValues?.get(1) ?: error("no login form")
    val submit = login.loginUrl.substringBefore('?') + "?" +
        (fields + (picker to s.identity)).joinToString("&") { (k, v) -> "$k=" + URLEncoder.encode(v, Charsets.UTF_8) }
    val redirect = get(submit)
    val location = redirect.headers().firstValue("Location").orElseThrow { IllegalStateException("no redirect: ${redirect.body()}") }
    val back = location.substringAfter('?').split('&').associate {
        val (k, v) = it.split('=', limit = 2)
        k to URLDecoder.decode(v, Charsets.UTF_8)
    }
    check(back["state"] == login.state) { "the state of the redirect does not match" }
    step("signed in as ${s.identity}; redirected to ${location.substringBefore('?')} with a code")

    val tokens = exchangeToken(
        ExchangeTokenParams(code = Secret(back.getValue("code")), codeVerifier = login.codeVerifier, nonce = login.nonce, ssoProfileSid = config.ssoProfileSid),
        service,
    )
    step("exchanged the code for an access token and a refresh token")
    return tokens.accessToken.reveal() to SessionOptions(autoUpdateToken = true, refreshToken = tokens.refreshToken, ssoProfileSid = config.ssoProfileSid)
}
