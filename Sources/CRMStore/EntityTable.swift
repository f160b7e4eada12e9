// EntityTable: the records of one entity, in chunks of 1,024 records (Rows, at the
// end), record n's slots as `width` consecutive values; a deleted record keeps its
// place (slots nulled, `alive` false) because numbers are never reused. So a record costs its slots plus one
// byte, with no per-record object — the memory budget of the lead-routing benchmark
// (≤ 300 bytes per lead beyond field data) is spent elsewhere.
//
// Indexes are maintained here, by the primitives `insert`, `remove` and `set`, which
// both forward operations and the undo log use — so an undo restores indexes by the
// same code that built them.
//
// A final class, not a struct: the store reads a slot per field the rules read, and
// reaching a struct table inside `[EntityTable?]` copied it (retaining every array it
// holds) on each read — 18% of the lead-routing profile. A class is one reference.

final class EntityTable {
    let id: EntityID
    let schema: EntitySchema
    let width: Int
    /// The slots and liveness of every record, in ONE stored property: each access to a
    /// class `var` is a dynamic exclusivity check, and a slot read (the store's hottest
    /// operation) needs both arrays — one access of `rows` instead of two.
    var rows: Rows
    var alive: [Bool] {
        get { rows.alive }
        _modify { yield &rows.alive }
    }
    var liveCount = 0
    /// One index per `schema.uniqueSlots` entry: value → record number. Nulls are not
    /// indexed (many records may lack a value of a unique field, as in SQL).
    var unique: [[StoredValue: UInt32]]
    /// One index per `schema.indexedSlots` entry: value → record numbers, ascending.
    var related: [[StoredValue: [UInt32]]]
    /// Per slot: its position in `unique` / `related`, or -1. Arrays, not dictionaries
    /// keyed by slot: every `set` asks, and hashing the slot number cost ~8% of a
    /// create+update transaction (perf, 1M records).
    let uniquePosition: [Int]
    let relatedPosition: [Int]

    init(id: EntityID, schema: EntitySchema) {
        self.id = id
        self.schema = schema
        self.width = schema.width
        self.rows = Rows(width: schema.width)
        var u = [Int](repeating: -1, count: schema.width)
        var r = [Int](repeating: -1, count: schema.width)
        for (i, s) in schema.uniqueSlots.enumerated() { u[s] = i }
        for (i, s) in schema.indexedSlots.enumerated() { r[s] = i }
        uniquePosition = u
        relatedPosition = r
        unique = Array(repeating: [:], count: schema.uniqueSlots.count)
        related = Array(repeating: [:], count: schema.indexedSlots.count)
    }

    /// Records allocated so far (live or deleted) — also the last number used.
    var allocated: UInt32 { UInt32(truncatingIfNeeded: alive.count) }

    func isAlive(_ n: UInt32) -> Bool { rows.isAlive(n) }

    /// Whether `n` is live and holds each non-null value of `slots` (one access to `rows`).
    func holds(_ n: UInt32, _ slots: [StoredValue]) -> Bool {
        guard slots.count <= width else { return false }
        return rows.holds(n, slots, width: width)
    }

    /// Slot `slot` of live record `n`, or nil — one access to `rows`.
    @inline(__always) func value(_ n: UInt32, _ slot: Int) -> StoredValue? {
        slot >= 0 && slot < width ? rows.value(n, slot, width: width) : nil
    }

    /// Whether slot `slot` of live record `n` is not null (false out of range), read in
    /// place: no copy of the value (a text's would retain it).
    @inline(__always) func hasValue(_ n: UInt32, _ slot: Int) -> Bool {
        slot >= 0 && slot < width && rows.isAlive(n) && rows.hasValue(n, slot)
    }

    func slotName(_ s: Int) -> String { s >= 0 && s < width ? schema.slotNames[s] : "#\(s)" }

    func slots(_ n: UInt32) -> [StoredValue] { rows.slots(n) }

