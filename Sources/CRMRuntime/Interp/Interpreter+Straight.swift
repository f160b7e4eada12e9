// Interpreter+Straight owns the straight-line cascade: a faster way to run the cascade
// of a command whose events are all about ONE record of an entity whose rules are all
// simple — conditions that are tests of the record's own stored slots (`region == East`,
// `source in [Web, Ads]`, `score >= 50 and stage == New`: Compiler+FastPaths.swift) and
// actions that write constants to the record (`set queue = "east"`, `add 40 to score`,
// `tag "web"`, `move to Hot`). Routing, tagging and scoring rules are mostly like that.
//
// It runs exactly the general cascade's steps (Interpreter+Cascade.swift) in the same
// order — events FIFO, rules in run order, the same store writes and audit entries,
// timers armed per event — but keeps the record's slots in a local array, so a
// condition is a few comparisons instead of an evaluation context and closures, and a
// write needs no Value conversion. Anything it does not handle the same way it gives
// up on: an undecided test, an illegal transition, a missing stage requirement, an
// overflow, the depth limit, any store error. Then the store is rolled back to a
// savepoint taken before, and the general cascade runs the same events — so it, not
// this file, reports every failure, with its chain of rules and its message.
//
// Only when nobody watches the details: not when tracing (the general cascade builds
// the trace) and not with a coverage observer.
import CRMBase
import CRMStore

extension Interpreter {
    /// Per entity, whether every rule its records' events can fire has a straight form
    /// and nothing else hooks into its writes (auto-numbers, scores, computed fields).
    static func straightEntities(_ program: IRProgram, _ triggers: [EntityTriggers], _ rules: [StraightTables.Rule?],
                                 hasDerived: Bool) -> [Bool] {
        program.entities.indices.map { e in
            if hasDerived || !program.entities[e].autonumbers.isEmpty { return false }
            return triggers[e].createdOrUpdated.allSatisfy { $0 >= 0 && $0 < rules.count && rules[$0] != nil }
        }
    }

    /// The slots straight rule `index` can read or write: every check's slot, every
    /// action's slot, the slots a `move` requires, and its `enters` slot; nil if the
    /// rule has no straight form.
    static func involvedSlots(_ index: Int, _ straight: StraightTables) -> Set<Int>? {
        guard index >= 0, index < straight.rules.count, let rule = straight.rules[index] else { return nil }
        var involved = Set<Int>()
        if rule.entersSlot >= 0 { involved.insert(Int(rule.entersSlot)) }
        for i in Int(rule.checkStart) ..< Int(rule.checkStart + rule.checkCount) {
            involved.insert(Int(straight.checks[i].slot))
        }
        for i in Int(rule.actionStart) ..< Int(rule.actionStart + rule.actionCount) {
            let action = straight.actions[i]
            involved.insert(Int(action.slot))
            for r in Int(action.requireStart) ..< Int(action.requireStart + action.requireCount) {
                involved.insert(Int(straight.requires[r]))
            }
        }
        return involved
    }

    /// The slots the rules in `indexes` can read or write (`involvedSlots`), or nil if
    /// one has no straight form.
    static func involvedSlots(_ indexes: [Int], _ straight: StraightTables) -> Set<Int>? {
        var involved = Set<Int>()
        for index in indexes {
            guard let slots = involvedSlots(index, straight) else { return nil }
            involved.formUnion(slots)
        }
        return involved
    }

    /// Per straight entity, an empty memo of its creations keyed by the slots its rules
    /// can read or write (`involvedSlots`; OutcomeCache.swift).
    ///
    /// A templated entity (constant defaults only) whose involved slots are not `now()`
    /// ones also gets its template's key, for `createMemoized`.
    static func outcomeCaches(_ triggers: [EntityTriggers], _ straight: StraightTables, _ straightEntities: [Bool],
                              _ creation: [CreationFacts]) -> [OutcomeCache?] {
        triggers.indices.map { e in
            guard e < straightEntities.count, straightEntities[e], e < creation.count else { return nil }
            guard let involved = involvedSlots(triggers[e].createdOrUpdated, straight) else { return nil }
            let facts = creation[e]
            let cache = OutcomeCache(slots: involved.sorted(), entityWidth: facts.width)
            if facts.templated, involved.isDisjoint(with: facts.nowSlots) { cache.useTemplate(facts.template) }
            return cache
        }
    }

