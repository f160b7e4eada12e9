// The types of the language. Optional types are explicit; `error` is the type of a broken
// expression and unifies with everything, so one mistake is reported once.

public enum CRMType: Hashable, Sendable, CustomStringConvertible {
    case text, int, decimal, bool, date, datetime, time, duration
    case email, phone, url
    /// Money in a currency; nil currency only for a literal whose currency is unknown.
    case money(String)
    case rating(Int)
    case autonumber
    case enumeration(String)
    /// The stages of one lifecycle: (entity, lifecycle field).
    case stage(String, String)
    /// A reference to one record of an entity.
    case ref(String)
    /// Many records of an entity: a relation or every record (`Lead` in a report).
    case many(String)
    // Only the recursive cases are indirect: a fully `indirect enum` boxed every
    // `.money("CNY")` and `.ref("Lead")` it built, ~8% of check time in malloc/free.
    indirect case set(CRMType)
    indirect case list(CRMType)
    indirect case optional(CRMType)
    /// A sales team (for routing).
    case team
    /// The type of `null`.
    case null
    case error

    public var description: String {
        switch self {
        case .text: "text"
        case .int: "int"
        case .decimal: "decimal"
        case .bool: "bool"
        case .date: "date"
        case .datetime: "datetime"
        case .time: "time"
        case .duration: "duration"
        case .email: "email"
        case .phone: "phone"
        case .url: "url"
        case .money(let c): "money(\(c))"
        case .rating(let n): "rating(\(n))"
        case .autonumber: "autonumber"
        case .enumeration(let n): n
        case .stage(let e, let f): "stage of \(e).\(f)"
        case .ref(let e): "ref \(e)"
        case .many(let e): "many \(e)"
        case .set(let t): "set<\(t)>"
        case .list(let t): "list<\(t)>"
        case .optional(let t): "\(t)?"
        case .team: "team"
        case .null: "null"
        case .error: "error"
        }
    }

    /// The type without its optional wrapper.
    public var unwrapped: CRMType {
        if case .optional(let t) = self { return t }
        return self
    }
    public var isOptional: Bool {
        if case .optional = self { return true }
        return self == .null
    }
    public var isError: Bool { self == .error || unwrapped == .error }
    public var optional: CRMType { isOptional || self == .error ? self : .optional(self) }

    /// Text-like types share the string operations.
    public var isTextual: Bool {
        switch self { case .text, .email, .phone, .url, .autonumber: true; default: false }
    }
    public var isNumeric: Bool { self == .int || self == .decimal }
    /// Types with an order for `<`, `max`, sorting.
    public var isOrdered: Bool {
        switch self {
        case .int, .decimal, .money, .date, .datetime, .time, .duration, .rating, .stage: true
        default: isTextual
        }
    }
    /// The element type of a collection, or nil.
    public var element: CRMType? {
        switch self {
        case .set(let t), .list(let t): t
        case .many(let e): .ref(e)
        default: nil
        }
    }

    /// `accepts(_:)` says whether a value of type `value` may be stored where `self` is
    /// expected: the same type, `error`, a non-optional into an optional, `null` into an
    /// optional, text into email/phone/url (checked at run time), an int into a rating.
    public func accepts(_ value: CRMType) -> Bool {
        if isError || value.isError || self == value { return true }
        if case .optional(let inner) = self {
            if value == .null { return true }
            return inner.accepts(value.unwrapped)
        }
        if value.isOptional { return false }
        switch (self, value) {
        case (.email, .text), (.phone, .text), (.url, .text), (.autonumber, .text): return true
        case (.rating, .int): return true
        case (.set(let a), .set(let b)), (.list(let a), .list(let b)), (.set(let a), .list(let b)):
            return a.accepts(b)
        default: return false
        }
    }
}
