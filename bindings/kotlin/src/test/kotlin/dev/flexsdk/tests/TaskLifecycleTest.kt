package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexEvent
import dev.flexsdk.FlexSdkException
import dev.flexsdk.ReservationStatus
import dev.flexsdk.TaskStatus
import dev.flexsdk.code
import dev.flexsdk.codeNumber
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith

/**
 * The whole task lifecycle (docs/api-tasks.md): events of a task from REST to completion,
 * reject and timeout re-routing to a second agent, cancel while reserved, idempotent accept,
 * task attributes, endTask, completeTask with a reason, bad input.
 */
@ExtendWith(EmulatorExtension::class)
class TaskLifecycleTest {
    @Test
    fun `a task from the REST API goes through reservation, accept, wrap-up and completion`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask(buildJsonObject { put("customer", "Carol") }, channel = "voice")
            val offered = alice.events.reservationFor(taskSid)
            assertEquals(ReservationStatus.PENDING, offered.status)
            assertEquals(TaskStatus.RESERVED, offered.task.status)
            assertEquals("voice", offered.task.taskChannelUniqueName)
            assertEquals("Carol", offered.task.attributes.jsonObject.string("customer"))
            assertEquals(emu.user().string("worker_sid"), offered.workerSid)

            val accepted = alice.client.acceptTask(taskSid)
            assertEquals(ReservationStatus.ACCEPTED, accepted.status)
            assertEquals(TaskStatus.ASSIGNED, accepted.task.status)
            assertEquals(ReservationStatus.WRAPPING, alice.client.wrapUpTask(taskSid).status)
            val completed = alice.client.completeTask(taskSid)
            assertEquals(ReservationStatus.COMPLETED, completed.status)
            assertEquals(TaskStatus.COMPLETED, completed.task.status)