    /// Per straight entity, the slots a straight-line cascade on one of its stored
    /// records can read or write, ascending: those of every rule its records' events can
    /// fire and of its straight timer rules. `runOnStored` reads only these (a record's
    /// other slots are never looked at there); nil for other entities.
    static func storedCascadeSlots(_ program: IRProgram, _ triggers: [EntityTriggers], _ straight: StraightTables,
                                   _ straightEntities: [Bool], _ straightTimed: [Bool]) -> [[Int]?] {
        triggers.indices.map { e in
            guard e < straightEntities.count, straightEntities[e] else { return nil }
            let timed = program.rules.filter { $0.entity == e && $0.index >= 0 && $0.index < straightTimed.count && straightTimed[$0.index] }
            guard let involved = involvedSlots(triggers[e].createdOrUpdated + timed.map(\.index), straight) else { return nil }
            return involved.sorted()
        }
    }

    /// One event of a straight-line cascade: slot −1 for `created`, else the changed slot
    /// and its old value. A struct, not a tuple: arrays of tuples with a
    /// reference-counted part are copied and destroyed through generic value witnesses.
    struct StraightEvent {
        var slot: Int
        var old: StoredValue
        var depth: Int
    }

    /// Signals that the straight-line cascade cannot run an event the general way's equal.
    struct StraightGiveUp: Error {}

    /// The state of one straight-line cascade: the record, its slots as they are now,
    /// the events (slot −1: created; else the changed slot and its old value) FIFO, and
    /// what it did so far. `deferred`: the record is not in the store yet, so writes
    /// are collected for `createAudited` instead of made.
    struct StraightCascade {
        var record: RecordID
        var row: [StoredValue]
        var deferred = false
        var events: [StraightEvent] = []
        var writes: [StoredWrite] = []
        var considered = 0
        var fired: [Int] = []
        /// The command's values `createMemoized` puts over a memoized row.
        var overrides: [SlotValue] = []
        /// Records `createMemoized` made so far (tests check that it runs).
        var memoized = 0
        /// The deepest level a rule fired at (OutcomeCache keeps it).
        var deepest = 0
        /// The interpreter's `depthLimit`, read once per cascade (a class `var` costs an
        /// exclusivity check per read).
        var depthLimit = 0

        /// An empty row: the cascade's user fills it (`newSlots`, `Store.read(_:into:)`).
        init(record: RecordID, deferred: Bool) {
            self.record = record
            self.row = []
            self.deferred = deferred
        }

        /// Empties it for the next cascade, keeping the buffers' capacity. The row is left
        /// as it is: the caller overwrites it (`newSlots`, `Store.read(_:into:)`), reusing
        /// its buffer and its values' places.
        mutating func reset(record: RecordID, deferred: Bool) {
            self.record = record
            self.deferred = deferred
            // Emptying an empty array still costs a call; a memoized creation leaves these empty.
            if !events.isEmpty { events.emptyKeepingCapacity() }
            if !writes.isEmpty { writes.emptyKeepingCapacity() }
            if !fired.isEmpty { fired.emptyKeepingCapacity() }
            considered = 0
            deepest = 0
        }
    }

    /// Runs `body` on a cascade state: the interpreter's own (its buffers already grown,
    /// reached through a pointer: no copy of the state and no exclusivity check per
    /// access), or a fresh one if that is in use.
    func withCascade<R>(record: RecordID, deferred: Bool,
                        _ body: (inout StraightCascade) throws -> R) rethrows -> R {
        if cascadeInUse {
            var c = StraightCascade(record: record, deferred: deferred)
            c.depthLimit = depthLimit
            return try body(&c)
        }
        cascadeInUse = true
        defer { cascadeInUse = false }
        cascadeScratch.pointee.reset(record: record, deferred: deferred)
        cascadeScratch.pointee.depthLimit = depthLimit
        return try body(&cascadeScratch.pointee)
    }

    /// Whether the straight-line cascade may run for records of entity `e` now.
    func straightAllowed(_ e: Int) -> Bool {
        usesStraightCascade && !tracing && observer == nil && e >= 0 && e < straightEntities.count && straightEntities[e]
    }

