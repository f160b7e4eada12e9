// Store: the protocol the runtime writes through. One writer, transactions that commit
// whole or leave no trace, deterministic ids.
//
// Guarantees (also in the README, "Store"):
// - Every write happens inside a transaction (`begin` … `commit`/`rollback`, or the
//   `transaction { }` helper). Writes outside one throw `StoreError.noTransaction`.
// - The writer reads its own uncommitted writes (the interpreter needs them within an
//   event's cascade). Nothing uncommitted leaves the store: the ChangeSet, the journal
//   and every other observer see only committed transactions. `rollback` restores
//   records, indexes, timers, outbox, audit log and every id counter exactly, so the
//   next id allocated after a rollback is the one that would have been allocated had
//   the transaction never begun.
// - A refused operation (StoreError) changes nothing; the transaction stays open.
// - Ids (records per entity, timers, messages, audit sequence) are allocated 1, 2, 3,
//   … in operation order, so `apply`ing the committed ChangeSets of a store to a fresh
//   store with the same schema reproduces it exactly.
// - Timers come out in (fireAt, id) order; duplicate idempotency keys add no message.
//
// Reference types only (`AnyObject`): a store is one shared mutable thing.

/// One write of `createAudited`: a slot, its value before and after, and the cause.
public struct StoredWrite: Sendable {
    public var slot: Int
    public var before: StoredValue
    public var value: StoredValue
    public var cause: AuditCause
    public init(slot: Int, before: StoredValue, value: StoredValue, cause: AuditCause) {
        self.slot = slot; self.before = before; self.value = value; self.cause = cause
    }
}

/// A slot and the value put in it (`createAudited(_:base:overrides:…)`).
public struct SlotValue: Sendable {
    public var slot: Int
    public var value: StoredValue
    public init(slot: Int, value: StoredValue) { self.slot = slot; self.value = value }
}

/// A new record's creation checked and encoded once by a store (`prepareCreation`),
/// to be made again and again with other values (`createPrepared`). Opaque: only the
/// store that made it reads it.
public protocol PreparedCreation: AnyObject {}

/// A position inside the open transaction to roll back to (see `rollback(to:)`).
public struct Savepoint: Hashable, Sendable {
    let transaction: UInt64
    let undoCount: Int
    let changeCount: Int
}

/// Transactional storage of records, indexes, timers, outbox and audit log.
public protocol Store: AnyObject {
    // MARK: Schema (outside transactions; not journaled — the model defines it)

    /// Declares entity `id` with its width and indexes. Must precede any record of it.
    func declareEntity(_ id: EntityID, _ schema: EntitySchema) throws
    func schema(of entity: EntityID) -> EntitySchema?

    // MARK: Transactions

    var inTransaction: Bool { get }
    func begin() throws
    /// Makes the transaction's changes permanent and returns them.
    @discardableResult func commit() throws -> ChangeSet
    /// Undoes everything since `begin`.
    func rollback() throws
    func savepoint() throws -> Savepoint
    /// Undoes everything since `savepoint`; the transaction stays open. As in SQL,
    /// this invalidates savepoints taken after `savepoint`; do not use them again.
    func rollback(to savepoint: Savepoint) throws

    // MARK: Records

    func create(_ entity: EntityID, slots: [StoredValue]) throws -> RecordID
    /// Sets slots; returns the before-value of each, in the order given.
    @discardableResult func update(_ id: RecordID, _ changes: [(slot: Int, value: StoredValue)]) throws -> [StoredValue]
    /// Sets one slot; returns its before-value. Same semantics as `update(_:_:)` with
    /// one change (the default does exactly that); a requirement so that a store can
    /// skip the two arrays per write (the interpreter writes one slot at a time).
    @discardableResult func update(_ id: RecordID, slot: Int, to value: StoredValue) throws -> StoredValue
    /// Deletes the record (and cancels its timers); returns its last slots.
    @discardableResult func delete(_ id: RecordID) throws -> [StoredValue]
    func exists(_ id: RecordID) -> Bool
    /// All slots of a live record, or nil.
    func read(_ id: RecordID) -> [StoredValue]?
    /// `read` into `slots` (replacing what it held, reusing its buffer); false, and
    /// `slots` unchanged, if there is no such record. The default calls `read`.
    func read(_ id: RecordID, into slots: inout [StoredValue]) -> Bool
    /// `read(_:into:)` of only the slots in `wanted` (each in range): `slots`
    /// is made the record's width (new places null) and the other places are left as
    /// they were. For a reader that looks at a few slots of a wide record. False, and
    /// `slots` unchanged, if there is no such record (or a wanted slot is out of range).
    func read(_ id: RecordID, slots wanted: [Int], into slots: inout [StoredValue]) -> Bool
    /// One slot of a live record, or nil (no record, or slot out of range).
    func value(_ id: RecordID, slot: Int) -> StoredValue?
    /// Whether a live record's slot holds a value (not null); false if there is no such
    /// record or slot. The default reads `value`; a store may answer without copying it.
    func hasValue(_ id: RecordID, slot: Int) -> Bool
    /// Live records of an entity, in number order.
    func records(of entity: EntityID) -> [RecordID]
    func count(of entity: EntityID) -> Int

