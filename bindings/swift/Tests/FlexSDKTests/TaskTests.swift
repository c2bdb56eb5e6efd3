import FlexSDK
import XCTest

/// Task lifecycle: a task created through the public REST API reaches the agent.
final class TaskTests: EmulatorTestCase {
    func testAcceptWrapUpComplete() async throws {
        let reservation = try await reserve(["customer": "Carol"])
        XCTAssertEqual(reservation.status, .pending)
        XCTAssertEqual(try json(reservation.task.attributes)["customer"] as? String, "Carol")
        XCTAssertEqual(try client.getWorker().reservations.map(\.sid), [reservation.sid])
        let taskSid = reservation.task.sid

        let accepted = try await client.acceptTask(taskSid: taskSid)
        XCTAssertEqual(accepted.status, .accepted)
        let wrapping = try await client.wrapUpTask(taskSid: taskSid)
        XCTAssertEqual(wrapping.status, .wrapping)
        let completed = try await client.completeTask(taskSid: taskSid)
        XCTAssertEqual(completed.status, .completed)

        for kind in ["reservationAccepted", "reservationWrapup", "reservationCompleted"] {
            let event = try await recorder.waitFor(kind) { Recorder.kind($0) == kind }
            XCTAssertEqual(event.reservation?.sid, reservation.sid)
        }
        let done = try await recorder.waitFor("taskCompleted") { Recorder.kind($0) == "taskCompleted" }
        XCTAssertEqual(done.task?.sid, taskSid)
        XCTAssertEqual(done.task?.status, .completed)
        XCTAssertEqual(try client.getWorker().reservations, [])
    }

    func testRejectMovesTheAgent() async throws {
        let reservation = try await reserve()
        let rejected = try await client.rejectTask(taskSid: reservation.task.sid, activitySid: emulator.activity("break"))
        XCTAssertEqual(rejected.status, .rejected)
        _ = try await recorder.waitFor("reservationRejected") {
            if case let .reservationRejected(r) = $0 { return r.sid == reservation.sid }
            return false
        }
        _ = try await recorder.waitFor("activity Break") { $0.worker?.activityName == "Break" }
    }
}
