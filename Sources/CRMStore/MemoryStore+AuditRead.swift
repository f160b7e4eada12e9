// Reading the compact audit log back (see MemoryStore+AuditLog.swift for its form):
// the rows are walked backwards from the end, keeping for each (record, slot) the value
// it has just after the entry being read — the next entry's before value, a link row's
// value, a deleted record's last values, or the record's current value — so every
// entry comes back exactly as it was appended. O(entries from `from` to the end); reads
// are for the REPL, tests, snapshots and `crm test`, not for the hot path.

extension AuditLog {
    /// Entries with sequence in `from ..< from + limit`, rebuilt from the rows (see the
    /// file header). `current` reads a live record's slot.
    func entries(from: UInt64, limit: Int, current: (RecordID, Int) -> StoredValue?) -> [AuditEntry] {
        let first = max(from, 1)
        guard limit > 0, first <= UInt64(count) else { return [] }
        let end = UInt64(count) - first + 1 > UInt64(limit) ? first + UInt64(limit) : UInt64(count) + 1
        var out: [AuditEntry] = []
        out.reserveCapacity(Int(end - first))
        /// The value of (record, slot) just after the entry being read.
        struct Key: Hashable { var record: RecordID; var slot: Int }
        var next: [Key: StoredValue] = [:]
        func after(_ r: RecordID, _ s: Int) -> StoredValue { next[Key(record: r, slot: s)] ?? current(r, s) ?? .null }

        var runIndex = runs.count - 1
        var row = rows.count - 1
        var seqAfterRow = UInt64(count) + 1   // the sequence following `row`'s entries
        while row >= 0 && runIndex >= 0 {
            while runIndex > 0 && runs[runIndex].firstRow > row { runIndex -= 1 }
            let run = runs[runIndex]
            let x = rows[row]
            let firstSeq = seqAfterRow - UInt64(x.entries)
            if seqAfterRow <= first { break }
            let actor = actors[Int(run.actor)]
            func entry(_ seq: UInt64, _ change: AuditChange, _ cause: AuditCause) -> AuditEntry {
                AuditEntry(sequence: seq, time: run.time, actor: actor, cause: cause, record: run.record, change: change)
            }
            switch x.kind {
            case .whole:
                if let e = overrides[firstSeq] {
                    if firstSeq < end { out.append(e) }
                    if case .field(let s, let before, _) = e.change { next[Key(record: e.record, slot: Int(s))] = before }
                    if case .deleted = e.change, x.payload != Self.noSnapshot,
                       case .list(let last) = decode(ValueTag.pooled.rawValue, x.payload) {
                        for (s, v) in last.enumerated() { next[Key(record: e.record, slot: s)] = v }
                    }
                }
            case .field:
                let slot = Int(x.slot)
                let before = decode(x.tag, x.payload)
                if firstSeq < end {
                    out.append(entry(firstSeq, .field(slot: Int32(slot), before: before, after: after(run.record, slot)),
                                     Self.decodeCause(x.cause)))
                }
                next[Key(record: run.record, slot: slot)] = before
            case .created:
                var seq = seqAfterRow - 1
                var bits = x.payload
                while bits != 0 {
                    let s = 63 - bits.leadingZeroBitCount
                    bits &= ~(UInt64(1) << UInt64(s))
                    if seq < end && seq >= first {
                        out.append(entry(seq, .field(slot: Int32(s), before: .null, after: after(run.record, s)),
                                         Self.decodeCause(x.cause)))
                    }
                    next[Key(record: run.record, slot: s)] = .null
                    seq -= 1
                }
                if firstSeq < end && firstSeq >= first { out.append(entry(firstSeq, .created, Self.decodeCause(x.cause))) }
            case .link:
                next[Key(record: run.record, slot: Int(x.slot))] = decode(x.tag, x.payload)
            case .deleted:
                if firstSeq < end { out.append(entry(firstSeq, .deleted, Self.decodeCause(x.cause))) }
                if x.payload != Self.noSnapshot, case .list(let last) = decode(ValueTag.pooled.rawValue, x.payload) {
                    for (s, v) in last.enumerated() { next[Key(record: run.record, slot: s)] = v }
                }
            }
            seqAfterRow = firstSeq
            row -= 1
        }
        out.reverse()
        return out.filter { $0.sequence >= first && $0.sequence < end }
    }
}
