import FlexSDK
import Foundation
import XCTest

/// SSO sign-in (PKCE) against the emulator's identity provider, token exchange and validation.
final class AuthTests: EmulatorTestCase {
    override class var connectsAgent: Bool { false }

    func testWholeSignInFlow() async throws {
        let world = emulator.world, service = emulator.service
        let configs = try await getAuthenticationConfig(
            params: AuthenticationConfigParams(accountSid: world.accountSid), service: service)
        XCTAssertEqual(configs.count, 1)
        let config = try XCTUnwrap(configs.first)
        XCTAssertEqual(config.clientId, world.clientId)
        XCTAssertEqual(config.ssoProfileSid, world.ssoProfileSid)
        XCTAssertEqual(config.connectionName, world.ssoProfileSid)
        XCTAssertEqual(config.accountSid, world.accountSid)
        XCTAssertEqual(config.instanceSid, world.flexInstanceSid)
        XCTAssertEqual(config.appType, .singlePageApp)
        XCTAssertTrue(config.active)

        let details = try getLoginDetails(
            params: LoginDetailsParams(clientId: config.clientId, ssoProfileSid: config.ssoProfileSid), service: service)
        XCTAssertEqual(details.codeVerifier.reveal().count, 64)
        XCTAssertTrue(details.loginUrl.hasPrefix(world.baseUrl + "/v1/Flex/Authorize?redirectUrl="), details.loginUrl)
        XCTAssertTrue(details.loginUrl.contains("codeChallenge=\(details.codeChallenge)"))
        XCTAssertTrue(details.loginUrl.hasSuffix("ssoProfileSid=\(config.ssoProfileSid)"))
        XCTAssertFalse(details.loginUrl.contains(details.codeVerifier.reveal()), "the verifier stays in the app")

        // The browser: the identity provider's page, its form submitted, the redirect not followed.
        let location = try await Browser.signIn(details.loginUrl, as: emulator.user("agent").identity)
        let back = try XCTUnwrap(URLComponents(string: location))
        XCTAssertTrue(location.hasPrefix(world.baseUrl + "/v1/Flex/Authentication/Callback?"), location)
        XCTAssertEqual(back.queryItems?.first { $0.name == "state" }?.value, details.state)
        let code = try XCTUnwrap(back.queryItems?.first { $0.name == "code" }?.value)

        let tokens = try await exchangeToken(
            params: ExchangeTokenParams(code: Secret(value: code), codeVerifier: details.codeVerifier, nonce: details.nonce,
                                        ssoProfileSid: config.ssoProfileSid),
            service: service)
        XCTAssertFalse(tokens.accessToken.reveal().isEmpty)
        XCTAssertFalse(tokens.refreshToken.reveal().isEmpty)
        let info = try XCTUnwrap(tokens.tokenInfo)
        XCTAssertEqual(info["worker_sid"]?.stringValue, emulator.user("agent").workerSid)

        let data = try await validateToken(accountSid: world.accountSid, token: tokens.accessToken.reveal(), service: service)
        XCTAssertTrue(data.valid)
        XCTAssertEqual(data.identity, emulator.user("agent").identity)
        XCTAssertEqual(data.workerSid, emulator.user("agent").workerSid)
        XCTAssertEqual(data.accountSid, world.accountSid)
        XCTAssertTrue(data.roles.contains("agent"))
        XCTAssertGreaterThan(data.expiresAt, Int64(Date().timeIntervalSince1970))

        // The signed-in agent works, with automatic renewal configured.
        let authorization = Authorization(config: config, details: details, location: back, code: code)
        let client = try await createClient(token: tokens.accessToken.reveal(), options: emulator.renewingOptions(authorization, refreshToken: tokens.refreshToken))
        let events = watch(client)
        XCTAssertEqual(try client.getWorker().sid, emulator.user("agent").workerSid)
        XCTAssertEqual(client.tokenInfo().expiresAt, data.expiresAt)
        _ = try await client.setCurrentActivity(activitySid: emulator.activity("available"), rejectPendingReservations: false)
        _ = try await events.waitFor("activity Available") { $0.worker?.activityName == "Available" }
    }

