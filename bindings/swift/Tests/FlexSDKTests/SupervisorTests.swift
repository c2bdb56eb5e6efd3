import FlexSDK
import XCTest

/// Supervisor actions on another worker, and their refusal for an agent token.
final class SupervisorTests: EmulatorTestCase {
    func testSupervisorSetsAnotherWorkersActivity() async throws {
        let (supervisor, _) = try await connect("supervisor")
        let (_, bobEvents) = try await connect("agent2")
        let bob = emulator.user("agent2").workerSid

        let info = try await supervisor.setWorkerActivity(
            workerSid: bob, activitySid: emulator.activity("available"), rejectPendingReservations: false)
        XCTAssertEqual(info.sid, bob)
        XCTAssertEqual(info.activityName, "Available")
        XCTAssertTrue(info.available)
        // The worker sees it on its own client.
        let event = try await bobEvents.waitFor("activity Available") { $0.worker?.activityName == "Available" }
        XCTAssertEqual(event.worker?.sid, bob)
        let fetched = try await supervisor.getWorkspace().fetchWorkerInfo(workerSid: bob)
        XCTAssertEqual(fetched.activityName, "Available")
        // The supervisor's own worker did not move.
        XCTAssertEqual(try supervisor.getWorker().activityName, "Offline")

        let error = await expectFlexError {
            try await supervisor.setWorkerActivity(workerSid: bob, activitySid: "WAunknown", rejectPendingReservations: false)
        }
        XCTAssertEqual(error?.code, .invalidParams)
    }

    func testSupervisorAndThePendingReservation() async throws {
        let (supervisor, _) = try await connect("supervisor")
        let reservation = try await reserve()
        let agent = emulator.user("agent").workerSid
        let refused = await expectFlexError {
            try await supervisor.setWorkerActivity(workerSid: agent, activitySid: self.emulator.activity("offline"),
                                                   rejectPendingReservations: false)
        }
        XCTAssertEqual(refused?.code, .activityChangeRejectedPendingReservations)
        XCTAssertEqual(refused?.code.rawValue, 48301)
        XCTAssertEqual(try client.getWorker().activityName, "Available")

        let info = try await supervisor.setWorkerActivity(workerSid: agent, activitySid: emulator.activity("offline"),
                                                          rejectPendingReservations: true)
        XCTAssertEqual(info.activityName, "Offline")
        _ = try await events.waitFor("reservationRejected") {
            if case let .reservationRejected(r) = $0 { return r.sid == reservation.sid }
            return false
        }
        _ = try await events.waitFor("activity Offline") { $0.worker?.activityName == "Offline" }
        XCTAssertEqual(try client.getWorker().reservations, [])
    }

    func testSupervisorMergesAnotherWorkersAttributes() async throws {
        let (supervisor, _) = try await connect("supervisor")
        let bob = emulator.user("agent2").workerSid
        let original = try await supervisor.getWorkspace().fetchWorkerInfo(workerSid: bob).attributes
        onTearDown { [emulator] in try await emulator!.setAttributes(worker: bob, original) }
        XCTAssertNotNil(original["full_name"])

        let merged = try await supervisor.setWorkerAttributes(
            workerSid: bob, attributes: ["routing": ["level": 7], "pager": "99"], mergeExisting: true)
        XCTAssertEqual(merged.sid, bob)
        let after = merged.attributes
        // The target worker's attributes were the base, deep-merged.
        XCTAssertEqual(after["full_name"], original["full_name"])
        XCTAssertEqual(after["pager"], "99")
        XCTAssertEqual(after["routing"]?["level"], 7)
        XCTAssertEqual(after["routing"]?["skills"], original["routing"]?["skills"])
        // The supervisor's own attributes are untouched.
        XCTAssertNil(try supervisor.getWorker().attributes["pager"])

        let replaced = try await supervisor.setWorkerAttributes(workerSid: bob, attributes: original, mergeExisting: false)
        XCTAssertEqual(replaced.attributes, original)
    }

    func testAgentTokenIsRefused() async throws {
        let bob = emulator.user("agent2").workerSid
        let activity = await expectFlexError {
            try await self.client.setWorkerActivity(workerSid: bob, activitySid: self.emulator.activity("available"),
                                                    rejectPendingReservations: false)
        }
        XCTAssertEqual(activity?.code, .accessDeniedError)
        XCTAssertEqual(activity?.code.rawValue, 48920)
        let attributes = await expectFlexError {
            try await self.client.setWorkerAttributes(workerSid: bob, attributes: ["pager": "1"], mergeExisting: true)
        }
        XCTAssertEqual(attributes?.code, .accessDeniedError)
        // Nothing was sent.
        let worker = try await emulator.worker(bob)
        XCTAssertEqual(worker["activity_name"] as? String, "Offline")
        XCTAssertNil(try JSONValue(jsonText: worker["attributes"] as! String)["pager"])
    }
}
