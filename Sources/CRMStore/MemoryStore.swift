// MemoryStore: the default Store, entirely in memory. See Store.swift for the
// guarantees; this file holds the state, transactions and records.
//
// Transactions use an undo log, not copies: each write applies in place and pushes
// the inverse operation; `rollback` replays the inverses newest first through the same
// primitives (EntityTable, TimerQueue), which keep indexes right. Id counters are
// implicit (records allocated, timers and messages allocated, audit length), so undoing
// the operations in reverse also rewinds every counter. A parallel redo log becomes
// the ChangeSet at commit.
//
// The undo log keeps its capacity between transactions; the redo log's buffer becomes
// the returned ChangeSet, so a transaction costs one small allocation for it.

/// The in-memory Store.
import CRMBase

public final class MemoryStore: Store {
    enum Undo {
        case created(RecordID)
        case updated(RecordID, slot: Int, old: StoredValue)
        case deleted(RecordID, [StoredValue])
        case timerAdded(TimerID)
        case timerRemoved(TimerEntry)
        case timerMoved(TimerID, old: Int64)
        case messageAdded
        case messageAcked(MessageID)
        case auditAdded
        /// Several audit entries appended in one step (a creation and its field entries).
        case auditAddedMany(Int)
        /// A link row of the compact audit log (MemoryStore+AuditLog.swift).
        case auditLink
        /// A record created with its audit entries in one step (`createAudited`,
        /// `createPrepared`): one undo entry for `.created` then `.auditAddedMany`.
        case createdAudited(RecordID, entries: Int)
        /// A slot written with its audit entry in one step (`updateAudited`): one undo
        /// entry for `.updated` then `.auditAdded`.
        case updatedAudited(RecordID, slot: Int, old: StoredValue)
    }

    var entities: [EntityTable?] = []
    var timers = TimerQueue()
    var nextTimer: TimerID = 1
    var messages: [OutboxMessage] = []
    var messageKeys: [String: MessageID] = [:]
    /// Index of the first message that may be pending; everything before is delivered.
    var pendingCursor = 0
    /// The audit log, compact (MemoryStore+AuditLog.swift).
    var audit = AuditLog()

    var undo: [Undo] = []
    var redo: [Change] = []
    var open = false
    /// Counts transactions, so a savepoint from an earlier one is recognised.
    var transactionNumber: UInt64 = 0
    /// When false, `commit` returns an empty ChangeSet and no redo log is kept — for
    /// runs that will never journal or replay (saves the log's memory and time).
    public let capturesChanges: Bool

    public init(capturesChanges: Bool = true) {
        self.capturesChanges = capturesChanges
    }

    // MARK: Schema

    public func declareEntity(_ id: EntityID, _ schema: EntitySchema) throws {
        guard id >= 0 && id < EntityID(UInt16.max) else {
            throw StoreError.invalidSchema(entity: id, reason: "entity numbers must be in 0..<65535")
        }
        if Int(id) < entities.count, entities[Int(id)] != nil {
            throw StoreError.entityAlreadyDeclared(id, name: schema.name)
        }
        for s in schema.uniqueSlots + schema.indexedSlots where s < 0 || s >= schema.width {
            throw StoreError.invalidSchema(entity: id, reason: "indexed slot \(s) is outside 0..<\(schema.width)")
        }
        while entities.count <= Int(id) { entities.append(nil) }
        entities[Int(id)] = EntityTable(id: id, schema: schema)
    }

    public func schema(of entity: EntityID) -> EntitySchema? { table(entity)?.schema }

    @inline(__always) func table(_ e: EntityID) -> EntityTable? {
        e >= 0 && Int(e) < entities.count ? entities[Int(e)] : nil
    }

    // MARK: Transactions

    public var inTransaction: Bool { open }

    public func begin() throws {
        if open { throw StoreError.transactionAlreadyOpen }
        open = true
        transactionNumber &+= 1
    }

    @discardableResult public func commit() throws -> ChangeSet {
        guard open else { throw StoreError.noTransaction }
        settleAudit()
        open = false
        clearUndo()
        guard capturesChanges, !redo.isEmpty else { return ChangeSet() }
        // Hand the buffer over and start a fresh one: `removeAll(keepingCapacity:)`
        // on a buffer the ChangeSet shares would allocate a copy of its whole
        // capacity — after one huge transaction, on every later commit (measured:
        // 14 s instead of 1 s for a million one-timer transactions).
        let set = ChangeSet(redo)
        redo = []
        return set
    }