    // MARK: Indexes

    /// The live record whose unique `slot` holds `value`, if any.
    func lookupUnique(_ entity: EntityID, slot: Int, value: StoredValue) throws -> RecordID?
    /// Live records of `entity` whose indexed `slot` equals `value`, in number order.
    func find(_ entity: EntityID, slot: Int, equals value: StoredValue) throws -> [RecordID]

    // MARK: Timers

    func scheduleTimer(record: RecordID, rule: Int32, fireAt: Int64) throws -> TimerID
    func rescheduleTimer(_ id: TimerID, fireAt: Int64) throws
    func cancelTimer(_ id: TimerID) throws
    func timer(_ id: TimerID) -> TimerEntry?
    /// Pending timers of a record, by id.
    func timers(of record: RecordID) -> [TimerEntry]
    /// Pending timers with fireAt ≤ `time`, in (fireAt, id) order, at most `limit`.
    func dueTimers(upTo time: Int64, limit: Int) -> [TimerEntry]
    /// The first pending timer with fireAt ≤ `time`, if any: `dueTimers(upTo:limit: 1)`
    /// without the array (the default asks that).
    func nextDueTimer(upTo time: Int64) -> TimerEntry?
    /// Removes and returns the first due timer (recorded as fired), inside a transaction.
    func popDueTimer(upTo time: Int64) throws -> TimerEntry?
    var timerCount: Int { get }

    // MARK: Outbox

    /// Adds a message (its `id` is assigned) unless its idempotency key exists.
    func enqueue(_ message: OutboxMessage) throws -> EnqueueResult
    /// Marks a message delivered; returns false if it already was.
    @discardableResult func acknowledge(_ id: MessageID, at time: Int64) throws -> Bool
    func message(_ id: MessageID) -> OutboxMessage?
    func message(idempotencyKey: String) -> OutboxMessage?
    /// Undelivered messages in id order, at most `limit`.
    func pendingMessages(limit: Int) -> [OutboxMessage]

    // MARK: Audit log

    /// Appends an entry (its `sequence` is assigned) and returns the sequence.
    @discardableResult func appendAudit(_ entry: AuditEntry) throws -> UInt64
    /// Audits a new record: a `created` entry, then a field entry (before null, after
    /// the value) for each non-null value of `slots`, in slot order — exactly the
    /// entries those `appendAudit` calls would append (the default makes them). A
    /// requirement so that a store can do it in one step: the interpreter audits every
    /// record it creates this way, and one call per entry was ~19% of lead routing.
    func appendCreationAudit(time: Int64, actor: String, cause: AuditCause, record: RecordID,
                             slots: [StoredValue]) throws
    /// Creates a record, audits it, and applies a cascade of writes to it: exactly
    /// `create(entity, slots: initial)`, `appendCreationAudit(…, slots: initial)`, then
    /// per write in order `update(record, slot:, to: value)` and a field entry (before
    /// → value) with the write's cause — where `initial` is `final` with the writes
    /// undone (each slot back to its `before`, last write first). The caller vouches
    /// that each write changes its slot from `before`. The default makes those calls; a
    /// store may do it in one step (the interpreter creates records whose rules only
    /// write them this way, and hands over only the final slots it worked in).
    func createAudited(_ entity: EntityID, final: [StoredValue], writes: [StoredWrite],
                       time: Int64, actor: String, cause: AuditCause) throws -> RecordID
    /// `createAudited(entity, final:, …)` where `final` is `base` with each override put
    /// in its slot, in order (a later one for the same slot wins). The interpreter's
    /// memoized creations hand over a shared row and the command's own values this way
    /// where the store has no preparation for them (`prepareCreation`). The default
    /// assembles `final`.
    func createAudited(_ entity: EntityID, base: [StoredValue], overrides: [SlotValue], writes: [StoredWrite],
                       time: Int64, actor: String, cause: AuditCause) throws -> RecordID
    /// Checks and encodes, once, what `createAudited(entity, base:, overrides:, writes:,
    /// …, cause:)` does whatever the overrides, time and actor; nil if the store has no
    /// such shortcut for it (the default).
    func prepareCreation(_ entity: EntityID, base: [StoredValue], writes: [StoredWrite], cause: AuditCause) -> PreparedCreation?
    /// That `createAudited` with the prepared base, writes and cause; nil, with nothing
    /// done, if the preparation cannot be used now (another store's, change capture on,
    /// audit notes pending): the caller then calls `createAudited` itself.
    func createPrepared(_ prepared: PreparedCreation, overrides: [SlotValue], time: Int64, actor: String) throws -> RecordID?
    /// Sets one slot of a live record and audits it: exactly `update(record, slot:, to:)`
    /// then `appendAudit` of a field entry (before: the slot's value, after: `value`) with
    /// `cause`. Returns the before value. The default makes those calls; a store may do
    /// it in one step (the interpreter's straight-line cascade writes this way).
    @discardableResult
    func updateAudited(_ id: RecordID, slot: Int, to value: StoredValue, time: Int64, actor: String,
                       cause: AuditCause) throws -> StoredValue
    /// Entries with sequence ≥ `from`, at most `limit`, in sequence order.
    func auditEntries(from: UInt64, limit: Int) -> [AuditEntry]
    var auditCount: Int { get }