    /// The error a unique slot would raise if `n` took `value` there, if any.
    func uniqueConflict(slot: Int, value: StoredValue, for n: UInt32) -> StoreError? {
        guard !value.isNull, uniquePosition[slot] >= 0, let other = unique[uniquePosition[slot]][value], other != n else {
            return nil
        }
        return .uniqueViolation(entity: schema.name, slot: slotName(slot), value: value,
                                existing: RecordID(entity: id, number: other))
    }

    /// Removes the last allocated record entirely (undo of a create).
    func removeLast() {
        let n = allocated
        if alive[Int(n) - 1] {
            unindex(n, slots(n))
            liveCount -= 1
        }
        rows.removeLast()
    }

    /// Marks a record deleted; returns its slots.
    func kill(_ n: UInt32) -> [StoredValue] {
        let old = slots(n)
        unindex(n, old)
        for i in 0 ..< width { rows[n, i] = .null }
        alive[Int(n) - 1] = false
        liveCount -= 1
        return old
    }

    /// Brings a deleted record back with `old` slots (undo of a delete).
    func revive(_ n: UInt32, _ old: [StoredValue]) {
        for i in 0 ..< width { rows[n, i] = old[i] }
        alive[Int(n) - 1] = true
        liveCount += 1
        index(n, old)
    }

    /// Sets one slot of a live record, keeping indexes; returns the old value.
    func set(_ n: UInt32, _ slot: Int, _ value: StoredValue) -> StoredValue {
        let old = rows[n, slot]
        if old == value { return old }
        let u = uniquePosition[slot]
        if u >= 0 {
            if !old.isNull { unique[u][old] = nil }
            if !value.isNull { unique[u][value] = n }
        }
        let r = relatedPosition[slot]
        if r >= 0 {
            removeRelated(r, old, n)
            addRelated(r, value, n)
        }
        rows[n, slot] = value
        return old
    }

    private func index(_ n: UInt32, _ slots: [StoredValue]) {
        for (i, s) in schema.uniqueSlots.enumerated() where !slots[s].isNull { unique[i][slots[s]] = n }
        for (i, s) in schema.indexedSlots.enumerated() { addRelated(i, slots[s], n) }
    }

    private func unindex(_ n: UInt32, _ slots: [StoredValue]) {
        for (i, s) in schema.uniqueSlots.enumerated() where !slots[s].isNull { unique[i][slots[s]] = nil }
        for (i, s) in schema.indexedSlots.enumerated() { removeRelated(i, slots[s], n) }
    }

    /// `r` is the position in `related`.
    private func addRelated(_ r: Int, _ value: StoredValue, _ n: UInt32) {
        if value.isNull { return }
        related[r][value, default: []].insertSorted(n)
    }

    private func removeRelated(_ r: Int, _ value: StoredValue, _ n: UInt32) {
        if value.isNull { return }
        guard let i = related[r].index(forKey: value) else { return }
        related[r].values[i].removeSorted(n)
        if related[r].values[i].isEmpty { related[r].remove(at: i) }
    }

    // MARK: Checked operations (in place, so callers need not copy the table)

    /// Creates a record after checking width and unique slots; returns its number.
    func create(_ slots: [StoredValue]) throws -> UInt32 {
        guard slots.count == width else {
            throw StoreError.wrongSlotCount(entity: schema.name, expected: width, got: slots.count)
        }
        // Numbers are UInt32; refuse rather than wrap (4 billion records of one entity).
        guard alive.count < Int(UInt32.max) else {
            throw StoreError.invalidSchema(entity: id, reason: "record numbers of \(schema.name) are exhausted")
        }
        let n = allocated + 1
        // Claim each unique value with one hash (insert-if-absent), releasing the
        // earlier claims on a conflict — rather than look up, then insert (two hashes;
        // hashing was the top cost of a create in perf).
        for (i, s) in schema.uniqueSlots.enumerated() where !slots[s].isNull {
            let holder = Self.claim(&unique[i][slots[s], default: n])
            if holder != n {
                for (j, t) in schema.uniqueSlots.enumerated().prefix(i) where !slots[t].isNull { unique[j][slots[t]] = nil }
                throw StoreError.uniqueViolation(entity: schema.name, slot: slotName(s), value: slots[s],
                                                 existing: RecordID(entity: id, number: holder))
            }
        }
        rows.append(slots)
        liveCount += 1
        for (i, s) in schema.indexedSlots.enumerated() { addRelated(i, slots[s], n) }
        return n
    }

