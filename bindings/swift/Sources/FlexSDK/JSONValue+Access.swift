/// Reading a `JSONValue` without a `switch`: `attributes["routing"]?["skills"]?[0]?.stringValue`.
extension JSONValue {
    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case let .array(elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string of `.string`, else nil.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The number of `.number`, else nil.
    public var doubleValue: Double? {
        if case let .number(value) = self { return value }
        return nil
    }

    /// The number of `.number` when it is an integer that fits `Int`, else nil.
    public var intValue: Int? {
        if case let .number(value) = self, let int = Int(exactly: value) { return int }
        return nil
    }

    /// The Boolean of `.bool`, else nil.
    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The elements of `.array`, else nil.
    public var arrayValue: [JSONValue]? {
        if case let .array(value) = self { return value }
        return nil
    }

    /// The members of `.object`, else nil.
    public var objectValue: [String: JSONValue]? {
        if case let .object(value) = self { return value }
        return nil
    }
}