            alice.events.await<FlexEvent.ReservationCompleted> { it.reservation.sid == offered.sid }
            alice.events.await<FlexEvent.TaskCompleted> { it.task.sid == taskSid }
            val reservationEvents = alice.events.events.filter { reservationOf(it)?.sid == offered.sid }.map { it::class.simpleName }
            assertEquals(
                listOf("ReservationCreated", "ReservationAccepted", "ReservationWrapup", "ReservationCompleted"),
                reservationEvents,
            )
            val kinds = alice.events.kinds()
            assertTrue(kinds.indexOf("TaskWrapup") in 0 until kinds.indexOf("ReservationWrapup"), "task events first: $kinds")
            assertTrue(kinds.indexOf("TaskCompleted") in 0 until kinds.indexOf("ReservationCompleted"), "task events first: $kinds")
            assertEquals(emptyList<Any>(), alice.client.getWorker().reservations)
            assertEquals(TaskStatus.COMPLETED, alice.client.getWorkspace().fetchTask(taskSid).status)
        }
    }

    @Test
    fun `a rejected task is re-routed to the second agent`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask(channel = "voice")
            alice.events.reservationFor(taskSid)
            emu.agent("agent2").use { bob ->
                val rejected = alice.client.rejectTask(taskSid, emu.activity("offline"))
                assertEquals(ReservationStatus.REJECTED, rejected.status)
                alice.events.await<FlexEvent.ReservationRejected> { it.reservation.task.sid == taskSid }
                alice.events.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Offline" }

                val offered = bob.events.reservationFor(taskSid)
                assertEquals(emu.user("agent2").string("worker_sid"), offered.workerSid)
                val accepted = bob.client.acceptTask(taskSid)
                assertEquals(ReservationStatus.ACCEPTED, accepted.status)
                assertEquals(emu.user("agent2").string("worker_sid"), accepted.workerSid)
                assertEquals(listOf(taskSid), bob.client.getWorker().reservations.map { it.task.sid })
                assertEquals(emptyList<Any>(), alice.client.getWorker().reservations)
                assertEquals(1, alice.events.events.count { it is FlexEvent.ReservationCreated })
            }
        }
    }

    @Test
    fun `a reservation that times out goes to the second agent`() = runBlocking<Unit> {
        Emulator("--reservation-timeout-secs", "2").use { emu ->
            emu.agent().use { alice ->
                val taskSid = emu.newTask(channel = "voice")
                val first = alice.events.reservationFor(taskSid)
                emu.agent("agent2").use { bob ->
                    val timedOut = alice.events.await<FlexEvent.ReservationTimeout> { it.reservation.sid == first.sid }
                    assertEquals(ReservationStatus.TIMEOUT, timedOut.reservation.status)
                    bob.events.reservationFor(taskSid)
                    assertEquals(ReservationStatus.ACCEPTED, bob.client.acceptTask(taskSid).status)
                    val e = assertThrows<FlexSdkException> { alice.client.acceptTask(taskSid) }
                    assertEquals(ErrorCode.TASK_RESERVATION_NOT_FOUND, e.code)
                    assertEquals("Available", alice.client.getWorker().activityName, "a timeout keeps the activity")
                }
            }
        }
    }

    @Test
    fun `a task canceled while reserved cancels the reservation and accept then fails`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask()
            val offered = alice.events.reservationFor(taskSid)
            val task = emu.taskrouterPost("Tasks/$taskSid", mapOf("AssignmentStatus" to "canceled", "Reason" to "customer hung up"))
            assertEquals("canceled", task.string("assignment_status"))

            val canceled = alice.events.await<FlexEvent.ReservationCanceled> { it.reservation.sid == offered.sid }
            assertEquals(ReservationStatus.CANCELED, canceled.reservation.status)
            val taskCanceled = alice.events.await<FlexEvent.TaskCanceled> { it.task.sid == taskSid }
            assertEquals(TaskStatus.CANCELED, taskCanceled.task.status)
            assertEquals("customer hung up", taskCanceled.task.reason)

            val e = assertThrows<FlexSdkException> { alice.client.acceptTask(taskSid) }
            assertEquals(ErrorCode.TASK_RESERVATION_NOT_FOUND, e.code)
            assertEquals(48901u, e.codeNumber)
            assertEquals(emptyList<Any>(), alice.client.getWorker().reservations)
        }
    }

    @Test
    fun `accept is idempotent`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask()
            alice.events.reservationFor(taskSid)
            val first = alice.client.acceptTask(taskSid)
            val again = alice.client.acceptTask(taskSid)
            assertEquals(ReservationStatus.ACCEPTED, again.status)
            assertEquals(first.sid, again.sid)
            alice.sync()
            assertEquals(1, alice.events.events.count { it is FlexEvent.ReservationAccepted })
        }
    }

    @Test
    fun `setTaskAttributes merges deeply or replaces`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask(json("""{"customer":{"name":"Ada","tier":"gold"},"keep":1}""").jsonObject)
            alice.events.reservationFor(taskSid)

            val merged = alice.client.setTaskAttributes(taskSid, json("""{"customer":{"tier":"platinum"},"new":true}"""), true)
            val expected = json("""{"customer":{"name":"Ada","tier":"platinum"},"keep":1,"new":true}""")
            assertEquals(expected, merged.attributes)
            val updated = alice.events.await<FlexEvent.TaskUpdated> { it.task.sid == taskSid && "new" in it.task.attributes.jsonObject }
            assertEquals(expected, updated.task.attributes)
            assertEquals(expected, alice.client.getWorkspace().fetchTask(taskSid).attributes)

            val only = buildJsonObject { put("only", 1) }
            assertEquals(only, alice.client.setTaskAttributes(taskSid, only, false).attributes)
            assertEquals(only, alice.client.getWorker().reservations.single().task.attributes)
        }
    }

    @Test
    fun `endTask wraps up an accepted task, then completes it`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask()
            alice.events.reservationFor(taskSid)
            val pending = assertThrows<FlexSdkException> { alice.client.endTask(taskSid) }
            assertEquals(ErrorCode.TASK_RESERVATION_NOT_FOUND, pending.code, "a pending reservation cannot be ended")

            alice.client.acceptTask(taskSid)
            assertEquals(ReservationStatus.WRAPPING, alice.client.endTask(taskSid).status)
            alice.events.await<FlexEvent.ReservationWrapup> { it.reservation.task.sid == taskSid }
            assertEquals(ReservationStatus.COMPLETED, alice.client.endTask(taskSid).status)
            alice.events.await<FlexEvent.ReservationCompleted> { it.reservation.task.sid == taskSid }
            val done = assertThrows<FlexSdkException> { alice.client.endTask(taskSid) }
            assertEquals(ErrorCode.TASK_RESERVATION_NOT_FOUND, done.code)
        }
    }

    @Test
    fun `completeTask with a reason completes the task with it`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask()
            alice.events.reservationFor(taskSid)
            alice.client.acceptTask(taskSid)
            val completed = alice.client.completeTask(taskSid, "resolved")
            assertEquals(ReservationStatus.COMPLETED, completed.status)
            val event = alice.events.await<FlexEvent.TaskCompleted> { it.task.sid == taskSid }
            assertEquals("resolved", event.task.reason)
            val task = alice.client.getWorkspace().fetchTask(taskSid)
            assertEquals(TaskStatus.COMPLETED, task.status)
            assertEquals("resolved", task.reason)
        }
    }

    @Test
    fun `unknown tasks are TaskReservationNotFound, malformed attributes InvalidParams`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val c = alice.client
            val unknown = "WT" + "0".repeat(32)
            val calls: List<Pair<String, suspend () -> Any?>> = listOf(
                "acceptTask" to suspend { c.acceptTask(unknown) },
                "rejectTask" to suspend { c.rejectTask(unknown, null) },
                "wrapUpTask" to suspend { c.wrapUpTask(unknown) },
                "completeTask" to suspend { c.completeTask(unknown) },
                "endTask" to suspend { c.endTask(unknown) },
                "setTaskAttributes" to suspend { c.setTaskAttributes(unknown, JsonObject(emptyMap()), true) },
                "getTaskParticipants" to suspend { c.getTaskParticipants(unknown) },
                "addTaskParticipantListener" to suspend { c.addTaskParticipantListener(unknown, ParticipantRecorder()).close() },
            )
            for ((name, call) in calls) {
                val e = assertThrows<FlexSdkException>(name) { call() }
                assertEquals(ErrorCode.TASK_RESERVATION_NOT_FOUND, e.code, "$name: $e")
                assertEquals(48901u, e.codeNumber)
            }

            val taskSid = emu.newTask(buildJsonObject { put("a", 1) })
            alice.events.reservationFor(taskSid)
            for (bad in listOf(json("[1]"), JsonPrimitive(42), JsonPrimitive("text"), JsonNull)) {
                val e = assertThrows<FlexSdkException>("$bad") { c.setTaskAttributes(taskSid, bad, true) }
                assertEquals(ErrorCode.INVALID_PARAMS, e.code, "$bad: $e")
                assertEquals(48926u, e.codeNumber)
            }
            val wrongState = assertThrows<FlexSdkException> { c.wrapUpTask(taskSid) }
            assertEquals(ErrorCode.TASK_RESERVATION_NOT_FOUND, wrongState.code, "a pending reservation cannot be wrapped")
            assertEquals(ErrorCode.INVALID_PARAMS, assertThrows<FlexSdkException> { c.completeTask("  ") }.code)
            assertEquals(json("""{"a":1}"""), c.getWorker().reservations.single().task.attributes)
        }
    }

    private fun reservationOf(event: FlexEvent) = when (event) {
        is FlexEvent.ReservationCreated -> event.reservation
        is FlexEvent.ReservationAccepted -> event.reservation
        is FlexEvent.ReservationRejected -> event.reservation
        is FlexEvent.ReservationTimeout -> event.reservation
        is FlexEvent.ReservationCanceled -> event.reservation
        is FlexEvent.ReservationRescinded -> event.reservation
        is FlexEvent.ReservationWrapup -> event.reservation
        is FlexEvent.ReservationCompleted -> event.reservation
        else -> null
    }
}
