import FlexSDK
import Foundation
import XCTest

/// Worker actions: activity and attributes, observed through events.
final class WorkerTests: EmulatorTestCase {
    func testSetActivityEmitsEvent() async throws {
        let available = emulator.activity("available")
        let worker = try await client.setCurrentActivity(activitySid: available, rejectPendingReservations: false)
        XCTAssertEqual(worker.activitySid, available)
        XCTAssertTrue(worker.available)
        let event = try await recorder.waitFor("workerActivityUpdated") { $0.worker?.activitySid == available }
        XCTAssertEqual(event.worker?.activityName, "Available")
        XCTAssertEqual(try client.getWorker().activitySid, available)
    }

    func testSetAndMergeAttributes() async throws {
        var worker = try await client.setAttributes(
            attributesJson: #"{"skills": ["billing"], "routing": {"level": 1}}"#, mergeExisting: false)
        XCTAssertEqual(try json(worker.attributes), ["skills": ["billing"], "routing": ["level": 1]])

        worker = try await client.setAttributes(
            attributesJson: #"{"routing": {"team": "blue"}, "pager": "42"}"#, mergeExisting: true)
        let merged: NSDictionary = ["skills": ["billing"], "routing": ["level": 1, "team": "blue"], "pager": "42"]
        XCTAssertEqual(try json(worker.attributes), merged)
        let event = try await recorder.waitFor("workerAttributesUpdated with pager") {
            guard case let .workerAttributesUpdated(w) = $0 else { return false }
            return (try? json(w.attributes))?["pager"] != nil
        }
        XCTAssertEqual(try json(event.worker!.attributes), merged)
        XCTAssertEqual(try json(client.getWorker().attributes)["pager"] as? String, "42")
    }
}

/// A JSON object text as a dictionary.
func json(_ text: String) throws -> NSDictionary {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary
}
