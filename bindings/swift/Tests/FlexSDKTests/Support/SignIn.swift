import FlexSDK
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a browser does with the login URL: loads the identity provider's page, submits its
/// form, and stops at the redirect back to the app (an app reads the code from it).
enum Browser {
    struct Page {
        let status: Int
        let body: String
        /// The `Location` of a redirect, not followed.
        let location: String?
    }

    /// Refuses every redirect, so the 3xx response itself reaches the caller.
    private final class NoRedirects: NSObject, URLSessionTaskDelegate {
        func urlSession(_ session: URLSession, task: URLSessionTask,
                        willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest,
                        completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }

    /// GETs `url` without following a redirect.
    static func open(_ url: URL) async throws -> Page {
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { done in
            session.dataTask(with: url) { data, response, error in
                if let error { return done.resume(throwing: error) }
                guard let http = response as? HTTPURLResponse else {
                    return done.resume(throwing: EmulatorError("no HTTP response from \(url)"))
                }
                let location = http.value(forHTTPHeaderField: "Location")
                done.resume(returning: Page(status: http.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self),
                                            location: location))
            }.resume()
        }
    }

    /// Signs in on the login page at `loginURL` as `identity` (the page's `login_hint`
    /// choice): loads the page, submits its GET form, returns the redirect's `Location`.
    static func signIn(_ loginURL: String, as identity: String) async throws -> String {
        let page = try await open(URL(string: loginURL)!)
        guard page.status == 200, let action = match(#"<form method="get" action="([^"]*)""#, in: page.body).first?.first else {
            throw EmulatorError("no login form at \(loginURL): \(page.status) \(page.body.prefix(300))")
        }
        guard page.body.contains(#"value="\#(identity)""#) else {
            throw EmulatorError("the login form offers no user \(identity)")
        }
        var form = URLComponents(string: loginURL)!
        form.path = unescape(action)
        form.queryItems = match(#"<input type="hidden" name="([^"]*)" value="([^"]*)">"#, in: page.body)
            .map { URLQueryItem(name: unescape($0[0]), value: unescape($0[1])) }
            + [URLQueryItem(name: "login_hint", value: identity)]
        form.percentEncodedQuery = form.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let redirect = try await open(form.url!)
        guard (300..<400).contains(redirect.status), let location = redirect.location else {
            throw EmulatorError("sign-in did not redirect: \(redirect.status) \(redirect.body.prefix(300))")
        }
        return location
    }

    private static func match(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }

    private static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// One SSO sign-in up to the authorization code, and its secrets.
struct Authorization {
    let config: AuthenticationConfig
    let details: LoginDetails
    /// Where the browser was sent back to.
    let location: URLComponents
    let code: String

    /// `exchangeToken` parameters for this sign-in.
    func exchangeParams(verifier: Secret? = nil) -> ExchangeTokenParams {
        ExchangeTokenParams(code: Secret(value: code), codeVerifier: verifier ?? details.codeVerifier, nonce: details.nonce,
                            ssoProfileSid: config.ssoProfileSid, appType: config.appType)
    }
}

extension Emulator {
    /// getAuthenticationConfig → getLoginDetails → the browser signs in as `identity` →
    /// the code from the redirect (its `state` checked).
    func authorize(as identity: String = "alice", redirectUrl: String? = nil,
                   appType: AppType? = nil) async throws -> Authorization {
        let configs = try await getAuthenticationConfig(
            params: AuthenticationConfigParams(accountSid: world.accountSid, appType: appType), service: service)
        guard let config = configs.first(where: \.active) else { throw EmulatorError("no active SSO configuration") }
        let details = try getLoginDetails(
            params: LoginDetailsParams(clientId: config.clientId, ssoProfileSid: config.ssoProfileSid,
                                       appType: appType, redirectUrl: redirectUrl),
            service: service)
        let location = try await Browser.signIn(details.loginUrl, as: identity)
        guard let back = URLComponents(string: location),
              let code = back.queryItems?.first(where: { $0.name == "code" })?.value else {
            throw EmulatorError("no code in the redirect \(location)")
        }
        guard back.queryItems?.first(where: { $0.name == "state" })?.value == details.state else {
            throw EmulatorError("the redirect \(location) does not carry the state")
        }
        return Authorization(config: config, details: details, location: back, code: code)
    }

    /// The whole sign-in: `authorize` then `exchangeToken`.
    func signIn(as identity: String = "alice") async throws -> (Authorization, TokenResponse) {
        let authorization = try await authorize(as: identity)
        return (authorization, try await exchangeToken(params: authorization.exchangeParams(), service: service))
    }

    /// Client options that renew the signed-in session's token automatically with `refreshToken`.
    func renewingOptions(_ authorization: Authorization, refreshToken: Secret,
                         marginMs: UInt64 = 60000, checkMs: UInt64 = 15000) -> ClientOptions {
        ClientOptions(endpointOverride: baseURL,
                      session: SessionOptions(autoUpdateToken: true, refreshToken: refreshToken,
                                              ssoProfileSid: authorization.config.ssoProfileSid,
                                              refreshMarginMs: marginMs, checkIntervalMs: checkMs))
    }
}
