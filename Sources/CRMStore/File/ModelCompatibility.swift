// ModelCompatibility: what happens when a store written with one model is opened with
// another. Entities, fields, enum members, stages and rules are matched BY NAME (their
// numbers may shift when something is inserted), and the stored data is rewritten to
// the new numbering.
//
// Compatible (the open proceeds; each change is listed as a note): a new entity; a new
// field that is optional or has a default (existing records get null or the default);
// a new enum member or stage; a new, removed or reordered rule (pending timers of a
// removed rule are cancelled); anything removed that no live record uses.
// Incompatible (the open fails, nothing is written; each is listed with the number of
// affected records): an entity removed while it has records; a field removed or
// retyped while records hold a value in it; a new required field without a default
// while records exist; an optional field made required while records lack a value; a
// stage removed while records are in it; an enum member removed while used; a new
// unique field whose default would repeat.

/// One reason a model cannot open a store.
public struct ModelIncompatibility: Equatable, Sendable, CustomStringConvertible {
    /// "Lead" or "Lead.email".
    public var subject: String
    public var problem: String
    public var affectedRecords: Int

    public var description: String {
        "\(subject): \(problem) (\(affectedRecords) record\(affectedRecords == 1 ? "" : "s") affected)"
    }
}

public enum ModelCompatibility {
    /// The incompatibilities (empty when compatible) and the notes describing the
    /// compatible changes, judged against the data in `store`.
    public static func check(_ store: Store, from old: ModelManifest, to new: ModelManifest)
        -> (incompatible: [ModelIncompatibility], notes: [String]) {
        var bad: [ModelIncompatibility] = [], notes: [String] = []
        for oe in old.entities {
            let live = store.records(of: oe.id)
            guard let ne = new.entity(named: oe.schema.name) else {
                if live.isEmpty { notes.append("entity \(oe.schema.name) removed (it had no records)") } else {
                    bad.append(.init(subject: oe.schema.name, problem: "entity removed while it has records", affectedRecords: live.count))
                }
                continue
            }
            func holding(_ slot: Int, _ p: (StoredValue) -> Bool) -> Int {
                live.reduce(0) { $0 + (store.value($1, slot: slot).map(p) == true ? 1 : 0) }
            }
            let name = oe.schema.name
            for (slot, of) in oe.fields.enumerated() {
                let subject = "\(name).\(of.name)"
                guard let ns = ne.fields.firstIndex(where: { $0.name == of.name }) else {
                    let n = holding(slot) { !$0.isNull }
                    if n > 0 { bad.append(.init(subject: subject, problem: "field removed while records hold a value in it", affectedRecords: n)) } else {
                        notes.append("\(subject) removed (no record had a value)")
                    }
                    continue
                }
                let nf = ne.fields[ns]
                if nf.type != of.type {
                    let n = holding(slot) { !$0.isNull }
                    if n > 0 {
                        bad.append(.init(subject: subject, problem: "type changed from \(of.type) to \(nf.type) while records hold a value in it", affectedRecords: n))
                    } else { notes.append("\(subject) retyped from \(of.type) to \(nf.type) (no record had a value)") }
                    continue
                }
                if of.optional && !nf.optional && !nf.hasDefault {
                    let n = holding(slot) { $0.isNull }
                    if n > 0 { bad.append(.init(subject: subject, problem: "became required while records have no value", affectedRecords: n)) }
                }
                let removed = of.members.enumerated().filter { !nf.members.contains($0.element) }
                let lifecycle = of.type.hasPrefix("stage")
                for (ordinal, member) in removed {
                    let n = holding(slot) { $0.mentions(member: Int32(ordinal)) }
                    if n > 0 {
                        bad.append(.init(subject: subject, problem: lifecycle ? "stage \(member) removed while records are in it" : "enum member \(member) removed while used", affectedRecords: n))
                    } else { notes.append("\(subject): \(lifecycle ? "stage" : "member") \(member) removed (unused)") }
                }
                let added = nf.members.filter { !of.members.contains($0) }
                if !added.isEmpty { notes.append("\(subject): \(lifecycle ? "stages" : "members") added: \(added.joined(separator: ", "))") }
            }
            for nf in ne.fields where !oe.fields.contains(where: { $0.name == nf.name }) {
                let subject = "\(name).\(nf.name)"
                if nf.optional || nf.hasDefault {
                    notes.append("\(subject) added" + (nf.defaultValue.map { " (existing records get \($0))" } ?? " (existing records get null)"))
                } else if !live.isEmpty {
                    bad.append(.init(subject: subject, problem: "new required field without a default", affectedRecords: live.count))
                } else { notes.append("\(subject) added") }
            }
        }
        for ne in new.entities where old.entity(named: ne.schema.name) == nil { notes.append("entity \(ne.schema.name) added") }
        let addedRules = new.rules.filter { !old.rules.contains($0) }
        if !addedRules.isEmpty { notes.append("rules added: " + addedRules.joined(separator: ", ")) }
        for (i, r) in old.rules.enumerated() where !new.rules.contains(r) {
            let pending = store.dueTimers(upTo: .max).filter { $0.rule == Int32(i) }.count
            notes.append("rule \(r) removed" + (pending > 0 ? "; its \(pending) pending timers are cancelled" : ""))
        }
        return (bad, notes)
    }

