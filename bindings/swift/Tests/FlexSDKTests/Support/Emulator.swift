import FlexSDK
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An emulator started by `make test-swift` and its public REST API, called with the
/// account's Basic credentials. `FLEX_EMULATOR_URL` is the default one;
/// `FLEX_FAST_EMULATOR_URL` has short clocks, its flags in `FLEX_FAST_EMULATOR_ARGS`.
struct Emulator {
    /// The seeded world, from `GET /_emulator/world`.
    struct World: Decodable {
        struct User: Decodable {
            let identity: String
            let workerSid: String
            let flexUserSid: String
            let token: String
        }
        let baseUrl: String
        let accountSid: String
        let authToken: String
        let flexInstanceSid: String
        let workspaceSid: String
        let queues: [String: String]
        let activities: [String: String]
        let users: [String: User]
        let ssoProfileSid: String
        let clientId: String
        let runtimeDomain: String
    }

    static let defaultVariable = "FLEX_EMULATOR_URL"
    static let fastVariable = "FLEX_FAST_EMULATOR_URL"

    let world: World
    /// The emulator's command-line flags as numbers, e.g. `["sso-token-ttl-secs": 6]`.
    let flags: [String: Int]
    var baseURL: String { world.baseUrl }
    /// Service options pointing the standalone functions (sign-in, configuration) at it.
    var service: ServiceOptions { ServiceOptions(endpointOverride: baseURL) }

    /// Loads the world of the emulator whose URL is in the environment variable `variable`.
    static func connect(_ variable: String = defaultVariable) async throws -> Emulator {
        let env = ProcessInfo.processInfo.environment
        guard let url = env[variable] else {
            throw EmulatorError("\(variable) is not set: run the tests with `make test-swift`")
        }
        let data = try await send(URLRequest(url: URL(string: url + "/_emulator/world")!))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let args = env[variable.replacingOccurrences(of: "_URL", with: "_ARGS")] ?? ""
        var flags: [String: Int] = [:]
        let words = args.split(separator: " ").map(String.init)
        for (name, value) in zip(words, words.dropFirst()) where name.hasPrefix("--") {
            flags[String(name.dropFirst(2))] = Int(value)
        }
        return Emulator(world: try decoder.decode(World.self, from: data), flags: flags)
    }

    /// A numeric flag this emulator was started with (fails the test when missing).
    func flag(_ name: String) throws -> Int {
        guard let value = flags[name] else { throw EmulatorError("the emulator was not started with --\(name)") }
        return value
    }

    func user(_ name: String = "agent") -> World.User { world.users[name]! }
    func activity(_ name: String) -> String { world.activities[name]! }

    /// A fresh token for a seeded user, through the public Flex Tokens API.
    func mintToken(_ user: String = "agent", ttl: Int = 3600) async throws -> String {
        let u = self.user(user)
        let path = "/v4/Instances/\(world.flexInstanceSid)/Users/\(u.flexUserSid)/Tokens"
        let reply = try await request("POST", path, json: ["ttl": ttl])
        return reply["access_token"] as! String
    }

    /// Creates a task in a seeded queue through the public TaskRouter API; returns its SID.
    func createTask(_ attributes: JSONValue, channel: String = "voice", queue: String = "voice") async throws -> String {
        let form = ["TaskQueueSid": world.queues[queue]!, "TaskChannel": channel, "Attributes": attributes.jsonText]
        return try await request("POST", "/v1/Workspaces/\(world.workspaceSid)/Tasks", form: form)["sid"] as! String
    }

    /// Cancels a task through the public TaskRouter API, as a customer hanging up would.
    func cancelTask(_ sid: String, reason: String) async throws {
        let form = ["AssignmentStatus": "canceled", "Reason": reason]
        _ = try await request("POST", "/v1/Workspaces/\(world.workspaceSid)/Tasks/\(sid)", form: form)
    }

