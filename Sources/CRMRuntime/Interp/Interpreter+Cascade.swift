// Interpreter+Cascade owns the rule cascade of one command. Every write (by the command
// or by a rule) goes through `createRecord`/`write`/`move`/`deleteRecord`, which apply
// it to the store, append audit entries and queue an event. `runCascade` takes events
// FIFO; for each it asks the IR's trigger index for the rules that can fire (by entity,
// event kind and changed slot), and runs them in rule order. A rule fired by an event
// at depth d runs at depth d + 1; beyond `depthLimit` the command fails with the chain.
//
// Hot path (every rule considered for every event): no strings are built unless
// `tracing` is on, rule lists come from the per-entity table resolved at init, and an
// update of one slot (the usual event) merges its two rule lists without a set.
import CRMBase
import CRMStore

extension Interpreter {
    // MARK: Writes

    /// Creates a record with defaults, the initial stage of each lifecycle, and `values`.
    func createRecord(_ e: IREntity, _ values: [(slot: Int, value: Value)], cause: AuditCause,
                      depth: Int, chain: [Int]) throws -> RecordID {
        try createStoredRecord(e, values.map { ($0.slot, stored($0.value)) }, cause: cause, depth: depth, chain: chain)
    }

    /// `createRecord` with the given values already in stored form.
    func createStoredRecord(_ e: IREntity, _ values: [(slot: Int, value: StoredValue)], cause: AuditCause,
                            depth: Int, chain: [Int]) throws -> RecordID {
        let slots = try initialSlots(e, values)
        let id = try store.create(EntityID(e.id), slots: slots)
        // The `created` entry and one per initial value, in one store call.
        try store.appendCreationAudit(time: clock.nowMicros(), actor: actor, cause: cause, record: id, slots: slots)
        touched.append(id)
        queue.append(PendingEvent(record: id, kind: .created, depth: depth, chain: chain))
        return id
    }

    /// A new record's slots: the given values, defaults, empty sets, initial stages and
    /// auto-numbers.
    func initialSlots(_ e: IREntity, _ values: [(slot: Int, value: StoredValue)]) throws -> [StoredValue] {
        var slots: [StoredValue] = []
        startSlots(e, into: &slots)
        var given = GivenSlots()
        for (slot, value) in values {
            slots[slot] = value
            given.add(slot)
        }
        try completeSlots(e, &slots, given: given)
        return slots
    }

    /// Empties `slots` (keeping its capacity: the straight cascade reuses its row) to
    /// the entity's width of nulls, for the given values to be put in.
    func startSlots(_ e: IREntity, into slots: inout [StoredValue]) {
        slots.removeAll(keepingCapacity: true)
        slots.append(contentsOf: repeatElement(StoredValue.null, count: creation[e.id].width))
    }

    /// The slots of a new record of `e` from a command's `fields`, into `slots` (whose
    /// buffer is reused): the same values as `startSlots`, the inputs and
    /// `completeSlots`, and the same errors. Templated entities (constant defaults only)
    /// start from their template instead, the inputs overwriting it: a slot given a
    /// value has it, one not given has its default, an empty set or stage 0 — as
    /// `completeSlots` leaves them, `now()` defaults filled after and stages given as
    /// null set to stage 0 as there.
    func newSlots(_ e: IREntity, _ facts: CreationFacts, _ fields: [(String, FieldInput)], into slots: inout [StoredValue]) throws {
        let template = facts.template
        if !facts.templated {
            startSlots(e, into: &slots)
        } else if slots.count == template.count {
            // Through the buffers: `slots[i] = …` checks the array's uniqueness each time.
            slots.withUnsafeMutableBufferPointer { row in
                template.withUnsafeBufferPointer { t in
                    for i in t.indices { row[i] = t[i] }
                }
            }
        } else {
            slots = template
        }
        var given = GivenSlots()
        let layout = inputLayouts[e.id]
        // Read in place: `for (field, input) in fields` copies each pair through the
        // generic tuple witnesses.
        try fields.withUnsafeBufferPointer { pairs in
            for i in pairs.indices {
                guard let slot = layout.slots[pairs[i].0] else { throw noField(e, pairs[i].0) }
                slots[slot] = try storedInput(pairs[i].1, slot: slot, of: e, layout: layout)
                given.add(slot)
            }
        }
        guard facts.templated else { return try completeSlots(e, &slots, given: given) }
        if !facts.nowSlots.isEmpty {
            let now = StoredValue.datetime(clock.nowMicros())
            for slot in facts.nowSlots where !given.contains(slot) { slots[slot] = now }
        }
        for slot in facts.lifecycleSlots where slots[slot].isNull { slots[slot] = .enumMember(0) }
    }

