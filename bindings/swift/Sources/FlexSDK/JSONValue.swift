import Foundation

/// A JSON value: worker and task attributes, media properties, configuration documents.
///
/// Literals build it (`let attributes: JSONValue = ["tier": "gold", "level": 2]`), `Codable`
/// bridges it to your own types (`JSONValue(encoding:)`, `decode(_:)`), and subscripts read it
/// (`worker.attributes["routing"]?["skills"]`). Numbers are `Double`s, exact for integers up
/// to 2^53.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])
}

extension JSONValue {
    /// Parses JSON text (any JSON value, not only an object); throws `DecodingError` on invalid text.
    public init(jsonText: String) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(jsonText.utf8))
    }

    /// Compact JSON text, object keys sorted; a non-finite number is written as `null`.
    public var jsonText: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(value): out += value ? "true" : "false"
        case let .number(value): out += Self.format(value)
        case let .string(value): Self.quote(value, to: &out)
        case let .array(elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if let int = Int64(exactly: value), abs(int) < 1 << 53 { return String(int) }
        return "\(value)"  // the shortest text that reads back as the same Double, e.g. 0.1, 1e+20
    }

    private static func quote(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

