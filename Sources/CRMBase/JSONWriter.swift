// JSONWriter owns JSON output shared by the JSON and SARIF renderers: a small value tree
// with ordered object keys, string escaping and deterministic 2-space pretty printing.

/// A JSON value whose objects keep their keys in the order given, so output is stable.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    /// Key/value pairs in output order. Keys are not deduplicated.
    case object([(String, JSONValue)])

    /// `.string(s)` when `s` is non-nil, `.null` otherwise.
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let x): h.combine(1); h.combine(x)
        case .int(let x): h.combine(2); h.combine(x)
        case .string(let x): h.combine(3); h.combine(x)
        case .array(let x): h.combine(4); h.combine(x)
        case .object(let x):
            h.combine(5)
            for (k, v) in x { h.combine(k); h.combine(v) }
        }
    }
}

/// Serialises `JSONValue`s: pretty-printed with 2-space indentation and `": "` after keys,
/// empty arrays and objects as `[]` and `{}`, and a trailing newline after the document.
public enum JSONWriter {
    /// `document(_:)` returns `value` pretty-printed, followed by a newline.
    public static func document(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return out
    }

    /// `quote(_:)` returns `s` as a JSON string literal, quotes included. `"` and `\` are
    /// backslash-escaped; control characters U+0000-001F and U+007F, and the line and
    /// paragraph separators U+2028/U+2029 (which break JavaScript), become `\uXXXX`;
    /// every other scalar, including all non-ASCII text, is kept as UTF-8.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x00..<0x20, 0x7F, 0x2028, 0x2029: out += "\\u" + hex4(scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// Four upper-case hex digits, zero-padded.
    static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): out += quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                pad(indent + 1, &out)
                write(item, indent: indent + 1, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            pad(indent, &out)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, item)) in members.enumerated() {
                pad(indent + 1, &out)
                out += quote(key)
                out += ": "
                write(item, indent: indent + 1, into: &out)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            pad(indent, &out)
            out += "}"
        }
    }

    static func pad(_ level: Int, _ out: inout String) {
        out += String(repeating: "  ", count: level)
    }
}