    // MARK: Replay and snapshots

    /// Replays a committed ChangeSet as one transaction (outside any open one),
    /// checking that it allocates the recorded ids. On error nothing is applied.
    func apply(_ changes: ChangeSet) throws
    /// The whole committed state as one ChangeSet that, applied to a fresh store with
    /// the same schema, reproduces it — ids, gaps and counters included (a deleted
    /// record is created empty and deleted; a retired timer id is scheduled and
    /// cancelled). The file store writes its checkpoints in this form, so snapshots
    /// and the journal share one encoding and one replay path.
    func snapshot() throws -> ChangeSet
}

extension Store {
    public func read(_ id: RecordID, into slots: inout [StoredValue]) -> Bool {
        guard let values = read(id) else { return false }
        slots = values
        return true
    }

    /// Runs `body` in a transaction: commits if it returns, rolls back if it throws.
    /// Returns the body's result and the committed changes.
    @discardableResult
    public func transaction<R>(_ body: () throws -> R) throws -> (result: R, changes: ChangeSet) {
        try begin()
        let result: R
        do {
            result = try body()
        } catch {
            try rollback()
            throw error
        }
        return (result, try commit())
    }

    public func dueTimers(upTo time: Int64) -> [TimerEntry] { dueTimers(upTo: time, limit: .max) }
    public func nextDueTimer(upTo time: Int64) -> TimerEntry? { dueTimers(upTo: time, limit: 1).first }
    public func pendingMessages() -> [OutboxMessage] { pendingMessages(limit: .max) }
    public func auditEntries() -> [AuditEntry] { auditEntries(from: 1, limit: .max) }

    public func appendCreationAudit(time: Int64, actor: String, cause: AuditCause, record: RecordID,
                                    slots: [StoredValue]) throws {
        try appendAudit(AuditEntry(time: time, actor: actor, cause: cause, record: record, change: .created))
        for (i, s) in slots.enumerated() where !s.isNull {
            try appendAudit(AuditEntry(time: time, actor: actor, cause: cause, record: record,
                                       change: .field(slot: Int32(i), before: .null, after: s)))
        }
    }

    public func createAudited(_ entity: EntityID, final: [StoredValue], writes: [StoredWrite],
                              time: Int64, actor: String, cause: AuditCause) throws -> RecordID {
        try createAuditedStepwise(entity, initial: Self.undoing(writes, from: final), writes: writes,
                                  time: time, actor: actor, cause: cause)
    }

    public func createAudited(_ entity: EntityID, base: [StoredValue], overrides: [SlotValue], writes: [StoredWrite],
                              time: Int64, actor: String, cause: AuditCause) throws -> RecordID {
        try createAudited(entity, final: Self.assembled(entity, base, overrides), writes: writes,
                          time: time, actor: actor, cause: cause)
    }

    public func hasValue(_ id: RecordID, slot: Int) -> Bool { value(id, slot: slot).map { !$0.isNull } ?? false }