    func testMobileAppSignInReturnsToTheAppScheme() async throws {
        let authorization = try await emulator.authorize(as: emulator.user("agent2").identity,
                                                         redirectUrl: "myapp://callback", appType: .mobileApp)
        XCTAssertEqual(authorization.config.appType, .mobileApp)
        XCTAssertTrue(authorization.details.loginUrl.contains("redirectUrl=myapp%3A%2F%2Fcallback"))
        XCTAssertTrue(authorization.details.loginUrl.contains("appType=MobileApp"))
        XCTAssertEqual(authorization.location.scheme, "myapp")
        XCTAssertEqual(authorization.location.host, "callback")
        let tokens = try await exchangeToken(params: authorization.exchangeParams(), service: emulator.service)
        let data = try await validateToken(accountSid: emulator.world.accountSid, token: tokens.accessToken.reveal(), service: emulator.service)
        XCTAssertEqual(data.workerSid, emulator.user("agent2").workerSid)
    }

    func testLoginHintSkipsTheForm() async throws {
        let config = try await getAuthenticationConfig(
            params: AuthenticationConfigParams(accountSid: emulator.world.accountSid), service: emulator.service)[0]
        let details = try getLoginDetails(
            params: LoginDetailsParams(clientId: config.clientId, ssoProfileSid: config.ssoProfileSid,
                                       redirectUrl: "https://app.example/cb?x=1"),
            service: emulator.service)
        let page = try await Browser.open(URL(string: details.loginUrl + "&login_hint=" + emulator.user("agent2").identity)!)
        XCTAssertEqual(page.status, 302)
        let location = try XCTUnwrap(page.location)
        XCTAssertTrue(location.hasPrefix("https://app.example/cb?x=1&code="), location)
        let code = try XCTUnwrap(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
        let tokens = try await exchangeToken(
            params: ExchangeTokenParams(code: Secret(value: code), codeVerifier: details.codeVerifier, nonce: details.nonce,
                                        ssoProfileSid: config.ssoProfileSid),
            service: emulator.service)
        let data = try await validateToken(accountSid: emulator.world.accountSid, token: tokens.accessToken.reveal(), service: emulator.service)
        XCTAssertEqual(data.identity, emulator.user("agent2").identity)
    }

    func testAutoRenewalNeedsARefreshToken() async throws {
        let options = ClientOptions(endpointOverride: emulator.baseURL, session: SessionOptions(autoUpdateToken: true))
        let token = try await emulator.mintToken("agent")
        let error = await expectFlexError { try await createClient(token: token, options: options) }
        XCTAssertEqual(error?.code, .invalidParams)
    }

    func testRefreshTokensRotate() async throws {
        let (authorization, tokens) = try await emulator.signIn()
        let params = RefreshTokenParams(refreshToken: tokens.refreshToken, ssoProfileSid: authorization.config.ssoProfileSid)
        let renewed = try await refreshToken(params: params, service: emulator.service)
        XCTAssertNotEqual(renewed.refreshToken, tokens.refreshToken)
        let data = try await validateToken(accountSid: emulator.world.accountSid, token: renewed.accessToken.reveal(), service: emulator.service)
        XCTAssertEqual(data.workerSid, emulator.user("agent").workerSid)
        // The refresh token used is dead.
        let error = await expectFlexError { try await refreshToken(params: params, service: self.emulator.service) }
        XCTAssertEqual(error?.httpStatus, 400)
    }

    func testWrongVerifierIsRefused() async throws {
        let authorization = try await emulator.authorize()
        let other = try getLoginDetails(
            params: LoginDetailsParams(clientId: authorization.config.clientId, ssoProfileSid: authorization.config.ssoProfileSid),
            service: emulator.service)
        XCTAssertNotEqual(other.codeVerifier, authorization.details.codeVerifier)
        let error = await expectFlexError {
            try await exchangeToken(params: authorization.exchangeParams(verifier: other.codeVerifier), service: self.emulator.service)
        }
        assertInvalidGrant(error, "code_verifier")
    }

    func testReusedCodeIsRefused() async throws {
        let authorization = try await emulator.authorize()
        _ = try await exchangeToken(params: authorization.exchangeParams(), service: emulator.service)
        let error = await expectFlexError {
            try await exchangeToken(params: authorization.exchangeParams(), service: self.emulator.service)
        }
        assertInvalidGrant(error, "already used")
    }

    func testUnknownSsoProfileIsBadSsoSettings() async throws {
        let authorization = try await emulator.authorize()
        var params = authorization.exchangeParams()
        params.ssoProfileSid = "JB00000000000000000000000000000000"
        let error = await expectFlexError { try await exchangeToken(params: params, service: self.emulator.service) }
        XCTAssertEqual(error?.code, .badSsoSettings)
        XCTAssertEqual(error?.twilioCode, 70251)
    }

    func testBlankParametersAreInvalidParams() async throws {
        let login = await expectFlexError {
            try getLoginDetails(params: LoginDetailsParams(clientId: " ", ssoProfileSid: "JB1"), service: self.emulator.service)
        }
        XCTAssertEqual(login?.code, .invalidParams)
        let exchange = await expectFlexError {
            try await exchangeToken(params: ExchangeTokenParams(code: Secret(value: ""), codeVerifier: Secret(value: "v"), nonce: "n",
                                                                ssoProfileSid: "JB1"),
                                    service: self.emulator.service)
        }
        XCTAssertEqual(exchange?.code, .invalidParams)
    }

    func testTamperedTokenIsInvalid() async throws {
        let (_, tokens) = try await emulator.signIn()
        var parts = tokens.accessToken.reveal().split(separator: ".").map(String.init)
        XCTAssertEqual(parts.count, 3)
        // Another identity in the payload, the original signature.
        var payload = try JSONSerialization.jsonObject(with: base64url(parts[1])) as! [String: Any]
        var grants = payload["grants"] as! [String: Any]
        grants["identity"] = "mallory"
        payload["grants"] = grants
        parts[1] = base64url(try JSONSerialization.data(withJSONObject: payload))
        let tampered = parts.joined(separator: ".")
        let error = await expectFlexError {
            try await validateToken(accountSid: self.emulator.world.accountSid, token: tampered, service: self.emulator.service)
        }
        XCTAssertEqual(error?.code, .invalidAccessToken)
        XCTAssertEqual(error?.twilioCode, 20101)
        // The genuine token is still fine.
        let data = try await validateToken(accountSid: emulator.world.accountSid, token: tokens.accessToken.reveal(), service: emulator.service)
        XCTAssertTrue(data.valid)
    }

    /// An `exchangeToken` refusal: the server's 400 and message, kept on the error.
    private func assertInvalidGrant(_ error: FlexSdkError?, _ why: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotNil(error, file: file, line: line)
        XCTAssertEqual(error?.httpStatus, 400, file: file, line: line)
        let text = [error?.message, error?.details].compactMap { $0 }.joined(separator: " ")
        XCTAssertTrue(text.contains(why), "\(String(describing: error))", file: file, line: line)
    }
}

/// Sign-in and session renewal against the fast emulator (SSO tokens live 8 s, a session
/// at most 16 s, a code 2 s; see bindings/swift/scripts/with-emulator.sh).
final class SessionTests: EmulatorTestCase {
    override class var emulatorVariable: String { Emulator.fastVariable }
    override class var connectsAgent: Bool { false }
    /// Who signs in: the supervisor (sam), whom no other test on the fast emulator uses. (The
    /// emulator extends a worker's open sockets only when a renewed token outlives every token
    /// of that worker it has validated before, so another test's long-lived token for the same
    /// worker would make it close the socket at the first token's expiry.)
    private let user = "supervisor"

