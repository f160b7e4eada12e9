// ChangeSet: the redo log of one committed transaction, in the order the operations
// happened. It is what the file-backed store journals (encoded by
// Encoding/ChangeSet+Binary.swift) and what `Store.apply(_:)` replays. Ids are recorded
// (not re-derived) so that a replay can check it allocates the same ones.
//
// Refused operations never appear; rolled-back ones are removed with the rollback.

/// One committed change.
public enum Change: Hashable, Sendable {
    case create(RecordID, [StoredValue])
    case update(RecordID, slot: Int32, StoredValue)
    case delete(RecordID)
    case scheduleTimer(TimerEntry)
    case rescheduleTimer(TimerID, fireAt: Int64)
    case cancelTimer(TimerID)
    /// The timer was taken by `popDueTimer` (fired); like a cancel, but kept distinct
    /// for the journal's readers.
    case fireTimer(TimerID)
    case enqueue(OutboxMessage)
    case acknowledge(MessageID, at: Int64)
    case audit(AuditEntry)
}

/// The changes of one committed transaction.
public struct ChangeSet: Hashable, Sendable {
    public var changes: [Change]

    public init(_ changes: [Change] = []) { self.changes = changes }

    public var isEmpty: Bool { changes.isEmpty }
}
