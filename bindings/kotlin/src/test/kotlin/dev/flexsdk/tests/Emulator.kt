package dev.flexsdk.tests

import dev.flexsdk.ClientOptions
import dev.flexsdk.FlexClient
import dev.flexsdk.createClient
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.io.File
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.Base64
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * A running flex-emulator process (system property `flex.emulator`, default
 * `target/debug/flex-emulator`) started with extra command-line [flags]
 * (e.g. `"--reservation-timeout-secs", "2"`); [world] is the JSON line it printed on start.
 */
class Emulator(vararg flags: String) : AutoCloseable {
    private val process: Process =
        ProcessBuilder(listOf(binary(), "--port", "0") + flags)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()

    val world: JsonObject = Json.parseToJsonElement(firstLine()).jsonObject
    val baseUrl: String = world.string("base_url")

    private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
    private val basicAuth = "Basic " + Base64.getEncoder().encodeToString(
        "${world.string("account_sid")}:${world.string("auth_token")}".toByteArray(),
    )

    /** One of the seeded users (agent, agent2, supervisor). */
    fun user(name: String = "agent"): JsonObject = world.obj("users").obj(name)

    /** The SID of a seeded activity (offline, available, unavailable, break). */
    fun activity(name: String): String = world.obj("activities").string(name)

    /** Client options pointing at this emulator. */
    fun options(): ClientOptions = ClientOptions(endpointOverride = baseUrl)

    /** A client for a seeded user, with its seeded token. */
    suspend fun connect(user: String = "agent"): FlexClient = createClient(user(user).string("token"), options())

    /** Creates a task through the public TaskRouter API, routed to a seeded queue. */
    fun createTask(attributes: JsonObject, channel: String = "voice", queue: String = "voice"): JsonObject {
        val form = mapOf(
            "TaskQueueSid" to world.obj("queues").string(queue),
            "TaskChannel" to channel,
            "Attributes" to attributes.toString(),
        ).entries.joinToString("&") { (k, v) -> "$k=" + URLEncoder.encode(v, Charsets.UTF_8) }
        val path = "/v1/Workspaces/${world.string("workspace_sid")}/Tasks"
        return post(path, form, "application/x-www-form-urlencoded")
    }

    /** A fresh Flex token for a seeded user, through the public Tokens API. */
    fun mintToken(user: String = "agent", ttlSecs: Int = 3600): String {
        val path = "/v4/Instances/${world.string("flex_instance_sid")}/Users/${user(user).string("flex_user_sid")}/Tokens"
        return post(path, buildJsonObject { put("ttl", ttlSecs) }.toString(), "application/json").string("access_token")
    }

    /** Kills the emulator and waits for it. */
    override fun close() {
        process.destroyForcibly()
        process.waitFor(10, TimeUnit.SECONDS)
    }

    private fun post(path: String, body: String, contentType: String): JsonObject {
        val request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", basicAuth)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "POST $path: ${response.statusCode()} ${response.body()}" }
        return Json.parseToJsonElement(response.body()).jsonObject
    }

    private fun firstLine(): String {
        val line = CompletableFuture.supplyAsync { process.inputReader().readLine() }
        return runCatching { line.get(30, TimeUnit.SECONDS) }.getOrNull()
            ?: run { close(); error("the emulator printed no world line") }
    }

    private companion object {
        fun binary(): String {
            val path = System.getProperty("flex.emulator") ?: "../../target/debug/flex-emulator"
            check(File(path).canExecute()) { "$path not found: run `cargo build -p flex-emulator`" }
            return path
        }
    }
}

/** The string at [key]. */
fun JsonObject.string(key: String): String = getValue(key).jsonPrimitive.content

/** The object at [key]. */
fun JsonObject.obj(key: String): JsonObject = getValue(key).jsonObject
