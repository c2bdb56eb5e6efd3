package dev.flexsdk.tests

import dev.flexsdk.AuthenticationConfigParams
import dev.flexsdk.ExchangeTokenParams
import dev.flexsdk.FlexClient
import dev.flexsdk.FlexEvent
import dev.flexsdk.Secret
import dev.flexsdk.LoginDetails
import dev.flexsdk.LoginDetailsParams
import dev.flexsdk.Reservation
import dev.flexsdk.ServiceOptions
import dev.flexsdk.TaskParticipantEvent
import dev.flexsdk.TaskParticipantListener
import dev.flexsdk.TokenResponse
import dev.flexsdk.exchangeToken
import dev.flexsdk.getAuthenticationConfig
import dev.flexsdk.getLoginDetails
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.fail
import java.net.URI
import java.net.URLDecoder
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.Base64

// What the tests of the new APIs need beyond Emulator.kt: the public TaskRouter REST API on
// any path, the emulator's SSO test hooks and a browser that signs in through its identity provider.

private val http: HttpClient = HttpClient.newBuilder()
    .connectTimeout(Duration.ofSeconds(5))
    .followRedirects(HttpClient.Redirect.NEVER)
    .build()

private fun form(pairs: Map<String, String>): String =
    pairs.entries.joinToString("&") { (k, v) -> "$k=" + URLEncoder.encode(v, Charsets.UTF_8) }

/** `a=b&c=d` decoded. */
fun queryPairs(query: String): Map<String, String> =
    query.split('&').filter { it.isNotEmpty() }.associate {
        val (k, v) = (it.split('=', limit = 2) + "").take(2)
        URLDecoder.decode(k, Charsets.UTF_8) to URLDecoder.decode(v, Charsets.UTF_8)
    }

/** A GET as a browser without auto-redirects. */
fun browserGet(url: String): HttpResponse<String> =
    http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString())

