import FlexSDK
import XCTest

final class OptionsTests: XCTestCase {
    func testOptionsHaveFlexCoreDefaults() {
        let o = ClientOptions()
        XCTAssertEqual([o.connectTimeoutMs, o.requestTimeoutMs, o.eventTimeoutMs], [30000, 15000, 10000])
        XCTAssertTrue(o.setWorkerOfflineIfDisconnected)
        XCTAssertFalse(o.closeExistingSessions)
        XCTAssertNil(o.endpointOverride)
    }

    func testSessionOptionsDefaults() {
        let s = SessionOptions()
        XCTAssertFalse(s.autoUpdateToken)
        XCTAssertNil(s.refreshToken)
        XCTAssertEqual([s.refreshMarginMs, s.checkIntervalMs], [60000, 15000])
        XCTAssertNil(ClientOptions().session, "no renewal unless asked for")
        XCTAssertEqual(ServiceOptions().requestTimeoutMs, 15000)
    }
}