    /// Creates a record of a straight entity given by a command, running its whole
    /// cascade on the local slots and storing the outcome with one `createAudited`; nil
    /// (nothing stored, nothing changed) where the general way must do it. The inputs
    /// are converted straight into the slots, in order, with the general way's errors.
    func createStraight(_ e: IREntity, _ fields: [(String, FieldInput)]) throws -> RecordID? {
        guard straightAllowed(e.id) else { return nil }
        let facts = creation[e.id]
        let record = RecordID(entity: EntityID(e.id), number: 0)
        // The slots are built in the cascade's own row buffer (reused from command to
        // command, overwritten by `newSlots`), and its writes change them in place;
        // createAudited recovers the initial ones if it needs them.
        let cache = usesOutcomeCache && e.id < outcomeCaches.count ? outcomeCaches[e.id] : nil
        return try withCascade(record: record, deferred: true) { c in
            if let cache, cache.startFromTemplate(), let id = try createMemoized(e, facts, fields, cache, &c) {
                return id
            }
            try newSlots(e, facts, fields, into: &c.row)
            // The memo (OutcomeCache.swift): the same involved values, the same outcome.
            let keyed = cache?.prepare(c.row) ?? false
            if keyed, let cache, let known = cache.lookup(), known.deepest <= c.depthLimit {
                for (slot, value) in known.finals { c.row[slot] = value }
                guard createdStraightIsStorable(facts, c.row, writes: known.writes) else { return nil }
                let id = try storeStraight(e, facts, c.row, known.writes)
                finishStraight(considered: known.considered, fired: known.fired, names: known.names)
                return id
            }
            let initial = keyed ? c.row : []
            c.events.append(StraightEvent(slot: -1, old: .null, depth: 0))
            do {
                try runStraight(&c, triggers[e.id])
            } catch {
                return nil
            }
            guard createdStraightIsStorable(facts, c.row, writes: c.writes) else { return nil }
            let id = try storeStraight(e, facts, c.row, c.writes)
            let names = finishStraight(considered: c.considered, fired: c.fired, names: nil)
            if keyed, let cache {
                let finals = cache.slots.compactMap { s in initial[s] == c.row[s] ? nil : (slot: s, value: c.row[s]) }
                // Involved slots as the cascade left them, the others as the template has them.
                let base = facts.templated
                    ? facts.template.indices.map { s in cache.place[s] >= 0 ? c.row[s] : facts.template[s] } : []
                cache.insert(CreateOutcome(finals: finals, writes: c.writes, fired: c.fired, names: names,
                                           considered: c.considered, deepest: c.deepest, base: base))
            }
            return id
        }
    }

    /// The memo's quick way for a command whose record is memoized already: the key is
    /// the template's with the command's involved values put in, read straight from
    /// its inputs, and the record is the outcome's `base` row with the command's other
    /// values (and `now()` defaults) put over it, built in place by the store — no row
    /// is assembled here and the rules are not run. It does exactly what `newSlots`, a
    /// memo hit and `storeStraight` do for such a command (the same checks, store
    /// call results, timers and result), and gives up (nil: nothing stored, nothing
    /// changed) wherever those could differ or fail: an input that is not a text given
    /// as a text or member name (other shapes are converted the general way), an
    /// unknown field, a slot past 63, an involved value with no inline form, no
    /// outcome yet, the depth limit, a missing required value, timers with writes.
    /// The general way then runs and reports any error.
    func createMemoized(_ e: IREntity, _ facts: CreationFacts, _ fields: [(String, FieldInput)],
                        _ cache: OutcomeCache, _ c: inout StraightCascade) throws -> RecordID? {
        c.overrides.emptyKeepingCapacity()
        let layout = inputLayouts[e.id]
        let place = cache.place
        var given: UInt64 = 0
        let keyed = fields.withUnsafeBufferPointer { pairs in
            for i in pairs.indices {
                guard let slot = layout.slots[pairs[i].0], slot >= 0, slot < 64, slot < place.count,
                      let value = layout.stored(pairs[i].1, slot: slot) else { return false }
                given |= 1 << UInt64(slot)
                if place[slot] >= 0 {
                    guard cache.set(place: place[slot], value) else { return false }
                } else {
                    c.overrides.append(SlotValue(slot: slot, value: value))
                }
            }
            return true
        }
        guard keyed else { return nil }
        cache.finishKey()
        guard let known = cache.lookup(), known.deepest <= c.depthLimit, known.base.count == facts.width,
              timeHooks.isEmpty || known.writes.isEmpty else { return nil }
        func isGiven(_ slot: Int) -> Bool { slot >= 0 && slot < 64 && given & (1 << UInt64(slot)) != 0 }
        if facts.onlyRequired {
            // A given value is never null here (texts and members only).
            for slot in facts.required where !isGiven(slot) && (slot < 0 || slot >= known.base.count || known.base[slot].isNull) {
                return nil
            }
        }
        if !facts.nowSlots.isEmpty {
            let now = StoredValue.datetime(clock.nowMicros())
            for slot in facts.nowSlots where !isGiven(slot) { c.overrides.append(SlotValue(slot: slot, value: now)) }
        }
        // What the store can do once for every record of this outcome, it does once.
        if !known.askedToPrepare {
            known.askedToPrepare = true
            known.preparation = store.prepareCreation(EntityID(e.id), base: known.base, writes: known.writes, cause: .user)
        }
        let time = clock.nowMicros()
        let id: RecordID
        if let preparation = known.preparation,
           let made = try store.createPrepared(preparation, overrides: c.overrides, time: time, actor: actor) {
            id = made
        } else {
            id = try store.createAudited(EntityID(e.id), base: known.base, overrides: c.overrides, writes: known.writes,
                                         time: time, actor: actor, cause: .user)
        }
        if !facts.onlyRequired { touched.append(id) }
        if !timeHooks.isEmpty {
            try armTimers(for: PendingEvent(record: id, kind: .created, depth: 0, chain: []))
        }
        finishStraight(considered: known.considered, fired: known.fired, names: known.names)
        c.memoized += 1
        return id
    }

