// Interpreter owns running commands against a Store under the charter's runtime
// contract: each command and its whole rule cascade run in ONE store transaction that
// commits entirely or is rolled back with the reason (and the chain of rules) reported;
// rules run in the IR's order (priority, then declaration) and events in FIFO order, so
// the same model, commands and clock give the same store, outbox and audit log.
//
// This file: setup (declaring entities in the store), the command entry point and the
// commands. Interpreter+Cascade.swift runs the cascade and writes; Interpreter+Actions.swift
// runs actions and checks constraints; Interpreter+Values.swift converts inputs and
// reads records.
import CRMBase
import CRMStore

/// Runs commands of one model over a store.
public final class Interpreter {
    public let program: IRProgram
    public let store: any Store
    public let clock: any Clock
    /// The deepest a cascade may go: a rule fired by the command is depth 1.
    public var depthLimit = 32
    /// Record names given by `create … as`: a cache of the store's `_alias` records
    /// (Interpreter+Aliases.swift).
    public internal(set) var aliases: [String: RecordID] = [:]
    /// How often each rule fired in committed commands, by rule index.
    public internal(set) var firedCounts: [Int]
    /// Coverage observer (Interpreter+Coverage.swift); nil costs one check per report.
    public var observer: (any InterpreterObserver)?

    /// Whether results carry the trace (`CommandResult.trace`: every rule considered,
    /// the condition's value, the fields read and written, as text). On by default —
    /// the REPL, explain, tests and `crm run --trace` read it; a run that never shows it
    /// (`crm run` without `--trace`, the benchmark) turns it off, which skips spelling
    /// values and record names for every rule considered — the largest cost of a
    /// command otherwise. Rule counts, fired rules, messages and failures are kept
    /// either way.
    public var tracing = true

    /// Whether cascades of simple rules may run straight-line (Interpreter+Straight.swift).
    /// The outcome is the same either way; tests turn it off to compare the two.
    public var usesStraightCascade = true
    /// Whether straight-line creations are memoized by their involved values
    /// (OutcomeCache.swift). The outcome is the same either way; tests compare.
    public var usesOutcomeCache = true

    /// The rules in run order (a copy of `program.rules`, read without the class's
    /// access checks), and per entity the rules each kind of event can fire
    /// (`program.rules(for:kind:slot:)`, resolved once instead of hashed per event).
    let rules: [IRRule]
    /// Per rule, its compiled `where` (nil: none): reading `rules[i].condition` would
    /// copy the whole IRExpr (text, reads, conjuncts: several retains) per rule considered.
    let conditions: [Thunk?]
    /// Per rule, the chain `[index]` of a rule fired straight by a command or timer
    /// (depth 1, the usual case), built once: `chain(_:_:)` shares it instead of
    /// allocating a one-element array per firing.
    let singleChains: [[Int]]
    /// Per rule, `[its name]`: the `fired` of a command or firing that fired only it
    /// (a timer's rule, usually), shared instead of allocated per result.
    let singleFired: [[String]]
    /// The program's entities, entity numbers by name and zone, copied once: reading
    /// them through `program` (a class with `var` properties) costs an exclusivity
    /// check and a retain per read, on every write, create and date computation.
    let entityTables: [IREntity]
    let entityIDs: [String: Int]
    /// The same, for the entity a command names (NameTable.swift).
    let entityNames: NameTable
    let calendar: ZonedCalendar
    let triggers: [EntityTriggers]
    /// Per entity, per slot: how stored values load back (`IRField.kind`), and what a
    /// new record gets (defaults, empty sets, initial stages) — read without copying
    /// the IRField structs on every field read or create.
    let slotKinds: [[SlotKind]]
    let creation: [CreationFacts]
    /// The program's time hooks (copied once: reading the IRProgram's struct property
    /// copies it per event), and whether it has scores or computed fields at all.
    let timeHooks: TimeHooks
    let hasDerived: Bool
    /// Per entity, how command inputs become stored values (Interpreter+Values.swift).
    let inputLayouts: [InputLayout]
    /// The rules' straight-line forms (Interpreter+StraightTables.swift), per entity
    /// whether its cascades can run straight, and per rule whether a timer's firing
    /// of it can (Interpreter+Straight.swift).
    let straight: StraightTables
    let straightEntities: [Bool]
    let straightTimed: [Bool]
    /// Per straight entity, the slots a cascade on a stored record reads (Interpreter+Straight.swift).
    let storedCascadeSlots: [[Int]?]
    /// Per entity, the memo of its straight creations (nil: not a straight entity).
    let outcomeCaches: [OutcomeCache?]
    /// Per rule, its `at` trigger (Interpreter+Timers.swift).
    let anchors: [AnchorTrigger?]
    /// Per entity, its time hooks and which updates can move a timer
    /// (Interpreter+Timers.swift, Interpreter+Straight.swift).
    let entityTimers: [EntityTimers]
    /// The context `context(_:)` hands out while nobody else holds it
    /// (Interpreter+Values.swift).
    var scratchContext: EvalContext
    /// The record whose plain environment (no last values, no override) the scratch
    /// context holds, if any.
    var scratchRecord: RecordID?
    /// Whether the scratch context holds an environment `releaseScratch` must drop.
    var scratchHoldsRecord = false

