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

    // Per-command state (reset by `execute`).
    var queue: [PendingEvent] = []
    var touched: [RecordID] = []
    /// Last values of records deleted by this command (their `deleted` rules read them).
    var deletedValues: [RecordID: [StoredValue]] = [:]
    /// Indexes of the rules fired by this command, in firing order.
    var firedIndexes: [Int] = []
    var result = CommandResult()
    var actor = ""
    var eventID = ""

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
        for e in program.entities {
            let schema = EntitySchema(name: e.name, slotNames: e.fields.map(\.name),
                                      uniqueSlots: e.fields.filter(\.unique).map(\.slot),
                                      indexedSlots: e.fields.filter { if case .ref = $0.kind { true } else { false } }.map(\.slot))
            try store.declareEntity(EntityID(e.id), schema)
        }
        try declareInternalEntities()
        try armSchedules()   // Interpreter+Timers.swift
    }

    /// `name(of:)` spells a record id as `Lead#1`.
    public func name(of id: RecordID) -> String {
        let e = Int(id.entity)
        return (e >= 0 && e < program.entities.count ? program.entities[e].name : "?") + "#\(id.number)"
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
        queue = []
        touched = []
        deletedValues = [:]
        firedIndexes = []
        result = CommandResult()
        self.actor = actor
        self.eventID = eventID
        do {
            try store.begin()
        } catch {
            result.failure = RuntimeFailure(.invalidCommand, "the store refused to start a transaction: \(error)")
            return result
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
                result.record = name(of: id)
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
            return result
        }
        if let (alias, id) = newAlias { aliases[alias] = id }
        for i in firedIndexes { firedCounts[i] += 1 }
        return result
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

    func entity(of id: RecordID) -> IREntity { program.entities[Int(id.entity)] }

    // MARK: Commands

    func createCommand(_ entityName: String, _ fields: [(String, FieldInput)]) throws -> RecordID {
        guard let e = program.entity(named: entityName) else {
            throw RuntimeFailure(.invalidCommand, "unknown entity `\(entityName)`")
        }
        var values: [(slot: Int, value: Value)] = []
        for (field, input) in fields {
            let slot = try fieldSlot(e, field)
            values.append((slot, try convert(input, for: e.fields[slot])))
        }
        let id = try createRecord(e, values, cause: .user, depth: 0, chain: [])
        result.record = name(of: id)
        return id
    }

    func updateCommand(_ id: RecordID, _ fields: [(String, FieldInput)]) throws {
        let e = entity(of: id)
        result.record = name(of: id)
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
        guard let slot = e.fieldIndex[field] else {
            throw RuntimeFailure(.invalidCommand, "`\(e.name)` has no field `\(field)`")
        }
        return slot
    }
}
