// The MemoryStore's audit log in a compact form. The memory budget (≤ 300 bytes
// per lead beyond field data, audit log on) cannot afford an AuditEntry per change
// (~110 bytes: actor string, record, two 24-byte values): a routed lead makes about a
// dozen. So the log stores what cannot be recomputed, once:
//
// - Runs: consecutive entries with the same time, actor and record share one header
//   (a command's cascade is mostly about one record, at one instant, by one actor).
//   Actors are interned.
// - Rows, 16 bytes: the cause, the slot, and the change's BEFORE value, inline when it
//   fits 8 bytes (null, bool, int, date/time, enum ordinal, ref, empty list) or else an
//   index into a pool of StoredValues. A `created` entry and the field entries that
//   follow it (before null: the record's initial values) are ONE row with a slot bitmap.
// - The AFTER value is not stored: it is the before value of the next entry for the
//   same (record, slot), or the record's current value if there is none (its last
//   values, kept with its `deleted` entry, once deleted). That is "value storage shared
//   with the records": the final value of a slot lives in the record only.
//
// Exactness: an entry's after is derived only when the store can vouch for it: at
// append time, `after` must equal the slot's current value. The chain stays right only
// if every later change of that slot is followed by an entry with the true before
// value, so the store watches its own writes: an update leaves a pending note
// (record, slot, old value) that the next audit entry for that slot "explains" when
// its before matches. A note still unexplained when the next other operation starts,
// or an entry whose before is not the slot's true value, adds a LINK row (no entry of
// its own) carrying the true value for the entries before it. Entries that fit no row
// (a negative rule number, a slot ≥ 65535, an after that is not the current value) are
// stored whole in `overrides`. The interpreter audits each write right after making
// it, so it never needs a link row; other callers get exact entries too, just bigger.
//
// Reading the entries back is in MemoryStore+AuditRead.swift.

import CRMBase
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct AuditLog {
    struct Run {
        var firstRow: Int
        var firstSequence: UInt64
        var time: Int64
        var record: RecordID
        var actor: Int32
    }

    enum Kind: UInt8 {
        /// One field change; payload/tag hold the before value.
        case field
        /// A `created` entry and, per set bit of the payload, a field entry (before null).
        case created
        /// A `deleted` entry; payload is the pool index of the last values, or `noSnapshot`.
        case deleted
        /// An entry stored whole in `overrides`.
        case whole
        /// No entry: the value (payload/tag) the slot had just before the next row,
        /// when that row's before is not it (see the header).
        case link
    }

    struct Row {
        var payload: UInt64
        var cause: Int32
        var slot: UInt16
        var kind: Kind
        /// How `payload` holds the before value (`ValueTag`), for `.field` rows.
        var tag: UInt8

        /// How many entries (sequences) the row stands for.
        var entries: Int {
            switch kind {
            case .created: 1 + payload.nonzeroBitCount
            case .link: 0
            default: 1
            }
        }
    }

    /// Encodings of a before value in a row.
    enum ValueTag: UInt8 {
        case null, no, yes, int, date, datetime, time, member, ref, emptyList, pooled
    }

    static let noSnapshot = UInt64.max

    var rows = ChunkedDeque<Row>()
    var runs = ChunkedDeque<Run>()
    /// Values that do not fit a row: before values, last values of deleted records.
    var pool: [StoredValue] = []
    /// Entries stored whole, by sequence.
    var overrides: [UInt64: AuditEntry] = [:]
    var actors: [String] = []
    /// Actor → index; keyed by `.text(actor)` so that equality is by UTF-8 bytes.
    var actorIndex: [StoredValue: Int32] = [:]
    /// The actor `actorID` found last (-1: none yet) and its interned string's words.
    var lastActor: Int32 = -1
    var lastActorBits = StringBits("")
    /// Entries so far (the last sequence).
    var count = 0
    /// By entity number: whether any row is about a record of it.
    var entities: [Bool] = []

    /// Slot changes not yet explained by an audit entry: (record, slot, old value).
    var pending: [PendingNote] = []

    /// A slot change not yet explained by an audit entry. A struct, not a tuple: arrays
    /// of tuples with a reference-counted part go through generic value witnesses.
    struct PendingNote {
        var record: RecordID
        var slot: Int
        var old: StoredValue
    }
    /// The last values of the record deleted last, until its `deleted` entry arrives.
    var lastKill: (record: RecordID, values: [StoredValue])?

    // MARK: Encoding values

    /// The inline form (StoredValue.inlineBits, whose tags are these raw values).
    static func encode(_ v: StoredValue) -> (ValueTag, UInt64)? {
        guard let bits = v.inlineBits, let tag = ValueTag(rawValue: bits.tag) else { return nil }
        return (tag, bits.payload)
    }

    func decode(_ tag: UInt8, _ p: UInt64) -> StoredValue {
        switch ValueTag(rawValue: tag) ?? .null {
        case .null: return .null
        case .no: return .bool(false)
        case .yes: return .bool(true)
        case .int: return .int(Int64(bitPattern: p))
        case .date: return .date(Int64(bitPattern: p))
        case .datetime: return .datetime(Int64(bitPattern: p))
        case .time: return .time(Int64(bitPattern: p))
        case .member: return .enumMember(Int32(bitPattern: UInt32(truncatingIfNeeded: p)))
        case .ref: return .ref(RecordID(entity: Int32(bitPattern: UInt32(truncatingIfNeeded: p >> 32)),
                                        number: UInt32(truncatingIfNeeded: p)))
        case .emptyList: return .list([])
        case .pooled: return p < UInt64(pool.count) ? pool[Int(p)] : .null
        }
    }

    static func encodeCause(_ c: AuditCause) -> Int32? {
        switch c {
        case .user: return -1
        case .system: return -2
        case .rule(let r): return r >= 0 ? r : nil
        }
    }

    static func decodeCause(_ c: Int32) -> AuditCause {
        c >= 0 ? .rule(c) : (c == -1 ? .user : .system)
    }
}