    /// The straight-line cascade's state, kept between commands for its buffers'
    /// capacity (Interpreter+Straight.swift, `withCascade`); freed in `deinit`.
    let cascadeScratch: UnsafeMutablePointer<StraightCascade>
    var cascadeInUse = false

    // Per-command state (reset by `execute`).
    var queue: [PendingEvent] = []
    var touched: [RecordID] = []
    /// Last values of records deleted by this command (their `deleted` rules read them).
    var deletedValues: [RecordID: [StoredValue]] = [:]
    /// Indexes of the rules fired by this command, in firing order.
    var firedIndexes: [Int] = []
    var result = CommandResult()
    /// Whether `result` is a fresh one (`takeResult` left it), so a reset need not replace it.
    var resultIsFresh = true
    var actor = ""
    /// The event's id, for outbox idempotency keys; a timer firing's (`timer-N`) is
    /// spelled only if a message asks for it.
    var eventID: String {
        get { eventTimer.map { "timer-\($0)" } ?? eventIDText }
        set { eventIDText = newValue; eventTimer = nil }
    }
    var eventIDText = ""
    var eventTimer: TimerID?

    /// An event waiting for its rules: what happened to which record, and the rules
    /// that led to it.
    struct PendingEvent {
        enum Kind {
            case created
            case updated([(slot: Int, old: StoredValue)])
            case deleted([StoredValue])
        }
        var record: RecordID
        var kind: Kind
        var depth: Int
        var chain: [Int]
    }

    /// `init(program:store:clock:)` declares the program's entities in an empty store.
    public init(program: IRProgram, store: any Store, clock: any Clock) throws {
        self.program = program
        self.store = store
        self.clock = clock
        self.firedCounts = Array(repeating: 0, count: program.rules.count)
        self.rules = program.rules
        self.conditions = program.rules.map { $0.condition?.compiled.thunk }
        self.singleChains = program.rules.indices.map { [$0] }
        self.singleFired = program.rules.map { [$0.name] }
        self.entityTables = program.entities
        self.entityIDs = program.entityIndex
        self.entityNames = NameTable(program.entities.map { ($0.name, $0.id) })
        self.calendar = program.calendar
        let triggers = program.entities.map { EntityTriggers(program, $0) }
        self.triggers = triggers
        self.slotKinds = program.entities.map { $0.fields.map(\.kind) }
        let creation = program.entities.map(CreationFacts.init)
        self.creation = creation
        self.inputLayouts = program.entities.map(InputLayout.init)
        self.timeHooks = program.timeHooks
        let hasDerived = !program.extras.scores.isEmpty || !program.extras.computed.isEmpty
        self.hasDerived = hasDerived
        let straight = StraightTables(program)
        self.straight = straight
        let straightEntities = Self.straightEntities(program, triggers, straight.rules, hasDerived: hasDerived)
        self.straightEntities = straightEntities
        let straightTimed = Self.straightTimedRules(program, straight.rules)
        self.straightTimed = straightTimed
        self.storedCascadeSlots = Self.storedCascadeSlots(program, triggers, straight, straightEntities, straightTimed)
        self.outcomeCaches = Self.outcomeCaches(triggers, straight, straightEntities, creation)
        let anchors = Self.anchorTriggers(program)
        self.anchors = anchors
        self.entityTimers = program.entities.map {
            EntityTimers(program.timeHooks, entity: $0.id, width: $0.fields.count, triggers: anchors)
        }
        self.cascadeScratch = .allocate(capacity: 1)
        cascadeScratch.initialize(to: StraightCascade(record: RecordID(entity: 0, number: 0), deferred: false))
        self.scratchContext = EvalContext(environment: DictionaryEnvironment(), clock: clock, calendar: program.calendar)
        for e in program.entities {
            let schema = EntitySchema(name: e.name, slotNames: e.fields.map(\.name),
                                      uniqueSlots: e.fields.filter(\.unique).map(\.slot),
                                      indexedSlots: e.fields.filter { if case .ref = $0.kind { true } else { false } }.map(\.slot))
            try store.declareEntity(EntityID(e.id), schema)
        }
        try declareInternalEntities()
        try armSchedules()   // Interpreter+Timers.swift
    }

