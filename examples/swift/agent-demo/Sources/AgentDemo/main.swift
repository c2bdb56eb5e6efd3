// Agent demo: an agent signs in through SSO, takes one task from start to finish, rejects a
// second one, which is re-routed to another agent (bob) who takes it, all through FlexSDK.
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

/// The next offer of `offers`, or exits after 30 s.
func nextOffer(_ offers: AsyncStream<Reservation>) async -> Reservation {
    // `FlexTask` is FlexSDK's task snapshot; `Task` stays Swift's concurrency Task.
    let watchdog = Task {
        try await Task.sleep(nanoseconds: 30_000_000_000)
        step("no reservation within 30 s")
        exit(1)
    }
    defer { watchdog.cancel() }
    for await reservation in offers { return reservation }
    fatalError("the event stream ended")
}

let backend = try await Backend.connect(url)
let service = ServiceOptions(endpointOverride: url)

// Sign in through SSO as a mobile app would: the login URL opens in a browser, which comes
// back to the app's own scheme with a code; the code and the PKCE verifier give the tokens.
let config = try await getAuthenticationConfig(
    params: AuthenticationConfigParams(accountSid: backend.world("account_sid")), service: service)[0]
let login = try getLoginDetails(
    params: LoginDetailsParams(clientId: config.clientId, ssoProfileSid: config.ssoProfileSid,
                               redirectUrl: "flexdemo://callback"),
    service: service)
step("SSO profile \(config.ssoProfileSid): opening the login page")
let callback = try await Backend.browse(login.loginUrl + "&login_hint=" + backend.world("users", "agent", "identity"))
let back = URLComponents(string: callback)!
guard back.queryItems?.first(where: { $0.name == "state" })?.value == login.state,
      let code = back.queryItems?.first(where: { $0.name == "code" })?.value else {
    fatalError("the callback \(callback) has no code or another state")
}
let tokens = try await exchangeToken(
    params: ExchangeTokenParams(code: Secret(value: code), codeVerifier: login.codeVerifier, nonce: login.nonce,
                                ssoProfileSid: config.ssoProfileSid),
    service: service)
step("signed in through SSO: \(tokens.accessToken)")  // a Secret prints redacted; reveal() reads it

let session = SessionOptions(autoUpdateToken: true, refreshToken: tokens.refreshToken, ssoProfileSid: config.ssoProfileSid)
let client = try await createClient(token: tokens.accessToken.reveal(),
                                    options: ClientOptions(endpointOverride: url, session: session))
let aliceOffers = Offers("alice", client).stream
var worker = try client.getWorker()
step("connected as \(client.tokenInfo().identity) (token renewed automatically; persist the tokens of each "
     + "tokenUpdated event): worker \(worker.name) is \(worker.activityName)")
let activities = Dictionary(uniqueKeysWithValues: worker.activities.map { ($0.name, $0.sid) })

worker = try await client.setAttributes(attributes: ["routing": ["skills": ["billing", "sales"]]], mergeExisting: true)
step("attributes are now \(worker.attributes)")
worker = try await client.setCurrentActivity(activitySid: activities["Available"]!, rejectPendingReservations: false)
step("activity is now \(worker.activityName)")

let taskSid = try await backend.createTask(attributes: ["type": "inbound", "customer": "Carol", "reason": "billing"])
step("created task \(taskSid) through the TaskRouter API")
var reservation = await nextOffer(aliceOffers)
step("offered \(reservation.task.sid) for \(reservation.task.attributes["customer"]?.stringValue ?? "?"): \(reservation.task.attributes)")
reservation = try await client.acceptTask(taskSid: taskSid)
step("acceptTask -> reservation \(reservation.status)")
reservation = try await client.wrapUpTask(taskSid: taskSid)
step("wrapUpTask -> reservation \(reservation.status)")
reservation = try await client.completeTask(taskSid: taskSid, reason: "billing question answered")
step("completeTask -> reservation \(reservation.status)")
do {
    _ = try await client.acceptTask(taskSid: taskSid)
} catch let error as FlexSdkError where error.code == .taskReservationNotFound {
    step("acceptTask again -> \(error.code) (\(error.codeNumber)): \(error.message)")
}

// Alice is offered a second task; a second agent, bob, goes Available; alice rejects the
// task, which is re-routed to bob.
let secondSid = try await backend.createTask(attributes: ["type": "inbound", "customer": "Dan", "reason": "sales"])
step("created task \(secondSid)")
reservation = await nextOffer(aliceOffers)
let bob = try await createClient(token: try await backend.mintToken(user: "agent2"), options: ClientOptions(endpointOverride: url))
let bobOffers = Offers("bob", bob).stream
_ = try await bob.setCurrentActivity(activitySid: activities["Available"]!, rejectPendingReservations: false)
step("bob is Available")
reservation = try await client.rejectTask(taskSid: secondSid, activitySid: nil)
step("alice: rejectTask -> reservation \(reservation.status)")
reservation = await nextOffer(bobOffers)
step("bob offered \(reservation.task.sid)")
reservation = try await bob.acceptTask(taskSid: secondSid)
step("bob: acceptTask -> reservation \(reservation.status)")
reservation = try await bob.endTask(taskSid: secondSid)
step("bob: endTask -> reservation \(reservation.status)")
reservation = try await bob.endTask(taskSid: secondSid)
step("bob: endTask -> reservation \(reservation.status)")

for (who, c) in [("bob", bob), ("alice", client)] {
    worker = try await c.setCurrentActivity(activitySid: activities["Offline"]!, rejectPendingReservations: false)
    step("\(who): activity is now \(worker.activityName)")
}
bob.destroy()
client.destroy()
// Each event stream ends after its client's clientDestroyed.
for await _ in aliceOffers {}
for await _ in bobOffers {}
step("clients destroyed, their event streams ended")
