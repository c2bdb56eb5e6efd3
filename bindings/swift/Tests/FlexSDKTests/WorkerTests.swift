import FlexSDK
import XCTest

/// Worker actions: activity and attributes, observed through events.
final class WorkerTests: EmulatorTestCase {
    func testSetActivityEmitsEvent() async throws {
        let available = emulator.activity("available")
        let worker = try await client.setCurrentActivity(activitySid: available, rejectPendingReservations: false)
        XCTAssertEqual(worker.activitySid, available)
        XCTAssertTrue(worker.available)
        let event = try await events.waitFor("workerActivityUpdated") { $0.worker?.activitySid == available }
        XCTAssertEqual(event.worker?.activityName, "Available")
        XCTAssertEqual(try client.getWorker().activitySid, available)
    }

    func testSetAndMergeAttributes() async throws {
        var worker = try await client.setAttributes(
            attributes: ["skills": ["billing"], "routing": ["level": 1]], mergeExisting: false)
        XCTAssertEqual(worker.attributes, ["skills": ["billing"], "routing": ["level": 1]])

        worker = try await client.setAttributes(attributes: ["routing": ["team": "blue"], "pager": "42"], mergeExisting: true)
        let merged: JSONValue = ["skills": ["billing"], "routing": ["level": 1, "team": "blue"], "pager": "42"]
        XCTAssertEqual(worker.attributes, merged)
        let event = try await events.waitFor("workerAttributesUpdated with pager") {
            guard case let .workerAttributesUpdated(w) = $0 else { return false }
            return w.attributes["pager"] != nil
        }
        XCTAssertEqual(event.worker?.attributes, merged)
        XCTAssertEqual(try client.getWorker().attributes["pager"]?.stringValue, "42")
        XCTAssertEqual(try client.getWorker().attributes["routing"]?["level"]?.intValue, 1)
    }

    /// Attributes bridge to the app's own `Codable` types.
    func testAttributesAsCodable() async throws {
        struct Routing: Codable, Equatable {
            var skills: [String]
            var level: Int
        }
        struct Profile: Codable, Equatable {
            var fullName: String
            var routing: Routing
        }
        let profile = Profile(fullName: "Ada", routing: Routing(skills: ["sales", "billing"], level: 3))
        let worker = try await client.setAttributes(attributes: try JSONValue(encoding: profile), mergeExisting: false)
        XCTAssertEqual(try worker.attributes.decode(Profile.self), profile)
        XCTAssertEqual(worker.attributes["fullName"], "Ada")
    }
}