    deinit {
        cascadeScratch.deinitialize(count: 1)
        cascadeScratch.deallocate()
    }

    /// `name(of:)` spells a record id as `Lead#1`.
    public func name(of id: RecordID) -> String {
        let e = Int(id.entity)
        return (e >= 0 && e < entityTables.count ? entityTables[e].name : "?") + "#\(id.number)"
    }

    /// Sets the result's record to `id`, spelled as `name(of:)` does when read.
    func noteRecord(_ id: RecordID) {
        let e = Int(id.entity)
        result.setRecord(entity: e >= 0 && e < entityTables.count ? entityTables[e].name : "?", number: id.number)
    }

    /// `resolve(_:)` finds a record by alias or `Entity#number`.
    public func resolve(_ name: String) -> RecordID? {
        if let id = aliasedRecord(name) { return id }
        let parts = name.split(separator: "#")
        guard parts.count == 2, let e = program.entityIndex[String(parts[0])], let n = UInt32(parts[1]) else { return nil }
        let id = RecordID(entity: EntityID(e), number: n)
        return store.exists(id) ? id : nil
    }

    /// `execute(_:actor:eventID:)` runs one command and its cascade in one transaction.
    /// `eventID` seeds the outbox idempotency keys, so it must be unique per event.
    public func execute(_ command: RuntimeCommand, actor: String, eventID: String) -> CommandResult {
        resetCommandState()
        defer { releaseScratch() }
        self.actor = actor
        self.eventID = eventID
        do {
            try store.begin()
        } catch {
            result.failure = RuntimeFailure(.invalidCommand, "the store refused to start a transaction: \(error)")
            return takeResult()
        }
        var newAlias: (String, RecordID)?
        do {
            switch command {
            case .create(let entity, let fields, let alias):
                if let alias, aliasTaken(alias) {
                    throw RuntimeFailure(.invalidCommand, "the alias `\(alias)` is already taken")
                }
                let id = try createCommand(entity, fields)
                if let alias {
                    try storeAlias(alias, id)
                    newAlias = (alias, id)
                }
            case .update(let record, let fields):
                try updateCommand(try find(record), fields)
            case .delete(let record):
                try deleteRecord(try find(record), cause: .user, depth: 0, chain: [])
            case .move(let record, let stage):
                let id = try find(record)
                noteRecord(id)
                try move(id, toStage: stage, cause: .user, depth: 0, chain: [])
            case .decide(let record, let approval, let role, let approve, let comment):
                try decideCommand(try find(record), approval: approval, role: role, approve: approve, comment: comment)
            }
            try runCascade()
            try validateTouched()
            try store.commit()
        } catch {
            do { try store.rollback() } catch {}
            result.failure = failure(error, chain: [])
            result.messages = []
            return takeResult()
        }
        if let (alias, id) = newAlias { aliases[alias] = id }
        countFired()
        return takeResult()
    }

    /// Hands the command's result over, leaving a fresh one: swapped out, not copied
    /// (a copy would retain each of its parts, and the next command's reset release them).
    func takeResult() -> CommandResult {
        var out = CommandResult()
        swap(&out, &result)
        resultIsFresh = true
        return out
    }

    /// Adds the committed command's fired rules to `firedCounts`, in one access to it
    /// (each access to a class property is an exclusivity check).
    func countFired() {
        let fired = firedIndexes
        if fired.isEmpty { return }
        firedCounts.withUnsafeMutableBufferPointer { counts in
            for i in fired where i >= 0 && i < counts.count { counts[i] += 1 }
        }
    }

