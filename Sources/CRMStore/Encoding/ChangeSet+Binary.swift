// The binary form of a ChangeSet — the payload of one journal frame:
//
//   u8 StoreFormat.version, u32 change count, then each change: u8 tag, payload
//
//   tag  change            payload
//   1    create            record id, u32 slot count, values
//   2    update            record id, i32 slot, value
//   3    delete            record id
//   4    scheduleTimer     u64 id, record id, i32 rule, i64 fireAt
//   5    rescheduleTimer   u64 id, i64 fireAt
//   6    cancelTimer       u64 id
//   7    fireTimer         u64 id
//   8    enqueue           u64 id, strings key/channel/recipient/template,
//                          u32 field count × (string name, value), record id,
//                          i64 createdAt, u8 delivered (0/1) [+ i64 deliveredAt]
//   9    acknowledge       u64 id, i64 time
//   10   audit             u64 sequence, i64 time, string actor,
//                          cause (u8 0 user | 1 rule + i32 | 2 system), record id,
//                          change (u8 0 created | 1 deleted | 2 field + i32 slot, value, value)
//
// Never renumber; add at the end and bump StoreFormat.version.

extension ChangeSet {
    /// The versioned binary encoding (see the file header).
    public func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 16 + changes.count * 32)
        w.u8(StoreFormat.version)
        w.count(changes.count)
        for c in changes { w.change(c) }
        return w.bytes
    }

    /// Decodes a whole buffer produced by `encoded()`; anything else is an error that
    /// names the offset and the problem.
    public init(decoding bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        let version = try r.u8("format version")
        guard version == StoreFormat.version else {
            throw r.fail("unknown format version \(version) (this build reads \(StoreFormat.version))", at: 0)
        }
        let n = try r.count("change", minElementSize: 2)
        var changes: [Change] = []
        changes.reserveCapacity(n)
        for _ in 0 ..< n { changes.append(try r.change()) }
        if !r.isAtEnd { throw r.fail("\(r.remaining) trailing bytes after \(n) changes") }
        self.init(changes)
    }
}

extension BinaryWriter {
    mutating func change(_ c: Change) {
        switch c {
        case let .create(id, slots):
            u8(1); recordID(id); count(slots.count)
            for v in slots { value(v) }
        case let .update(id, slot, v): u8(2); recordID(id); i32(slot); value(v)
        case let .delete(id): u8(3); recordID(id)
        case let .scheduleTimer(t): u8(4); u64(t.id); recordID(t.record); i32(t.rule); i64(t.fireAt)
        case let .rescheduleTimer(id, at): u8(5); u64(id); i64(at)
        case let .cancelTimer(id): u8(6); u64(id)
        case let .fireTimer(id): u8(7); u64(id)
        case let .enqueue(m):
            u8(8); u64(m.id)
            string(m.idempotencyKey); string(m.channel); string(m.recipient); string(m.template)
            count(m.payload.count)
            for f in m.payload { string(f.name); value(f.value) }
            recordID(m.record); i64(m.createdAt)
            if let d = m.deliveredAt { u8(1); i64(d) } else { u8(0) }
        case let .acknowledge(id, at): u8(9); u64(id); i64(at)
        case let .audit(e):
            u8(10); u64(e.sequence); i64(e.time); string(e.actor)
            switch e.cause {
            case .user: u8(0)
            case .rule(let r): u8(1); i32(r)
            case .system: u8(2)
            }
            recordID(e.record)
            switch e.change {
            case .created: u8(0)
            case .deleted: u8(1)
            case let .field(slot, before, after): u8(2); i32(slot); value(before); value(after)
            }
        }
    }
}

extension BinaryReader {
    mutating func change() throws -> Change {
        let at = offset
        let tag = try u8("change tag")
        switch tag {
        case 1:
            let id = try recordID()
            let n = try count("slot")
            var slots: [StoredValue] = []
            slots.reserveCapacity(n)
            for _ in 0 ..< n { slots.append(try value()) }
            return .create(id, slots)
        case 2:
            let id = try recordID()
            let slot = try i32("slot")
            return .update(id, slot: slot, try value())
        case 3: return .delete(try recordID())
        case 4:
            let id = try u64("timer id")
            let rec = try recordID()
            let rule = try i32("rule")
            return .scheduleTimer(TimerEntry(id: id, record: rec, rule: rule, fireAt: try i64("fire time")))
        case 5:
            let id = try u64("timer id")
            return .rescheduleTimer(id, fireAt: try i64("fire time"))
        case 6: return .cancelTimer(try u64("timer id"))
        case 7: return .fireTimer(try u64("timer id"))
        case 8: return .enqueue(try message())
        case 9:
            let id = try u64("message id")
            return .acknowledge(id, at: try i64("delivery time"))
        case 10: return .audit(try auditEntry())
        default: throw fail("unknown change tag \(tag)", at: at)
        }
    }

    private mutating func message() throws -> OutboxMessage {
        let id = try u64("message id")
        let key = try string("idempotency key")
        let channel = try string("channel")
        let recipient = try string("recipient")
        let template = try string("template")
        let n = try count("payload field", minElementSize: 5)
        var payload: [OutboxField] = []
        payload.reserveCapacity(n)
        for _ in 0 ..< n {
            let name = try string("payload field name")
            payload.append(OutboxField(name: name, value: try value()))
        }
        let rec = try recordID()
        let created = try i64("creation time")
        let at = offset
        let delivered: Int64?
        switch try u8("delivered flag") {
        case 0: delivered = nil
        case 1: delivered = try i64("delivery time")
        case let f: throw fail("delivered flag must be 0 or 1, found \(f)", at: at)
        }
        return OutboxMessage(id: id, idempotencyKey: key, channel: channel, recipient: recipient,
                             template: template, payload: payload, record: rec,
                             createdAt: created, deliveredAt: delivered)
    }

    private mutating func auditEntry() throws -> AuditEntry {
        let seq = try u64("audit sequence")
        let time = try i64("audit time")
        let actor = try string("actor")
        var at = offset
        let cause: AuditCause
        switch try u8("audit cause") {
        case 0: cause = .user
        case 1: cause = .rule(try i32("rule"))
        case 2: cause = .system
        case let c: throw fail("unknown audit cause \(c)", at: at)
        }
        let rec = try recordID()
        at = offset
        let change: AuditChange
        switch try u8("audit change") {
        case 0: change = .created
        case 1: change = .deleted
        case 2:
            let slot = try i32("slot")
            let before = try value()
            change = .field(slot: slot, before: before, after: try value())
        case let c: throw fail("unknown audit change \(c)", at: at)
        }
        return AuditEntry(sequence: seq, time: time, actor: actor, cause: cause, record: rec, change: change)
    }
}
