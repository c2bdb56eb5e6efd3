import FlexSDK
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The emulator's public REST API, with the account's Basic credentials from its world.
struct Backend {
    let url: String
    let world: [String: Any]

    /// Reads the seeded world of the emulator at `url` (`GET /_emulator/world`).
    static func connect(_ url: String) async throws -> Backend {
        let world = try await send(URLRequest(url: URL(string: url + "/_emulator/world")!))
        return Backend(url: url, world: world)
    }

    /// A string of the world at a key path, e.g. `world("queues", "voice")`.
    func world(_ keys: String...) -> String {
        var value: Any? = world
        for key in keys { value = (value as? [String: Any])?[key] }
        return value as! String
    }

    /// A token for a seeded user, through the Flex Tokens API.
    func mintToken(user: String = "agent") async throws -> String {
        let path = "/v4/Instances/\(world("flex_instance_sid"))/Users/\(world("users", user, "flex_user_sid"))/Tokens"
        return try await post(path, body: Data(#"{"ttl":3600}"#.utf8), type: "application/json")["access_token"] as! String
    }

    /// Creates a voice task through the TaskRouter API; returns its SID.
    func createTask(attributes: JSONValue) async throws -> String {
        var form = URLComponents()
        form.queryItems = [
            URLQueryItem(name: "TaskQueueSid", value: world("queues", "voice")),
            URLQueryItem(name: "TaskChannel", value: "voice"),
            URLQueryItem(name: "Attributes", value: attributes.jsonText),
        ]
        let body = Data(form.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B").utf8)
        let path = "/v1/Workspaces/\(world("workspace_sid"))/Tasks"
        return try await post(path, body: body, type: "application/x-www-form-urlencoded")["sid"] as! String
    }

    private func post(_ path: String, body: Data, type: String) async throws -> [String: Any] {
        var req = URLRequest(url: URL(string: url + path)!)
        req.httpMethod = "POST"
        req.httpBody = body
        req.setValue(type, forHTTPHeaderField: "Content-Type")
        let credentials = Data("\(world("account_sid")):\(world("auth_token"))".utf8).base64EncodedString()
        req.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        return try await Self.send(req)
    }

    /// What a browser does with a login URL, up to the redirect back to the app: its `Location`.
    static func browse(_ url: String) async throws -> String {
        final class NoRedirects: NSObject, URLSessionTaskDelegate {
            func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
                completionHandler(nil)
            }
        }
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { done in
            session.dataTask(with: URL(string: url)!) { _, response, error in
                guard error == nil, let location = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Location") else {
                    return done.resume(throwing: error ?? URLError(.badServerResponse))
                }
                done.resume(returning: location)
            }.resume()
        }
    }

    private static func send(_ request: URLRequest) async throws -> [String: Any] {
        try await withCheckedThrowingContinuation { done in
            URLSession.shared.dataTask(with: request) { data, response, error in
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                guard error == nil, (200..<300).contains(status), let data,
                      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    return done.resume(throwing: error ?? URLError(.badServerResponse))
                }
                done.resume(returning: json)
            }.resume()
        }
    }
}
