// ReplWorld owns what a REPL session runs on — the lowered model, its store, the
// interpreter and the virtual clock — and the one function that creates a store
// (`ReplWorld.makeStore`): the in-memory store by default, the durable FileStore
// through StoreOpener with `--store DIR`. It also owns the session's log of applied
// changes and replaying it, which is how `undo` and `reload` work: the interpreter is
// deterministic under a virtual clock, so replaying the same changes at the same
// instants on a fresh store reproduces the same state exactly.
import CRMBase
import CRMRuntime
import CRMSema
import CRMStore
import CRMSyntax

/// Where a session keeps its data.
public struct ReplStoreOptions: Sendable {
    /// `--store DIR`: a durable store in DIR; nil: in memory.
    public var directory: String?
    /// `--sync always|batch|none` for the durable store.
    public var sync: SyncPolicy

    public init(directory: String? = nil, sync: SyncPolicy = .safeDefault) {
        self.directory = directory
        self.sync = sync
    }
}

/// A checked and lowered model, with what expressions typed at the prompt need.
struct ReplModel {
    let program: IRProgram
    /// The parsed files, for typing expressions against the model's declarations.
    let files: [FileSyntax]
    /// The model's files and every entry typed since (diagnostics render from it).
    let sources: SourceSet
    /// One line describing the model ("Playground: 2 entities, 4 rules").
    let summary: String

    /// `load(_:)` loads, checks and lowers the model at `paths` (as `crm run` does); on
    /// errors returns the check result to report.
    static func load(_ paths: [String]) -> Result<ReplModel, CheckFailure> {
        let model: LoweredModel
        switch ModelPipeline.lower(paths: paths) {
        case .failure(let problems): return .failure(CheckFailure(check: problems.check))
        case .success(let m): model = m
        }
        let program = model.program, files = model.files
        // The model's name as its last path component: short, and the same wherever it lives.
        let name = paths.isEmpty ? "no model" : paths.map { String($0.split(separator: "/").last ?? Substring($0)) }.joined(separator: " ")
        let entities = program.entities.count, rules = program.rules.count
        let summary = "\(name): \(entities) entit\(entities == 1 ? "y" : "ies"), \(rules) rule\(rules == 1 ? "" : "s")"
            + (program.skipped.isEmpty ? "" : " (+\(program.skipped.count) not run yet)")
        return .success(ReplModel(program: program, files: files, sources: model.sources, summary: summary))
    }

    struct CheckFailure: Error { var check: CheckResult }
}

/// One change the session applied, kept so it can be replayed.
struct ReplLogEntry {
    enum Action {
        case command(RuntimeCommand, eventID: String)
        /// `advance …` as the instant it reached, so replays reach the same one.
        case advance(to: Int64)
        /// `clock T`: later than the clock fires due timers on the way; earlier just sets it.
        case clock(to: Int64)
    }
    /// The entry's number in the session (`[3]`), never reused.
    var number: Int
    /// What was typed, on one line.
    var text: String
    /// The clock when it was applied.
    var at: Int64
    var actor: String
    var action: Action
}

/// What applying one log entry did.
struct ReplApplied {
    var result: CommandResult?
    var fires: [TimerFire] = []
    var failure: RuntimeFailure? { result?.failure }
}

/// One model running over one store.
final class ReplWorld {
    let model: ReplModel
    let store: any Store
    let interpreter: Interpreter
    let clock: VirtualClock
    /// What the durable store reported on open (recovery, migration).
    var notices: [String] = []
    /// Traces of what happened, for `why`: per applied entry, its label and the rules
    /// considered (timer firings included).
    var traces: [(label: String, trace: [TraceEntry])] = []

    var program: IRProgram { model.program }

    /// `makeStore(_:program:now:)` is the one place a session's store is created.
    static func makeStore(_ options: ReplStoreOptions, program: IRProgram, now: Int64) throws -> (any Store, [String]) {
        guard let directory = options.directory else { return (MemoryStore(), []) }
        let store = try StoreOpener.open(directory: directory, sync: options.sync, program: program, now: now)
        return (store, store.notices)
    }

    init(model: ReplModel, storeOptions: ReplStoreOptions, start: Int64) throws {
        self.model = model
        clock = VirtualClock(micros: start)
        let (store, notices) = try Self.makeStore(storeOptions, program: model.program, now: start)
        self.store = store
        self.notices = notices
        do {
            interpreter = try Interpreter(program: model.program, store: store, clock: clock)
        } catch {
            Self.close(store)
            throw error
        }
    }

    /// Closes a durable store (releasing its lock); nothing to do in memory.
    static func close(_ store: any Store) {
        if let file = store as? FileStore { try? file.close() }
    }

    func close() { Self.close(store) }

    /// Applies one log entry and records its traces.
    @discardableResult
    func apply(_ entry: ReplLogEntry) -> ReplApplied {
        var applied = ReplApplied()
        switch entry.action {
        case .command(let command, let eventID):
            clock.set(micros: entry.at)
            let result = interpreter.execute(command, actor: entry.actor, eventID: eventID)
            applied.result = result
            if result.committed { traces.append(("[\(entry.number)] \(entry.text)", result.trace)) }
        case .advance(let to):
            applied.fires = interpreter.advance(to: to, actor: entry.actor)
        case .clock(let to):
            if to > clock.nowMicros() {
                applied.fires = interpreter.advance(to: to, actor: entry.actor)
            } else {
                clock.set(micros: to)
            }
        }
        let calendar = program.calendar
        for fire in applied.fires where !fire.result.trace.isEmpty {
            traces.append(("[\(entry.number)] timer #\(fire.timer) \(fire.rule) at \(calendar.format(instant: fire.at))", fire.result.trace))
        }
        return applied
    }

    /// `replay(_:model:storeOptions:start:)` builds a fresh world and applies `log` to
    /// it; entries that fail now are left out and returned with the reason.
    static func replay(_ log: [ReplLogEntry], model: ReplModel, storeOptions: ReplStoreOptions, start: Int64)
        throws -> (world: ReplWorld, kept: [ReplLogEntry], dropped: [(ReplLogEntry, RuntimeFailure)]) {
        let world = try ReplWorld(model: model, storeOptions: storeOptions, start: start)
        var kept: [ReplLogEntry] = [], dropped: [(ReplLogEntry, RuntimeFailure)] = []
        for entry in log {
            let applied = world.apply(entry)
            if let failure = applied.failure { dropped.append((entry, failure)) } else { kept.append(entry) }
        }
        return (world, kept, dropped)
    }
}