    /// `create` of `base` with each override put in its slot, in order, built in place
    /// (no assembled row); `plain` has a bit for each base slot whose value is plain data
    /// (`StoredValue.isPlainData`): those are copied as bytes. Overrides must be in the
    /// row. Where a slot is indexed (its claim or entry needs the assembled values
    /// first), or the row is not `width` ≤ 64 values, it is assembled and created.
    func create(base: [StoredValue], plain: UInt64, overrides: [SlotValue]) throws -> UInt32 {
        guard schema.uniqueSlots.isEmpty, schema.indexedSlots.isEmpty, base.count == width, width <= 64 else {
            return try create(MemoryStore.assembled(id, base, overrides))
        }
        guard alive.count < Int(UInt32.max) else {
            throw StoreError.invalidSchema(entity: id, reason: "record numbers of \(schema.name) are exhausted")
        }
        rows.append(base, plain: plain, overrides: overrides)
        liveCount += 1
        return allocated
    }

    /// Reads a dictionary entry through its `default:` modify accessor (one hash).
    private static func claim(_ holder: inout UInt32) -> UInt32 { holder }

    /// Checks that `n` is live and that the changes are valid, before any is applied.
    func check(_ n: UInt32, _ changes: [(slot: Int, value: StoredValue)]) throws {
        guard isAlive(n) else { throw StoreError.noSuchRecord(RecordID(entity: id, number: n)) }
        for c in changes {
            guard c.slot >= 0 && c.slot < width else {
                throw StoreError.noSuchSlot(entity: schema.name, slot: c.slot, width: width)
            }
            // Checked against the committed index, which never conflicts with `n` itself.
            if let e = uniqueConflict(slot: c.slot, value: c.value, for: n) { throw e }
        }
    }

    /// `check(_:_:)` of one change.
    func check(_ n: UInt32, slot: Int, _ value: StoredValue) throws {
        guard isAlive(n) else { throw StoreError.noSuchRecord(RecordID(entity: id, number: n)) }
        guard slot >= 0 && slot < width else {
            throw StoreError.noSuchSlot(entity: schema.name, slot: slot, width: width)
        }
        if let e = uniqueConflict(slot: slot, value: value, for: n) { throw e }
    }

    /// The index of a unique slot, or nil.
    func uniqueIndex(_ slot: Int) -> [StoredValue: UInt32]? {
        slot >= 0 && slot < width && uniquePosition[slot] >= 0 ? unique[uniquePosition[slot]] : nil
    }

    /// The relation index of a slot, or nil.
    func relatedIndex(_ slot: Int) -> [StoredValue: [UInt32]]? {
        slot >= 0 && slot < width && relatedPosition[slot] >= 0 ? related[relatedPosition[slot]] : nil
    }
}

extension Array where Element == UInt32 {
    /// Inserts keeping ascending order; appending (the common case: records are
    /// created in number order) is O(1).
    mutating func insertSorted(_ x: UInt32) {
        if let last, last < x { append(x); return }
        var lo = 0, hi = count
        while lo < hi { let mid = (lo + hi) / 2; if self[mid] < x { lo = mid + 1 } else { hi = mid } }
        if lo < count && self[lo] == x { return }
        insert(x, at: lo)
    }

