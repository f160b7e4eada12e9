// Value owns the run-time values of the language and their canonical spellings.
// Equality is the language's `==`: text compares Unicode scalar by scalar (not Swift's
// canonical equivalence, so "é" precomposed and "e\u{301}" differ, as length says they
// do), decimals and money numerically (0.30 == 0.3), durations by both parts
// (1 month != 30 days). Values of different kinds are never equal (the checker forbids
// the comparison anyway).

/// An enum member or lifecycle stage: its type's name, the member and its position
/// (declaration order, which orders stages).
public struct EnumMember: Sendable, Hashable {
    public var type: String
    public var name: String
    public var ordinal: Int
    public init(type: String, name: String, ordinal: Int) { self.type = type; self.name = name; self.ordinal = ordinal }
}

/// A run-time value.
public enum Value: Sendable {
    case int(Int64)
    case decimal(ExactDecimal)
    case money(ExactDecimal, currency: String)
    case bool(Bool)
    case text(String)
    /// Days since 1970-01-01 (proleptic Gregorian).
    case date(Int64)
    /// Microseconds since 1970-01-01T00:00Z.
    case datetime(Int64)
    /// Seconds since midnight (0...86399).
    case time(Int64)
    case duration(CalendarDuration)
    case enumMember(EnumMember)
    /// A record of an entity, by id (for `ref` fields; the store resolves it).
    case record(entity: String, id: Int64)
    case null
    case list([Value])

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The kind's name, for messages (`int`, `money(CNY)`, `list`).
    public var kindName: String {
        switch self {
        case .int: "int"
        case .decimal: "decimal"
        case .money(_, let c): "money(\(c))"
        case .bool: "bool"
        case .text: "text"
        case .date: "date"
        case .datetime: "datetime"
        case .time: "time"
        case .duration: "duration"
        case .enumMember(let m): m.type
        case .record(let e, _): "ref \(e)"
        case .null: "null"
        case .list: "list"
        }
    }
}

extension Value: Equatable, Hashable {
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): x == y
        case (.decimal(let x), .decimal(let y)): x == y
        case (.money(let x, let c), .money(let y, let d)): c == d && x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.text(let x), .text(let y)): x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.date(let x), .date(let y)), (.datetime(let x), .datetime(let y)), (.time(let x), .time(let y)): x == y
        case (.duration(let x), .duration(let y)): x == y
        case (.enumMember(let x), .enumMember(let y)): x.type == y.type && x.name == y.name
        case (.record(let e, let i), .record(let f, let j)): e == f && i == j
        case (.null, .null): true
        case (.list(let x), .list(let y)): x == y
        default: false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .int(let x): h.combine(0); h.combine(x)
        case .decimal(let x): h.combine(1); h.combine(x)
        case .money(let x, let c): h.combine(2); h.combine(x); h.combine(c)
        case .bool(let x): h.combine(3); h.combine(x)
        case .text(let s): h.combine(4); for u in s.unicodeScalars { h.combine(u.value) }
        case .date(let x): h.combine(5); h.combine(x)
        case .datetime(let x): h.combine(6); h.combine(x)
        case .time(let x): h.combine(7); h.combine(x)
        case .duration(let d): h.combine(8); h.combine(d)
        case .enumMember(let m): h.combine(9); h.combine(m.type); h.combine(m.name)
        case .record(let e, let i): h.combine(10); h.combine(e); h.combine(i)
        case .null: h.combine(11)
        case .list(let xs): h.combine(12); h.combine(xs)
        }
    }
}

extension Value {
    /// `compare(_:_:)` orders two values of one ordered kind: -1, 0 or 1; nil when they
    /// are not comparable (different kinds or currencies, `1 month` vs `30 days`).
    /// Text is ordered by Unicode scalar values, not by collation or graphemes.
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return cmp(x, y)
        case (.decimal(let x), .decimal(let y)): return ExactDecimal.compare(x, y)
        case (.money(let x, let c), .money(let y, let d)): return c == d ? ExactDecimal.compare(x, y) : nil
        case (.date(let x), .date(let y)), (.datetime(let x), .datetime(let y)), (.time(let x), .time(let y)): return cmp(x, y)
        case (.duration(let x), .duration(let y)): return CalendarDuration.compare(x, y)
        case (.enumMember(let x), .enumMember(let y)): return x.type == y.type ? cmp(x.ordinal, y.ordinal) : nil
        case (.text(let x), .text(let y)):
            var i = x.unicodeScalars.makeIterator(), j = y.unicodeScalars.makeIterator()
            while true {
                switch (i.next(), j.next()) {
                case (nil, nil): return 0
                case (nil, _): return -1
                case (_, nil): return 1
                case (let u?, let v?): if u != v { return u.value < v.value ? -1 : 1 }
                }
            }
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        default: return nil
        }
    }

    /// The canonical spelling, as `crm eval` prints it and string interpolation inserts
    /// it: ints plain; decimals shortest with at least one fractional digit (`0.3`,
    /// `2.0`); money with at least two (`123.45 CNY`, `100.00 CNY`); dates ISO
    /// (`2026-03-02`); datetimes local in `calendar`'s zone as a literal
    /// (`2026-03-02T09:00`); times `09:00`; durations `1 month 3 days`; enum members by
    /// name; text as is (quoted only inside a list); null as `null`.
    public func canonical(in calendar: ZonedCalendar?) -> String {
        switch self {
        case .int(let n): return String(n)
        case .decimal(let d): return d.description
        case .money(let d, let c): return d.formatted(minFraction: 2) + " " + c
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return s
        case .date(let d): return CivilDate(days: d).iso
        case .datetime(let t):
            guard let calendar else { return ZonedCalendar.utcFormat(t) }
            return calendar.format(instant: t)
        case .time(let s): return CivilDate.timeText(s)
        case .duration(let d): return d.description
        case .enumMember(let m): return m.name
        case .record(let e, let id): return "\(e)#\(id)"
        case .null: return "null"
        case .list(let xs):
            return "[" + xs.map { x in
                if case .text(let s) = x { return Value.quoted(s) }
                return x.canonical(in: calendar)
            }.joined(separator: ", ") + "]"
        }
    }

    /// A string literal spelling of `s` (for lists of text).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "{": out += "\\{"
            case "}": out += "\\}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

extension ZonedCalendar {
    /// UTC text for a datetime when no zone is known.
    static func utcFormat(_ t: Int64) -> String {
        ZonedCalendar(identifier: "UTC").map { $0.format(instant: t) + "Z" } ?? String(t)
    }
}
