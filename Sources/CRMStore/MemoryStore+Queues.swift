// MemoryStore's timers, outbox and audit log: the append-mostly parts of the store.
// Each write records its inverse in the undo log (see MemoryStore.swift).

extension MemoryStore {
    // MARK: Timers

    public func scheduleTimer(record: RecordID, rule: Int32, fireAt: Int64) throws -> TimerID {
        try requireTransaction()
        if !record.isNone && !exists(record) { throw StoreError.noSuchRecord(record) }
        let e = TimerEntry(id: nextTimer, record: record, rule: rule, fireAt: fireAt)
        nextTimer += 1
        timers.insert(e)
        self.record(.timerAdded(e.id), .scheduleTimer(e))
        return e.id
    }

    public func rescheduleTimer(_ id: TimerID, fireAt: Int64) throws {
        try requireTransaction()
        guard let old = timers.move(id, to: fireAt) else { throw StoreError.noSuchTimer(id) }
        record(.timerMoved(id, old: old), .rescheduleTimer(id, fireAt: fireAt))
    }

    public func cancelTimer(_ id: TimerID) throws {
        try requireTransaction()
        guard let e = timers.remove(id) else { throw StoreError.noSuchTimer(id) }
        record(.timerRemoved(e), .cancelTimer(id))
    }

    public func timer(_ id: TimerID) -> TimerEntry? { timers.entry(id) }

    public func timers(of record: RecordID) -> [TimerEntry] { timers.timers(of: record) }

    public func dueTimers(upTo time: Int64, limit: Int) -> [TimerEntry] {
        // The interpreter asks for the next due timer before each firing: no walk then.
        if limit == 1 { return timers.first(upTo: time).map { [$0] } ?? [] }
        return timers.due(upTo: time, limit: limit)
    }

    public func nextDueTimer(upTo time: Int64) -> TimerEntry? { timers.first(upTo: time) }

    public func popDueTimer(upTo time: Int64) throws -> TimerEntry? {
        try requireTransaction()
        guard let first = timers.popFirst(upTo: time) else { return nil }
        record(.timerRemoved(first), .fireTimer(first.id))
        return first
    }

    public var timerCount: Int { timers.count }

    // MARK: Outbox

    public func enqueue(_ message: OutboxMessage) throws -> EnqueueResult {
        try requireTransaction()
        if let existing = messageKeys[message.idempotencyKey] { return .duplicate(existing) }
        var m = message
        m.id = MessageID(messages.count + 1)
        messages.append(m)
        messageKeys[m.idempotencyKey] = m.id
        record(.messageAdded, .enqueue(m))
        return .enqueued(m.id)
    }

    @discardableResult public func acknowledge(_ id: MessageID, at time: Int64) throws -> Bool {
        try requireTransaction()
        guard id >= 1 && id <= MessageID(messages.count) else { throw StoreError.noSuchMessage(id) }
        let i = Int(id) - 1
        if messages[i].deliveredAt != nil { return false }
        messages[i].deliveredAt = time
        while pendingCursor < messages.count && messages[pendingCursor].deliveredAt != nil { pendingCursor += 1 }
        record(.messageAcked(id), .acknowledge(id, at: time))
        return true
    }

    public func message(_ id: MessageID) -> OutboxMessage? {
        id >= 1 && id <= MessageID(messages.count) ? messages[Int(id) - 1] : nil
    }

    public func message(idempotencyKey: String) -> OutboxMessage? {
        messageKeys[idempotencyKey].flatMap { message($0) }
    }

    public func pendingMessages(limit: Int) -> [OutboxMessage] {
        var out: [OutboxMessage] = []
        var i = pendingCursor
        while i < messages.count && out.count < limit {
            if messages[i].deliveredAt == nil { out.append(messages[i]) }
            i += 1
        }
        return out
    }

    // MARK: Audit