    /// Whether a new record's straight outcome can be stored as it is: its required
    /// fields hold values (else the general way reports the missing one; other
    /// constraints are checked by `validateTouched` on the stored record), and timers
    /// can be armed after it is stored — only if its `created` event is the only one
    /// (timers are armed per event against the stored record).
    func createdStraightIsStorable(_ facts: CreationFacts, _ row: [StoredValue], writes: [StoredWrite]) -> Bool {
        if facts.onlyRequired {
            for slot in facts.required where row[slot].isNull { return false }
        }
        return timeHooks.isEmpty || writes.isEmpty
    }

    /// Stores a new record with its straight cascade's writes, and arms its timers.
    func storeStraight(_ e: IREntity, _ facts: CreationFacts, _ row: [StoredValue], _ writes: [StoredWrite]) throws -> RecordID {
        let id = try store.createAudited(EntityID(e.id), final: row, writes: writes,
                                         time: clock.nowMicros(), actor: actor, cause: .user)
        if !facts.onlyRequired { touched.append(id) }
        if !timeHooks.isEmpty {
            try armTimers(for: PendingEvent(record: id, kind: .created, depth: 0, chain: []))
        }
        return id
    }

    /// Runs the queued events through the straight-line cascade if it applies; returns
    /// false (with the store and the command's state as before) if it does not.
    func runStraightCascade() throws -> Bool {
        guard let first = queue.first else { return false }
        let record = first.record
        let e = Int(record.entity)
        guard straightAllowed(e) else { return false }
        for event in queue {
            guard event.record == record else { return false }
            switch event.kind {
            case .created: break
            case .updated(let changes) where changes.count == 1: break
            default: return false
            }
        }
        guard store.exists(record) else { return false }
        let queued = queue
        let ran = try runOnStored(record) { c in
            for event in queued {
                if case .updated(let changes) = event.kind {
                    c.events.append(StraightEvent(slot: changes[0].slot, old: changes[0].old, depth: event.depth))
                } else {
                    c.events.append(StraightEvent(slot: -1, old: .null, depth: event.depth))
                }
            }
            try runStraight(&c, triggers[e])
        }
        if ran { queue.emptyKeepingCapacity() }
        return ran
    }

    /// Runs `body` (a straight-line cascade on a stored record, its slots read into the
    /// cascade's row buffer) after a savepoint: if it gives up, rolls the store back to
    /// it and returns false; else adds what it did to the result. False, with nothing
    /// done, if the record does not exist.
    func runOnStored(_ record: RecordID, _ body: (inout StraightCascade) throws -> Void) throws -> Bool {
        let savepoint = try store.savepoint()
        let touchedCount = touched.count
        return try withCascade(record: record, deferred: false) { c in
            let e = Int(record.entity)
            let slots = e >= 0 && e < storedCascadeSlots.count ? storedCascadeSlots[e] : nil
            let read = if let slots { store.read(record, slots: slots, into: &c.row) } else { store.read(record, into: &c.row) }
            guard read else { return false }
            do {
                try body(&c)
            } catch {
                try store.rollback(to: savepoint)
                touched.removeSubrange(touchedCount...)
                return false
            }
            finishStraight(c)
            return true
        }
    }