    mutating func removeSorted(_ x: UInt32) {
        var lo = 0, hi = count
        while lo < hi { let mid = (lo + hi) / 2; if self[mid] < x { lo = mid + 1 } else { hi = mid } }
        if lo < count && self[lo] == x { remove(at: lo) }
    }
}

/// EntityTable's record storage (see `EntityTable.rows`): the slots of 1,024 records
/// per chunk, record n's at `chunks[(n-1) / 1024].values[((n-1) % 1024) * width ..< … + width]`,
/// and a liveness flag per record. Chunks, not one array: an array that outgrows its
/// buffer copies everything into one twice as large (for a moment both are resident:
/// peak memory, and a copy of every record so far), while a chunk never moves, and
/// the last one's pages only become resident as records are written into it.
///
/// A chunk is a fixed buffer (RowChunk) rather than an array: a new record's values
/// are copied straight into it, where appending them to an array checks its
/// uniqueness and capacity per value (most of the cost of storing a record). The
/// chunks are objects, so Rows is not a value: EntityTable owns the only one and
/// changes it in place. Their memory is carved from huge-page blocks (BulkMemory.swift).
struct Rows {
    static let shift = 10
    static let perChunk = 1 << shift

    let width: Int
    private var chunks: [RowChunk] = []
    /// Each chunk's values, in step with `chunks`: a slot access reads a plain pointer
    /// instead of a chunk object (a retain and a release per access).
    private var bases: [UnsafeMutablePointer<StoredValue>] = []
    private var carver = BulkCarver()
    var alive: [Bool] = []

    init(width: Int) { self.width = width }

    @inline(__always) func isAlive(_ n: UInt32) -> Bool { n >= 1 && Int(n) <= alive.count && alive[Int(n) - 1] }

    /// Slot `slot` of allocated record `n` (live or not); both must be in range.
    subscript(n: UInt32, slot: Int) -> StoredValue {
        get {
            let r = Int(n) - 1
            return bases[r >> Self.shift][(r & (Self.perChunk - 1)) * width + slot]
        }
        nonmutating set {
            let r = Int(n) - 1
            bases[r >> Self.shift][(r & (Self.perChunk - 1)) * width + slot] = newValue
        }
    }

    /// Puts `value` in slot `slot` of allocated record `n` and returns the value it
    /// held, moved out (no copy of it, so no retain and release of a text); both must
    /// be in range.
    func exchange(_ n: UInt32, _ slot: Int, _ value: StoredValue) -> StoredValue {
        let r = Int(n) - 1
        let p = bases[r >> Self.shift] + (r & (Self.perChunk - 1)) * width + slot
        let old = p.move()
        p.initialize(to: value)
        return old
    }

    /// Whether slot `slot` of allocated record `n` is not null; both must be in range.
    func hasValue(_ n: UInt32, _ slot: Int) -> Bool {
        let r = Int(n) - 1
        let p = bases[r >> Self.shift] + (r & (Self.perChunk - 1)) * width + slot
        if case .null = p.pointee { return false }
        return true
    }

    /// The slots of allocated record `n`.
    func slots(_ n: UInt32) -> [StoredValue] {
        let r = Int(n) - 1
        let base = (r & (Self.perChunk - 1)) * width
        return Array(UnsafeBufferPointer(start: bases[r >> Self.shift] + base, count: width))
    }

    /// Allocates the next record, live, with `slots` (`width` of them).
    mutating func append(_ slots: [StoredValue]) {
        let (chunk, start) = nextRow()
        // `slots` has `width` values (EntityTable.create checks); any missing are null.
        let given = min(slots.count, width)
        // Value by value: `initialize(from:count:)` copies through the generic value witness.
        slots.withUnsafeBufferPointer { values in
            for i in 0 ..< given { (start + i).initialize(to: values[i]) }
        }
        if given < width { (start + given).initialize(repeating: .null, count: width - given) }
        finishRow(chunk, start, [])
    }

