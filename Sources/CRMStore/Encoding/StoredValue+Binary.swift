// The binary form of StoredValue: one tag byte, then the payload.
//
//   tag  kind        payload
//   0    null        —
//   1    false       —
//   2    true        —
//   3    int         i64
//   4    decimal     i64 high, u64 low, u8 scale (≤ 38)
//   5    money       decimal payload, string currency
//   6    text        string
//   7    date        i64 days
//   8    datetime    i64 µs
//   9    time        i64 seconds
//   10   duration    i64 months, i64 µs
//   11   enumMember  i32 ordinal
//   12   ref         record id (i32 entity, u32 number)
//   13   list        u32 count, values (nested at most StoreFormat.maxListDepth deep)
//
// Tags are part of the format: never renumber; add new kinds at the end and bump
// StoreFormat.version.

extension BinaryWriter {
    public mutating func value(_ v: StoredValue) {
        switch v {
        case .null: u8(0)
        case .bool(let b): u8(b ? 2 : 1)
        case .int(let i): u8(3); i64(i)
        case .decimal(let d): u8(4); decimal(d)
        case .money(let d, let c): u8(5); decimal(d); string(c)
        case .text(let s): u8(6); string(s)
        case .date(let d): u8(7); i64(d)
        case .datetime(let t): u8(8); i64(t)
        case .time(let t): u8(9); i64(t)
        case .duration(let m, let u): u8(10); i64(m); i64(u)
        case .enumMember(let o): u8(11); i32(o)
        case .ref(let r): u8(12); recordID(r)
        case .list(let xs):
            u8(13)
            count(xs.count)
            for x in xs { value(x) }
        }
    }

    private mutating func decimal(_ d: StoredDecimal) {
        i64(d.high); u64(d.low); u8(d.scale)
    }
}

extension BinaryReader {
    public mutating func value() throws -> StoredValue { try value(depth: 0) }

    private mutating func value(depth: Int) throws -> StoredValue {
        let at = offset
        let tag = try u8("value tag")
        switch tag {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try i64("int"))
        case 4: return .decimal(try decimal())
        case 5:
            let d = try decimal()
            return .money(d, currency: try string("currency"))
        case 6: return .text(try string("text"))
        case 7: return .date(try i64("date"))
        case 8: return .datetime(try i64("datetime"))
        case 9: return .time(try i64("time"))
        case 10:
            let m = try i64("duration months")
            return .duration(months: m, micros: try i64("duration micros"))
        case 11: return .enumMember(try i32("enum ordinal"))
        case 12: return .ref(try recordID("reference"))
        case 13:
            if depth >= StoreFormat.maxListDepth {
                throw fail("lists nested deeper than \(StoreFormat.maxListDepth)", at: at)
            }
            let n = try count("list")
            var xs: [StoredValue] = []
            xs.reserveCapacity(n)
            for _ in 0 ..< n { xs.append(try value(depth: depth + 1)) }
            return .list(xs)
        default:
            throw fail("unknown value tag \(tag)", at: at)
        }
    }

    private mutating func decimal() throws -> StoredDecimal {
        let high = try i64("decimal coefficient")
        let low = try u64("decimal coefficient")
        let at = offset
        let scale = try u8("decimal scale")
        if scale > StoredDecimal.maxScale {
            throw fail("decimal scale \(scale) exceeds \(StoredDecimal.maxScale)", at: at)
        }
        return StoredDecimal(high: high, low: low, scale: scale)
    }
}

extension StoredValue {
    /// This value alone, without a version byte (for embedding and tests).
    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.value(self)
        return w.bytes
    }

    /// Decodes exactly one value occupying all of `bytes`.
    public init(decoding bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        self = try r.value()
        if !r.isAtEnd { throw r.fail("\(r.remaining) trailing bytes after the value") }
    }
}
