// MemoryStore's prepared creations: `createAudited(entity, base:, overrides:, writes:,
// …)` for the interpreter's memoized creations (CRMRuntime, OutcomeCache), where the
// base row, the writes and the cause are the same for every record made from one
// memoized outcome and only the command's own values, the time and the actor change.
// What depends on those alone is done once, in `prepareCreation`: the one-step checks,
// the bitmap of the initial non-null slots (the base with the writes undone), the
// writes' audit rows, and which base values are plain data. `createPrepared` then
// copies the base row into the table (plain values as bytes), puts the overrides in,
// and appends the `created` row and the prepared rows — the same record, rows and
// undo entries as `createAudited` (tests compare them), in fewer steps.
//
// A preparation is used only by the store that made it, and only while that store
// could take the one step (no change capture, no audit notes pending); else
// `createPrepared` returns nil and the caller makes the general call. The store is
// known by its ObjectIdentifier, which is unique while it lives; the interpreter that
// keeps preparations holds its store for its whole life.

final class MemoryPreparedCreation: PreparedCreation {
    let owner: ObjectIdentifier
    let entity: EntityID
    let base: [StoredValue]
    let encodedCause: Int32
    /// The non-null slots of the base with the writes undone (the initial values).
    let mask: UInt64
    /// The slots some write sets (their initial value is the first write's before).
    let written: UInt64
    /// The writes' `.field` rows.
    let rows: [AuditLog.Row]
    /// The base slots whose values are plain data (copied as bytes).
    let plain: UInt64

    init(owner: ObjectIdentifier, entity: EntityID, base: [StoredValue], encodedCause: Int32, mask: UInt64,
         written: UInt64, rows: [AuditLog.Row], plain: UInt64) {
        self.owner = owner
        self.entity = entity
        self.base = base
        self.encodedCause = encodedCause
        self.mask = mask
        self.written = written
        self.rows = rows
        self.plain = plain
    }
}

extension MemoryStore {
    public func prepareCreation(_ entity: EntityID, base: [StoredValue], writes: [StoredWrite],
                                cause: AuditCause) -> PreparedCreation? {
        guard let t = table(entity), let createdCause = AuditLog.encodeCause(cause),
              base.count == t.width, t.width <= 64, t.schema.uniqueSlots.isEmpty, t.schema.indexedSlots.isEmpty,
              oneStep(writes, t, createdCause),
              let mask = base.withUnsafeBufferPointer({ Self.initialMask($0, writes) }) else { return nil }
        var rows: [AuditLog.Row] = [], written: UInt64 = 0
        for w in writes {
            guard let row = AuditLog.preparedFieldRow(slot: w.slot, before: w.before, cause: AuditLog.encodeCause(w.cause) ?? -1),
                  row.cause >= 0 else { return nil }
            rows.append(row)
            written |= UInt64(1) << UInt64(w.slot)
        }
        var plain: UInt64 = 0
        for (i, v) in base.enumerated() where v.isPlainData { plain |= UInt64(1) << UInt64(i) }
        return MemoryPreparedCreation(owner: ObjectIdentifier(self), entity: entity, base: base, encodedCause: createdCause,
                                      mask: mask, written: written, rows: rows, plain: plain)
    }

    public func createPrepared(_ prepared: PreparedCreation, overrides: [SlotValue], time: Int64,
                               actor: String) throws -> RecordID? {
        try requireTransaction()
        guard let p = prepared as? MemoryPreparedCreation, p.owner == ObjectIdentifier(self),
              !capturesChanges, !audit.hasPending, let t = table(p.entity), t.width == p.base.count,
              Self.inRange(overrides, t.width) else { return nil }
        let n = try t.create(base: p.base, plain: p.plain, overrides: overrides)
        let id = RecordID(entity: p.entity, number: n)
        // An override's slot holds its value from the start unless a write set it.
        var mask = p.mask
        overrides.withUnsafeBufferPointer { os in
            for i in os.indices where p.written & (UInt64(1) << UInt64(os[i].slot)) == 0 {
                let bit = UInt64(1) << UInt64(os[i].slot)
                if os[i].value.isNull { mask &= ~bit } else { mask |= bit }
            }
        }
        audit.appendPreparedCascade(id, time: time, actor: actor, encodedCause: p.encodedCause, mask: mask, rows: p.rows)
        undo.append(.createdAudited(id, entries: 1 + mask.nonzeroBitCount + p.rows.count))
        return id
    }
}