    /// Clears the per-command state, keeping the buffers' capacity (a command of the
    /// lead-routing benchmark would otherwise allocate them anew each time).
    func resetCommandState() {
        // Emptying an empty array still costs a call: a straight command leaves these empty.
        if !queue.isEmpty { queue.emptyKeepingCapacity() }
        if !touched.isEmpty { touched.emptyKeepingCapacity() }
        if !deletedValues.isEmpty { deletedValues = [:] }
        if !firedIndexes.isEmpty { firedIndexes.emptyKeepingCapacity() }
        if !resultIsFresh { result = CommandResult() }
        resultIsFresh = false
    }

    /// Drops the scratch context's record environment, which refers back to the
    /// interpreter (a reference cycle while it is set).
    func releaseScratch() {
        guard scratchHoldsRecord else { return }   // most straight commands never set one
        scratchContext.environment = DictionaryEnvironment()
        scratchRecord = nil
        scratchHoldsRecord = false
    }

    /// Any error as a RuntimeFailure.
    func failure(_ error: any Error, chain: [Int]) -> RuntimeFailure {
        let names = chain.map { program.rules[$0].name }
        switch error {
        case let f as RuntimeFailure: return f
        case let e as EvalError: return RuntimeFailure(e.code, e.message, chain: names)
        case let s as StoreError:
            if case .uniqueViolation(let entity, let slot, let value, let existing) = s {
                return RuntimeFailure(.validationFailed, "\(entity).\(slot) must be unique: \(value) is already used by \(name(of: existing))", chain: names)
            }
            return RuntimeFailure(.invalidCommand, s.description, chain: names)
        default: return RuntimeFailure(.invalidCommand, "\(error)", chain: names)
        }
    }

    func find(_ record: String) throws(RuntimeFailure) -> RecordID {
        guard let id = resolve(record) else {
            throw RuntimeFailure(.invalidCommand, "no record `\(record)` (name records with \"as\" when creating them, or write Entity#number)")
        }
        return id
    }

    func entity(of id: RecordID) -> IREntity { entityTables[Int(id.entity)] }

    /// `chain + [index]`, sharing the prebuilt one-element chain when `chain` is empty.
    func chain(_ chain: [Int], _ index: Int) -> [Int] {
        chain.isEmpty && index >= 0 && index < singleChains.count ? singleChains[index] : chain + [index]
    }

    /// What a new record of one entity gets besides the given values. A class: every
    /// create reads it, and a struct of five arrays costs five retains per read.
    final class CreationFacts {
        /// The entity's width.
        let width: Int
        /// Fields with a default, in slot order, by how the default is had: a constant
        /// (`score: int = 0`, stored form), the clock (`now()`), or an evaluation.
        let defaults: [(slot: Int, source: DefaultSource)]
        let evaluatesDefaults: Bool
        /// `set<…>` fields without a default (they start as the empty set).
        let emptySets: [Int]
        /// Lifecycle fields with stages (they start in stage 0).
        let lifecycleSlots: [Int]
        /// Required slots, and whether they are the entity's only constraints.
        let required: [Int]
        let onlyRequired: Bool
        /// Per slot, whether it is unique (a rule's write to it is checked by the store).
        let unique: [Bool]
        /// Whether the entity has auto-number fields (read here, not from the IREntity,
        /// whose `var` costs an exclusivity check per read).
        let hasAutonumbers: Bool
        /// What a record given nothing starts with, when that needs no evaluation and no
        /// auto-number (`templated`): constant defaults, empty sets, stage 0 — the
        /// slots `completeSlots` fills, the `now()` ones (`nowSlots`) aside. A command's
        /// values then overwrite it (Interpreter+Cascade.swift, `newSlots`).
        let templated: Bool
        let template: [StoredValue]
        let nowSlots: [Int]

