// OutcomeCache owns the memo of straight-line creations (Interpreter+Straight.swift).
// The straight cascade of a NEW record reads nothing but the record's own slots: its
// conditions test them, its actions write constants to them (or add to, tag, move
// them), and nothing else is looked up. So what it does — which rules it considers and
// fires, the writes (with their before values) and the final values of the slots it
// wrote — is a pure function of the initial values of the slots its rules can read or
// write ("the involved slots"): `region`, `source`, `score`, `stage`, `queue`, `tags`
// for a routing model, whatever the name and the other fields hold. Records arriving
// with the same involved values (most of them: those slots are enums, defaults, flags)
// get the outcome computed for the first of them, instead of running every rule again.
//
// A key is the involved values in their two-word inline form (StoredValue.inlineBits);
// a record with an involved value that has none (a text or a non-empty list given by
// the command) is simply not memoized. The outcome also depends on the interpreter's
// depth limit (a public `var`): each outcome keeps the deepest level it fired at and
// is used only while that is within the limit. Everything else it depends on (the
// rules, the unique slots) is fixed for the interpreter's life. The table is open
// addressing over flat words, grows by doubling and stops taking entries at
// `maxEntries` (then the cascade just runs as before).
import CRMStore

/// What the straight cascade of one created record did.
final class CreateOutcome {
    /// The slots the cascade changed, with their final values.
    let finals: [(slot: Int, value: StoredValue)]
    /// The writes in order, each with its before value (for `createAudited`).
    let writes: [StoredWrite]
    /// The rules fired, in firing order, and their names (the result's `fired`).
    let fired: [Int]
    let names: [String]
    let considered: Int
    /// The deepest level a rule fired at (1: fired by the creation itself).
    let deepest: Int
    /// The record's final row where only the involved slots are its own: every other
    /// slot holds the entity's template value (what the command gives is put over it:
    /// `Interpreter.createMemoized`).
    let base: [StoredValue]
    /// The store's preparation of creations from this outcome (`Store.prepareCreation`),
    /// asked for at its first use; nil if the store has none.
    var preparation: PreparedCreation?
    var askedToPrepare = false

    init(finals: [(slot: Int, value: StoredValue)], writes: [StoredWrite], fired: [Int], names: [String],
         considered: Int, deepest: Int, base: [StoredValue]) {
        self.base = base
        self.finals = finals
        self.writes = writes
        self.fired = fired
        self.names = names
        self.considered = considered
        self.deepest = deepest
    }
}

/// The memo of one entity's straight creations, keyed by its involved slots' values.
final class OutcomeCache {
    /// The involved slots, ascending.
    let slots: [Int]
    /// Per slot of the entity: its place among `slots`, or -1 (not involved).
    let place: [Int]
    let maxEntries: Int
    /// Words per key: a tag word and a payload word per involved slot.
    private let width: Int

    /// The table, behind a pointer: the class's `var`s would cost an exclusivity check
    /// per access, several per lookup.
    private struct Table {
        var buckets = 0
        var count = 0
        /// `buckets × width` words; a bucket's key is meaningful where `entries` holds one.
        var keys: UnsafeMutablePointer<UInt64>?
        var entries: UnsafeMutablePointer<CreateOutcome?>?
        /// The key of the record being created (`prepare`), and its hash.
        var scratch: UnsafeMutablePointer<UInt64>?
        var hash = 0
        /// The key of the entity's template row (`useTemplate`), if it has one.
        var templateKey: UnsafeMutablePointer<UInt64>?
    }
    private let table: UnsafeMutablePointer<Table>

    /// `entityWidth`: the entity's number of slots.
    init(slots: [Int], entityWidth: Int, maxEntries: Int = 4096) {
        self.slots = slots
        var place = [Int](repeating: -1, count: entityWidth)
        for (i, s) in slots.enumerated() where s >= 0 && s < entityWidth { place[s] = i }
        self.place = place
        self.maxEntries = maxEntries
        self.width = 2 * slots.count
        table = .allocate(capacity: 1)
        table.initialize(to: Table())
        table.pointee.scratch = .allocate(capacity: max(1, self.width))
    }

    deinit {
        let t = table.pointee
        if let entries = t.entries {
            entries.deinitialize(count: t.buckets)
            entries.deallocate()
        }
        t.keys?.deallocate()
        t.scratch?.deallocate()
        t.templateKey?.deallocate()
        table.deinitialize(count: 1)
        table.deallocate()
    }

    var count: Int { table.pointee.count }