    /// A renewing client for a fresh sign-in: renewal starts 2 s before expiry, so two renewals
    /// are at least a second apart (token expiries are whole seconds).
    private func signedInClient() async throws -> (FlexClient, EventLog, Authorization, TokenResponse) {
        let (authorization, tokens) = try await emulator.signIn(as: emulator.user(user).identity)
        let client = try await createClient(token: tokens.accessToken.reveal(),
                                            options: try renewing(authorization, refreshToken: tokens.refreshToken))
        return (client, watch(client), authorization, tokens)
    }

    /// Options that renew with `refreshToken` 2 s before the token expires.
    private func renewing(_ authorization: Authorization, refreshToken: Secret) throws -> ClientOptions {
        let ttl = try emulator.flag("sso-token-ttl-secs")
        return emulator.renewingOptions(authorization, refreshToken: refreshToken, marginMs: UInt64(ttl - 2) * 1000, checkMs: 250)
    }

    /// Flips the agent's activity and waits for the listener to see it.
    private func flip(_ client: FlexClient, _ events: EventLog, to name: String) async throws {
        let seen = events.events.filter { $0.worker != nil }.count
        let worker = try await client.setCurrentActivity(activitySid: emulator.activity(name), rejectPendingReservations: false)
        XCTAssertEqual(worker.activitySid, emulator.activity(name))
        try await events.waitFor(seen + 1, "workerActivityUpdated") { $0.worker != nil }
    }

