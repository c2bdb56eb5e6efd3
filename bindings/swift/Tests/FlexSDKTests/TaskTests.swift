import FlexSDK
import XCTest

/// Task lifecycle: a task created through the public REST API reaches the agent.
final class TaskTests: EmulatorTestCase {
    func testAcceptWrapUpComplete() async throws {
        let reservation = try await reserve(["customer": "Carol"])
        XCTAssertEqual(reservation.status, .pending)
        XCTAssertEqual(reservation.task.attributes["customer"], "Carol")
        XCTAssertEqual(try client.getWorker().reservations.map(\.sid), [reservation.sid])
        let taskSid = reservation.task.sid

        let accepted = try await client.acceptTask(taskSid: taskSid)
        XCTAssertEqual(accepted.status, .accepted)
        let wrapping = try await client.wrapUpTask(taskSid: taskSid)
        XCTAssertEqual(wrapping.status, .wrapping)
        let completed = try await client.completeTask(taskSid: taskSid)
        XCTAssertEqual(completed.status, .completed)

        for kind in ["reservationAccepted", "reservationWrapup", "reservationCompleted"] {
            let event = try await events.waitFor(kind: kind)
            XCTAssertEqual(event.reservation?.sid, reservation.sid)
        }
        let done = try await events.waitFor(kind: "taskCompleted")
        XCTAssertEqual(done.task?.sid, taskSid)
        XCTAssertEqual(done.task?.status, .completed)
        XCTAssertEqual(try client.getWorker().reservations, [])
    }

    func testLifecycleEventsArriveInOrder() async throws {
        let reservation = try await reserve(["customer": "Dora"])
        let taskSid = reservation.task.sid
        _ = try await client.acceptTask(taskSid: taskSid)
        _ = try await client.wrapUpTask(taskSid: taskSid)
        _ = try await client.completeTask(taskSid: taskSid)
        try await events.waitFor(kind: "reservationCompleted")

        // Every task and reservation event of this task, in the order the stream delivered them.
        let ofTask = events.events.filter { ($0.reservation?.task.sid ?? $0.task?.sid) == taskSid }
        XCTAssertEqual(ofTask.map(\.kind), [
            "reservationCreated", "reservationAccepted", "taskWrapup", "reservationWrapup",
            "taskCompleted", "reservationCompleted",
        ])
        XCTAssertEqual(Set(ofTask.compactMap(\.reservation?.sid)), [reservation.sid])
        XCTAssertEqual(ofTask.compactMap(\.reservation?.status), [.pending, .accepted, .wrapping, .completed])
        XCTAssertEqual(ofTask.compactMap(\.task?.status), [.wrapping, .completed])
    }

    func testRejectMovesTheAgent() async throws {
        let reservation = try await reserve()
        let rejected = try await client.rejectTask(taskSid: reservation.task.sid, activitySid: emulator.activity("break"))
        XCTAssertEqual(rejected.status, .rejected)
        _ = try await events.waitFor("reservationRejected") {
            if case let .reservationRejected(r) = $0 { return r.sid == reservation.sid }
            return false
        }
        _ = try await events.waitFor("activity Break") { $0.worker?.activityName == "Break" }
    }

    func testRejectedTaskIsRoutedToASecondWorker() async throws {
        let first = try await reserve(["customer": "Erin"])
        let taskSid = first.task.sid
        let (bob, bobEvents) = try await connect("agent2")
        _ = try await bob.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)

        // The agent stays Available but declined: the task goes to the other available worker.
        let rejected = try await client.rejectTask(taskSid: taskSid, activitySid: nil)
        XCTAssertEqual(rejected.status, .rejected)
        let second = try await reservation(of: taskSid, on: bobEvents)
        XCTAssertNotEqual(second.sid, first.sid)
        XCTAssertEqual(second.workerSid, emulator.user("agent2").workerSid)
        XCTAssertEqual(second.task.attributes["customer"], "Erin")
        XCTAssertEqual(try client.getWorker().reservations, [])
        XCTAssertEqual(try client.getWorker().activityName, "Available")

