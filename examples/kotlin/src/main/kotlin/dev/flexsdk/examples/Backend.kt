package dev.flexsdk.examples

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
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

/** Where the demo works: a backend URL, its account credentials and the seeded SIDs it uses. */
data class Settings(
    val url: String,
    val accountSid: String,
    val authToken: String,
    val instanceSid: String,
    val flexUserSid: String,
    val workspaceSid: String,
    val queueSid: String,
    /** The second agent (bob), who takes the task the first one rejects. */
    val agent2FlexUserSid: String,
    /** Who signs in through SSO. */
    val identity: String = "alice",
    /** Mint the agent's token through the Tokens API instead of signing in. */
    val mintedToken: Boolean = false,
)

/** The public REST API of the backend (Twilio or the emulator), with account auth. */
class Backend(private val s: Settings) {
    private val http = HttpClient.newHttpClient()
    private val auth = "Basic " + Base64.getEncoder().encodeToString("${s.accountSid}:${s.authToken}".toByteArray())

    /** A Flex token for a Flex user (default: the agent), from the Tokens API. */
    fun mintToken(flexUserSid: String = s.flexUserSid): String =
        post("/v4/Instances/${s.instanceSid}/Users/$flexUserSid/Tokens", """{"ttl":3600}""", "application/json")
            .string("access_token")

    /** Creates a voice task in the queue through the TaskRouter API. */
    fun createTask(attributes: JsonObject): JsonObject {
        val form = mapOf("TaskQueueSid" to s.queueSid, "TaskChannel" to "voice", "Attributes" to attributes.toString())
            .entries.joinToString("&") { (k, v) -> "$k=" + URLEncoder.encode(v, Charsets.UTF_8) }
        return post("/v1/Workspaces/${s.workspaceSid}/Tasks", form, "application/x-www-form-urlencoded")
    }

    private fun post(path: String, body: String, contentType: String): JsonObject {
        val request = HttpRequest.newBuilder(URI.create(s.url + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", auth)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "POST $path: ${response.statusCode()} ${response.body()}" }
        return Json.parseToJsonElement(response.body()).jsonObject
    }
}

/** Starts the emulator binary (system property `flex.emulator`) and reads the world it prints. */
fun startEmulator(): Pair<Process, Settings> {
    val binary = System.getProperty("flex.emulator") ?: "target/debug/flex-emulator"
    check(File(binary).canExecute()) { "$binary not found: run `cargo build -p flex-emulator` (or `make demo-kotlin`)" }
    val process = ProcessBuilder(binary, "--port", "0").redirectError(ProcessBuilder.Redirect.DISCARD).start()
    val line = runCatching {
        CompletableFuture.supplyAsync { process.inputReader().readLine() }.get(30, TimeUnit.SECONDS)
    }.getOrNull() ?: run { process.destroyForcibly(); error("the emulator did not start") }
    val world = Json.parseToJsonElement(line).jsonObject
    val agent = world.obj("users").obj("agent")
    return process to Settings(
        url = world.string("base_url"),
        accountSid = world.string("account_sid"),
        authToken = world.string("auth_token"),
        instanceSid = world.string("flex_instance_sid"),
        flexUserSid = agent.string("flex_user_sid"),
        workspaceSid = world.string("workspace_sid"),
        queueSid = world.obj("queues").string("voice"),
        agent2FlexUserSid = world.obj("users").obj("agent2").string("flex_user_sid"),
    )
}

/** The string at [key]. */
fun JsonObject.string(key: String): String = getValue(key).jsonPrimitive.content

/** The object at [key]. */
fun JsonObject.obj(key: String): JsonObject = getValue(key).jsonObject