    /// Checks, then rewrites the state of `store` (written with `old`) into a new
    /// MemoryStore laid out for `new`. Throws `FileStoreError.incompatibleModel`.
    public static func migrate(_ store: MemoryStore, from old: ModelManifest, to new: ModelManifest) throws -> (store: MemoryStore, notes: [String]) {
        let (bad, notes) = check(store, from: old, to: new)
        if !bad.isEmpty { throw FileStoreError.incompatibleModel(bad) }
        let map = Mapping(old: old, new: new)
        let out = MemoryStore()
        for e in new.entities { try out.declareEntity(e.id, e.schema) }
        let changes = try store.snapshot().changes
        var result: [Change] = []
        result.reserveCapacity(changes.count)
        var i = 0
        while i < changes.count {
            let next: Change? = i + 1 < changes.count ? changes[i + 1] : nil
            map.rewrite(changes[i], next: next, into: &result)
            i += 1
        }
        do { try out.apply(ChangeSet(result)) } catch {
            throw FileStoreError.incompatibleModel([.init(subject: "data", problem: "does not fit the new model: \(error)", affectedRecords: 1)])
        }
        return (out, notes.isEmpty ? ["fingerprint changed, no data affected"] : notes)
    }
}

/// Old → new numbering.
struct Mapping {
    var entities: [EntityID: EntityID] = [:]
    /// Per old entity: old slot → new slot.
    var slots: [EntityID: [Int: Int]] = [:]
    /// Per old entity and old slot: old ordinal → new ordinal.
    var members: [EntityID: [Int: [Int32: Int32]]] = [:]
    /// Per new entity: the value each new slot takes in an existing record.
    var fill: [EntityID: [StoredValue]] = [:]
    var width: [EntityID: Int] = [:]
    var rules: [Int32: Int32] = [:]

    init(old: ModelManifest, new: ModelManifest) {
        for oe in old.entities {
            guard let ne = new.entity(named: oe.schema.name) else { continue }
            entities[oe.id] = ne.id
            var s: [Int: Int] = [:], m: [Int: [Int32: Int32]] = [:]
            for (slot, f) in oe.fields.enumerated() {
                guard let ns = ne.fields.firstIndex(where: { $0.name == f.name }), ne.fields[ns].type == f.type else { continue }
                s[slot] = ns
                if !f.members.isEmpty {
                    var mm: [Int32: Int32] = [:]
                    for (o, name) in f.members.enumerated() {
                        if let n = ne.fields[ns].members.firstIndex(of: name) { mm[Int32(o)] = Int32(n) }
                    }
                    m[slot] = mm
                }
            }
            slots[oe.id] = s
            members[oe.id] = m
        }
        for ne in new.entities {
            width[ne.id] = ne.schema.width
            fill[ne.id] = ne.fields.map { $0.defaultValue ?? .null }
        }
        for (i, r) in old.rules.enumerated() {
            if let n = new.rules.firstIndex(of: r) { rules[Int32(i)] = Int32(n) }
        }
    }