extension MemoryStore {
    // The store's side: one access to `audit` per operation (each access to a class
    // property is an exclusivity check), with the record facts the log needs.

    /// Called by `update` for a slot whose value changed.
    @inline(__always) func noteChange(_ id: RecordID, _ slot: Int, old: StoredValue) {
        audit.pending.append(AuditLog.PendingNote(record: id, slot: slot, old: old))
    }

    /// Called by `delete` with the record's last values.
    func noteKill(_ id: RecordID, _ values: [StoredValue]) {
        settleAudit()
        audit.noteKill(id, values)
    }

    /// Adds link rows for slot changes no entry explained (see the header). Runs before
    /// every store operation other than `appendAudit`.
    @inline(__always) func settleAudit() {
        if audit.hasPending { recordLinks(audit.settle()) }
    }

    private func recordLinks(_ n: Int) {
        if open { for _ in 0 ..< n { undo.append(.auditLink) } }
    }

    /// Appends `e` (its sequence already set).
    func appendCompact(_ e: AuditEntry) {
        var current: StoredValue?
        var alive = false
        switch e.change {
        case .field(let slot, _, _): current = value(e.record, slot: Int(slot))
        case .deleted: alive = exists(e.record)
        case .created: break
        }
        recordLinks(audit.append(e, current: current, alive: alive))
    }

    func auditEntries(from: UInt64, limit: Int, settling: Bool) -> [AuditEntry] {
        if settling { settleAudit() }
        return audit.entries(from: from, limit: limit) { [unowned self] r, s in self.value(r, slot: s) }
    }

    func removeLastAudit() { audit.removeLast() }
    func removeLastLink() { audit.removeLastLink() }
}

extension AuditLog {
    var hasPending: Bool { !pending.isEmpty || lastKill != nil }

    mutating func noteKill(_ id: RecordID, _ values: [StoredValue]) {
        for (s, v) in values.enumerated() where !v.isNull { pending.append(PendingNote(record: id, slot: s, old: v)) }
        lastKill = (id, values)
    }

    /// Turns unexplained notes into link rows; returns how many rows were added.
    mutating func settle() -> Int {
        let notes = pending
        pending = []
        lastKill = nil
        var n = 0
        for x in notes where appendLink(x.record, x.slot, x.old) { n += 1 }
        return n
    }

    /// Adds a link row: (record, slot) held `value` just before the next row. False if
    /// none is needed.
    private mutating func appendLink(_ r: RecordID, _ slot: Int, _ value: StoredValue) -> Bool {
        // No row about a record of this entity, or a slot no row can name: nothing
        // derives its after value from what follows.
        guard slot >= 0, slot < Int(UInt16.max), r.entity >= 0, Int(r.entity) < entities.count,
              entities[Int(r.entity)] else { return false }
        var row = Row(payload: 0, cause: 0, slot: UInt16(slot), kind: .link, tag: 0)
        encodeBefore(value, into: &row)
        let key = runs.last.map { (time: $0.time, actor: actors[Int($0.actor)]) } ?? (time: 0, actor: "")
        appendRow(AuditEntry(sequence: UInt64(count + 1), time: key.time, actor: key.actor, cause: .system,
                             record: r, change: .created), row)
        return true
    }