    /// Fills what was not given: defaults, empty sets, initial stages, auto-numbers.
    func completeSlots(_ e: IREntity, _ slots: inout [StoredValue], given: GivenSlots) throws {
        let facts = creation[e.id]
        func isGiven(_ slot: Int) -> Bool { given.contains(slot) }
        var defaults: EvalContext?
        // Evaluated defaults first: they read `slots` as they were given (one context
        // for all, holding the given slots), not the other defaults.
        if facts.evaluatesDefaults {
            for (slot, source) in facts.defaults where !isGiven(slot) {
                guard case .evaluated(let x) = source else { continue }
                let ctx = defaults ?? defaultsContext(ArrayEnvironment(entity: e, slots: slots, interpreter: self))
                defaults = ctx
                slots[slot] = stored(try x.evaluate(ctx))
            }
        }
        for (slot, source) in facts.defaults where !isGiven(slot) {
            switch source {
            case .constant(let value): slots[slot] = value
            case .now: slots[slot] = .datetime(clock.nowMicros())
            case .evaluated: break
            }
        }
        for slot in facts.emptySets where !isGiven(slot) { slots[slot] = .list([]) }
        for slot in facts.lifecycleSlots where slots[slot].isNull { slots[slot] = .enumMember(0) }
        if facts.hasAutonumbers { try fillAutonumbers(e, &slots) }   // Interpreter+Autonumber.swift
    }

    /// A context over a record being built: the scratch context when nobody holds it
    /// (as `context(_:)` does), else a fresh one.
    func defaultsContext(_ env: ArrayEnvironment) -> EvalContext {
        if isKnownUniquelyReferenced(&scratchContext) {
            scratchContext.environment = env
            scratchRecord = nil
            scratchHoldsRecord = true
            return scratchContext
        }
        return EvalContext(environment: env, clock: clock, calendar: calendar)
    }

    /// Sets one slot; a write that changes nothing is no event.
    func write(_ id: RecordID, _ slot: Int, _ value: Value, cause: AuditCause, depth: Int, chain: [Int]) throws {
        try writeStored(id, slot, stored(value), cause: cause, depth: depth, chain: chain)
    }

    /// `write` of a value already in stored form.
    func writeStored(_ id: RecordID, _ slot: Int, _ new: StoredValue, cause: AuditCause, depth: Int, chain: [Int]) throws {
        guard let old = store.value(id, slot: slot) else { throw StoreError.noSuchRecord(id) }
        if old == new { return }
        try store.updateAudited(id, slot: slot, to: new, time: clock.nowMicros(), actor: actor, cause: cause)
        if touched.last != id && !touched.contains(id) { touched.append(id) }
        queue.append(PendingEvent(record: id, kind: .updated([(slot, old)]), depth: depth, chain: chain))
        recordWrite(id, slot, old, new)
    }

    /// Notes a rule's write in the trace entry of the firing in progress.
    func recordWrite(_ id: RecordID, _ slot: Int, _ old: StoredValue, _ new: StoredValue) {
        guard tracing, var last = result.trace.popLast() else { return }
        if last.fired, last.writes.count < 64 {
            let f = entity(of: id).fields[slot]
            last.writes.append((name(of: id) + "." + f.name, show(old, f), show(new, f)))
        }
        result.trace.append(last)
    }