    func testRenewalKeepsTheSessionAlive() async throws {
        let (client, events, _, _) = try await signedInClient()
        let firstExpiry = client.tokenInfo().expiresAt
        // Keep working while the token is renewed, until three renewals and past the first token's expiry.
        var round = 0
        let deadline = Date().addingTimeInterval(30)
        while events.kinds.filter({ $0 == "tokenUpdated" }).count < 3 || Date().timeIntervalSince1970 < Double(firstExpiry) + 0.5 {
            try await flip(client, events, to: round % 2 == 0 ? "available" : "offline")
            round += 1
            XCTAssertLessThan(Date(), deadline, "no three renewals in 30 s: \(events.kinds)")
            if Date() > deadline { return }
            try await Task.sleep(nanoseconds: 300_000_000)
        }
        try await flip(client, events, to: "break")
        XCTAssertGreaterThan(client.tokenInfo().expiresAt, firstExpiry)
        XCTAssertEqual(client.connectionState(), .connected)
        XCTAssertEqual(client.tokenInfo().workerSid, emulator.user(user).workerSid)
        // Never expired, never failed, and the socket stayed open.
        let kinds = Set(events.kinds)
        XCTAssertFalse(kinds.contains("tokenExpired"), "\(events.kinds)")
        XCTAssertFalse(kinds.contains("tokenAutoUpdateFailed"), "\(events.kinds)")
        XCTAssertFalse(events.events.contains { $0.isConnection(.reconnecting) }, "\(events.kinds)")
        XCTAssertGreaterThan(round, 3)
    }

    /// An app persists the tokens of every `tokenUpdated`, quits, and restarts from them.
    func testAPersistedSessionRenewsAfterARestart() async throws {
        let (client, events, authorization, signedIn) = try await signedInClient()
        try await events.waitFor(kind: "tokenUpdated")
        client.destroy()
        try await events.waitForEnd()
        // What the app wrote last: the tokens of the last renewal before it quit.
        let saved = try XCTUnwrap(events.events.compactMap(\.tokens).last)
        let access = saved.accessToken.reveal(), refresh = try XCTUnwrap(saved.refreshToken).reveal()
        XCTAssertNotEqual(access, signedIn.accessToken.reveal())
        XCTAssertNotEqual(refresh, signedIn.refreshToken.reveal(), "refresh tokens rotate")

        // The app restarts from the saved strings.
        let restarted = try await createClient(
            token: access, options: try renewing(authorization, refreshToken: Secret(value: refresh)))
        let restartedEvents = watch(restarted)
        XCTAssertEqual(restarted.token().accessToken.reveal(), access)
        XCTAssertEqual(restarted.token().refreshToken?.reveal(), refresh)
        XCTAssertEqual(restarted.tokenInfo().workerSid, emulator.user(user).workerSid)

        // It renews again, with the saved refresh token, and keeps working.
        let renewal = try await restartedEvents.waitFor(kind: "tokenUpdated")
        let renewed = try XCTUnwrap(renewal.tokens)
        XCTAssertNotEqual(renewed.accessToken.reveal(), access)
        XCTAssertNotEqual(renewed.refreshToken?.reveal(), refresh)
        XCTAssertGreaterThan(renewed.expiresAt, saved.expiresAt)
        XCTAssertGreaterThanOrEqual(restarted.token().expiresAt, renewed.expiresAt)
        try await flip(restarted, restartedEvents, to: "available")
        XCTAssertEqual(restarted.connectionState(), .connected)
        XCTAssertFalse(restartedEvents.kinds.contains("tokenAutoUpdateFailed"), "\(restartedEvents.kinds)")
        XCTAssertFalse(restartedEvents.kinds.contains("tokenExpired"), "\(restartedEvents.kinds)")
    }

