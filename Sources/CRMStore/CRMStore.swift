// CRMStore owns the data a running model keeps: records as fixed-width slot arrays,
// unique and relation indexes over slots, timers, the outbox and the audit log, all
// behind the transactional `Store` protocol (Store.swift). `MemoryStore` is the default
// implementation; the file-backed store (issue 5) journals the `ChangeSet` each commit
// produces, using the binary encoding in Encoding/.
//
// The store knows nothing about the language: entities are small integers, fields are
// slot numbers, values are `StoredValue` (the store's own representation, converted to
// and from the runtime's `Value` by CRMRuntime). Names appear only in error messages.
// It depends on CRMBase alone.

/// An entity (record type), numbered by the runtime. Entities are declared with
/// `Store.declareEntity(_:_:)` before use; numbers must be in `0..<Int32(UInt16.max)`.
public typealias EntityID = Int32

/// A record's identity: its entity and its number within that entity.
///
/// Numbers are allocated per entity, 1, 2, 3, … in creation order and never reused
/// (a deleted record's number stays retired), so replaying the same committed changes
/// allocates the same ids — the determinism the charter requires.
public struct RecordID: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    public var entity: EntityID
    /// 1-based; 0 only in `RecordID.none`.
    public var number: UInt32

    public init(entity: EntityID, number: UInt32) { self.entity = entity; self.number = number }

    /// "No record": the owner of timers that belong to the model (schedules such as
    /// "every day at 09:00") and the subject of audit entries that concern no record.
    public static let none = RecordID(entity: -1, number: 0)

    public var isNone: Bool { entity < 0 }

    public static func < (a: RecordID, b: RecordID) -> Bool {
        (a.entity, a.number) < (b.entity, b.number)
    }

    public var description: String { isNone ? "none" : "\(entity)#\(number)" }
}

/// A timer's identity, allocated 1, 2, 3, … per store (deterministic, like record ids).
public typealias TimerID = UInt64

/// An outbox message's identity, allocated 1, 2, 3, … per store.
public typealias MessageID = UInt64

/// What the store needs to know about an entity: names (for error messages only) and
/// which slots carry a unique index or a relation (secondary) index.
public struct EntitySchema: Sendable, Equatable {
    public var name: String
    /// One name per slot; the count is the record width.
    public var slotNames: [String]
    /// Slots whose non-null values must be unique among live records of the entity.
    public var uniqueSlots: [Int]
    /// Slots indexed for `find(entity:slot:equals:)` — typically `ref` fields, so that
    /// "the opportunities of customer R" needs no scan.
    public var indexedSlots: [Int]

    public init(name: String, slotNames: [String], uniqueSlots: [Int] = [], indexedSlots: [Int] = []) {
        self.name = name
        self.slotNames = slotNames
        self.uniqueSlots = uniqueSlots
        self.indexedSlots = indexedSlots
    }

    /// The number of slots in each record.
    public var width: Int { slotNames.count }
}
