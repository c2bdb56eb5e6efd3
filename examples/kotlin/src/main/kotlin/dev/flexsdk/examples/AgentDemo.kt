/**
 * Agent demo: an agent signs in through SSO and handles tasks through the Kotlin SDK.
 *
 * The agent (alice) signs in as a browser would (authentication config, PKCE login URL, the identity
 * provider's login form and redirect, code exchange; `--minted-token` mints a token through the public
 * Flex API instead), connects with automatic token renewal, goes Available, accepts, wraps up and
 * completes a task, then rejects a second task, which TaskRouter re-routes to a second agent (bob)
 * who accepts and ends it. Events are read as a Flow (`client.events()`), attributes are JSON objects.
 *
 *     make demo-kotlin                                  # starts the emulator itself
 *     make demo-kotlin DEMO_ARGS=--minted-token
 *     make demo-kotlin DEMO_ARGS="--url http://127.0.0.1:PORT --account-sid AC… --auth-token … \
 *         --instance-sid GO… --flex-user-sid FU… --agent2-flex-user-sid FU… --workspace-sid WS… \
 *         --queue-sid WQ… [--identity alice] [--minted-token]"
 */
package dev.flexsdk.examples

import dev.flexsdk.ClientOptions
import dev.flexsdk.FlexClient
import dev.flexsdk.FlexEvent
import dev.flexsdk.Reservation
import dev.flexsdk.createClient
import dev.flexsdk.events
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlin.system.exitProcess

private val start = System.nanoTime()

/** Prints one step with the time since start. */
@Synchronized
fun step(text: String) = println("[%7.3fs] %s".format((System.nanoTime() - start) / 1e9, text))

/**
 * Collects [client]'s events flow from now until the client is destroyed: prints every event
 * and returns the reservation offers as a channel.
 */
fun CoroutineScope.watch(who: String, client: FlexClient): ReceiveChannel<Reservation> {
    val offers = Channel<Reservation>(Channel.UNLIMITED)
    // Undispatched: the flow is collecting before the demo acts.
    launch(start = CoroutineStart.UNDISPATCHED) {
        client.events().collect { event ->
            val reservation = (event as? FlexEvent.ReservationCreated)?.reservation
            step("$who: event ${event::class.simpleName}" + (reservation?.let { " ${it.sid} (${it.status})" } ?: ""))
            // An app persists these to restart without signing in again (see README).
            if (event is FlexEvent.TokenUpdated) step("$who: renewed token, expires at ${event.tokens.expiresAt}")
            if (reservation != null) offers.send(reservation)
        }
        offers.close()
    }
    return offers
}

/** The activity SIDs of the client's workspace by name. */
private fun FlexClient.activities() = getWorker().activities.associate { it.name to it.sid }

/** The demo against [settings]' backend; event collectors run in this scope. */
suspend fun CoroutineScope.demo(settings: Settings) {
    val backend = Backend(settings)
    val options = ClientOptions(endpointOverride = settings.url)
    val (token, clientOptions) = if (settings.mintedToken) {
        step("minted a token through the Tokens API")
        backend.mintToken() to options
    } else {
        val (token, session) = ssoSignIn(settings)
        token to options.copy(session = session)
    }

    createClient(token, clientOptions).use { alice ->
        val offers = watch("alice", alice)
        var worker = alice.getWorker()
        step("connected as ${alice.tokenInfo().identity}: worker ${worker.name} is ${worker.activityName}")
        val activities = alice.activities()

        worker = alice.setCurrentActivity(activities.getValue("Available"), false)
        step("activity is now ${worker.activityName}")

        val task = backend.createTask(buildJsonObject { put("type", "inbound"); put("customer", "Carol"); put("reason", "billing") })
        step("created task ${task.string("sid")} through the TaskRouter API")

        var reservation = withTimeout(30_000) { offers.receive() }
        step("offered ${reservation.task.sid}: ${reservation.task.attributes}")
        reservation = alice.acceptTask(reservation.task.sid)
        step("acceptTask -> reservation ${reservation.status}")
        reservation = alice.wrapUpTask(reservation.task.sid)
        step("wrapUpTask -> reservation ${reservation.status}")
        reservation = alice.completeTask(reservation.task.sid, "resolved")
        step("completeTask(reason = resolved) -> reservation ${reservation.status}")

        // The next task is offered to alice; bob comes online; alice rejects, TaskRouter re-routes to bob.
        val taskSid = backend.createTask(buildJsonObject { put("type", "inbound"); put("customer", "Dave") }).string("sid")
        step("created task $taskSid through the TaskRouter API")
        val offered = withTimeout(30_000) { offers.receive() }
        step("alice: offered ${offered.task.sid}")
        createClient(backend.mintToken(settings.agent2FlexUserSid), options).use { bob ->
            val bobOffers = watch("bob", bob)
            bob.setCurrentActivity(bob.activities().getValue("Available"), false)
            step("bob is Available")
            val rejected = alice.rejectTask(offered.task.sid, activities.getValue("Offline"))
            step("alice: rejectTask (going Offline) -> reservation ${rejected.status}")
            val rerouted = withTimeout(30_000) { bobOffers.receive() }
            step("bob: offered ${rerouted.task.sid} (re-routed)")
            step("bob: acceptTask -> reservation ${bob.acceptTask(taskSid).status}")
            step("bob: endTask -> reservation ${bob.endTask(taskSid).status}")
            step("bob: endTask -> reservation ${bob.endTask(taskSid).status}")
        }
        step("bob's client closed; alice is ${alice.getWorker().activityName}")
    }
    step("client closed")
}

/** `--name value` pairs and bare `--flag`s; without `--url` the emulator is started. */
fun main(args: Array<String>) {
    val flags = mutableMapOf<String, String>()
    var i = 0
    while (i < args.size) {
        val name = args[i].removePrefix("--")
        val value = args.getOrNull(i + 1)?.takeUnless { it.startsWith("--") }
        flags[name] = value ?: "true"
        i += if (value == null) 1 else 2
    }
    var emulator: Process? = null
    val settings = if (flags["url"] == null) {
        startEmulator().also { (process, s) -> emulator = process; step("emulator started at ${s.url}") }.second
    } else {
        val need = listOf("account-sid", "auth-token", "instance-sid", "flex-user-sid", "agent2-flex-user-sid", "workspace-sid", "queue-sid")
        val missing = need.filter { flags[it] == null }
        if (missing.isNotEmpty()) {
            System.err.println("--url needs ${need.joinToString { "--$it" }}; missing ${missing.joinToString()}")
            exitProcess(2)
        }
        Settings(flags.getValue("url"), flags.getValue("account-sid"), flags.getValue("auth-token"), flags.getValue("instance-sid"),
            flags.getValue("flex-user-sid"), flags.getValue("workspace-sid"), flags.getValue("queue-sid"), flags.getValue("agent2-flex-user-sid"))
    }.let { it.copy(identity = flags["identity"] ?: it.identity, mintedToken = flags["minted-token"] == "true") }
    try {
        runBlocking { demo(settings) }
    } finally {
        emulator?.destroyForcibly()?.waitFor()
    }
}