    /// Runs a timer's rule on its record and the cascade that follows straight-line if
    /// it applies; false (store and state as before) if the general way must. Only for
    /// timers that do not re-arm (`at` without `yearly`, inactivity): the general way
    /// re-arms a repeating timer BEFORE the cascade runs (Interpreter+Advance.swift),
    /// which this, running the cascade right away, would reorder.
    func runStraightTimedRule(_ index: Int, on record: RecordID) throws -> Bool {
        let e = Int(record.entity)
        guard straightAllowed(e), index >= 0, index < straightTimed.count, straightTimed[index],
              store.exists(record) else { return false }
        return try runOnStored(record) { c in
            try considerStraight(index, &c, depth: 0, changed: nil)
            try runStraight(&c, triggers[e])
        }
    }

    /// Per rule, whether it is a timer rule `runStraightTimedRule` may run.
    static func straightTimedRules(_ program: IRProgram, _ rules: [StraightTables.Rule?]) -> [Bool] {
        program.rules.map { rule in
            guard rule.index >= 0, rule.index < rules.count, rules[rule.index] != nil else { return false }
            switch rule.trigger {
            case .timed(.at(_, _, _, false)), .timed(.inactive): return true
            default: return false
            }
        }
    }

    /// Whether an update of `slot` of an entity-`e` record at `depth` can arm, move or
    /// cancel a timer in `armTimers`: an `at` rule anchored on the slot, an inactivity
    /// rule (re-armed by the command's own writes, depth 0), or an `inactive … without`
    /// rule watching the slot. Other updates need no call (and no event array).
    func updateArmsTimers(_ e: Int, _ slot: Int, depth: Int) -> Bool {
        guard e >= 0, e < entityTimers.count else { return true }
        let t = entityTimers[e]
        return (slot >= 0 && slot < t.watchedSlots.count && t.watchedSlots[slot]) || (depth == 0 && !t.inactive.isEmpty)
    }

    /// Adds a finished straight-line cascade's rules to the command's result.
    func finishStraight(_ c: StraightCascade) {
        finishStraight(considered: c.considered, fired: c.fired, names: nil)
    }

    /// Adds rules considered and fired (and their names, if known) to the command's
    /// result; returns the names.
    @discardableResult
    func finishStraight(considered: Int, fired: [Int], names known: [String]?) -> [String] {
        result.considered += considered
        if fired.isEmpty { return [] }
        // One rule, usually (a timer's): the generic append(contentsOf:) costs several
        // times a plain append.
        if fired.count == 1 { firedIndexes.append(fired[0]) } else { firedIndexes.append(contentsOf: fired) }
        // All the names in one array, handed over in one access to `result` (each access
        // is an exclusivity check); usually the command's only firings.
        let names = known ?? (fired.count == 1 && fired[0] >= 0 && fired[0] < singleFired.count
                                  ? singleFired[fired[0]] : fired.map { rules[$0].name })
        if result.fired.isEmpty { result.fired = names } else { result.fired.append(contentsOf: names) }
        return names
    }

    func runStraight(_ c: inout StraightCascade, _ t: EntityTriggers) throws {
        var next = 0
        while next < c.events.count {
            let (slot, old, depth) = (c.events[next].slot, c.events[next].old, c.events[next].depth)
            next += 1
            // Timers (armed against the stored record) for the events that can move one.
            if !timeHooks.isEmpty && !c.deferred && (slot < 0 || updateArmsTimers(Int(c.record.entity), slot, depth: depth)) {
                let kind: PendingEvent.Kind = slot < 0 ? .created : .updated([(slot, old)])
                try armTimers(for: PendingEvent(record: c.record, kind: kind, depth: depth, chain: []))
            }
            if slot < 0 {
                for index in t.created { try considerStraight(index, &c, depth: depth, changed: nil) }
                continue
            }
            guard slot < t.changed.count else { throw StraightGiveUp() }
            // The slot's `changed` rules merged with the `updated` rules, as `process` does.
            try Self.forEachMerged(t.changed[slot], t.updated) { index in
                try considerStraight(index, &c, depth: depth, changed: slot)
            }
        }
    }

