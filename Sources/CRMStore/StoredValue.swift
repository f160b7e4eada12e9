// StoredValue is the store's own value representation: what a slot holds. It mirrors
// the runtime's values without depending on them (the runtime converts), keeping only
// what identifies a value: an enum member is its ordinal (the schema knows the type), a
// reference is a RecordID.
//
// Layout matters here: records are contiguous arrays of StoredValue, so the stride is
// the per-field cost of every record. The largest inline payload is 17 bytes (a
// decimal's two words and its scale), so the stride is 24 bytes; money, which also
// carries a currency, is `indirect` so that it does not widen every slot to 40.
//
// Equality is the language's identity, not Swift's String equality: text compares by
// UTF-8 bytes (so by Unicode scalars — "é" precomposed and "e\u{301}" differ, as in the
// runtime), which unique indexes rely on.

/// An exact decimal as stored: a signed 128-bit coefficient split into two words, and
/// the number of fractional digits. value = coefficient / 10^scale.
public struct StoredDecimal: Hashable, Sendable {
    public var high: Int64
    public var low: UInt64
    public var scale: UInt8

    public init(high: Int64, low: UInt64, scale: UInt8) { self.high = high; self.low = low; self.scale = scale }

    /// A decimal whose coefficient fits in 64 bits.
    public init(_ coefficient: Int64, scale: UInt8) {
        self.high = coefficient < 0 ? -1 : 0
        self.low = UInt64(bitPattern: coefficient)
        self.scale = scale
    }

    /// The largest scale the encoding accepts (the runtime uses at most 18).
    public static let maxScale: UInt8 = 38
}

/// The value in one slot of a record.
public enum StoredValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case decimal(StoredDecimal)
    indirect case money(StoredDecimal, currency: String)
    case text(String)
    /// Days since 1970-01-01.
    case date(Int64)
    /// Microseconds since 1970-01-01T00:00Z.
    case datetime(Int64)
    /// Seconds since midnight.
    case time(Int64)
    case duration(months: Int64, micros: Int64)
    /// An enum member or stage, by ordinal.
    case enumMember(Int32)
    case ref(RecordID)
    case list([StoredValue])

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// Whether the value holds no reference (no text, list or boxed money): its bytes
    /// are the whole value, so a copy of them is a copy of it (MemoryStore.createPrepared).
    var isPlainData: Bool {
        switch self {
        case .text, .list, .money: false
        default: true
        }
    }
}

extension StoredValue: Hashable {
    public static func == (a: StoredValue, b: StoredValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.decimal(x), .decimal(y)): return x == y
        case let (.money(x, c), .money(y, d)): return x == y && c.utf8.elementsEqual(d.utf8)
        case let (.text(x), .text(y)): return x.utf8.elementsEqual(y.utf8)
        case let (.date(x), .date(y)): return x == y
        case let (.datetime(x), .datetime(y)): return x == y
        case let (.time(x), .time(y)): return x == y
        case let (.duration(m, u), .duration(n, v)): return m == n && u == v
        case let (.enumMember(x), .enumMember(y)): return x == y
        case let (.ref(x), .ref(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0 as UInt8)
        case .bool(let x): h.combine(1 as UInt8); h.combine(x)
        case .int(let x): h.combine(2 as UInt8); h.combine(x)
        case .decimal(let x): h.combine(3 as UInt8); h.combine(x)
        case .money(let x, let c): h.combine(4 as UInt8); h.combine(x); Self.hashBytes(c, into: &h)
        case .text(let s): h.combine(5 as UInt8); Self.hashBytes(s, into: &h)
        case .date(let x): h.combine(6 as UInt8); h.combine(x)
        case .datetime(let x): h.combine(7 as UInt8); h.combine(x)
        case .time(let x): h.combine(8 as UInt8); h.combine(x)
        case .duration(let m, let u): h.combine(9 as UInt8); h.combine(m); h.combine(u)
        case .enumMember(let x): h.combine(10 as UInt8); h.combine(x)
        case .ref(let r): h.combine(11 as UInt8); h.combine(r)
        case .list(let xs): h.combine(12 as UInt8); h.combine(xs.count); for x in xs { x.hash(into: &h) }
        }
    }

    /// Hashes the UTF-8 bytes, consistent with the byte-wise `==` above (Swift's own
    /// String hash follows canonical equivalence, which would disagree with it).
    private static func hashBytes(_ s: String, into h: inout Hasher) {
        h.combine(s.utf8.count)
        var s = s
        s.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension StoredValue: CustomStringConvertible {
    /// A short, unambiguous spelling for messages and test failures.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .decimal(let d): return d.debugText
        case .money(let d, let c): return "\(d.debugText) \(c)"
        case .text(let s): return "\"\(s)\""
        case .date(let d): return "date(\(d))"
        case .datetime(let t): return "datetime(\(t))"
        case .time(let t): return "time(\(t))"
        case .duration(let m, let u): return "duration(\(m) months, \(u) µs)"
        case .enumMember(let o): return "member(\(o))"
        case .ref(let r): return "ref(\(r))"
        case .list(let xs): return "[" + xs.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension StoredDecimal {
    /// coefficient words and scale, e.g. `0:12345e-2` (the store does no decimal
    /// arithmetic, so it does not print digits; the runtime does).
    var debugText: String {
        let fits = (high == 0 && low <= UInt64(Int64.max)) || (high == -1 && low > UInt64(Int64.max))
        return fits ? "\(Int64(bitPattern: low))e-\(scale)" : "\(high):\(low)e-\(scale)"
    }
}

extension StoredValue {
    /// The value as two words when it fits them — the audit log's inline form, its tag
    /// AuditLog.ValueTag's raw value: null 0, false 1, true 2, int 3, date 4,
    /// datetime 5, time 6, enum ordinal 7, reference 8, empty list 9. Equal values have
    /// equal words and different values different words; nil for text, decimals,
    /// money, durations and non-empty lists. A key made of these needs no reference
    /// counting and no hashing of strings (OutcomeCache in CRMRuntime). Inlinable: it
    /// runs per involved slot of every memoized creation.
    @inlinable public var inlineBits: (tag: UInt8, payload: UInt64)? {
        switch self {
        case .null: (0, 0)
        case .bool(let b): (b ? 2 : 1, 0)
        case .int(let i): (3, UInt64(bitPattern: i))
        case .date(let d): (4, UInt64(bitPattern: d))
        case .datetime(let t): (5, UInt64(bitPattern: t))
        case .time(let t): (6, UInt64(bitPattern: t))
        case .enumMember(let o): (7, UInt64(UInt32(bitPattern: o)))
        case .ref(let r): (8, UInt64(UInt32(bitPattern: r.entity)) << 32 | UInt64(r.number))
        case .list(let xs) where xs.isEmpty: (9, 0)
        default: nil
        }
    }
}
