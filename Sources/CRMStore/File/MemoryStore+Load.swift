// A faster `apply` for recovery: the same checks and the same resulting state, but
// record creations go straight into the entity table, without the undo and redo
// entries a transaction keeps (the bulk of a snapshot is creations, and logging a
// million of them only to discard the logs was a third of the time to open a store of
// 1,000,000 records). Other changes go through the ordinary operations. On an error
// the store is left half-loaded and must be discarded — recovery then fails as a whole.

extension MemoryStore {
    /// Decodes the change set in `bytes[payload]` (a frame's payload) and applies each
    /// change as it is decoded — no intermediate array of changes. Throws
    /// StoreDecodingError for bytes that do not decode, StoreError for changes that do
    /// not replay.
    func load(_ bytes: [UInt8], _ payload: Range<Int>) throws {
        var r = BinaryReader(bytes, offset: payload.lowerBound)
        let at = r.offset
        let version = try r.u8("format version")
        guard version == StoreFormat.version else {
            throw r.fail("unknown change-set format version \(version) (this build reads \(StoreFormat.version))", at: at)
        }
        let n = try r.count("change", minElementSize: 2)
        guard n <= payload.count else { throw r.fail("change count \(n) exceeds the frame", at: at + 1) }
        try begin()
        do {
            for _ in 0 ..< n {
                let change = try r.change()
                if r.offset > payload.upperBound { throw r.fail("change runs past the end of its frame") }
                if case let .create(id, slots) = change {
                    guard let k = try entities[element: id.entity]?.create(slots) else { throw StoreError.unknownEntity(id.entity) }
                    if k != id.number {
                        throw StoreError.replayMismatch("record id: recorded \(id), allocated \(RecordID(entity: id.entity, number: k))")
                    }
                } else {
                    try replayOne(change)
                }
            }
            if r.offset != payload.upperBound { throw r.fail("\(payload.upperBound - r.offset) trailing bytes after \(n) changes") }
            _ = try commit()
        } catch {
            try? rollback()
            throw error
        }
    }
    /// One change through the public operations, checking recorded ids (as `replay`).
    private func replayOne(_ change: Change) throws {
        func expect<T: Equatable>(_ got: T, _ want: T, _ what: String) throws {
            if got != want { throw StoreError.replayMismatch("\(what): recorded \(want), allocated \(got)") }
        }
        switch change {
        case let .create(id, slots): try expect(try create(id.entity, slots: slots), id, "record id")
        case let .update(id, slot, value): try update(id, [(slot: Int(slot), value: value)])
        case let .delete(id): try delete(id)
        case let .scheduleTimer(t):
            try expect(try scheduleTimer(record: t.record, rule: t.rule, fireAt: t.fireAt), t.id, "timer id")
        case let .rescheduleTimer(id, at): try rescheduleTimer(id, fireAt: at)
        case let .cancelTimer(id), let .fireTimer(id): try cancelTimer(id)
        case let .enqueue(m): try expect(try enqueue(m), .enqueued(m.id), "message")
        case let .acknowledge(id, at): try acknowledge(id, at: at)
        case let .audit(e): try expect(try appendAudit(e), e.sequence, "audit sequence")
        }
    }
}
