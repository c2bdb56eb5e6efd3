// Agent demo: one agent takes one task from start to finish through FlexSDK.
//
//   make demo-swift                                  # starts an emulator on the host
//   swift run AgentDemo http://127.0.0.1:PORT        # against a running emulator
//                                                    # (or FLEX_EMULATOR_URL=… swift run AgentDemo)
import FlexSDK
import Foundation

let start = Date()

/// Prints one step with the time since start.
func step(_ text: String) {
    print(String(format: "[%6.3fs] ", Date().timeIntervalSince(start)) + text)
    fflush(stdout)
}

guard let url = CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["FLEX_EMULATOR_URL"] else {
    FileHandle.standardError.write(Data("usage: AgentDemo <emulator-url> (or FLEX_EMULATOR_URL)\n".utf8))
    exit(2)
}

let backend = try await Backend.connect(url)
let token = try await backend.mintToken()
step("minted a token through the Tokens API")

let client = try await createClient(token: token, options: ClientOptions(endpointOverride: url))
let offers = Offers()
let handle = client.addListener(listener: offers)
var worker = try client.getWorker()
step("connected as \(client.tokenInfo().identity): worker \(worker.name) is \(worker.activityName)")
let activities = Dictionary(uniqueKeysWithValues: worker.activities.map { ($0.name, $0.sid) })

worker = try await client.setCurrentActivity(activitySid: activities["Available"]!, rejectPendingReservations: false)
step("activity is now \(worker.activityName)")

let taskSid = try await backend.createTask(attributes: #"{"type":"inbound","customer":"Carol","reason":"billing"}"#)
step("created task \(taskSid) through the TaskRouter API")

// `Task` alone is FlexSDK's task snapshot; Swift's concurrency Task is `_Concurrency.Task`.
let watchdog = _Concurrency.Task {
    try await _Concurrency.Task.sleep(nanoseconds: 30_000_000_000)
    step("no reservation within 30 s")
    exit(1)
}
var offerIterator = offers.stream.makeAsyncIterator()
guard var reservation = await offerIterator.next() else { fatalError("the event stream ended") }
watchdog.cancel()
step("offered \(reservation.task.sid): \(reservation.task.attributes)")
reservation = try await client.acceptTask(taskSid: taskSid)
step("acceptTask -> reservation \(reservation.status)")
reservation = try await client.wrapUpTask(taskSid: taskSid)
step("wrapUpTask -> reservation \(reservation.status)")
reservation = try await client.completeTask(taskSid: taskSid)
step("completeTask -> reservation \(reservation.status)")

worker = try await client.setCurrentActivity(activitySid: activities["Offline"]!, rejectPendingReservations: false)
step("activity is now \(worker.activityName)")
handle.remove()
client.destroy()
step("client destroyed")