    /// Makes `row`'s key the current one; false if an involved value has no inline form
    /// (or the row is too short), and then the record is not memoized.
    func prepare(_ row: [StoredValue]) -> Bool {
        guard let scratch = table.pointee.scratch else { return false }
        var w = 0
        for slot in slots {
            guard slot < row.count, let bits = row[slot].inlineBits else { return false }
            scratch[w] = UInt64(bits.tag)
            scratch[w + 1] = bits.payload
            w += 2
        }
        table.pointee.hash = Self.hash(scratch, width)
        return true
    }

    /// Keeps the key of `template` (the entity's template row), for keys built from it
    /// (`startFromTemplate`); none if an involved value there has no inline form.
    func useTemplate(_ template: [StoredValue]) {
        guard table.pointee.templateKey == nil else { return }
        let key = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, width))
        var w = 0
        for slot in slots {
            guard slot < template.count, let bits = template[slot].inlineBits else { key.deallocate(); return }
            key[w] = UInt64(bits.tag)
            key[w + 1] = bits.payload
            w += 2
        }
        table.pointee.templateKey = key
    }

    /// Makes the template's key the current one, for `set(place:_:)` to change; false
    /// if there is none.
    @inline(__always) func startFromTemplate() -> Bool {
        guard let key = table.pointee.templateKey, let scratch = table.pointee.scratch else { return false }
        scratch.update(from: key, count: width)
        return true
    }

    /// Puts an involved value (its `place` among `slots`) in the current key; false if
    /// it has no inline form (the record is then not memoized).
    @inline(__always) func set(place: Int, _ value: StoredValue) -> Bool {
        guard place >= 0, place < slots.count, let scratch = table.pointee.scratch,
              let bits = value.inlineBits else { return false }
        scratch[2 * place] = UInt64(bits.tag)
        scratch[2 * place + 1] = bits.payload
        return true
    }

    /// Hashes the current key after `startFromTemplate` and `set(place:_:)`.
    @inline(__always) func finishKey() {
        guard let scratch = table.pointee.scratch else { return }
        table.pointee.hash = Self.hash(scratch, width)
    }

    /// The outcome stored under the current key, if any.
    func lookup() -> CreateOutcome? {
        let t = table.pointee
        guard t.buckets > 0, let keys = t.keys, let entries = t.entries, let scratch = t.scratch else { return nil }
        var b = t.hash & (t.buckets - 1)
        while let outcome = entries[b] {
            if same(keys + b * width, scratch) { return outcome }
            b = (b + 1) & (t.buckets - 1)
        }
        return nil
    }

    /// Stores `outcome` under the current key (nothing once `maxEntries` are held).
    func insert(_ outcome: CreateOutcome) {
        if table.pointee.count >= maxEntries { return }
        if (table.pointee.count + 1) * 2 > table.pointee.buckets { grow() }
        let t = table.pointee
        guard let keys = t.keys, let entries = t.entries, let scratch = t.scratch else { return }
        var b = t.hash & (t.buckets - 1)
        while entries[b] != nil {
            if same(keys + b * width, scratch) { return }
            b = (b + 1) & (t.buckets - 1)
        }
        (keys + b * width).update(from: scratch, count: width)
        entries[b] = outcome
        table.pointee.count += 1
    }

    private func same(_ a: UnsafeMutablePointer<UInt64>, _ b: UnsafeMutablePointer<UInt64>) -> Bool {
        for i in 0 ..< width where a[i] != b[i] { return false }
        return true
    }

    /// Doubles the table (64 buckets at first), re-placing every entry by its key's hash.
    private func grow() {
        let old = table.pointee
        let buckets = max(64, old.buckets * 2)
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, buckets * width))
        let entries = UnsafeMutablePointer<CreateOutcome?>.allocate(capacity: buckets)
        entries.initialize(repeating: nil, count: buckets)
        if let oldKeys = old.keys, let oldEntries = old.entries {
            for i in 0 ..< old.buckets {
                guard let outcome = oldEntries[i] else { continue }
                let key = oldKeys + i * width
                var b = Self.hash(key, width) & (buckets - 1)
                while entries[b] != nil { b = (b + 1) & (buckets - 1) }
                (keys + b * width).update(from: key, count: width)
                entries[b] = outcome
            }
            oldEntries.deinitialize(count: old.buckets)
            oldEntries.deallocate()
            oldKeys.deallocate()
        }
        table.pointee.keys = keys
        table.pointee.entries = entries
        table.pointee.buckets = buckets
    }

    /// The hash `prepare` computes, of a stored key.
    private static func hash(_ key: UnsafeMutablePointer<UInt64>, _ width: Int) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        var w = 0
        while w < width {
            h = (h ^ key[w]) &* 0xFF51_AFD7_ED55_8CCD
            h = (h ^ key[w + 1]) &* 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 29
            w += 2
        }
        return Int(truncatingIfNeeded: h)
    }
}
