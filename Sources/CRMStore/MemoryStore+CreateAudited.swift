// MemoryStore's `createAudited` and `updateAudited`: a new record and the writes its
// rules made to it, or one audited write, in one step — the interpreter's straight-line
// cascade (CRMRuntime, Interpreter+Straight) creates most records this way. The result
// is exactly that of the calls the protocol's default makes (create, creation audit,
// then update + field entry per write): the record holds the final values; the audit
// log holds the rows those calls would leave (a `created` row for the initial values,
// then a `.field` row per write carrying its before value, all in one run); rollback
// undoes it with undo entries that remove those rows and the record (undoing the
// creation takes the writes with it). The caller hands over the final values and each
// write's before value, which its cascade has at hand; the initial values are the
// final ones with the writes undone. Where the equivalence is not certain — change
// capture on (the ChangeSet lists every call), audit notes pending, a write to a unique
// or indexed slot (checked and indexed per write), a cause or slot a row cannot hold —
// it makes the calls one by one.

extension MemoryStore {
    public func createAudited(_ entity: EntityID, final: [StoredValue], writes: [StoredWrite],
                              time: Int64, actor: String, cause: AuditCause) throws -> RecordID {
        try requireTransaction()
        guard let t = table(entity) else { throw StoreError.unknownEntity(entity) }
        guard !capturesChanges, !audit.hasPending, let createdCause = AuditLog.encodeCause(cause),
              final.count == t.width, oneStep(writes, t, createdCause),
              let mask = final.withUnsafeBufferPointer({ Self.initialMask($0, writes) }) else {
            return try createAuditedStepwise(entity, initial: Self.undoing(writes, from: final), writes: writes,
                                             time: time, actor: actor, cause: cause)
        }
        let n = try t.create(final)
        let id = RecordID(entity: entity, number: n)
        // One access to `audit` for all the rows (each access is an exclusivity check).
        audit.appendCreatedCascade(id, time: time, actor: actor, cause: cause, encodedCause: createdCause,
                                   mask: mask, writes: writes)
        undo.append(.createdAudited(id, entries: 1 + mask.nonzeroBitCount + writes.count))
        return id
    }

    /// Whether every override's slot is in a row of `width` slots.
    static func inRange(_ overrides: [SlotValue], _ width: Int) -> Bool {
        overrides.withUnsafeBufferPointer { os in
            for i in os.indices where os[i].slot < 0 || os[i].slot >= width { return false }
            return true
        }
    }

    /// `update` + `appendAudit` in one step: the same slot write, note, undo entries and
    /// audit row (AuditLog.append is given the value the slot now holds, which
    /// `appendAudit` would read back), without two protocol calls and the read-back.
    /// Change capture on, notes pending, or a unique or indexed slot: the separate calls.
    @discardableResult
    public func updateAudited(_ id: RecordID, slot: Int, to value: StoredValue, time: Int64, actor: String,
                              cause: AuditCause) throws -> StoredValue {
        try requireTransaction()
        guard let t = table(id.entity) else { throw StoreError.unknownEntity(id.entity) }
        guard !capturesChanges, !audit.hasPending, slot >= 0, slot < t.width,
              t.uniquePosition[slot] < 0, t.relatedPosition[slot] < 0 else {
            return try updateAuditedStepwise(id, slot: slot, to: value, time: time, actor: actor, cause: cause)
        }
        // What `check` and `set` would do for a slot no index keeps (checked above):
        // the record must be live, and the value is swapped in place.
        guard t.isAlive(id.number) else { throw StoreError.noSuchRecord(id) }
        let old = t.rows.exchange(id.number, slot, value)
        // `update` would leave a note of the change and the entry explain it (no link):
        // appendExplainedField leaves the same rows without the note.
        audit.appendExplainedField(record: id, time: time, actor: actor, cause: cause, slot: slot, before: old, after: value)
        undo.append(.updatedAudited(id, slot: slot, old: old))
        return old
    }

    /// Whether the writes can be applied in the one step: each to a slot of the table
    /// that no index keeps and a row can name, by a rule's cause other than the
    /// creation's. (Loops over buffers here and below read the writes in place: a
    /// `for w in writes` copies each, retaining its two values.)
    func oneStep(_ writes: [StoredWrite], _ t: EntityTable, _ createdCause: Int32) -> Bool {
        writes.withUnsafeBufferPointer { ws in
            for i in ws.indices {
                let slot = ws[i].slot
                guard slot >= 0, slot < t.width, slot < Int(UInt16.max),
                      t.uniquePosition[slot] < 0, t.relatedPosition[slot] < 0,
                      let c = AuditLog.encodeCause(ws[i].cause), c >= 0, c != createdCause else { return false }
            }
            return true
        }
    }

    /// The bitmap of the initial slots' non-null values (the final ones with the writes
    /// undone, last first), or nil if one is at slot 64 or beyond.
    static func initialMask(_ final: UnsafeBufferPointer<StoredValue>, _ writes: [StoredWrite]) -> UInt64? {
        var mask: UInt64 = 0
        var finalOK = true
        for i in final.indices where !final[i].isNull {
            guard i < 64 else { finalOK = false; break }
            mask |= UInt64(1) << UInt64(i)
        }
        let writesOK = writes.withUnsafeBufferPointer { ws in
            for i in ws.indices.reversed() {
                guard ws[i].slot < 64 else { return false }
                let bit = UInt64(1) << UInt64(ws[i].slot)
                if ws[i].before.isNull { mask &= ~bit } else { mask |= bit }
            }
            return true
        }
        return finalOK && writesOK ? mask : nil
    }
}
