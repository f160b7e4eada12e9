// StoreError: every way a store operation can be refused. Each case names what the
// caller needs to report it (entity and slot names, the conflicting record) so the
// runtime can turn it into a worded diagnostic without asking the store again.
// A refused operation changes nothing; the open transaction stays open, and the caller
// decides whether to roll it back (the runtime always does: an event is all or nothing).

/// An operation the store refused.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A write or `commit`/`rollback` outside a transaction.
    case noTransaction
    /// `begin` while a transaction is open (transactions do not nest; use savepoints).
    case transactionAlreadyOpen
    /// A savepoint from an earlier transaction or already rolled past.
    case invalidSavepoint
    case unknownEntity(EntityID)
    /// `declareEntity` twice, or after records exist.
    case entityAlreadyDeclared(EntityID, name: String)
    case invalidSchema(entity: EntityID, reason: String)
    case noSuchRecord(RecordID)
    case noSuchSlot(entity: String, slot: Int, width: Int)
    case wrongSlotCount(entity: String, expected: Int, got: Int)
    /// A unique slot would hold `value` twice; `existing` already holds it.
    case uniqueViolation(entity: String, slot: String, value: StoredValue, existing: RecordID)
    /// `find` on a slot that has no relation index.
    case notIndexed(entity: String, slot: String)
    case noSuchTimer(TimerID)
    case noSuchMessage(MessageID)
    /// Replaying a ChangeSet produced a different id than the one recorded: the
    /// change set does not belong on top of this store's state.
    case replayMismatch(String)

    public var description: String {
        switch self {
        case .noTransaction: return "no transaction is open"
        case .transactionAlreadyOpen: return "a transaction is already open"
        case .invalidSavepoint: return "the savepoint does not belong to the open transaction"
        case .unknownEntity(let e): return "entity \(e) is not declared"
        case .entityAlreadyDeclared(let e, let n): return "entity \(e) (\(n)) is already declared"
        case .invalidSchema(let e, let r): return "entity \(e): \(r)"
        case .noSuchRecord(let r): return "record \(r) does not exist"
        case .noSuchSlot(let e, let s, let w): return "\(e) has no slot \(s) (it has \(w))"
        case .wrongSlotCount(let e, let x, let g): return "\(e) records have \(x) slots, got \(g)"
        case .uniqueViolation(let e, let s, let v, let x):
            return "\(e).\(s) must be unique: \(v) is already used by \(x)"
        case .notIndexed(let e, let s): return "\(e).\(s) has no relation index"
        case .noSuchTimer(let t): return "timer \(t) does not exist"
        case .noSuchMessage(let m): return "outbox message \(m) does not exist"
        case .replayMismatch(let s): return "replay mismatch: \(s)"
        }
    }
}
