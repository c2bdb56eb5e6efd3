import FlexSDK
import XCTest

/// `JSONValue`: JSON text both ways, literals, accessors and `Codable`.
final class JSONValueTests: XCTestCase {
    func testParsesEveryKindOfValue() throws {
        let value = try JSONValue(jsonText: #"{"a": [1, 2.5, -3e2, true, null, "x"], "b": {"c": "d"}, "e": false}"#)
        XCTAssertEqual(value, ["a": [1, 2.5, -300, true, .null, "x"], "b": ["c": "d"], "e": false])
        XCTAssertEqual(value["a"]?[1]?.doubleValue, 2.5)
        XCTAssertEqual(value["a"]?[0]?.intValue, 1)
        XCTAssertNil(value["a"]?[1]?.intValue)
        XCTAssertEqual(value["a"]?[3]?.boolValue, true)
        XCTAssertEqual(value["a"]?[4], .null)
        XCTAssertEqual(value["b"]?["c"]?.stringValue, "d")
        XCTAssertNil(value["missing"])
        XCTAssertNil(value["a"]?[9])
        XCTAssertEqual(value["b"]?.objectValue?.keys.sorted(), ["c"])
        XCTAssertEqual(value["a"]?.arrayValue?.count, 6)
        XCTAssertEqual(try JSONValue(jsonText: "42"), 42)
        XCTAssertEqual(try JSONValue(jsonText: #""text""#), "text")
        XCTAssertEqual(try JSONValue(jsonText: "null"), .null)
    }

    func testInvalidTextThrows() {
        for text in ["", "not json", "{", #"{"a": }"#] {
            XCTAssertThrowsError(try JSONValue(jsonText: text), text)
        }
    }

    func testWritesCompactSortedText() throws {
        let value: JSONValue = ["z": 1, "a": [true, .null, 0.5, -2], "m": "q\"uote\\ \n\u{1}é"]
        XCTAssertEqual(value.jsonText, #"{"a":[true,null,0.5,-2],"m":"q\"uote\\ \n\u0001é","z":1}"#)
        XCTAssertEqual(value.description, value.jsonText)
        XCTAssertEqual(try JSONValue(jsonText: value.jsonText), value)
        XCTAssertEqual(JSONValue.number(1e20).jsonText, "1e+20")
        XCTAssertEqual(JSONValue.number(.nan).jsonText, "null")
        XCTAssertEqual(JSONValue.number(9_007_199_254_740_991).jsonText, "9007199254740991")
    }

    func testCodable() throws {
        struct Crm: Codable, Equatable {
            var id: Int
            var tier: String?
        }
        let crm = Crm(id: 7, tier: "gold")
        let value = try JSONValue(encoding: crm)
        XCTAssertEqual(value, ["id": 7, "tier": "gold"])
        XCTAssertEqual(try value.decode(Crm.self), crm)
        // As a member of the app's own Codable types.
        struct Envelope: Codable, Equatable { var attributes: JSONValue }
        let envelope = Envelope(attributes: ["tags": ["a", "b"]])
        let data = try JSONEncoder().encode(envelope)
        XCTAssertEqual(try JSONDecoder().decode(Envelope.self, from: data), envelope)
        XCTAssertEqual(Set<JSONValue>([1, 1, "1"]).count, 2)
    }
}