    private mutating func encodeBefore(_ v: StoredValue, into row: inout Row) {
        if let (tag, p) = Self.encode(v) {
            row.tag = tag.rawValue
            row.payload = p
        } else {
            row.tag = ValueTag.pooled.rawValue
            row.payload = UInt64(pool.count)
            pool.append(v)
        }
    }

    /// Removes the last row if it is a link (undo of a link).
    mutating func removeLastLink() {
        guard let row = rows.last, row.kind == .link else { return }
        dropLastRow(row)
    }

    // MARK: Appending

    /// Appends `e` (its sequence already set). `current` is the slot's value now (field
    /// entries), `alive` whether the record exists (deleted entries). Returns the
    /// number of link rows added.
    mutating func append(_ e: AuditEntry, current: StoredValue?, alive: Bool) -> Int {
        count += 1
        let cause = Self.encodeCause(e.cause)
        var links = 0
        switch e.change {
        case .created:
            guard let cause else { appendWhole(e); return 0 }
            appendRow(e, Row(payload: 0, cause: cause, slot: 0, kind: .created, tag: 0))
        case .deleted:
            var payload = Self.noSnapshot
            if let k = lastKill, k.record == e.record, !alive {
                payload = UInt64(pool.count)
                pool.append(.list(k.values))
                pending.removeAll { $0.record == e.record }
                lastKill = nil
            }
            guard let cause else { appendWhole(e, payload: payload); return 0 }
            appendRow(e, Row(payload: payload, cause: cause, slot: 0, kind: .deleted, tag: 0))
        case .field(let slot32, let before, let after):
            let slot = Int(slot32)
            let inRun = runs.last.map { sameRun($0, e) } ?? false
            // Is `before` the slot's true value just before this entry?
            let creating = before.isNull && inRun && isCreationField(slot)
            if !pending.isEmpty, let i = pending.firstIndex(where: { $0.record == e.record && $0.slot == slot }) {
                let old = pending[i].old
                pending.remove(at: i)
                if old != before, appendLink(e.record, slot, old) { links += 1 }
            } else if !creating, let now = current, now != before {
                if appendLink(e.record, slot, now) { links += 1 }
            }
            // Derive the after value only if it is the slot's value now.
            guard let cause, slot32 >= 0, slot < Int(UInt16.max), current == after else {
                appendWhole(e)
                return links
            }
            // A link row may have started a new run since `inRun` was computed.
            appendFieldRow(e, slot: slot, before: before, cause: cause, creating: creating, inRun: inRun && links == 0)
        }
        return links
    }

    /// A field entry's row: folded into the `created` row just before it when it is one
    /// of the creation's fields (`creating`), else a `.field` row with its before value.
    /// `inRun`: the entry belongs to the last run.
    private mutating func appendFieldRow(_ e: AuditEntry, slot: Int, before: StoredValue, cause: Int32,
                                         creating: Bool, inRun: Bool) {
        appendFieldRow(record: e.record, sequence: e.sequence, time: e.time, actor: e.actor, slot: slot, before: before,
                       cause: cause, creating: creating, inRun: inRun)
    }

    /// `appendFieldRow` of an entry given by its parts. `newRun`: the caller knows the
    /// entry does not belong to the last run (it just compared them).
    private mutating func appendFieldRow(record: RecordID, sequence: UInt64, time: Int64, actor: String, slot: Int,
                                         before: StoredValue, cause: Int32, creating: Bool, inRun: Bool,
                                         newRun: Bool = false) {
        if creating, let last = rows.last, last.cause == cause, last.kind == .created {
            rows[rows.count - 1].payload |= UInt64(1) << UInt64(slot)
            return
        }
        var row = Row(payload: 0, cause: cause, slot: UInt16(slot), kind: .field, tag: 0)
        encodeBefore(before, into: &row)
        appendRow(row, record: record, sequence: sequence, time: time, actor: actor, inRun: inRun, newRun: newRun)
    }

