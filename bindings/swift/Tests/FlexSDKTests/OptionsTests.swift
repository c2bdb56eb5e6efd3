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
}
