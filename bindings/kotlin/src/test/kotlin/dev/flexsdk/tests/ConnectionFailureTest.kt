package dev.flexsdk.tests

import dev.flexsdk.ConnectionState
import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexEvent
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/**
 * Reconnect failures reach the app: a server whose signing keys changed refuses the token
 * (`ConnectionError` terminal, state `DENIED`), nothing is retried, and a fresh token recovers.
 */
@ExtendWith(EmulatorExtension::class)
class ConnectionFailureTest {
    private fun List<FlexEvent>.connectionErrors() = filterIsInstance<FlexEvent.ConnectionError>()

    @Test
    fun `a server with rotated signing keys denies the token until a fresh one is installed`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { agent ->
            val client = agent.client
            val events = agent.events
            events.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Available" }

            // The server restarts with new keys: the socket drops and the seeded token is refused.
            emu.rotateSigningKey()
            val refused = events.await<FlexEvent.ConnectionError>(20_000) { it.terminal }
            assertNull(refused.retryInMs, "nothing is retried after a refusal: $refused")
            assertEquals(401.toUShort(), refused.error.httpStatus, "$refused")
            assertEquals(ErrorCode.INVALID_ACCESS_TOKEN, refused.error.code, "$refused")
            events.await<FlexEvent.ConnectionStateChanged> { it.state == ConnectionState.DENIED }
            assertEquals(ConnectionState.DENIED, client.connectionState())

            // Nothing is retried while denied.
            val errors = events.events.connectionErrors().size
            delay(1500)
            assertEquals(errors, events.events.connectionErrors().size, "no retry while denied: ${events.kinds()}")
            assertEquals(ConnectionState.DENIED, client.connectionState())

            // A token the server accepts (signed with its new key) reconnects the client.
            client.updateToken(emu.mintToken(), null)
            val states = events.until("CONNECTED after DENIED", 20_000) { all ->
                val after = all.filterIsInstance<FlexEvent.ConnectionStateChanged>().map { it.state }
                    .dropWhile { it != ConnectionState.DENIED }
                after.takeIf { ConnectionState.CONNECTED in it }
            }
            assertEquals(listOf(ConnectionState.DENIED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED), states.take(3))
            assertEquals(ConnectionState.CONNECTED, client.connectionState())

            // Events flow again: a new task is offered to the agent.
            val taskSid = emu.newTask(buildJsonObject { put("after", "rotation") })
            assertEquals(taskSid, events.reservationFor(taskSid).task.sid)
            assertTrue(client.getWorker().reservations.any { it.task.sid == taskSid })
        }
    }
}