    func testMaxLifetimeReached() async throws {
        let maxLifetime = try emulator.flag("max-session-lifetime-secs")
        let signedIn = Int64(Date().timeIntervalSince1970)
        let (client, events, _, _) = try await signedInClient()
        let event = try await events.waitFor("tokenMaxLifetimeReached", timeout: TimeInterval(maxLifetime + 5)) {
            if case .tokenMaxLifetimeReached = $0 { return true }
            return false
        }
        guard case let .tokenMaxLifetimeReached(expiresAt) = event else { return }
        XCTAssertEqual(expiresAt, client.tokenInfo().expiresAt)
        XCTAssertEqual(Double(expiresAt), Double(signedIn + Int64(maxLifetime)), accuracy: 2)
        XCTAssertGreaterThanOrEqual(events.kinds.filter { $0 == "tokenUpdated" }.count, 2)
        // Renewal stops: no more refreshes, but the token in use still works until then.
        let renewals = events.kinds.filter { $0 == "tokenUpdated" }.count
        try await flip(client, events, to: "available")
        try await Task.sleep(nanoseconds: 1_500_000_000)
        XCTAssertEqual(events.kinds.filter { $0 == "tokenUpdated" }.count, renewals)
        XCTAssertEqual(events.kinds.filter { $0 == "tokenMaxLifetimeReached" }.count, 1)
        XCTAssertFalse(events.kinds.contains("tokenAutoUpdateFailed"))
    }

    func testFailedRefreshIsRetried() async throws {
        // A 5xx is first retried by the HTTP layer (3 attempts), so three 503s make one renewal fail;
        // it may pass, so renewal retries it.
        try await emulator.failRefresh(count: 3, status: 503)
        let (client, events, _, _) = try await signedInClient()
        let firstExpiry = client.tokenInfo().expiresAt
        let event = try await events.waitFor(kind: "tokenAutoUpdateFailed")
        let failure = try XCTUnwrap(event.failure)
        XCTAssertFalse(failure.terminal, "\(event)")
        XCTAssertNotNil(failure.retryInMs, "\(event)")
        XCTAssertEqual(failure.error.httpStatus, 503, "\(event)")
        // Retrying, or (the retry is due in 250 ms) already renewed.
        XCTAssertTrue([.retrying, .active].contains(client.renewalState()), "\(client.renewalState())")
        _ = try await events.waitFor(kind: "tokenUpdated")
        let renewal = events.kinds.filter { $0 == "tokenAutoUpdateFailed" || $0 == "tokenUpdated" }
        XCTAssertEqual(Array(renewal.prefix(2)), ["tokenAutoUpdateFailed", "tokenUpdated"])
        try await waitForRenewal(client, .active)
        XCTAssertGreaterThan(client.tokenInfo().expiresAt, firstExpiry)
        try await flip(client, events, to: "available")
        XCTAssertEqual(client.connectionState(), .connected)
        XCTAssertFalse(events.kinds.contains("tokenExpired"), "\(events.kinds)")
    }

