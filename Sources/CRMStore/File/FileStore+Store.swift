// FileStore's Store conformance beyond commit and schema: every read and every write
// inside a transaction goes to the in-memory state; only `commit` (FileStore.swift)
// touches the disk. Writes in a read-only or failed store are allowed in memory and
// refused at commit, so the interpreter's usual rollback path reports them.

extension FileStore {
    public func schema(of entity: EntityID) -> EntitySchema? { memory.schema(of: entity) }

    public var inTransaction: Bool { memory.inTransaction }
    public func begin() throws { try memory.begin() }
    public func rollback() throws { try memory.rollback() }
    public func savepoint() throws -> Savepoint { try memory.savepoint() }
    public func rollback(to savepoint: Savepoint) throws { try memory.rollback(to: savepoint) }

    public func create(_ entity: EntityID, slots: [StoredValue]) throws -> RecordID { try memory.create(entity, slots: slots) }
    @discardableResult
    public func update(_ id: RecordID, _ changes: [(slot: Int, value: StoredValue)]) throws -> [StoredValue] {
        try memory.update(id, changes)
    }
    @discardableResult public func delete(_ id: RecordID) throws -> [StoredValue] { try memory.delete(id) }
    public func exists(_ id: RecordID) -> Bool { memory.exists(id) }
    public func read(_ id: RecordID) -> [StoredValue]? { memory.read(id) }
    public func read(_ id: RecordID, into slots: inout [StoredValue]) -> Bool { memory.read(id, into: &slots) }
    public func read(_ id: RecordID, slots wanted: [Int], into slots: inout [StoredValue]) -> Bool {
        memory.read(id, slots: wanted, into: &slots)
    }
    public func value(_ id: RecordID, slot: Int) -> StoredValue? { memory.value(id, slot: slot) }
    public func records(of entity: EntityID) -> [RecordID] { memory.records(of: entity) }
    public func count(of entity: EntityID) -> Int { memory.count(of: entity) }

    public func lookupUnique(_ entity: EntityID, slot: Int, value: StoredValue) throws -> RecordID? {
        try memory.lookupUnique(entity, slot: slot, value: value)
    }
    public func find(_ entity: EntityID, slot: Int, equals value: StoredValue) throws -> [RecordID] {
        try memory.find(entity, slot: slot, equals: value)
    }

    public func scheduleTimer(record: RecordID, rule: Int32, fireAt: Int64) throws -> TimerID {
        try memory.scheduleTimer(record: record, rule: rule, fireAt: fireAt)
    }
    public func rescheduleTimer(_ id: TimerID, fireAt: Int64) throws { try memory.rescheduleTimer(id, fireAt: fireAt) }
    public func cancelTimer(_ id: TimerID) throws { try memory.cancelTimer(id) }
    public func timer(_ id: TimerID) -> TimerEntry? { memory.timer(id) }
    public func timers(of record: RecordID) -> [TimerEntry] { memory.timers(of: record) }
    public func dueTimers(upTo time: Int64, limit: Int) -> [TimerEntry] { memory.dueTimers(upTo: time, limit: limit) }
    public func nextDueTimer(upTo time: Int64) -> TimerEntry? { memory.nextDueTimer(upTo: time) }
    public func popDueTimer(upTo time: Int64) throws -> TimerEntry? { try memory.popDueTimer(upTo: time) }
    public var timerCount: Int { memory.timerCount }

    public func enqueue(_ message: OutboxMessage) throws -> EnqueueResult { try memory.enqueue(message) }
    @discardableResult public func acknowledge(_ id: MessageID, at time: Int64) throws -> Bool {
        try memory.acknowledge(id, at: time)
    }
    public func message(_ id: MessageID) -> OutboxMessage? { memory.message(id) }
    public func message(idempotencyKey: String) -> OutboxMessage? { memory.message(idempotencyKey: idempotencyKey) }
    public func pendingMessages(limit: Int) -> [OutboxMessage] { memory.pendingMessages(limit: limit) }

    @discardableResult public func appendAudit(_ entry: AuditEntry) throws -> UInt64 { try memory.appendAudit(entry) }
    public func appendCreationAudit(time: Int64, actor: String, cause: AuditCause, record: RecordID,
                                    slots: [StoredValue]) throws {
        // The entries reach the journal through the memory store's ChangeSet at commit,
        // one `.audit` change each, as if appended one by one.
        try memory.appendCreationAudit(time: time, actor: actor, cause: cause, record: record, slots: slots)
    }
    public func createAudited(_ entity: EntityID, final: [StoredValue], writes: [StoredWrite],
                              time: Int64, actor: String, cause: AuditCause) throws -> RecordID {
        try memory.createAudited(entity, final: final, writes: writes, time: time, actor: actor, cause: cause)
    }
    @discardableResult
    public func updateAudited(_ id: RecordID, slot: Int, to value: StoredValue, time: Int64, actor: String,
                              cause: AuditCause) throws -> StoredValue {
        try memory.updateAudited(id, slot: slot, to: value, time: time, actor: actor, cause: cause)
    }
    public func auditEntries(from: UInt64, limit: Int) -> [AuditEntry] { memory.auditEntries(from: from, limit: limit) }
    public var auditCount: Int { memory.auditCount }

    /// Replays through this store's own operations, so the changes are journaled.
    public func apply(_ changes: ChangeSet) throws { try replay(changes) }
    public func snapshot() throws -> ChangeSet { try memory.snapshot() }

    /// Every message in id order, delivered or not (export, stats).
    public var allMessages: [OutboxMessage] { memory.messages }
    /// Records allocated per entity (live or deleted), by entity id.
    public func allocated(_ entity: EntityID) -> Int { memory.table(entity)?.alive.count ?? 0 }
}