    /// `append` of a field entry `e` whose before is the slot's value just before the
    /// write and whose after is its value now, with no notes pending — what the one-step
    /// `updateAudited` knows. `append` would find the note the write left and drop it
    /// (no link: the before is right); this leaves no note to find.
    ///
    /// Given by its parts, not as an AuditEntry: the entry is built only if it must be
    /// stored whole (a cause or slot no row can hold).
    mutating func appendExplainedField(record: RecordID, time: Int64, actor: String, cause: AuditCause, slot: Int,
                                       before: StoredValue, after: StoredValue) {
        count += 1
        let sequence = UInt64(count)
        guard let code = Self.encodeCause(cause), slot >= 0, slot < Int(UInt16.max) else {
            appendWhole(AuditEntry(sequence: sequence, time: time, actor: actor, cause: cause, record: record,
                                   change: .field(slot: Int32(truncatingIfNeeded: slot), before: before, after: after)))
            return
        }
        let inRun = runs.last.map { sameRun($0, record: record, time: time, actor: actor) } ?? false
        appendFieldRow(record: record, sequence: sequence, time: time, actor: actor, slot: slot, before: before, cause: code,
                       creating: before.isNull && inRun && isCreationField(slot), inRun: inRun, newRun: !inRun)
    }

    /// Appends a `created` entry `e` (sequence set, cause encodable) and the field entries
    /// of the slots in `mask`, whose values are the record's current ones: what `append`
    /// of each would do — the field entries fold into the created row's bitmap.
    mutating func appendCreation(_ e: AuditEntry, fields mask: UInt64) {
        _ = append(e, current: nil, alive: false)   // a `created` entry adds no link
        count += mask.nonzeroBitCount
        rows[rows.count - 1].payload = mask
    }

    /// Whether a field entry with before null completes the `created` row just appended
    /// for its record (slots in increasing order, as `create` lists them).
    private func isCreationField(_ slot: Int) -> Bool {
        guard slot >= 0, slot < 64, let last = rows.last, last.kind == .created else { return false }
        return last.payload >> UInt64(slot) == 0
    }

    private func sameRun(_ run: Run, _ e: AuditEntry) -> Bool {
        sameRun(run, record: e.record, time: e.time, actor: e.actor)
    }

    /// Whether an entry about `record` at `time` by `actor` belongs to `run`.
    private func sameRun(_ run: Run, record: RecordID, time: Int64, actor: String) -> Bool {
        run.record == record && run.time == time && Self.sameBytes(actors[Int(run.actor)], actor)
    }