    func deleteRecord(_ id: RecordID, cause: AuditCause, depth: Int, chain: [Int]) throws {
        let last = try store.delete(id)
        deletedValues[id] = last
        try store.appendAudit(AuditEntry(time: clock.nowMicros(), actor: actor, cause: cause, record: id, change: .deleted))
        touched.removeAll { $0 == id }
        queue.append(PendingEvent(record: id, kind: .deleted(last), depth: depth, chain: chain))
    }

    /// Moves a record's lifecycle to `stageName`, checking the transition, its guard and
    /// the stage's entry requirements.
    func move(_ id: RecordID, toStage stageName: String, cause: AuditCause, depth: Int, chain: [Int]) throws {
        let e = entity(of: id)
        guard let (l, to) = e.lifecycle(withStage: stageName) else {
            throw RuntimeFailure(.invalidCommand, "`\(e.name)` has no stage `\(stageName)`")
        }
        try move(id, lifecycle: l, to: to, cause: cause, depth: depth, chain: chain)
    }

    func move(_ id: RecordID, lifecycle l: IRLifecycle, to: Int, cause: AuditCause, depth: Int, chain: [Int]) throws {
        // Spelled only for a refusal.
        func names() -> [String] { chain.map { program.rules[$0].name } }
        var from: Int?
        if case .enumMember(let o)? = store.value(id, slot: l.slot) { from = Int(o) }
        if from == to { return }
        var fromName: String { from.map { $0 >= 0 && $0 < l.stages.count ? l.stages[$0] : "#\($0)" } ?? "no stage" }
        let candidates = l.transitions.filter { ($0.from == nil || $0.from == from) && $0.to == to }
        guard !candidates.isEmpty else {
            let allowed = l.transitions.filter { $0.from == nil || $0.from == from }.map { l.stages[$0.to] }
            throw RuntimeFailure(.illegalTransition,
                                 "\(name(of: id)) cannot move from \(fromName) to \(l.stages[to])"
                                 + (allowed.isEmpty ? "" : "; allowed: " + allowed.joined(separator: ", ")), chain: names())
        }
        var open = false
        var failedGuard = ""
        for t in candidates {
            guard let g = t.guardExpr else { open = true; break }
            if case .bool(true) = try g.compiled.evaluate(context(id)) { open = true; break }
            failedGuard = g.text
        }
        guard open else {
            throw RuntimeFailure(.illegalTransition, "\(name(of: id)) cannot move from \(fromName) to \(l.stages[to]): `\(failedGuard)` is false", chain: names())
        }
        let e = entity(of: id)
        let missing = (l.requirements[to] ?? []).filter { store.value(id, slot: $0)?.isNull ?? true }
        if !missing.isEmpty {
            throw RuntimeFailure(.validationFailed, "entering \(l.stages[to]) requires "
                                 + missing.map { e.fields[$0].name }.joined(separator: ", ") + " on \(name(of: id))", chain: names())
        }
        // The stored form of the stage (its ordinal): no EnumMember spelled per move.
        try writeStored(id, l.slot, .enumMember(Int32(to)), cause: cause, depth: depth, chain: chain)
    }

    // MARK: The cascade

    func runCascade() throws {
        if queue.isEmpty { return }   // a straight create leaves nothing queued
        if try runStraightCascade() { return }   // Interpreter+Straight.swift
        var next = 0
        while next < queue.count {
            let event = queue[next]
            next += 1
            try process(event)
        }
        // Keep the buffer for the next command, unless one huge cascade grew it.
        if queue.capacity > 4096 { queue = [] } else { queue.removeAll(keepingCapacity: true) }
    }