        init(_ e: IREntity) {
            width = e.fields.count
            defaults = e.fields.compactMap { f in
                guard let x = f.defaultValue?.compiled else { return nil }
                if let c = x.constant, !c.isRecordOrList { return (f.slot, .constant(ValueStorage.store(c, entityIDs: [:]))) }
                return (f.slot, x.isNow ? .now : .evaluated(x))
            }
            evaluatesDefaults = defaults.contains { if case .evaluated = $0.source { true } else { false } }
            emptySets = e.fields.filter { f in
                if f.defaultValue == nil, case .set = f.type.unwrapped { true } else { false }
            }.map(\.slot)
            lifecycleSlots = e.lifecycles.filter { !$0.stages.isEmpty }.map(\.slot)
            required = e.fields.filter(\.required).map(\.slot)
            unique = e.fields.map(\.unique)
            hasAutonumbers = !e.autonumbers.isEmpty
            onlyRequired = e.validations.isEmpty && e.fields.allSatisfy { $0.checks.isEmpty }
            templated = !evaluatesDefaults && !hasAutonumbers
            var template = [StoredValue](repeating: .null, count: width)
            var nowSlots: [Int] = []
            for (slot, source) in defaults {
                switch source {
                case .constant(let value): template[slot] = value
                case .now: nowSlots.append(slot)
                case .evaluated: break
                }
            }
            for slot in emptySets { template[slot] = .list([]) }
            for slot in lifecycleSlots where template[slot].isNull { template[slot] = .enumMember(0) }
            self.template = template
            self.nowSlots = nowSlots
        }
    }

    enum DefaultSource {
        case constant(StoredValue)
        case now
        case evaluated(CompiledExpr)
    }

    /// The rules each kind of event of one entity can fire, in run order.
    struct EntityTriggers {
        let created: [Int]
        let updated: [Int]
        let deleted: [Int]
        /// By slot: the `changed`/`enters` rules of that field.
        let changed: [[Int]]

        /// The rules a created or updated record's events can fire (not `deleted`): what
        /// the straight-line cascade must be able to run.
        var createdOrUpdated: [Int] { created + updated + Array(changed.joined()) }

        init(_ program: IRProgram, _ e: IREntity) {
            // Sorted (run order), as `process` merges them.
            created = program.rules(for: e.id, kind: .created).sorted()
            updated = program.rules(for: e.id, kind: .updated).sorted()
            deleted = program.rules(for: e.id, kind: .deleted).sorted()
            changed = e.fields.indices.map { program.rules(for: e.id, kind: .changed, slot: $0).sorted() }
        }
    }

    // MARK: Commands

    func createCommand(_ entityName: String, _ fields: [(String, FieldInput)]) throws -> RecordID {
        guard let index = entityNames[entityName], index >= 0, index < entityTables.count else {
            throw RuntimeFailure(.invalidCommand, "unknown entity `\(entityName)`")
        }
        let e = entityTables[index]
        if let id = try createStraight(e, fields) {   // Interpreter+Straight.swift
            noteRecord(id)
            return id
        }
        var values: [(slot: Int, value: StoredValue)] = []
        values.reserveCapacity(fields.count)
        for (field, input) in fields {
            let slot = try fieldSlot(e, field)
            values.append((slot, try storedInput(input, slot: slot, of: e)))
        }
        let id = try createStoredRecord(e, values, cause: .user, depth: 0, chain: [])
        noteRecord(id)
        return id
    }

    func updateCommand(_ id: RecordID, _ fields: [(String, FieldInput)]) throws {
        let e = entity(of: id)
        noteRecord(id)
        var changes: [(slot: Int, value: Value)] = []
        for (field, input) in fields {
            let slot = try fieldSlot(e, field)
            if e.fields[slot].readonly { throw RuntimeFailure(.invalidCommand, "`\(e.name).\(field)` is readonly") }
            changes.append((slot, try convert(input, for: e.fields[slot])))
        }
        for (slot, value) in changes {
            if e.lifecycle(slot: slot) != nil, case .enumMember(let m) = value {
                try move(id, toStage: m.name, cause: .user, depth: 0, chain: [])
            } else {
                try write(id, slot, value, cause: .user, depth: 0, chain: [])
            }
        }
    }

    func fieldSlot(_ e: IREntity, _ field: String) throws(RuntimeFailure) -> Int {
        guard let slot = inputLayouts[e.id].slots[field] else { throw noField(e, field) }
        return slot
    }

    func noField(_ e: IREntity, _ field: String) -> RuntimeFailure {
        RuntimeFailure(.invalidCommand, "`\(e.name)` has no field `\(field)`")
    }
}