    func record(_ r: RecordID) -> RecordID? {
        if r.isNone { return r }
        return entities[r.entity].map { RecordID(entity: $0, number: r.number) }
    }

    func value(_ v: StoredValue, _ memberMap: [Int32: Int32]?) -> StoredValue {
        switch v {
        case .enumMember(let o):
            guard let memberMap else { return v }
            return memberMap[o].map { .enumMember($0) } ?? .null
        case .ref(let r): return record(r).map { .ref($0) } ?? .null
        case .list(let xs): return .list(xs.map { value($0, memberMap) })
        default: return v
        }
    }

    func rewrite(_ c: Change, next: Change?, into out: inout [Change]) {
        switch c {
        case let .create(id, slots):
            guard let nid = record(id), let w = width[nid.entity], let smap = self.slots[id.entity] else { return }
            // A deleted record is snapshotted as an empty create followed by its delete.
            let deleted: Bool = if case .delete(id)? = next { true } else { false }
            var ns = deleted ? [StoredValue](repeating: .null, count: w) : (fill[nid.entity] ?? [])
            if ns.count != w { ns = [StoredValue](repeating: .null, count: w) }
            for (o, v) in slots.enumerated() {
                if let n = smap[o], n < ns.count { ns[n] = value(v, members[id.entity]?[o]) }
            }
            out.append(.create(nid, ns))
        case let .update(id, slot, v):
            guard let nid = record(id), let n = self.slots[id.entity]?[Int(slot)] else { return }
            out.append(.update(nid, slot: Int32(n), value(v, members[id.entity]?[Int(slot)])))
        case .delete(let id):
            if let nid = record(id) { out.append(.delete(nid)) }
        case .scheduleTimer(var t):
            // Timer ids are allocated in order, so every id is kept: a timer whose rule
            // or record is gone becomes a placeholder that is cancelled at once.
            let rule = t.rule < 0 ? t.rule : rules[t.rule]
            if let rule, let r = record(t.record) {
                t.rule = rule; t.record = r
                out.append(.scheduleTimer(t))
            } else {
                out.append(.scheduleTimer(TimerEntry(id: t.id, record: .none, rule: -1, fireAt: 0)))
                out.append(.cancelTimer(t.id))
            }
        case .rescheduleTimer, .cancelTimer, .fireTimer, .acknowledge:
            out.append(c)
        case .enqueue(var m):
            m.record = record(m.record) ?? .none
            m.payload = m.payload.map { OutboxField(name: $0.name, value: value($0.value, nil)) }
            out.append(.enqueue(m))
        case .audit(var e):
            let old = e.record
            e.record = record(e.record) ?? .none
            if case .rule(let r) = e.cause { e.cause = rules[r].map { .rule($0) } ?? .system }
            if case let .field(slot, before, after) = e.change {
                let mm = members[old.entity]?[Int(slot)]
                let n = slots[old.entity]?[Int(slot)]
                e.change = .field(slot: n.map { Int32($0) } ?? -1, before: value(before, mm), after: value(after, mm))
            }
            out.append(.audit(e))
        }
    }
}

extension StoredValue {
    /// Whether this value is, or is a list containing, enum member `ordinal`.
    func mentions(member ordinal: Int32) -> Bool {
        switch self {
        case .enumMember(let o): return o == ordinal
        case .list(let xs): return xs.contains { $0.mentions(member: ordinal) }
        default: return false
        }
    }
}
