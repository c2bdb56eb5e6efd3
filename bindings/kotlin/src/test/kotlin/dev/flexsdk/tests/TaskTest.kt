package dev.flexsdk.tests

import dev.flexsdk.FlexClient
import dev.flexsdk.FlexEvent
import dev.flexsdk.Reservation
import dev.flexsdk.ReservationStatus
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/** Task lifecycle: a task created through the public REST API reaches the agent. */
@ExtendWith(EmulatorExtension::class)
class TaskTest {
    /** Makes the agent available, creates a task and waits for its reservation. */
    private suspend fun reserve(client: FlexClient, recorder: Recorder, emu: Emulator, attributes: JsonObject): Reservation {
        client.setCurrentActivity(emu.activity("available"), false)
        val task = emu.createTask(JsonObject(attributes + ("type" to json("\"inbound\""))))
        return recorder.await<FlexEvent.ReservationCreated> { it.reservation.task.sid == task.string("sid") }.reservation
    }

    @Test
    fun `accept, wrap up, complete`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            Recorder(client).use { recorder ->
                val reservation = reserve(client, recorder, emu, buildJsonObject { put("customer", "Carol") })
                assertEquals(ReservationStatus.PENDING, reservation.status)
                assertEquals("Carol", reservation.task.attributes.jsonObject.string("customer"))
                assertEquals("inbound", reservation.task.attributes.jsonObject.string("type"))
                assertEquals(listOf(reservation.sid), client.getWorker().reservations.map { it.sid })
                val taskSid = reservation.task.sid

                assertEquals(ReservationStatus.ACCEPTED, client.acceptTask(taskSid).status)
                assertEquals(ReservationStatus.WRAPPING, client.wrapUpTask(taskSid).status)
                assertEquals(ReservationStatus.COMPLETED, client.completeTask(taskSid).status)

                assertEquals(reservation.sid, recorder.await<FlexEvent.ReservationAccepted>().reservation.sid)
                assertEquals(reservation.sid, recorder.await<FlexEvent.ReservationWrapup>().reservation.sid)
                assertEquals(reservation.sid, recorder.await<FlexEvent.ReservationCompleted>().reservation.sid)
                assertEquals(emptyList<Reservation>(), client.getWorker().reservations)
            }
        }
    }

    @Test
    fun `reject moves the agent`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            Recorder(client).use { recorder ->
                val reservation = reserve(client, recorder, emu, JsonObject(emptyMap()))
                val rejected = client.rejectTask(reservation.task.sid, emu.activity("break"))
                assertEquals(ReservationStatus.REJECTED, rejected.status)
                recorder.await<FlexEvent.ReservationRejected> { it.reservation.sid == reservation.sid }
                recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Break" }
            }
        }
    }
}
