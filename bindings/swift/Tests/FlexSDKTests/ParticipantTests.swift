import FlexSDK
import XCTest

/// Task participants: the interaction's participants and one task's participant events.
final class ParticipantTests: EmulatorTestCase {
    func testParticipantListenerFollowsTheAgent() async throws {
        let reservation = try await reserve(["customer": "Ivy"])
        let taskSid = reservation.task.sid
        let agentSid = emulator.user("agent").workerSid
        let participants = ParticipantRecorder()
        keep(try client.addTaskParticipantListener(taskSid: taskSid, listener: participants))

        // Before accepting: the customer only.
        let before = try await client.getTaskParticipants(taskSid: taskSid)
        XCTAssertEqual(before.map(\.participantType), [.customer])

        // Accepting adds the agent.
        _ = try await client.acceptTask(taskSid: taskSid)
        let added = try await participants.waitFor("added") { $0.kind == .added }
        XCTAssertEqual(added.taskSid, taskSid)
        XCTAssertEqual(added.task?.sid, taskSid)
        XCTAssertEqual(added.participant.participantType, .agent)
        XCTAssertEqual(added.participant.channelType, "voice")
        XCTAssertTrue(added.participant.participantSid.hasPrefix("UT"))
        XCTAssertTrue(added.participant.interactionSid.hasPrefix("KD"))
        XCTAssertEqual(added.participant.routingProperties?.taskSid, taskSid)
        XCTAssertEqual(added.participant.routingProperties?.workerSid, agentSid)
        XCTAssertEqual(added.participant.routingProperties?.reservationSid, reservation.sid)

        let during = try await client.getTaskParticipants(taskSid: taskSid)
        XCTAssertEqual(Set(during.map(\.participantType)), [.customer, .agent])
        let agent = try XCTUnwrap(during.first { $0.participantType == .agent })
        XCTAssertEqual(agent.participantSid, added.participant.participantSid)
        XCTAssertEqual(Set(during.map(\.channelSid)), [added.participant.channelSid])

        // Wrap-up modifies it, completion removes it.
        _ = try await client.wrapUpTask(taskSid: taskSid)
        _ = try await participants.waitFor("modified") { $0.kind == .modified }
        _ = try await client.completeTask(taskSid: taskSid, reason: nil)
        let removed = try await participants.waitFor("removed") { $0.kind == .removed }
        XCTAssertEqual(removed.participant.participantSid, added.participant.participantSid)
        XCTAssertEqual(participants.items.map(\.kind), [.added, .modified, .removed])
        XCTAssertTrue(participants.items.allSatisfy { $0.taskSid == taskSid })

        // The client's event stream got the same events, in the same order.
        let seen = try await events.waitFor(3, "taskParticipant") { $0.kind == "taskParticipant" }.map { event in
            guard case let .taskParticipant(e) = event else { fatalError("not a taskParticipant") }
            return e
        }
        XCTAssertEqual(seen, participants.items)
    }

    func testRemovedParticipantListenerGetsNothingMore() async throws {
        let reservation = try await reserve()
        let taskSid = reservation.task.sid
        let participants = ParticipantRecorder()
        let handle = try client.addTaskParticipantListener(taskSid: taskSid, listener: participants)
        _ = try await client.acceptTask(taskSid: taskSid)
        _ = try await participants.waitFor("added") { $0.kind == .added }
        handle.remove()
        _ = try await client.wrapUpTask(taskSid: taskSid)
        _ = try await events.waitFor("participant modified") {
            if case let .taskParticipant(e) = $0 { return e.kind == .modified }
            return false
        }
        // The participant listener would have been called before the stream got it.
        XCTAssertEqual(participants.items.map(\.kind), [.added])
    }
}