/** `POST /v1/Workspaces/{WS}/<path>` on the public TaskRouter API (account Basic auth, form body). */
fun Emulator.taskrouterPost(path: String, params: Map<String, String>): JsonObject {
    val auth = "Basic " + Base64.getEncoder().encodeToString(
        "${world.string("account_sid")}:${world.string("auth_token")}".toByteArray(),
    )
    val request = HttpRequest.newBuilder(URI.create("$baseUrl/v1/Workspaces/${world.string("workspace_sid")}/$path"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", auth)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(params)))
        .build()
    val response = http.send(request, HttpResponse.BodyHandlers.ofString())
    check(response.statusCode() in 200..299) { "POST $path: ${response.statusCode()} ${response.body()}" }
    return Json.parseToJsonElement(response.body()).jsonObject
}

/** `POST /_emulator/<hook>` (loopback, no auth) with an optional JSON [body]; expects 204. */
private fun Emulator.hook(hook: String, body: JsonObject? = null) {
    val request = HttpRequest.newBuilder(URI.create("$baseUrl/_emulator/$hook"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(body?.let { HttpRequest.BodyPublishers.ofString(it.toString()) } ?: HttpRequest.BodyPublishers.noBody())
        .build()
    val response = http.send(request, HttpResponse.BodyHandlers.ofString())
    check(response.statusCode() == 204) { "$hook: ${response.statusCode()} ${response.body()}" }
}

/** The `POST /_emulator/fail-refresh` hook: the next [count] refreshes answer [status]. */
fun Emulator.failRefresh(count: Int, status: Int) =
    hook("fail-refresh", buildJsonObject { put("count", count); put("status", status) })

/** The `POST /_emulator/drop-sockets` hook: closes every event-bridge socket (a network drop). */
fun Emulator.dropSockets() = hook("drop-sockets")

/**
 * The `POST /_emulator/rotate-signing-key` hook: the emulator signs with a new key and drops every
 * socket, as a server restarted with rotated keys: every token minted before is refused (401, 20101).
 * [Emulator.mintToken] signs with the new key.
 */
fun Emulator.rotateSigningKey() = hook("rotate-signing-key")

/** Endpoint settings of the standalone functions (sign-in, configuration) for this emulator. */
fun Emulator.service(): ServiceOptions = ServiceOptions(endpointOverride = baseUrl)

/** The seeded SSO profile (`JB…`). */
val Emulator.ssoProfileSid: String get() = world.string("sso_profile_sid")

/** The redirect URL of a mobile app's own scheme, as the tests use it. */
const val REDIRECT_URL = "flexapp://callback"

/** Login details for the seeded SSO profile, its client ID from the authentication config. */
suspend fun Emulator.loginDetails(): LoginDetails {
    val config = getAuthenticationConfig(AuthenticationConfigParams(accountSid = world.string("account_sid")), service()).single()
    return getLoginDetails(
        LoginDetailsParams(clientId = config.clientId, ssoProfileSid = config.ssoProfileSid, redirectUrl = REDIRECT_URL),
        service(),
    )
}

/**
 * Opens [loginUrl] as [identity] would in a browser: the simulated identity provider takes the
 * user from `login_hint` and answers 302 to the redirect URL; returns its `code` and `state`.
 */
fun followLogin(loginUrl: String, identity: String): Pair<String, String> {
    val response = browserGet("$loginUrl&login_hint=${URLEncoder.encode(identity, Charsets.UTF_8)}")
    assertEquals(302, response.statusCode(), response.body())
    val location = response.headers().firstValue("Location").orElseThrow()
    check(location.startsWith("$REDIRECT_URL?")) { "redirected to $location" }
    val query = queryPairs(location.substringAfter('?'))
    return query.getValue("code") to query.getValue("state")
}

/** Exchange parameters for the seeded SSO profile. */
fun Emulator.exchangeParams(code: String, verifier: Secret, nonce: String) =
    ExchangeTokenParams(code = Secret(code), codeVerifier = verifier, nonce = nonce, ssoProfileSid = ssoProfileSid)

/** The whole SSO sign-in of [identity]: config, login details, browser, exchange. */
suspend fun Emulator.signIn(identity: String = "alice"): TokenResponse {
    val details = loginDetails()
    val (code, state) = followLogin(details.loginUrl, identity)
    assertEquals(details.state, state)
    return exchangeToken(exchangeParams(code, details.codeVerifier, details.nonce), service())
}

/** Waits for the reservation offered for [taskSid]. */
suspend fun EventLog.reservationFor(taskSid: String, timeoutMs: Long = 10_000): Reservation =
    await<FlexEvent.ReservationCreated>(timeoutMs) { it.reservation.task.sid == taskSid }.reservation

/** Keeps every participant event of one task and lets a test wait for some. */
class ParticipantRecorder : TaskParticipantListener {
    private val recorded = MutableStateFlow(emptyList<TaskParticipantEvent>())

    /** The events so far, in order. */
    val events: List<TaskParticipantEvent> get() = recorded.value

    override fun onParticipantEvent(event: TaskParticipantEvent) {
        recorded.update { it + event }
    }

    /** Waits until at least [count] events arrived; returns them all. */
    suspend fun awaitCount(count: Int, timeoutMs: Long = 10_000): List<TaskParticipantEvent> = try {
        withTimeout(timeoutMs) { recorded.first { it.size >= count } }
    } catch (_: TimeoutCancellationException) {
        fail("expected $count participant events in ${timeoutMs}ms; got ${events.map { it.kind }}")
    }
}

/** A connected client whose events are recorded from the start; [close] stops recording and destroys the client. */
class Agent(val client: FlexClient) : AutoCloseable {
    val events = Recorder(client)

    override fun close() {
        events.close()
        client.close()
    }
}

/** A client for a seeded user, listening from the start; [available] makes the worker Available. */
suspend fun Emulator.agent(user: String = "agent", available: Boolean = true): Agent {
    val agent = Agent(connect(user))
    try {
        if (available) agent.client.setCurrentActivity(activity("available"), false)
    } catch (e: Throwable) {
        agent.close()
        throw e
    }
    return agent
}

/** Creates a task through the public REST API and returns its SID. */
fun Emulator.newTask(attributes: JsonObject = JsonObject(emptyMap()), channel: String = "chat"): String =
    createTask(attributes, channel = channel, queue = if (channel == "voice") "voice" else "chat").string("sid")

/** [text] parsed as JSON. */
fun json(text: String): JsonElement = Json.parseToJsonElement(text)

/**
 * A barrier in the agent's event order: sets a worker attribute and waits for its event, so
 * every event caused before it has been recorded (a negative check needs no sleep).
 */
suspend fun Agent.sync() {
    val mark = System.nanoTime()
    client.setAttributes(buildJsonObject { put("sync", mark) }, true)
    events.await<FlexEvent.WorkerAttributesUpdated> { it.worker.attributes.jsonObject["sync"]?.jsonPrimitive?.long == mark }
}
