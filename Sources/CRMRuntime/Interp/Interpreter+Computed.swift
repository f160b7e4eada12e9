// Interpreter+Computed keeps derived fields up to date as part of the cascade: for each
// event, before its rules run, `maintainDerived` recomputes
// - the record's scores (Interpreter+Scores.swift);
// - the record's computed formulas whose read fields changed (all of them on create);
// - aggregates over relations whose child record this is: only the parent(s) the child
//   points to (before and after a change of its reference, or its last values when
//   deleted) are recomputed, from the children the store's reference index lists for
//   that parent (`find(child, slot: via, equals: .ref(parent))`), never by scanning
//   all parents. A changed child field the aggregate does not read costs nothing.
// Derived values that changed are written by `flush`: audited with cause `system`, one
// `updated` event per record (none for the record being created: its derived values
// belong to its creation), and shown in the trace as `fired score S` / `fired computed E.f`.
import CRMBase
import CRMStore

extension Interpreter {
    func maintainDerived(_ event: PendingEvent) throws {
        let extras = program.extras
        if extras.scores.isEmpty && extras.computed.isEmpty { return }
        var out: [DerivedWrite] = []
        try collectDerived(event, into: &out)
        if !out.isEmpty { try flush(out, event) }
    }

    /// Computes the derived values an event may have changed, in declaration order.
    func collectDerived(_ event: PendingEvent, into out: inout [DerivedWrite]) throws {
        let extras = program.extras
        let record = event.record
        let e = Int(record.entity)
        guard extras.scoresByEntity[e] != nil || extras.computedByEntity[e] != nil || extras.aggregatesByChild[e] != nil else { return }
        switch event.kind {
        case .created:
            try recomputeScores(record, changed: nil, what: "created", into: &out)
            try recomputeOwn(record, changed: nil, what: "created", into: &out)
            for i in extras.aggregatesByChild[e] ?? [] {
                if case .aggregate(let a) = extras.computed[i].formula, case .ref(let p)? = store.value(record, slot: a.viaSlot) {
                    try recomputeAggregate(i, parent: p, what: "\(name(of: record)) created", into: &out)
                }
            }
        case .updated(let changes):
            guard store.exists(record) else { return }
            let changed = Set(changes.map(\.slot))
            let what = "updated " + changes.map { entity(of: record).fields[$0.slot].name }.joined(separator: ", ")
            try recomputeScores(record, changed: changed, what: what, into: &out)
            try recomputeOwn(record, changed: changed, what: what, into: &out)
            for i in extras.aggregatesByChild[e] ?? [] {
                guard case .aggregate(let a) = extras.computed[i].formula, !changed.isDisjoint(with: a.childReads) else { continue }
                var parents: [RecordID] = []
                if case .ref(let p)? = store.value(record, slot: a.viaSlot) { parents.append(p) }
                for c in changes where c.slot == a.viaSlot { if case .ref(let p) = c.old, !parents.contains(p) { parents.append(p) } }
                for p in parents { try recomputeAggregate(i, parent: p, what: "\(name(of: record)) \(what)", into: &out) }
            }
        case .deleted(let last):
            for i in extras.aggregatesByChild[e] ?? [] {
                guard case .aggregate(let a) = extras.computed[i].formula, a.viaSlot < last.count,
                      case .ref(let p) = last[a.viaSlot] else { continue }
                try recomputeAggregate(i, parent: p, what: "\(name(of: record)) deleted", into: &out)
            }
        }
    }

    /// The record's own computed fields (formulas, and its aggregates when created).
    func recomputeOwn(_ record: RecordID, changed: Set<Int>?, what: String, into out: inout [DerivedWrite]) throws {
        for i in program.extras.computedByEntity[Int(record.entity)] ?? [] {
            let c = program.extras.computed[i]
            switch c.formula {
            case .expr(let x):
                if let changed, changed.isDisjoint(with: x.reads) { continue }
                let field = entity(of: record).fields[c.slot].name
                out.append(DerivedWrite(record: record, slot: c.slot, value: try x.compiled.evaluate(context(record)),
                                        label: "computed \(entity(of: record).name).\(field)", what: what))
            case .aggregate:
                if changed == nil { try recomputeAggregate(i, parent: record, what: what, into: &out) }
            }
        }
    }

    /// Recomputes aggregate `index` for one parent from its children.
    func recomputeAggregate(_ index: Int, parent: RecordID, what: String, into out: inout [DerivedWrite]) throws {
        let c = program.extras.computed[index]
        guard case .aggregate(let a) = c.formula, Int(parent.entity) == c.entity, store.exists(parent) else { return }
        var xs: [Value] = []
        for child in try store.find(EntityID(a.child), slot: a.viaSlot, equals: .ref(parent)) {
            if let f = a.filter, try f.compiled.evaluate(context(child)) != .bool(true) { continue }
            xs.append(a.valueSlot.map { read(child, $0) } ?? .bool(true))
        }
        let ctx = EvalContext(environment: DictionaryEnvironment(["xs": .list(xs)]), clock: clock, calendar: calendar)
        let value = try a.reduce.evaluate(ctx)
        let p = entityTables[c.entity]
        out.append(DerivedWrite(record: parent, slot: c.slot, value: value, label: "computed \(p.name).\(p.fields[c.slot].name)", what: what))
    }

    /// Applies derived values that differ from the stored ones, each under its own trace
    /// entry and audited with cause `system`. The changes of one record make ONE
    /// `updated` event, except on the record just created: its derived values are part
    /// of its creation (like defaults), so they raise no event of their own and the
    /// `created` rules already see them.
    func flush(_ writes: [DerivedWrite], _ event: PendingEvent) throws {
        var order: [RecordID] = []
        var changes: [RecordID: [(slot: Int, old: StoredValue)]] = [:]
        let now = clock.nowMicros()
        for w in writes {
            let new = stored(w.value)
            guard let old = store.value(w.record, slot: w.slot), old != new else { continue }
            result.trace.append(TraceEntry(depth: event.depth, rule: w.label, record: name(of: w.record), event: w.what, fired: true,
                                           condition: nil, conditionValue: nil, reads: [], writes: []))
            try store.update(w.record, slot: w.slot, to: new)
            try store.appendAudit(AuditEntry(time: now, actor: actor, cause: .system, record: w.record,
                                             change: .field(slot: Int32(w.slot), before: old, after: new)))
            recordWrite(w.record, w.slot, old, new)
            if changes[w.record] == nil { order.append(w.record) }
            changes[w.record, default: []].append((w.slot, old))
        }
        for id in order {
            if !touched.contains(id) { touched.append(id) }
            if case .created = event.kind, id == event.record { continue }
            queue.append(PendingEvent(record: id, kind: .updated(changes[id] ?? []), depth: event.depth, chain: event.chain))
        }
    }
}

/// A derived value to write: the record, slot and value, and how the trace names it.
struct DerivedWrite {
    var record: RecordID
    var slot: Int
    var value: Value
    var label: String
    var what: String
}