    /// Deletes a task (and cancels its pending reservations).
    func deleteTask(_ sid: String) async throws {
        _ = try await request("DELETE", "/v1/Workspaces/\(world.workspaceSid)/Tasks/\(sid)")
    }

    /// Creates an Offline worker through the public TaskRouter API; returns its SID.
    func createWorker(_ name: String, attributes: JSONValue = [:]) async throws -> String {
        let form = ["FriendlyName": name, "ActivitySid": activity("offline"), "Attributes": attributes.jsonText]
        return try await request("POST", "/v1/Workspaces/\(world.workspaceSid)/Workers", form: form)["sid"] as! String
    }

    /// Deletes a worker.
    func deleteWorker(_ sid: String) async throws {
        _ = try await request("DELETE", "/v1/Workspaces/\(world.workspaceSid)/Workers/\(sid)")
    }

    /// A worker as the public TaskRouter API shows it.
    func worker(_ sid: String) async throws -> [String: Any] {
        try await request("GET", "/v1/Workspaces/\(world.workspaceSid)/Workers/\(sid)")
    }

    /// Sets a worker's activity through the public TaskRouter API.
    func setActivity(worker: String, _ activity: String) async throws {
        let path = "/v1/Workspaces/\(world.workspaceSid)/Workers/\(worker)"
        _ = try await request("POST", path, form: ["ActivitySid": self.activity(activity)])
    }

    /// Replaces a worker's attributes through the public TaskRouter API.
    func setAttributes(worker: String, _ attributes: JSONValue) async throws {
        let path = "/v1/Workspaces/\(world.workspaceSid)/Workers/\(worker)"
        _ = try await request("POST", path, form: ["Attributes": attributes.jsonText])
    }

    /// Closes every event-bridge socket (test hook).
    func dropSockets() async throws {
        _ = try await request("POST", "/_emulator/drop-sockets")
    }

    /// Signs with a new key from now on and closes every event-bridge socket, as a server
    /// restarted with rotated keys: every token minted before is refused (401, 20101); `mintToken`
    /// signs with the new key (test hook). The tests after it mint their own tokens, so it is
    /// safe on the shared emulator.
    func rotateSigningKey() async throws {
        _ = try await request("POST", "/_emulator/rotate-signing-key")
    }

    /// Makes the next `count` SSO token refreshes fail with `status` (test hook; 0 resets).
    func failRefresh(count: Int, status: Int = 503) async throws {
        _ = try await request("POST", "/_emulator/fail-refresh", json: ["count": count, "status": status])
    }

    private func request(_ method: String, _ path: String, form: [String: String]? = nil,
                         json: [String: Any]? = nil) async throws -> [String: Any] {
        var req = URLRequest(url: URL(string: baseURL + path)!)
        req.httpMethod = method
        let credentials = Data("\(world.accountSid):\(world.authToken)".utf8).base64EncodedString()
        req.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        if let form {
            var c = URLComponents()
            c.queryItems = form.map { URLQueryItem(name: $0.key, value: $0.value) }
            // `+` is a space in a form body: encode it like the other reserved characters.
            let body = c.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B")
            req.httpBody = Data(body.utf8)
            req.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        } else if let json {
            req.httpBody = try JSONSerialization.data(withJSONObject: json)
            req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data = try await Self.send(req)
        return data.isEmpty ? [:] : try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Sends a request; fails on a non-2xx status.
    private static func send(_ request: URLRequest) async throws -> Data {
        try await withCheckedThrowingContinuation { done in
            URLSession.shared.dataTask(with: request) { data, response, error in
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if let error {
                    done.resume(throwing: error)
                } else if !(200..<300).contains(status) {
                    let body = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
                    done.resume(throwing: EmulatorError("\(request.httpMethod ?? "GET") \(request.url!) → \(status): \(body)"))
                } else {
                    done.resume(returning: data ?? Data())
                }
            }.resume()
        }
    }
}

struct EmulatorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