    /// Byte equality of two strings (not Swift's canonical equivalence), over their
    /// contiguous UTF-8 when they have it (native and small strings do).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        // The same string (the same short string, usually: an actor name) first.
        if StringBits.available && StringBits(a) == StringBits(b) { return true }
        // Lengths first (O(1) for native strings); then the bytes, with memcmp where both
        // are contiguous (an actor is compared on every audit entry).
        guard a.utf8.count == b.utf8.count else { return false }
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == y.count }
                return memcmp(p, q, x.count) == 0
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// `inRun`: the caller knows `e` belongs to the last run.
    private mutating func appendRow(_ e: AuditEntry, _ row: Row, inRun: Bool = false) {
        appendRow(row, record: e.record, sequence: e.sequence, time: e.time, actor: e.actor, inRun: inRun)
    }

    /// `appendRow` of an entry given by its parts (no AuditEntry to build).
    /// `newRun`: the caller knows the entry does not belong to the last run.
    private mutating func appendRow(_ row: Row, record: RecordID, sequence: UInt64, time: Int64, actor: String,
                                    inRun: Bool = false, newRun: Bool = false) {
        if record.entity >= 0 && record.entity < Int32(UInt16.max) {
            let i = Int(record.entity)
            if i >= entities.count { entities += Array(repeating: false, count: i + 1 - entities.count) }
            if !entities[i] { entities[i] = true }
        }
        if inRun {} else if !newRun, let run = runs.last, sameRun(run, record: record, time: time, actor: actor) {} else {
            runs.append(Run(firstRow: rows.count, firstSequence: sequence, time: time,
                            record: record, actor: actorID(actor)))
        }
        rows.append(row)
    }

    /// What `appendCreatedCascade` appends, with the writes' rows encoded ahead
    /// (MemoryStore.createPrepared): the `created` row of `mask`, then `rows`.
    mutating func appendPreparedCascade(_ id: RecordID, time: Int64, actor: String, encodedCause: Int32,
                                        mask: UInt64, rows prepared: [Row]) {
        let sequence = UInt64(count + 1)
        count += 1 + mask.nonzeroBitCount + prepared.count
        appendRow(Row(payload: mask, cause: encodedCause, slot: 0, kind: .created, tag: 0),
                  record: id, sequence: sequence, time: time, actor: actor)
        rows.append(contentsOf: prepared)
    }

    /// The `.field` row `appendCascadeField` appends for a write, if its before value
    /// is held in the row itself (no pool entry, which each record would need anew).
    static func preparedFieldRow(slot: Int, before: StoredValue, cause: Int32) -> Row? {
        guard slot >= 0, slot < Int(UInt16.max), let (tag, payload) = encode(before) else { return nil }
        return Row(payload: payload, cause: cause, slot: UInt16(slot), kind: .field, tag: tag.rawValue)
    }

    // MARK: A created record's cascade in one step (MemoryStore.createAudited)

    /// Appends what `append` leaves for a new record's `created` entry and the field
    /// entries of `mask` (as `appendCreation`), when no notes are pending and `cause`
    /// fits a row.
    mutating func appendCreated(_ e: AuditEntry, cause: Int32, mask: UInt64) {
        count += 1 + mask.nonzeroBitCount
        appendRow(e, Row(payload: mask, cause: cause, slot: 0, kind: .created, tag: 0))
    }

    /// `appendCreated`, then `appendCascadeField` for each write (MemoryStore.createAudited).
    mutating func appendCreatedCascade(_ id: RecordID, time: Int64, actor: String, cause: AuditCause, encodedCause: Int32,
                                       mask: UInt64, writes: [StoredWrite]) {
        appendCreated(AuditEntry(sequence: UInt64(count + 1), time: time, actor: actor, cause: cause, record: id,
                                 change: .created), cause: encodedCause, mask: mask)
        writes.withUnsafeBufferPointer { ws in
            for i in ws.indices {
                appendCascadeField(slot: ws[i].slot, before: ws[i].before, cause: Self.encodeCause(ws[i].cause) ?? 0)
            }
        }
    }

    /// Appends what `append` leaves for a field entry of the record just created, by a
    /// cause other than the creation's, right after its write: a `.field` row in the
    /// same run (the after is the next entry's before or the record's value, which
    /// the caller guarantees). `slot` < 65535, `cause` ≥ 0.
    mutating func appendCascadeField(slot: Int, before: StoredValue, cause: Int32) {
        count += 1
        var row = Row(payload: 0, cause: cause, slot: UInt16(truncatingIfNeeded: slot), kind: .field, tag: 0)
        encodeBefore(before, into: &row)
        rows.append(row)
    }

    /// `payload`: for a `deleted` entry, the pool index of the record's last values.
    private mutating func appendWhole(_ e: AuditEntry, payload: UInt64 = AuditLog.noSnapshot) {
        overrides[e.sequence] = e
        appendRow(e, Row(payload: payload, cause: 0, slot: 0, kind: .whole, tag: 0))
    }

    /// The actor's index; the last run's actor is compared first (usually it is the same).
    private mutating func actorID(_ a: String) -> Int32 {
        // The actor found last, by its two words: equal words are the same string as the
        // interned one (which `actors` keeps alive), so no bytes need comparing.
        if StringBits.available, lastActor >= 0, StringBits(a) == lastActorBits { return lastActor }
        let id = lookUpActor(a)
        lastActor = id
        lastActorBits = StringBits(actors[Int(id)])
        return id
    }

    private mutating func lookUpActor(_ a: String) -> Int32 {
        if let run = runs.last, Self.sameBytes(actors[Int(run.actor)], a) { return run.actor }
        let key = StoredValue.text(a)
        if let i = actorIndex[key] { return i }
        let i = Int32(truncatingIfNeeded: actors.count)
        actors.append(a)
        actorIndex[key] = i
        return i
    }

    /// Removes the last entry (undo of an append).
    mutating func removeLast() {
        guard count > 0, let row = rows.last else { return }
        let seq = UInt64(count)
        count -= 1
        if !overrides.isEmpty { overrides[seq] = nil }
        if row.kind == .created && row.payload != 0 {
            // Drop the highest slot bit: the last field entry of the creation.
            let high = 63 - row.payload.leadingZeroBitCount
            rows[rows.count - 1].payload &= ~(UInt64(1) << UInt64(high))
            return
        }
        dropLastRow(row)
    }

    private mutating func dropLastRow(_ row: Row) {
        let pooled = ((row.kind == .field || row.kind == .link) && row.tag == ValueTag.pooled.rawValue)
            || ((row.kind == .deleted || row.kind == .whole) && row.payload != Self.noSnapshot)
        if pooled, !pool.isEmpty, row.payload == UInt64(pool.count - 1) { pool.removeLast() }
        rows.removeLast()
        if let run = runs.last, run.firstRow >= rows.count { runs.removeLast() }
    }
}