    /// The rules an event can fire, in rule order, each with the event's description
    /// (as the trace spells it). Used for events that change several slots at once;
    /// `process` handles the common shapes without building this list.
    func candidates(_ event: PendingEvent) -> [(rule: Int, what: String)] {
        let e = Int(event.record.entity)
        switch event.kind {
        case .created: return program.rules(for: e, kind: .created).map { ($0, "created") }
        case .deleted: return program.rules(for: e, kind: .deleted).map { ($0, "deleted") }
        case .updated(let changes):
            var out: [(rule: Int, what: String)] = []
            for (slot, _) in changes {
                let what = "updated " + entityTables[e].fields[slot].name
                out += program.rules(for: e, kind: .changed, slot: slot).map { ($0, what) }
                out += program.rules(for: e, kind: .updated).map { ($0, what) }
            }
            var seen = Set<Int>()
            return out.filter { seen.insert($0.rule).inserted }.sorted { $0.rule < $1.rule }
        }
    }

    func process(_ event: PendingEvent) throws {
        if !timeHooks.isEmpty { try armTimers(for: event) }   // Interpreter+Timers.swift
        if hasDerived { try maintainDerived(event) }
        let e = Int(event.record.entity)
        guard e >= 0 && e < triggers.count else { return }
        let t = triggers[e]
        switch event.kind {
        case .created:
            for index in t.created { try consider(index, event, nil, what: "created") }
        case .deleted(let last):
            for index in t.deleted { try consider(index, event, last, what: "deleted") }
        case .updated(let changes):
            guard changes.count == 1, changes[0].slot >= 0, changes[0].slot < t.changed.count else {
                for (index, what) in candidates(event) { try consider(index, event, nil, what: what) }
                return
            }
            // One slot: merge its `changed` rules with the `updated` rules (both in run
            // order; a rule is in at most one of them).
            let slot = changes[0].slot
            try Self.forEachMerged(t.changed[slot], t.updated) { index in
                try consider(index, event, nil, what: "updated " + entity(of: event.record).fields[slot].name)
            }
        }
    }

    /// Calls `body` with each rule of two lists in run order, once each (both lists
    /// ascending; a rule in both is called once).
    static func forEachMerged(_ a: [Int], _ b: [Int], _ body: (Int) throws -> Void) rethrows {
        var i = 0, j = 0
        while i < a.count || j < b.count {
            let index: Int
            if j >= b.count || (i < a.count && a[i] <= b[j]) {
                index = a[i]; i += 1
                if j < b.count && b[j] == index { j += 1 }
            } else {
                index = b[j]; j += 1
            }
            try body(index)
        }
    }

    /// Considers one rule for an event: its trigger's value test, its condition, and if
    /// it holds, its actions. `what` (the trace's description) is built only when traced.
    func consider(_ index: Int, _ event: PendingEvent, _ lastValues: [StoredValue]?, what: @autoclosure () -> String) throws {
        // Triggers with a value test: `changed from/to`, `enters`.
        if case .updated(let changes) = event.kind {
            guard try triggerMatches(rules[index].trigger, changes, event.record) else { return }
        }
        result.considered += 1
        var fired = true
        var value = Value.null
        if let c = conditions[index] {
            do { value = try c(context(event.record, lastValues: lastValues)) } catch {
                throw failure(error, chain: self.chain(event.chain, index))
            }
            fired = value == .bool(true)
            observer?.conditionEvaluated(rule: index, value: fired)
        }
        if tracing { traceConsidered(index, event, lastValues, what(), fired: fired, value: value) }
        guard fired else { return }
        let chain = self.chain(event.chain, index)
        if event.depth + 1 > depthLimit { throw depthFailure(chain) }
        result.fired.append(rules[index].name)
        firedIndexes.append(index)
        do {
            try runActions(rules[index].actions, path: "", rule: index, record: event.record, depth: event.depth + 1, chain: chain)
        } catch let f as RuntimeFailure {
            throw f
        } catch {
            throw failure(error, chain: chain)
        }
    }

