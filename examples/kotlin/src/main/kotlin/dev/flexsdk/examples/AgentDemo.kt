/**
 * Agent demo: one agent takes one task from start to finish through the Kotlin SDK.
 *
 *     make demo-kotlin                                  # starts the emulator itself
 *     make demo-kotlin DEMO_ARGS="--url http://127.0.0.1:PORT --account-sid AC… --auth-token … \
 *         --instance-sid GO… --flex-user-sid FU… --workspace-sid WS… --queue-sid WQ…"
 */
package dev.flexsdk.examples

import dev.flexsdk.ClientOptions
import dev.flexsdk.FlexEvent
import dev.flexsdk.FlexEventListener
import dev.flexsdk.Reservation
import dev.flexsdk.createClient
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONObject
import kotlin.system.exitProcess

private val start = System.nanoTime()

/** Prints one step with the time since start. */
fun step(text: String) = println("[%7.3fs] %s".format((System.nanoTime() - start) / 1e9, text))

/** Prints every event and hands reservation offers to the demo's coroutine. */
class Events : FlexEventListener {
    val offers = Channel<Reservation>(Channel.UNLIMITED)

    override fun onEvent(event: FlexEvent) { // called on the SDK's event thread
        val reservation = (event as? FlexEvent.ReservationCreated)?.reservation
        step("event ${event::class.simpleName}" + (reservation?.let { " ${it.sid} (${it.status})" } ?: ""))
        if (reservation != null) offers.trySend(reservation)
    }
}

suspend fun run(settings: Settings) {
    val backend = Backend(settings)
    val token = backend.mintToken()
    step("minted a token through the Tokens API")

    createClient(token, ClientOptions(endpointOverride = settings.url)).use { client ->
        val events = Events()
        client.addListener(events).use {
            var worker = client.getWorker()
            step("connected as ${client.tokenInfo().identity}: worker ${worker.name} is ${worker.activityName}")
            val activities = worker.activities.associate { it.name to it.sid }

            worker = client.setCurrentActivity(activities.getValue("Available"), false)
            step("activity is now ${worker.activityName}")

            val task = backend.createTask(JSONObject(mapOf("type" to "inbound", "customer" to "Carol", "reason" to "billing")))
            step("created task ${task.getString("sid")} through the TaskRouter API")

            var reservation = withTimeout(30_000) { events.offers.receive() }
            step("offered ${reservation.task.sid}: ${reservation.task.attributes}")
            reservation = client.acceptTask(reservation.task.sid)
            step("acceptTask -> reservation ${reservation.status}")
            reservation = client.wrapUpTask(reservation.task.sid)
            step("wrapUpTask -> reservation ${reservation.status}")
            reservation = client.completeTask(reservation.task.sid)
            step("completeTask -> reservation ${reservation.status}")

            worker = client.setCurrentActivity(activities.getValue("Offline"), false)
            step("activity is now ${worker.activityName}")
        }
    }
    step("client closed")
}

/** `--name value` pairs; without `--url` the emulator is started. */
fun main(args: Array<String>) {
    val flags = args.toList().chunked(2).associate { it.first().removePrefix("--") to it.getOrNull(1) }
    var emulator: Process? = null
    val settings = if (flags["url"] == null) {
        startEmulator().also { (process, s) -> emulator = process; step("emulator started at ${s.url}") }.second
    } else {
        val need = listOf("account-sid", "auth-token", "instance-sid", "flex-user-sid", "workspace-sid", "queue-sid")
        val missing = need.filter { flags[it] == null }
        if (missing.isNotEmpty()) {
            System.err.println("--url needs ${need.joinToString { "--$it" }}; missing ${missing.joinToString()}")
            exitProcess(2)
        }
        Settings(flags.getValue("url")!!, flags["account-sid"]!!, flags["auth-token"]!!, flags["instance-sid"]!!,
            flags["flex-user-sid"]!!, flags["workspace-sid"]!!, flags["queue-sid"]!!)
    }
    try {
        runBlocking { run(settings) }
    } finally {
        emulator?.destroyForcibly()?.waitFor()
    }
}