    /// Empties the undo log, keeping its buffer unless one huge transaction grew it.
    private func clearUndo() {
        if undo.capacity > 1 << 16 {
            undo = []
        } else {
            undo.emptyKeepingCapacity()   // CRMBase/ArrayEmptying.swift
        }
    }

    public func rollback() throws {
        guard open else { throw StoreError.noTransaction }
        audit.pending = []
        audit.lastKill = nil
        undoAll(downTo: 0)
        clearUndo()
        redo = []
        open = false
    }

    public func savepoint() throws -> Savepoint {
        guard open else { throw StoreError.noTransaction }
        settleAudit()
        return Savepoint(transaction: transactionNumber, undoCount: undo.count, changeCount: redo.count)
    }

    public func rollback(to sp: Savepoint) throws {
        guard open else { throw StoreError.noTransaction }
        guard sp.transaction == transactionNumber, sp.undoCount <= undo.count else {
            throw StoreError.invalidSavepoint
        }
        audit.pending = []
        audit.lastKill = nil
        undoAll(downTo: sp.undoCount)
        if capturesChanges { redo.removeSubrange(sp.changeCount...) }
    }

    private func undoAll(downTo mark: Int) {
        while undo.count > mark {
            switch undo.removeLast() {
            case .created(let id):
                entities[Int(id.entity)]?.removeLast()
            case let .updated(id, slot, old):
                _ = entities[Int(id.entity)]?.set(id.number, slot, old)
            case let .deleted(id, old):
                entities[Int(id.entity)]?.revive(id.number, old)
            case .timerAdded(let t):
                _ = timers.remove(t)
                nextTimer -= 1
            case .timerRemoved(let e):
                timers.insert(e)
            case let .timerMoved(t, old):
                _ = timers.move(t, to: old)
            case .messageAdded:
                let m = messages.removeLast()
                messageKeys[m.idempotencyKey] = nil
                pendingCursor = min(pendingCursor, messages.count)
            case .messageAcked(let m):
                messages[Int(m) - 1].deliveredAt = nil
                pendingCursor = min(pendingCursor, Int(m) - 1)
            case .auditAdded:
                removeLastAudit()
            case .auditAddedMany(let n):
                for _ in 0 ..< n { removeLastAudit() }
            case .auditLink:
                removeLastLink()
            case let .createdAudited(id, n):
                for _ in 0 ..< n { removeLastAudit() }
                entities[Int(id.entity)]?.removeLast()
            case let .updatedAudited(id, slot, old):
                removeLastAudit()
                _ = entities[Int(id.entity)]?.set(id.number, slot, old)
            }
        }
    }

    @inline(__always) func record(_ u: Undo, _ c: @autoclosure () -> Change) {
        undo.append(u)
        if capturesChanges {
            // A fresh buffer per transaction (it becomes the ChangeSet): start it at a
            // typical cascade's size instead of growing it 1, 2, 4, … 16.
            if redo.capacity == 0 { redo.reserveCapacity(16) }
            redo.append(c())
        }
    }

    @inline(__always) func requireTransaction() throws {
        if !open { throw StoreError.noTransaction }
    }

    // MARK: Records

    public func create(_ entity: EntityID, slots: [StoredValue]) throws -> RecordID {
        try requireTransaction()
        settleAudit()
        guard let n = try table(entity)?.create(slots) else { throw StoreError.unknownEntity(entity) }
        let id = RecordID(entity: entity, number: n)
        record(.created(id), .create(id, slots))
        return id
    }

    @discardableResult
    public func update(_ id: RecordID, _ changes: [(slot: Int, value: StoredValue)]) throws -> [StoredValue] {
        try requireTransaction()
        // Check everything first, so a refused update changes nothing.
        guard let t = table(id.entity) else { throw StoreError.unknownEntity(id.entity) }
        try t.check(id.number, changes)
        settleAudit()
        var before: [StoredValue] = []
        before.reserveCapacity(changes.count)
        for c in changes {
            let old = t.set(id.number, c.slot, c.value)
            if old != c.value { noteChange(id, c.slot, old: old) }
            before.append(old)
            record(.updated(id, slot: c.slot, old: old), .update(id, slot: Int32(c.slot), c.value))
        }
        return before
    }