    func considerStraight(_ index: Int, _ c: inout StraightCascade, depth: Int, changed: Int?) throws {
        guard index >= 0, index < straight.rules.count, let rule = straight.rules[index] else { throw StraightGiveUp() }
        if rule.entersSlot >= 0, changed != nil {
            // `enters S`: the change is of that slot (it came from its list) and it now holds S.
            let slot = Int(rule.entersSlot)
            guard slot < c.row.count, c.row[slot] == .enumMember(rule.entersStage) else { return }
        }
        c.considered += 1
        let checkEnd = Int(rule.checkStart) + Int(rule.checkCount)
        for i in Int(rule.checkStart) ..< checkEnd {
            let check = straight.checks[i]
            let slot = Int(check.slot)
            guard slot >= 0, slot < c.row.count, let holds = check.decide(c.row[slot], texts: straight.texts) else {
                throw StraightGiveUp()
            }
            if holds == check.negate { return }
        }
        if depth + 1 > c.depthLimit { throw StraightGiveUp() }
        c.fired.append(index)
        if depth + 1 > c.deepest { c.deepest = depth + 1 }
        let cause = AuditCause.rule(Int32(index))
        let actionEnd = Int(rule.actionStart) + Int(rule.actionCount)
        for i in Int(rule.actionStart) ..< actionEnd {
            let action = straight.actions[i]
            let slot = Int(action.slot)
            guard slot >= 0, slot < c.row.count else { throw StraightGiveUp() }
            switch action.kind {
            case .set:
                try writeStraight(&c, slot, straight.constants[Int(action.k)], cause, depth + 1)
            case .addInt:
                let current: Int64
                switch c.row[slot] {
                case .null: current = 0
                case .int(let x): current = x
                default: throw StraightGiveUp()
                }
                let (sum, overflow) = current.addingReportingOverflow(action.k)
                if overflow { throw StraightGiveUp() }
                try writeStraight(&c, slot, .int(sum), cause, depth + 1)
            case .tag, .untag:
                let tag = straight.constants[Int(action.k)]
                var tags: [StoredValue] = if case .list(let xs) = c.row[slot] { xs } else { [] }
                if action.kind == .tag {
                    if tags.contains(tag) { continue }
                    tags.append(tag)
                } else {
                    tags.removeAll { $0 == tag }
                }
                try writeStraight(&c, slot, .list(tags), cause, depth + 1)
            case .move:
                let stage = Int(action.k)
                var from = StraightTables.noStageBit
                if case .enumMember(let o) = c.row[slot] {
                    guard o >= 0, o < 63 else { throw StraightGiveUp() }
                    if Int(o) == stage { continue }
                    from = 1 << UInt64(o)
                }
                guard action.bits & from != 0 else { throw StraightGiveUp() }
                let requireEnd = Int(action.requireStart) + Int(action.requireCount)
                for r in Int(action.requireStart) ..< requireEnd {
                    let required = Int(straight.requires[r])
                    if required < 0 || required >= c.row.count || c.row[required].isNull { throw StraightGiveUp() }
                }
                try writeStraight(&c, slot, .enumMember(Int32(stage)), cause, depth + 1)
            }
        }
    }

    /// `write` on the local slots: the same store update and audit entry (or, deferred,
    /// the write for `createAudited`), and the event.
    func writeStraight(_ c: inout StraightCascade, _ slot: Int, _ new: StoredValue, _ cause: AuditCause, _ depth: Int) throws {
        guard slot >= 0, slot < c.row.count else { throw StraightGiveUp() }
        let old = c.row[slot]
        if old == new { return }
        if c.deferred {
            // A unique slot's conflict is reported with the rule chain by the general way.
            if creation[Int(c.record.entity)].unique[slot] { throw StraightGiveUp() }
            c.writes.append(StoredWrite(slot: slot, before: old, value: new, cause: cause))
        } else {
            try store.updateAudited(c.record, slot: slot, to: new, time: clock.nowMicros(), actor: actor, cause: cause)
            if touched.last != c.record && !touched.contains(c.record) { touched.append(c.record) }
        }
        c.row[slot] = new
        c.events.append(StraightEvent(slot: slot, old: old, depth: depth))
    }
}

extension Value {
    /// Whether the value is a record reference or a list (kept out of straight `set`s:
    /// their stored forms depend on more than the constant).
    var isRecordOrList: Bool {
        switch self {
        case .record, .list: true
        default: false
        }
    }
}
