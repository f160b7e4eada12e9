// The stored kinds besides records: timers, outbox messages and audit entries. All are
// plain values so that a ChangeSet can carry them and the encoding can write them.

/// A pending timer: "run rule `rule` for `record` at `fireAt`". Timers are data, not
/// sleeping threads; the runtime asks the store which are due.
public struct TimerEntry: Hashable, Sendable {
    public var id: TimerID
    /// The record the timer hangs on, or `RecordID.none` for model-level schedules.
    public var record: RecordID
    /// The rule's index in the runtime's rule table (opaque to the store).
    public var rule: Int32
    /// Microseconds since 1970-01-01T00:00Z.
    public var fireAt: Int64

    public init(id: TimerID, record: RecordID, rule: Int32, fireAt: Int64) {
        self.id = id; self.record = record; self.rule = rule; self.fireAt = fireAt
    }
}

/// One named value of an outbox message's payload (ordered, so encoding is deterministic).
public struct OutboxField: Hashable, Sendable {
    public var name: String
    public var value: StoredValue
    public init(name: String, value: StoredValue) { self.name = name; self.value = value }
}

/// An outbound message (notification, webhook): a record in the store until a sink
/// delivers it and acknowledges it. The idempotency key makes enqueueing the same
/// message twice (a retried event, a replay) produce one message.
public struct OutboxMessage: Hashable, Sendable {
    public var id: MessageID
    public var idempotencyKey: String
    public var channel: String
    public var recipient: String
    public var template: String
    public var payload: [OutboxField]
    /// The record the message is about, or `RecordID.none`.
    public var record: RecordID
    /// When it was enqueued (µs since the epoch, from the injected clock).
    public var createdAt: Int64
    /// When the sink acknowledged delivery; nil while pending.
    public var deliveredAt: Int64?

    public init(id: MessageID = 0, idempotencyKey: String, channel: String, recipient: String,
                template: String, payload: [OutboxField] = [], record: RecordID = .none,
                createdAt: Int64, deliveredAt: Int64? = nil) {
        self.id = id; self.idempotencyKey = idempotencyKey; self.channel = channel
        self.recipient = recipient; self.template = template; self.payload = payload
        self.record = record; self.createdAt = createdAt; self.deliveredAt = deliveredAt
    }

    public var isPending: Bool { deliveredAt == nil }
}

/// What `enqueue` did.
public enum EnqueueResult: Hashable, Sendable {
    /// A new message with this id.
    case enqueued(MessageID)
    /// A message with the same idempotency key exists (this id); nothing was added.
    case duplicate(MessageID)

    public var id: MessageID {
        switch self { case .enqueued(let i), .duplicate(let i): i }
    }
}

/// Who or what caused an audited change.
public enum AuditCause: Hashable, Sendable {
    /// A command from a user (the actor).
    case user
    /// A rule, by its index in the runtime's rule table.
    case rule(Int32)
    /// The system itself (timers' bookkeeping, imports).
    case system
}

/// What an audit entry records.
public enum AuditChange: Hashable, Sendable {
    case created
    case deleted
    /// One slot changed from `before` to `after`.
    case field(slot: Int32, before: StoredValue, after: StoredValue)
}

/// One entry of the append-only audit log.
public struct AuditEntry: Hashable, Sendable {
    /// 1, 2, 3, … in commit order; assigned by the store.
    public var sequence: UInt64
    /// µs since the epoch, from the injected clock.
    public var time: Int64
    /// The user on whose behalf the change was made (short names are stored inline by
    /// Swift's small-string representation, so they cost no allocation).
    public var actor: String
    public var cause: AuditCause
    public var record: RecordID
    public var change: AuditChange

    public init(sequence: UInt64 = 0, time: Int64, actor: String, cause: AuditCause,
                record: RecordID, change: AuditChange) {
        self.sequence = sequence; self.time = time; self.actor = actor
        self.cause = cause; self.record = record; self.change = change
    }
}