    /// `append(base, overrides:)` copying the values of the `plain` slots as bytes (one
    /// copy of the row, then a proper copy of each other value over its bytes). `base`
    /// has `width` ≤ 64 values.
    mutating func append(_ base: [StoredValue], plain: UInt64, overrides: [SlotValue]) {
        let (chunk, start) = nextRow()
        base.withUnsafeBufferPointer { values in
            guard let source = values.baseAddress else { return }
            UnsafeMutableRawPointer(start).copyMemory(from: source, byteCount: width * MemoryLayout<StoredValue>.stride)
            var others = ~plain & (width == 64 ? ~0 : (UInt64(1) << UInt64(width)) - 1)
            while others != 0 {
                let i = others.trailingZeroBitCount
                // The bytes copied are not a value of their own yet: initialize over them.
                (start + i).initialize(to: values[i])
                others &= others - 1
            }
        }
        finishRow(chunk, start, overrides)
    }

    /// The chunk and place of the next record's values (a new chunk if the last is full).
    private mutating func nextRow() -> (RowChunk, UnsafeMutablePointer<StoredValue>) {
        let r = alive.count
        if r >> Self.shift == chunks.count {
            let chunk = RowChunk(capacity: Self.perChunk * width, carver: &carver)
            chunks.append(chunk)
            bases.append(chunk.values)
        }
        let chunk = chunks[r >> Self.shift]
        return (chunk, chunk.values + chunk.used)
    }

    /// Puts the overrides in the new record's initialized values at `start` and makes
    /// it the last record, live.
    private mutating func finishRow(_ chunk: RowChunk, _ start: UnsafeMutablePointer<StoredValue>, _ overrides: [SlotValue]) {
        if !overrides.isEmpty {
            overrides.withUnsafeBufferPointer { os in
                for i in os.indices where os[i].slot >= 0 && os[i].slot < width { start[os[i].slot] = os[i].value }
            }
        }
        chunk.used += width
        alive.append(true)
    }

    /// `body` of the values of allocated record `n` (in range).
    func withValues<R>(_ n: UInt32, _ body: (UnsafeBufferPointer<StoredValue>) -> R) -> R {
        let r = Int(n) - 1
        return body(UnsafeBufferPointer(start: bases[r >> Self.shift] + (r & (Self.perChunk - 1)) * width, count: width))
    }

    /// Removes the last allocated record (and its chunk, if it was the chunk's first).
    mutating func removeLast() {
        guard let _ = alive.popLast() else { return }
        let r = alive.count
        let chunk = chunks[r >> Self.shift]
        chunk.used -= width
        (chunk.values + chunk.used).deinitialize(count: width)
        if r & (Self.perChunk - 1) == 0 {
            chunks.removeLast()
            bases.removeLast()
        }
    }

    /// `slots.count` must be ≤ width.
    func holds(_ n: UInt32, _ slots: [StoredValue], width: Int) -> Bool {
        guard isAlive(n) else { return false }
        for (i, s) in slots.enumerated() where !s.isNull && self[n, i] != s { return false }
        return true
    }

    /// `slot` must be in 0..<width.
    @inline(__always) func value(_ n: UInt32, _ slot: Int, width: Int) -> StoredValue? {
        isAlive(n) ? self[n, slot] : nil
    }
}

/// One chunk of Rows: room for `capacity` values, the first `used` initialized, in a
/// piece of a bulk block. Freed (its values released, the piece given back) with the
/// table, or when a rollback removes its first record.
final class RowChunk {
    let values: UnsafeMutablePointer<StoredValue>
    private let piece: BulkPiece
    var used = 0

    init(capacity: Int, carver: inout BulkCarver) {
        let count = max(1, capacity)
        piece = carver.piece(count * MemoryLayout<StoredValue>.stride)
        values = piece.start.bindMemory(to: StoredValue.self, capacity: count)
    }

    deinit {
        values.deinitialize(count: used)
        piece.giveBack()
    }
}