        let accepted = try await bob.acceptTask(taskSid: taskSid)
        XCTAssertEqual(accepted.sid, second.sid)
        XCTAssertEqual(accepted.status, .accepted)
        XCTAssertEqual(try bob.getWorker().reservations.map(\.sid), [second.sid])
        // The agent saw its own reservation rejected and was not offered the task again.
        _ = try await events.waitFor("reservationRejected") {
            if case let .reservationRejected(r) = $0 { return r.sid == first.sid }
            return false
        }
        XCTAssertEqual(events.events.compactMap(\.reservation).filter { $0.task.sid == taskSid }.map(\.sid),
                       [first.sid, first.sid])
        let e = await expectFlexError { try await self.client.acceptTask(taskSid: taskSid) }
        XCTAssertEqual(e?.code, .taskReservationNotFound)
    }

    func testTaskCanceledWhileReserved() async throws {
        let reservation = try await reserve()
        let taskSid = reservation.task.sid
        try await emulator.cancelTask(taskSid, reason: "customer hung up")

        let canceled = try await events.waitFor("reservationCanceled") {
            if case let .reservationCanceled(r) = $0 { return r.sid == reservation.sid }
            return false
        }
        XCTAssertEqual(canceled.reservation?.status, .canceled)
        XCTAssertEqual(canceled.reservation?.task.status, .canceled)
        XCTAssertEqual(canceled.reservation?.task.reason, "customer hung up")
        XCTAssertEqual(try client.getWorker().reservations, [])

        let error = await expectFlexError { try await self.client.acceptTask(taskSid: taskSid) }
        XCTAssertEqual(error?.code, .taskReservationNotFound)
        XCTAssertEqual(error?.code.rawValue, 48901)
    }

    func testAcceptIsIdempotent() async throws {
        let reservation = try await reserve()
        let first = try await client.acceptTask(taskSid: reservation.task.sid)
        let again = try await client.acceptTask(taskSid: reservation.task.sid)
        XCTAssertEqual(again.sid, first.sid)
        XCTAssertEqual(again.status, .accepted)
        // A later event of the same client: every event of the accepts was delivered before it.
        _ = try await client.setAttributes(attributes: ["marker": "after accept"], mergeExisting: true)
        _ = try await events.waitFor("the marker") { $0.worker?.attributes["marker"] != nil }
        XCTAssertEqual(events.kinds.filter { $0 == "reservationAccepted" }.count, 1)
    }

    func testSetTaskAttributesMergesOrReplaces() async throws {
        let reservation = try await reserve(["customer": "Finn", "crm": ["id": 7, "tier": "silver"]])
        let taskSid = reservation.task.sid
        _ = try await client.acceptTask(taskSid: taskSid)

        let merged = try await client.setTaskAttributes(
            taskSid: taskSid, attributes: ["crm": ["tier": "gold"], "notes": "VIP"], mergeExisting: true)
        let expected: JSONValue = ["type": "inbound", "customer": "Finn", "crm": ["id": 7, "tier": "gold"], "notes": "VIP"]
        XCTAssertEqual(merged.sid, taskSid)
        XCTAssertEqual(merged.attributes, expected)
        let event = try await events.waitFor("taskUpdated with notes") {
            guard case let .taskUpdated(t) = $0 else { return false }
            return t.attributes["notes"] != nil
        }
        XCTAssertEqual(event.task?.attributes, expected)
        let fetched = try await client.getWorkspace().fetchTask(taskSid: taskSid)
        XCTAssertEqual(fetched.attributes, expected)

        let replaced = try await client.setTaskAttributes(taskSid: taskSid, attributes: ["only": true], mergeExisting: false)
        XCTAssertEqual(replaced.attributes, ["only": true])
    }

    func testEndTaskWrapsUpThenCompletes() async throws {
        let reservation = try await reserve()
        let taskSid = reservation.task.sid
        _ = try await client.acceptTask(taskSid: taskSid)
        let wrapping = try await client.endTask(taskSid: taskSid)
        XCTAssertEqual(wrapping.status, .wrapping)
        let completed = try await client.endTask(taskSid: taskSid)
        XCTAssertEqual(completed.status, .completed)
        let done = try await events.waitFor(kind: "taskCompleted")
        XCTAssertEqual(done.task?.sid, taskSid)
        XCTAssertEqual(try client.getWorker().reservations, [])
    }

    func testCompleteTaskWithAReason() async throws {
        let reservation = try await reserve()
        let taskSid = reservation.task.sid
        _ = try await client.acceptTask(taskSid: taskSid)
        let completed = try await client.completeTask(taskSid: taskSid, reason: "resolved on first call")
        XCTAssertEqual(completed.status, .completed)
        let done = try await events.waitFor(kind: "taskCompleted")
        XCTAssertEqual(done.task?.status, .completed)
        XCTAssertEqual(done.task?.reason, "resolved on first call")
        let task = try await client.getWorkspace().fetchTask(taskSid: taskSid)
        XCTAssertEqual(task.status, .completed)
        XCTAssertEqual(task.reason, "resolved on first call")
    }

    func testUnknownTaskIsTaskReservationNotFound() async throws {
        let unknown = "WT00000000000000000000000000000000"
        let calls: [(String, () async throws -> Any)] = [
            ("accept", { try await self.client.acceptTask(taskSid: unknown) }),
            ("reject", { try await self.client.rejectTask(taskSid: unknown, activitySid: nil) }),
            ("wrap up", { try await self.client.wrapUpTask(taskSid: unknown) }),
            ("complete", { try await self.client.completeTask(taskSid: unknown, reason: nil) }),
            ("end", { try await self.client.endTask(taskSid: unknown) }),
            ("set attributes", { try await self.client.setTaskAttributes(taskSid: unknown, attributes: [:], mergeExisting: true) }),
            ("participants", { try await self.client.getTaskParticipants(taskSid: unknown) }),
            ("participant listener", { try self.client.addTaskParticipantListener(taskSid: unknown, listener: ParticipantRecorder()) }),
        ]
        for (name, call) in calls {
            let error = await expectFlexError(call)
            XCTAssertEqual(error?.code, .taskReservationNotFound, name)
            XCTAssertEqual(error?.code.rawValue, 48901, name)
        }
    }

    func testPendingReservationCannotBeWrappedUp() async throws {
        let reservation = try await reserve()
        let error = await expectFlexError { try await self.client.wrapUpTask(taskSid: reservation.task.sid) }
        XCTAssertEqual(error?.code, .taskReservationNotFound)
    }

    func testTaskAttributesMustBeAJsonObject() async throws {
        let reservation = try await reserve(["customer": "Gus"])
        for value: JSONValue in [[1, 2], 42, "text", .null, true] {
            let error = await expectFlexError {
                try await self.client.setTaskAttributes(taskSid: reservation.task.sid, attributes: value, mergeExisting: true)
            }
            XCTAssertEqual(error?.code, .invalidParams, value.jsonText)
            XCTAssertEqual(error?.code.rawValue, 48926, value.jsonText)
        }
        let task = try await client.getWorkspace().fetchTask(taskSid: reservation.task.sid)
        XCTAssertEqual(task.attributes["customer"], "Gus")
    }
}