    public func prepareCreation(_ entity: EntityID, base: [StoredValue], writes: [StoredWrite],
                                cause: AuditCause) -> PreparedCreation? { nil }

    public func createPrepared(_ prepared: PreparedCreation, overrides: [SlotValue], time: Int64,
                               actor: String) throws -> RecordID? { nil }

    /// `base` with each override put in its slot, in order; an override outside the row
    /// is refused as `update` refuses a slot the entity does not have.
    public static func assembled(_ entity: EntityID, _ base: [StoredValue], _ overrides: [SlotValue]) throws -> [StoredValue] {
        var slots = base
        for o in overrides {
            guard o.slot >= 0, o.slot < slots.count else {
                throw StoreError.noSuchSlot(entity: "#\(entity)", slot: o.slot, width: slots.count)
            }
            slots[o.slot] = o.value
        }
        return slots
    }

    /// `final` with `writes` undone, last first: the slots before them.
    public static func undoing(_ writes: [StoredWrite], from final: [StoredValue]) -> [StoredValue] {
        var slots = final
        for w in writes.reversed() where w.slot >= 0 && w.slot < slots.count { slots[w.slot] = w.before }
        return slots
    }

    @discardableResult
    public func updateAudited(_ id: RecordID, slot: Int, to value: StoredValue, time: Int64, actor: String,
                              cause: AuditCause) throws -> StoredValue {
        try updateAuditedStepwise(id, slot: slot, to: value, time: time, actor: actor, cause: cause)
    }

    /// `updateAudited` as the separate calls (the default, and a store's fallback).
    @discardableResult
    public func updateAuditedStepwise(_ id: RecordID, slot: Int, to value: StoredValue, time: Int64, actor: String,
                                      cause: AuditCause) throws -> StoredValue {
        let before = try update(id, slot: slot, to: value)
        try appendAudit(AuditEntry(time: time, actor: actor, cause: cause, record: id,
                                   change: .field(slot: Int32(slot), before: before, after: value)))
        return before
    }

    /// `createAudited` as the separate calls (the default, and a store's fallback).
    public func createAuditedStepwise(_ entity: EntityID, initial: [StoredValue], writes: [StoredWrite],
                                      time: Int64, actor: String, cause: AuditCause) throws -> RecordID {
        let id = try create(entity, slots: initial)
        try appendCreationAudit(time: time, actor: actor, cause: cause, record: id, slots: initial)
        for w in writes {
            let before = try update(id, slot: w.slot, to: w.value)
            try appendAudit(AuditEntry(time: time, actor: actor, cause: w.cause, record: id,
                                       change: .field(slot: Int32(w.slot), before: before, after: w.value)))
        }
        return id
    }

    /// `update` of one slot; returns its before-value.
    @discardableResult
    public func update(_ id: RecordID, slot: Int, to value: StoredValue) throws -> StoredValue {
        try update(id, [(slot: slot, value: value)])[0]
    }

    /// Replays the default implementation's way: each change through the public
    /// operations, checking recorded ids. Implementations may override for speed.
    public func replay(_ set: ChangeSet) throws {
        func expect<T: Equatable>(_ got: T, _ want: T, _ what: String) throws {
            if got != want { throw StoreError.replayMismatch("\(what): recorded \(want), allocated \(got)") }
        }
        try transaction {
            for change in set.changes {
                switch change {
                case let .create(id, slots):
                    try expect(try create(id.entity, slots: slots), id, "record id")
                case let .update(id, slot, value):
                    try update(id, [(slot: Int(slot), value: value)])
                case let .delete(id):
                    // delete cancels timers itself; the journal recorded those cancels
                    // before the delete, so by now there are none left to cancel.
                    try delete(id)
                case let .scheduleTimer(t):
                    try expect(try scheduleTimer(record: t.record, rule: t.rule, fireAt: t.fireAt), t.id, "timer id")
                case let .rescheduleTimer(id, at):
                    try rescheduleTimer(id, fireAt: at)
                case let .cancelTimer(id), let .fireTimer(id):
                    try cancelTimer(id)
                case let .enqueue(m):
                    let r = try enqueue(m)
                    try expect(r, .enqueued(m.id), "message")
                case let .acknowledge(id, at):
                    try acknowledge(id, at: at)
                case let .audit(e):
                    try expect(try appendAudit(e), e.sequence, "audit sequence")
                }
            }
        }
    }
}