    /// `update(_:_:)` of one slot, without the arrays.
    @discardableResult
    public func update(_ id: RecordID, slot: Int, to value: StoredValue) throws -> StoredValue {
        try requireTransaction()
        guard let t = table(id.entity) else { throw StoreError.unknownEntity(id.entity) }
        try t.check(id.number, slot: slot, value)
        settleAudit()
        let old = t.set(id.number, slot, value)
        if old != value { noteChange(id, slot, old: old) }
        record(.updated(id, slot: slot, old: old), .update(id, slot: Int32(slot), value))
        return old
    }

    @discardableResult
    public func delete(_ id: RecordID) throws -> [StoredValue] {
        try requireTransaction()
        guard let t = table(id.entity) else { throw StoreError.unknownEntity(id.entity) }
        try t.check(id.number, [])
        // Timers hanging on the record go with it, recorded before the delete so that
        // a replay finds none left when it deletes.
        for t in timers.timers(of: id) { try cancelTimer(t.id) }
        let old = t.kill(id.number)
        noteKill(id, old)
        record(.deleted(id, old), .delete(id))
        return old
    }

    public func exists(_ id: RecordID) -> Bool {
        id.entity >= 0 && Int(id.entity) < entities.count && entities[Int(id.entity)]?.isAlive(id.number) == true
    }

    public func read(_ id: RecordID) -> [StoredValue]? {
        guard let t = table(id.entity), t.isAlive(id.number) else { return nil }
        return t.slots(id.number)
    }

    /// Copies the slots in place when `slots` already has the width (a straight-line
    /// cascade reads every record it runs on into the same buffer): no array allocated.
    public func read(_ id: RecordID, into slots: inout [StoredValue]) -> Bool {
        guard let t = table(id.entity), t.isAlive(id.number) else { return false }
        if slots.count != t.width { slots = t.slots(id.number); return true }
        // The record is live (checked once): its slots are read without an Optional each.
        for i in 0 ..< t.width { slots[i] = t.rows[id.number, i] }
        return true
    }

    public func read(_ id: RecordID, slots wanted: [Int], into slots: inout [StoredValue]) -> Bool {
        guard let t = table(id.entity), t.isAlive(id.number) else { return false }
        // Each wanted slot is checked, not just the ends: a place out of range would be
        // read from the next record's memory.
        for slot in wanted where slot < 0 || slot >= t.width { return false }
        if slots.count != t.width { slots = t.slots(id.number); return true }
        for slot in wanted { slots[slot] = t.rows[id.number, slot] }
        return true
    }

    public func value(_ id: RecordID, slot: Int) -> StoredValue? {
        table(id.entity)?.value(id.number, slot)
    }

    public func hasValue(_ id: RecordID, slot: Int) -> Bool {
        table(id.entity)?.hasValue(id.number, slot) ?? false
    }

    public func records(of entity: EntityID) -> [RecordID] {
        guard let t = table(entity) else { return [] }
        var out: [RecordID] = []
        out.reserveCapacity(t.liveCount)
        for (i, a) in t.alive.enumerated() where a { out.append(RecordID(entity: entity, number: UInt32(i + 1))) }
        return out
    }

    public func count(of entity: EntityID) -> Int { table(entity)?.liveCount ?? 0 }

    // MARK: Indexes

    public func lookupUnique(_ entity: EntityID, slot: Int, value: StoredValue) throws -> RecordID? {
        guard let t = table(entity) else { throw StoreError.unknownEntity(entity) }
        guard let index = t.uniqueIndex(slot) else { throw StoreError.notIndexed(entity: t.schema.name, slot: t.slotName(slot)) }
        return index[value].map { RecordID(entity: entity, number: $0) }
    }

    public func find(_ entity: EntityID, slot: Int, equals value: StoredValue) throws -> [RecordID] {
        guard let t = table(entity) else { throw StoreError.unknownEntity(entity) }
        if let index = t.relatedIndex(slot) {
            return (index[value] ?? []).map { RecordID(entity: entity, number: $0) }
        }
        // A unique slot answers too (at most one record).
        if t.uniqueIndex(slot) != nil { return try lookupUnique(entity, slot: slot, value: value).map { [$0] } ?? [] }
        throw StoreError.notIndexed(entity: t.schema.name, slot: t.slotName(slot))
    }
}

extension Array where Element == EntityTable? {
    /// The table of `entity`, or nil for an unknown entity — never a trap. (Tables are
    /// objects, so `entities[element: e]?.create(…)` mutates in place.)
    subscript(element entity: EntityID) -> EntityTable? {
        entity >= 0 && Int(entity) < count ? self[Int(entity)] : nil
    }
}
