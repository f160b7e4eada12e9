// ValueStorage owns the conversion between the runtime's `Value` and the store's
// `StoredValue`. The store keeps only what identifies a value (an enum member is its
// ordinal, a reference its RecordID); the IR's field types supply the rest on the way
// back (the enum's name, the referenced entity's name).
import CRMStore

/// How a slot's stored values map back to runtime values: the facts `StoredValue` drops.
public enum SlotKind: Sendable, Equatable {
    /// Stored as is (numbers, text, dates, lists of those).
    case plain
    /// An enum or a lifecycle stage: the type name and its member names by ordinal.
    case enumeration(String, [String])
    /// A reference to a record of the entity with this IR index and name.
    case ref(entity: Int, name: String)
    /// A set or list whose elements are of the inner kind.
    indirect case list(SlotKind)
}

extension ExactDecimal {
    /// The decimal as the store keeps it.
    var stored: StoredDecimal {
        let c = coefficient
        return StoredDecimal(high: Int64(truncatingIfNeeded: c >> 64), low: UInt64(truncatingIfNeeded: c),
                             scale: UInt8(clamping: scale))
    }

    /// A stored decimal back as an ExactDecimal; nil if out of range.
    static func from(_ d: StoredDecimal) -> ExactDecimal? {
        let c = (Int128(d.high) << 64) | Int128(d.low)
        return ExactDecimal(coefficient: c, scale: Int(d.scale))
    }
}

public enum ValueStorage {
    /// `store(_:)` converts a runtime value for a slot; records become RecordIDs (by
    /// the entity numbers in `entityIDs`; an unknown entity stores null).
    public static func store(_ v: Value, entityIDs: [String: Int]) -> StoredValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .decimal(let d): return .decimal(d.stored)
        case .money(let d, let c): return .money(d.stored, currency: c)
        case .text(let s): return .text(s)
        case .date(let d): return .date(d)
        case .datetime(let t): return .datetime(t)
        case .time(let t): return .time(t)
        case .duration(let d): return .duration(months: d.months, micros: d.micros)
        case .enumMember(let m): return .enumMember(Int32(clamping: m.ordinal))
        case .record(let e, let id):
            guard let n = entityIDs[e] else { return .null }
            return .ref(RecordID(entity: EntityID(n), number: UInt32(clamping: id)))
        case .list(let xs): return .list(xs.map { store($0, entityIDs: entityIDs) })
        }
    }

    /// `load(_:kind:)` converts a stored value back, using the slot's kind.
    static func load(_ s: StoredValue, kind: SlotKind) -> Value {
        switch s {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .decimal(let d): return ExactDecimal.from(d).map(Value.decimal) ?? .null
        case .money(let d, let c): return ExactDecimal.from(d).map { .money($0, currency: c) } ?? .null
        case .text(let t): return .text(t)
        case .date(let d): return .date(d)
        case .datetime(let t): return .datetime(t)
        case .time(let t): return .time(t)
        case .duration(let m, let u): return .duration(CalendarDuration(months: m, micros: u))
        case .enumMember(let o):
            guard case .enumeration(let type, let members) = kind, o >= 0, Int(o) < members.count else { return .null }
            return .enumMember(EnumMember(type: type, name: members[Int(o)], ordinal: Int(o)))
        case .ref(let r):
            guard case .ref(_, let name) = kind else { return .null }
            return .record(entity: name, id: Int64(r.number))
        case .list(let xs):
            let inner: SlotKind = if case .list(let k) = kind { k } else { .plain }
            return .list(xs.map { load($0, kind: inner) })
        }
    }
}