/// A reservation nobody answers times out (the fast emulator: a 3 s reservation timeout).
final class ReservationTimeoutTests: EmulatorTestCase {
    override class var emulatorVariable: String { Emulator.fastVariable }

    func testUnansweredReservationTimesOutAndTheTaskMovesOn() async throws {
        let timeout = try emulator.flag("reservation-timeout-secs")
        let reservation = try await reserve(["customer": "Hal"])
        let started = Date()
        XCTAssertEqual(reservation.timeout, UInt64(timeout))
        let (bob, bobEvents) = try await connect("agent2")
        _ = try await bob.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)

        let event = try await events.waitFor("reservationTimeout", timeout: TimeInterval(timeout + 10)) {
            if case let .reservationTimeout(r) = $0 { return r.sid == reservation.sid }
            return false
        }
        XCTAssertGreaterThan(Date().timeIntervalSince(started), Double(timeout) - 1.5)
        XCTAssertEqual(event.reservation?.status, .timeout)
        XCTAssertEqual(event.reservation?.task.sid, reservation.task.sid)
        XCTAssertFalse(try client.getWorker().reservations.contains { $0.sid == reservation.sid })
        XCTAssertEqual(try client.getWorker().activityName, "Available", "a timeout does not change the activity")

        // The task is offered to the other available worker, who takes it.
        let offered = try await self.reservation(of: reservation.task.sid, on: bobEvents)
        XCTAssertEqual(offered.workerSid, emulator.user("agent2").workerSid)
        let accepted = try await bob.acceptTask(taskSid: reservation.task.sid)
        XCTAssertEqual(accepted.status, .accepted)
    }
}