    func testRefusedRefreshStopsRenewalUntilANewSignIn() async throws {
        // A 400 (invalid grant) means the refresh token is dead: renewal stops at once.
        try await emulator.failRefresh(count: 1, status: 400)
        let (client, events, _, _) = try await signedInClient()
        let event = try await events.waitFor(kind: "tokenAutoUpdateFailed")
        let failure = try XCTUnwrap(event.failure)
        XCTAssertTrue(failure.terminal, "\(event)")
        XCTAssertNil(failure.retryInMs, "\(event)")
        XCTAssertEqual(failure.error.httpStatus, 400, "\(event)")
        XCTAssertEqual(client.renewalState(), .stopped)

        // No other attempt while stopped (the check runs every 250 ms); the token in use still works.
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let renewal = events.kinds.filter { $0 == "tokenAutoUpdateFailed" || $0 == "tokenUpdated" }
        XCTAssertEqual(renewal, ["tokenAutoUpdateFailed"])
        XCTAssertEqual(client.renewalState(), .stopped)
        try await flip(client, events, to: "available")

        // The user signs in again: the new tokens resume renewal.
        let (_, again) = try await emulator.signIn(as: emulator.user(user).identity)
        let access = again.accessToken.reveal()
        try await client.updateToken(token: access, refreshToken: again.refreshToken.reveal())
        try await waitForRenewal(client, .active)
        XCTAssertEqual(client.token().accessToken.reveal(), access)
        // The automatic renewal after it: a tokenUpdated with another token than the one installed.
        let renewed = try await events.waitFor("a renewal after updateToken", timeout: 15) {
            guard let tokens = $0.tokens else { return false }
            return tokens.accessToken.reveal() != access
        }
        XCTAssertNotEqual(renewed.tokens?.refreshToken?.reveal(), again.refreshToken.reveal(), "the refresh token rotated")
        XCTAssertEqual(events.kinds.filter { $0 == "tokenAutoUpdateFailed" }.count, 1, "\(events.kinds)")
        XCTAssertEqual(client.renewalState(), .active)
        try await flip(client, events, to: "break")
        XCTAssertEqual(client.connectionState(), .connected)
    }

    /// Waits until the renewal state is `state` (the renewal task sets it just after its event).
    private func waitForRenewal(_ client: FlexClient, _ state: RenewalState, timeout: TimeInterval = 5,
                                file: StaticString = #filePath, line: UInt = #line) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while client.renewalState() != state, Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertEqual(client.renewalState(), state, file: file, line: line)
    }

    func testExpiredCodeIsRefused() async throws {
        let codeTtl = try emulator.flag("auth-code-ttl-secs")
        let authorization = try await emulator.authorize()
        try await Task.sleep(nanoseconds: UInt64(codeTtl) * 1_000_000_000 + 600_000_000)
        let error = await expectFlexError {
            try await exchangeToken(params: authorization.exchangeParams(), service: self.emulator.service)
        }
        XCTAssertEqual(error?.httpStatus, 400)
        let text = [error?.message, error?.details].compactMap { $0 }.joined(separator: " ")
        XCTAssertTrue(text.contains("expired"), "\(String(describing: error))")
    }

    func testLogRecordsReachASwiftListenerWithoutSecrets() async throws {
        let logs = LogRecorder()
        setLogListener(listener: logs)
        setLogLevel(level: .trace)
        onTearDown {
            setLogLevel(level: .error)
            removeLogListener()
        }
        let (client, events, authorization, tokens) = try await signedInClient()
        try await events.waitFor(kind: "tokenUpdated")
        try await flip(client, events, to: "available")
        _ = await expectFlexError { try await client.setAttributes(attributes: [], mergeExisting: true) }
        let renewed = try await logs.waitFor("a `token renewed` record") { $0.message.contains("token renewed") }
        XCTAssertEqual(renewed.level, .info)
        XCTAssertTrue(renewed.target.hasPrefix("flex_core"), renewed.target)
        XCTAssertGreaterThan(logs.items.count, 5)
        XCTAssertTrue(logs.items.contains { $0.level == .debug || $0.level == .trace })

        let secrets = [tokens.accessToken.reveal(), tokens.refreshToken.reveal(), authorization.code,
                       authorization.details.codeVerifier.reveal()]
            + tokens.accessToken.reveal().split(separator: ".").dropFirst().map(String.init)
        let jwt = try NSRegularExpression(pattern: #"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\."#)
        for record in logs.items {
            let text = ([record.target, record.message] + record.fields.flatMap { [$0.name, $0.value] }).joined(separator: " ")
            for secret in secrets {
                XCTAssertFalse(text.contains(secret), "a secret in \(text)")
            }
            XCTAssertNil(jwt.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "a JWT in \(text)")
            for field in record.fields where ["token", "access_token", "refresh_token", "code_verifier"].contains(field.name) {
                XCTAssertEqual(field.value, "[redacted]", "\(record)")
            }
        }
    }
}

/// Base64url without padding, both ways.
func base64url(_ text: String) -> Data {
    var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    s += String(repeating: "=", count: (4 - s.count % 4) % 4)
    return Data(base64Encoded: s)!
}

func base64url(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}
