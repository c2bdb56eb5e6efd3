import FlexSDK
import Foundation
import XCTest

/// Configuration reads and writes through the standalone functions.
final class ConfigTests: EmulatorTestCase {
    override class var connectsAgent: Bool { false }

    func testPublicConfigByAccountOrRuntimeDomain() async throws {
        let world = emulator.world
        let byAccount = try await getPublicConfig(query: .accountSid(accountSid: world.accountSid), service: emulator.service)
        XCTAssertEqual(byAccount.accountSid, world.accountSid)
        XCTAssertEqual(byAccount.runtimeDomain, world.runtimeDomain)
        let byDomain = try await getPublicConfig(query: .runtimeDomain(runtimeDomain: world.runtimeDomain), service: emulator.service)
        XCTAssertEqual(byDomain, byAccount)
    }

    func testAccountAndFeaturesConfig() async throws {
        let token = try await emulator.mintToken("agent")
        let config = try await getAccountConfig(token: token, service: emulator.service)
        XCTAssertEqual(config["account_sid"]?.stringValue, emulator.world.accountSid)
        XCTAssertEqual(config["taskrouter_workspace_sid"]?.stringValue, emulator.world.workspaceSid)
        XCTAssertEqual(config["runtime_domain"]?.stringValue, emulator.world.runtimeDomain)

        let features = try await getFeaturesConfig(token: token, service: emulator.service, uiVersion: "3.0.0")
        XCTAssertFalse(features.insightsActive)
        let emulated = try XCTUnwrap(features.features.first { $0.id == "flex-emulator" })
        XCTAssertTrue(emulated.enabled)
        XCTAssertEqual(emulated.stage, "ga")
    }

    func testSetAccountConfig() async throws {
        let token = try await emulator.mintToken("supervisor")
        let accountSid = emulator.world.accountSid, service = emulator.service
        let original = try await getAccountConfig(token: token, service: service)["ui_attributes"] ?? [:]
        onTearDown {
            _ = try await setAccountConfig(accountSid: accountSid, token: token, config: ["ui_attributes": original], service: service)
        }
        let theme = JSONValue.string("swift-\(UUID().uuidString.prefix(8))")
        // camelCase in, snake_case as the server keeps it.
        let updated = try await setAccountConfig(
            accountSid: accountSid, token: token, config: ["uiAttributes": ["theme": theme]], service: service)
        XCTAssertEqual(updated["ui_attributes"]?["theme"], theme)
        let read = try await getAccountConfig(token: token, service: service)
        XCTAssertEqual(read["ui_attributes"]?["theme"], theme)
    }

    func testUnknownAccountConfigKeyIsRejected() async throws {
        let token = try await emulator.mintToken("supervisor")
        let before = try await getAccountConfig(token: token, service: emulator.service)
        let error = await expectFlexError {
            try await setAccountConfig(accountSid: self.emulator.world.accountSid, token: token,
                                       config: ["uiLanguage": "fr", "notAKey": 1], service: self.emulator.service)
        }
        XCTAssertEqual(error?.code, .invalidParams)
        XCTAssertEqual(error?.code.rawValue, 48926)
        XCTAssertTrue(error?.message.contains("notAKey is not a valid key") ?? false, "\(String(describing: error))")
        // Nothing was sent.
        let after = try await getAccountConfig(token: token, service: emulator.service)
        XCTAssertEqual(after["ui_language"], before["ui_language"])
    }

    func testAccountConfigMustBeAnObject() async throws {
        let token = try await emulator.mintToken("supervisor")
        let error = await expectFlexError {
            try await setAccountConfig(accountSid: self.emulator.world.accountSid, token: token,
                                       config: ["uiLanguage"], service: self.emulator.service)
        }
        XCTAssertEqual(error?.code, .invalidParams)
    }
}
