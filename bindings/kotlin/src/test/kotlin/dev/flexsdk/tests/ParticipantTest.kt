package dev.flexsdk.tests

import dev.flexsdk.FlexEvent
import dev.flexsdk.ParticipantEventKind
import dev.flexsdk.ParticipantType
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/** Task participants: the agent joins on accept and leaves on complete; the list has customer and agent. */
@ExtendWith(EmulatorExtension::class)
class ParticipantTest {
    @Test
    fun `the participant listener sees the agent added on accept and removed on complete`(emu: Emulator) = runBlocking<Unit> {
        emu.agent().use { alice ->
            val taskSid = emu.newTask()
            alice.events.reservationFor(taskSid)
            val participants = ParticipantRecorder()
            alice.client.addTaskParticipantListener(taskSid, participants).use {
                val reservation = alice.client.acceptTask(taskSid)

                val list = alice.client.getTaskParticipants(taskSid)
                assertEquals(listOf(ParticipantType.CUSTOMER, ParticipantType.AGENT), list.map { it.participantType })
                val agent = list[1]
                assertEquals("chat", agent.channelType)
                assertEquals(list[0].interactionSid, agent.interactionSid)
                val routing = agent.routingProperties!!
                assertEquals(taskSid, routing.taskSid)
                assertEquals(reservation.sid, routing.reservationSid)
                assertEquals(emu.user().string("worker_sid"), routing.workerSid)

                val added = participants.awaitCount(1).first()
                assertEquals(ParticipantEventKind.ADDED, added.kind)
                assertEquals(taskSid, added.taskSid)
                assertEquals(agent.participantSid, added.participant.participantSid)
                assertEquals(taskSid, added.task?.sid)

                alice.client.wrapUpTask(taskSid)
                alice.client.completeTask(taskSid)
                val events = participants.awaitCount(3)
                assertEquals(
                    listOf(ParticipantEventKind.ADDED, ParticipantEventKind.MODIFIED, ParticipantEventKind.REMOVED),
                    events.map { it.kind },
                )
                assertEquals(setOf(agent.participantSid), events.map { it.participant.participantSid }.toSet())
                // The events flow gets the same events, in the same order.
                alice.events.await<FlexEvent.TaskParticipant> { it.event.kind == ParticipantEventKind.REMOVED }
                val general = alice.events.events.filterIsInstance<FlexEvent.TaskParticipant>().map { it.event.kind }
                assertEquals(events.map { it.kind }, general)
            }
            // A removed participant listener gets nothing more.
            val taskSid2 = emu.newTask()
            alice.events.reservationFor(taskSid2)
            val removed = ParticipantRecorder()
            alice.client.addTaskParticipantListener(taskSid2, removed).remove()
            alice.client.acceptTask(taskSid2)
            alice.events.await<FlexEvent.TaskParticipant> { it.event.taskSid == taskSid2 }
            alice.sync()
            assertEquals(0, removed.events.size)
        }
    }
}