    @discardableResult public func appendAudit(_ entry: AuditEntry) throws -> UInt64 {
        try requireTransaction()
        var e = entry
        e.sequence = UInt64(audit.count + 1)
        appendCompact(e)   // MemoryStore+AuditLog.swift
        record(.auditAdded, .audit(e))
        return e.sequence
    }

    public func appendCreationAudit(time: Int64, actor: String, cause: AuditCause, record id: RecordID,
                                    slots: [StoredValue]) throws {
        try requireTransaction()
        let created = AuditEntry(sequence: UInt64(audit.count + 1), time: time, actor: actor, cause: cause,
                                 record: id, change: .created)
        guard let mask = creationMask(id, cause, slots) else {
            // Not the plain case: entry by entry, which handles every other one exactly.
            try appendAudit(created)
            for (i, s) in slots.enumerated() where !s.isNull {
                try appendAudit(AuditEntry(time: time, actor: actor, cause: cause, record: id,
                                           change: .field(slot: Int32(i), before: .null, after: s)))
            }
            return
        }
        audit.appendCreation(created, fields: mask)   // MemoryStore+AuditLog.swift
        // The same redo entries as one `appendAudit` per entry, and one undo entry that
        // removes them all, so rollback and the ChangeSet (hence the FileStore journal)
        // cannot tell the difference.
        undo.append(.auditAddedMany(1 + mask.nonzeroBitCount))
        guard capturesChanges else { return }
        if redo.capacity == 0 { redo.reserveCapacity(16) }
        redo.append(.audit(created))
        var e = created
        for (i, s) in slots.enumerated() where !s.isNull {
            e.sequence += 1
            e.change = .field(slot: Int32(i), before: .null, after: s)
            redo.append(.audit(e))
        }
    }

    /// The slot bitmap of the one `created` row that `appendAudit` of the creation's
    /// entries would leave (see AuditLog.append), or nil when that is not certain: notes
    /// pending, a cause no row holds, a value at slot ≥ 64, or a value that is not the
    /// record's current one (its after would not be derivable).
    private func creationMask(_ id: RecordID, _ cause: AuditCause, _ slots: [StoredValue]) -> UInt64? {
        guard !audit.hasPending, AuditLog.encodeCause(cause) != nil,
              let t = table(id.entity), t.holds(id.number, slots) else { return nil }
        var mask: UInt64 = 0
        for (i, s) in slots.enumerated() where !s.isNull {
            guard i < 64 else { return nil }
            mask |= UInt64(1) << UInt64(i)
        }
        return mask
    }

    public func auditEntries(from: UInt64, limit: Int) -> [AuditEntry] {
        auditEntries(from: from, limit: limit, settling: true)
    }

    public var auditCount: Int { audit.count }

    // MARK: Replay

    public func apply(_ changes: ChangeSet) throws { try replay(changes) }

    public func snapshot() throws -> ChangeSet {
        // Uncommitted writes are in place, so a snapshot mid-transaction would leak them.
        if open { throw StoreError.transactionAlreadyOpen }
        var out: [Change] = []
        for case let t? in entities {
            let empty = [StoredValue](repeating: .null, count: t.width)
            for i in 0 ..< t.alive.count {
                let id = RecordID(entity: t.id, number: UInt32(i + 1))
                if t.alive[i] {
                    out.append(.create(id, t.slots(id.number)))
                } else {
                    out.append(.create(id, empty))
                    out.append(.delete(id))
                }
            }
        }
        var id: TimerID = 1
        while id < nextTimer {
            if let e = timers.entry(id) {
                out.append(.scheduleTimer(e))
            } else {
                out.append(.scheduleTimer(TimerEntry(id: id, record: .none, rule: -1, fireAt: 0)))
                out.append(.cancelTimer(id))
            }
            id += 1
        }
        for m in messages {
            var pending = m
            pending.deliveredAt = nil
            out.append(.enqueue(pending))
            if let d = m.deliveredAt { out.append(.acknowledge(m.id, at: d)) }
        }
        for e in auditEntries(from: 1, limit: .max, settling: true) { out.append(.audit(e)) }
        return ChangeSet(out)
    }
}