    /// The trace entry of a rule considered for an event: the condition's text and
    /// value and the values of the fields it read.
    func traceConsidered(_ index: Int, _ event: PendingEvent, _ lastValues: [StoredValue]?, _ what: String,
                         fired: Bool, value: Value) {
        let rule = rules[index]
        var entry = TraceEntry(depth: event.depth, rule: rule.name, record: name(of: event.record), event: what,
                               fired: fired, condition: nil, conditionValue: nil, reads: [], writes: [])
        if let c = rule.condition {
            explain(c, value: value, record: event.record, lastValues: lastValues, into: &entry)   // Interpreter+Explain.swift
        }
        result.trace.append(entry)
    }

    /// Whether an update satisfies a `changed from/to` or `enters` trigger.
    func triggerMatches(_ trigger: IRTrigger, _ changes: [(slot: Int, old: StoredValue)], _ id: RecordID) throws -> Bool {
        switch trigger {
        case .changed(let slot, let from, let to):
            guard let change = changes.first(where: { $0.slot == slot }) else { return true }
            if let to, try to.compiled.evaluate(context(id)) != .bool(true) { return false }
            if let from {
                let old = ValueStorage.load(change.old, kind: entity(of: id).fields[slot].kind)
                if try from.compiled.evaluate(context(id, override: (slot, old))) != .bool(true) { return false }
            }
            return true
        case .enters(let slot, let stage):
            return changes.contains { $0.slot == slot } && store.value(id, slot: slot) == .enumMember(Int32(stage))
        default: return true
        }
    }

    /// Validates a record of an entity whose only constraints are required fields
    /// (no `check`, no `validate`) from precomputed slots, without walking the IRField
    /// structs; false if the entity has other constraints (the caller checks them all).
    func validateRequiredOnly(_ id: RecordID) throws -> Bool {
        guard id.entity >= 0, Int(id.entity) < creation.count else { return false }
        let facts = creation[Int(id.entity)]
        guard facts.onlyRequired else { return false }
        for slot in facts.required where !store.hasValue(id, slot: slot) {
            throw RuntimeFailure(.validationFailed, "\(name(of: id)): `\(entity(of: id).fields[slot].name)` is required")
        }
        return true
    }

    /// The depth failure, naming the first cycle in the chain.
    func depthFailure(_ chain: [Int]) -> RuntimeFailure {
        let names = chain.map { program.rules[$0].name }
        var cycle = ""
        for (i, r) in chain.enumerated() {
            if let j = chain[(i + 1)...].firstIndex(of: r) {
                cycle = "; cycle: " + names[i...j].joined(separator: " → ")
                break
            }
        }
        return RuntimeFailure(.cascadeTooDeep, "rule cascade deeper than \(depthLimit)\(cycle)", chain: Array(names.prefix(8)) + (names.count > 8 ? ["…"] : []))
    }
}

/// The slots a command or action gave a new record: a bit mask (no array) for the
/// first 64 slots, a list for the rest.
struct GivenSlots {
    var mask: UInt64 = 0
    var rest: [Int] = []

    mutating func add(_ slot: Int) {
        if slot < 64 { mask |= 1 << UInt64(slot) } else { rest.append(slot) }
    }

    func contains(_ slot: Int) -> Bool { slot < 64 ? mask & (1 << UInt64(slot)) != 0 : rest.contains(slot) }
}

/// Reads the slots of a record being built (defaults may read given fields).
struct ArrayEnvironment: Environment {
    let entity: IREntity
    let slots: [StoredValue]
    let interpreter: Interpreter

    func value(atSlot slot: Int) -> Value? {
        guard slot >= 0, slot < slots.count else { return nil }
        return ValueStorage.load(slots[slot], kind: entity.fields[slot].kind)
    }
    func storedValue(atSlot slot: Int) -> StoredValue? { slot >= 0 && slot < slots.count ? slots[slot] : nil }
    func value(of name: String) -> Value? { entity.fieldIndex[name].flatMap(value(atSlot:)) }
}
