import FlexSDK
import XCTest

/// Workspace queries, following every page.
final class WorkspaceTests: EmulatorTestCase {
    func testWorkersAcrossPages() async throws {
        let run = UUID().uuidString.prefix(8)
        var created: [String] = []
        for i in 1...5 {
            let sid = try await emulator.createWorker("swift-\(run)-\(i)", attributes: ["team": .string("paging-\(run)")])
            track(worker: sid)
            created.append(sid)
        }
        let workspace = client.getWorkspace()
        let all = try await workspace.fetchWorkersInfo()
        let paged = try await workspace.fetchWorkersInfo(filter: WorkersFilter(pageSize: 2))
        XCTAssertGreaterThanOrEqual(paged.count, 8)
        XCTAssertEqual(paged.map(\.sid), all.map(\.sid))
        XCTAssertEqual(Set(paged.map(\.sid)).count, paged.count, "no worker twice")
        let seeded = ["agent", "agent2", "supervisor"].map { emulator.user($0).workerSid }
        XCTAssertTrue(Set(paged.map(\.sid)).isSuperset(of: seeded + created))

        let team = try await workspace.fetchWorkersInfo(
            filter: WorkersFilter(targetWorkersExpression: "team == 'paging-\(run)'", pageSize: 2))
        XCTAssertEqual(Set(team.map(\.sid)), Set(created))
        let named = try await workspace.fetchWorkersInfo(filter: WorkersFilter(friendlyName: "swift-\(run)-3"))
        XCTAssertEqual(named.map(\.sid), [created[2]])
        XCTAssertEqual(named.first?.activityName, "Offline")
        XCTAssertEqual(named.first?.workspaceSid, emulator.world.workspaceSid)

        let one = try await workspace.fetchWorkerInfo(workerSid: created[0])
        XCTAssertEqual(one.name, "swift-\(run)-1")
        XCTAssertEqual(one.attributes["team"]?.stringValue, "paging-\(run)")
    }

    func testTaskQueuesAcrossPages() async throws {
        let workspace = client.getWorkspace()
        let queues = try await workspace.fetchTaskQueues(filter: TaskQueuesFilter(pageSize: 1))
        XCTAssertEqual(Set(queues.map(\.sid)), Set(emulator.world.queues.values))
        let all = try await workspace.fetchTaskQueues()
        XCTAssertEqual(queues.map(\.sid), all.map(\.sid))

        let voice = try await workspace.fetchTaskQueue(queueSid: emulator.world.queues["voice"]!)
        XCTAssertEqual(voice.sid, emulator.world.queues["voice"])
        XCTAssertEqual(voice.targetWorkers, "1==1")
        let named = try await workspace.fetchTaskQueues(filter: TaskQueuesFilter(friendlyName: voice.name))
        XCTAssertEqual(named.map(\.sid), [voice.sid])
    }

    func testFetchTask() async throws {
        let reservation = try await reserve(["customer": "Jo"])
        let task = try await client.getWorkspace().fetchTask(taskSid: reservation.task.sid)
        XCTAssertEqual(task.sid, reservation.task.sid)
        XCTAssertEqual(task.status, .reserved)
        XCTAssertEqual(task.queueSid, emulator.world.queues["voice"])
        XCTAssertEqual(task.attributes["customer"], "Jo")
    }

    func testPageSizeOutOfRangeIsInvalidParams() async throws {
        let workspace = client.getWorkspace()
        for size: UInt32 in [0, 1001] {
            let workers = await expectFlexError { try await workspace.fetchWorkersInfo(filter: WorkersFilter(pageSize: size)) }
            XCTAssertEqual(workers?.code, .invalidParams, "workers page size \(size)")
            let queues = await expectFlexError { try await workspace.fetchTaskQueues(filter: TaskQueuesFilter(pageSize: size)) }
            XCTAssertEqual(queues?.code, .invalidParams, "queues page size \(size)")
        }
    }
}
