import FlexSDK
import XCTest

/// Secrets: `Secret` and the records holding one never show the value in their string forms.
final class SecretTests: EmulatorTestCase {
    override class var connectsAgent: Bool { false }

    /// Fails when any string form of `value` contains one of `secrets`.
    private func assertRedacted<T>(_ value: T, _ secrets: [String], file: StaticString = #filePath, line: UInt = #line) {
        var dumped = ""
        dump(value, to: &dumped)
        for text in [String(describing: value), String(reflecting: value), "\(value)", dumped] {
            for secret in secrets where !secret.isEmpty {
                XCTAssertFalse(text.contains(secret), "\(secret) in \(text)", file: file, line: line)
            }
        }
    }

    func testSecretNeverShowsItsValue() {
        let secret = Secret(value: "s3cr3t-value")
        XCTAssertEqual(secret.reveal(), "s3cr3t-value")
        assertRedacted(secret, ["s3cr3t-value"])
        assertRedacted([secret], ["s3cr3t-value"])
        assertRedacted(Optional(secret), ["s3cr3t-value"])
        XCTAssertEqual(secret, Secret(value: "s3cr3t-value"))
        XCTAssertNotEqual(secret, Secret(value: "other"))
    }

    func testRecordsHoldingSecretsNeverShowThem() async throws {
        let (authorization, tokens) = try await emulator.signIn()
        let secrets = [tokens.accessToken.reveal(), tokens.refreshToken.reveal(), authorization.code,
                       authorization.details.codeVerifier.reveal()]
        assertRedacted(tokens, secrets)
        assertRedacted(authorization.details, secrets)
        assertRedacted(authorization.exchangeParams(), secrets)
        assertRedacted(RefreshTokenParams(refreshToken: tokens.refreshToken, ssoProfileSid: authorization.config.ssoProfileSid),
                       secrets)
        let options = emulator.renewingOptions(authorization, refreshToken: tokens.refreshToken)
        assertRedacted(options, secrets)

        let client = try await createClient(token: tokens.accessToken.reveal(), options: options)
        let events = watch(client)
        assertRedacted(client.token(), secrets)
        try await client.updateToken(token: tokens.accessToken.reveal(), refreshToken: tokens.refreshToken.reveal())
        let updated = try await events.waitFor(kind: "tokenUpdated")
        XCTAssertEqual(updated.tokens?.refreshToken?.reveal(), tokens.refreshToken.reveal())
        assertRedacted(updated, secrets)
        assertRedacted(events.events, secrets)
    }
}
