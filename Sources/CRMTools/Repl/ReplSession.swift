// ReplSession owns one `crm repl` session independent of how entries arrive (terminal
// editor, pipe, tests): it loads the model, starts the world at the virtual clock's
// first instant, and runs each entry — parse, dispatch to the command, and a reply
// (output and diagnostics, in order). Nothing an entry contains can stop the session:
// every problem becomes a Diagnostic pointing into the entry, rendered like `crm check`.
//
// Commands live in extensions: ReplSession+Changes.swift (create/update/delete/move,
// approve/reject, advance, clock, undo, reload), ReplSession+Show.swift (list, show, outbox, audit,
// timers, expressions, help), ReplSession+Why.swift, ReplSession+Complete.swift.
import CRMBase
import CRMRuntime
import CRMSema
import CRMStore
import Foundation

/// How a session starts.
public struct ReplOptions: Sendable {
    /// The model: directories or files, as for `crm check`; empty for expressions only.
    public var paths: [String]
    /// The virtual clock's first instant (local, e.g. `2026-03-02T09:00`); nil: now.
    public var now: String?
    public var store: ReplStoreOptions
    /// Colour diagnostics (a terminal without NO_COLOR).
    public var color: Bool
    /// Who the session's changes are attributed to in the audit log.
    public var actor: String

    public init(paths: [String] = [], now: String? = nil, store: ReplStoreOptions = ReplStoreOptions(),
                color: Bool = false, actor: String = "repl") {
        self.paths = paths
        self.now = now
        self.store = store
        self.color = color
        self.actor = actor
    }
}

/// What one entry printed, in order, and whether the session should end.
public struct ReplReply: Sendable {
    public struct Chunk: Sendable, Equatable {
        public var text: String
        /// Diagnostics (stderr when piped).
        public var isError: Bool
    }
    public var chunks: [Chunk] = []
    public var quit = false
    public var failed: Bool { chunks.contains(where: \.isError) }

    mutating func out(_ text: String) { if !text.isEmpty { chunks.append(Chunk(text: text, isError: false)) } }
    mutating func err(_ text: String) { if !text.isEmpty { chunks.append(Chunk(text: text, isError: true)) } }

    /// Everything, in order (a transcript).
    public var text: String { chunks.map(\.text).joined() }
}

/// A session could not start: the model has errors, `--now` is malformed, the store
/// cannot be opened. `message` is ready to print; `status` is the exit status.
public struct ReplStartError: Error, Sendable {
    public var message: String
    public var status: Int32
}

/// One REPL session.
public final class ReplSession {
    let options: ReplOptions
    var world: ReplWorld
    /// The clock's first instant; replays start from it.
    let start: Int64
    /// Changes applied so far, oldest first (what `undo` and `reload` replay).
    var log: [ReplLogEntry] = []
    var nextNumber = 1
    /// The reply being built for the current entry.
    var reply = ReplReply()
    /// Event ids (`r3`) seed outbox idempotency keys. A durable store keeps the keys of
    /// earlier sessions, so there each session's ids carry the instant it started;
    /// in memory plain numbers keep transcripts reproducible.
    let eventPrefix: String

    var program: IRProgram { world.program }
    var interpreter: Interpreter { world.interpreter }
    var calendar: ZonedCalendar { world.program.calendar }
    var durable: Bool { options.store.directory != nil }

    public init(options: ReplOptions) throws(ReplStartError) {
        self.options = options
        let model: ReplModel
        switch ReplModel.load(options.paths) {
        case .success(let m): model = m
        case .failure(let f):
            let status = f.check.exitStatus == ExitStatus.clean ? ExitStatus.problems : f.check.exitStatus
            throw ReplStartError(message: f.check.humanReport(color: options.color), status: status)
        }
        if let now = options.now {
            guard let micros = model.program.calendar.parseDateTime(now.contains("T") ? now : now + "T00:00") else {
                throw ReplStartError(message: "error: invalid value `\(now)` for `--now`; expected a local datetime such as 2026-03-02T09:00\n",
                                     status: ExitStatus.usage)
            }
            start = micros
        } else {
            // The wall clock's minute: a virtual clock that starts "now" but reads cleanly.
            let now = WallClock().nowMicros()
            start = now - now % 60_000_000
        }
        eventPrefix = options.store.directory == nil ? "r" : "r\(WallClock().nowMicros())."
        do {
            world = try ReplWorld(model: model, storeOptions: options.store, start: start)
        } catch {
            throw ReplStartError(message: "error: cannot open the store: \(error)\n", status: ExitStatus.problems)
        }
    }

    /// Releases the durable store's lock; call once at the end.
    public func close() { world.close() }

    /// What the session says first on a terminal.
    public var banner: String {
        var text = "crm repl — \(world.model.summary)\n"
        text += "clock \(calendar.format(instant: world.clock.nowMicros())) (\(calendar.identifier))"
            + (durable ? ", store \(options.store.directory ?? "")" : ", in-memory store") + "\n"
        for n in world.notices { text += "note: \(n)\n" }
        text += "type `help` for the commands, Tab to complete names, Ctrl-D to leave\n"
        return text
    }

    /// Notes the store made on open (shown when piped as well).
    public var notices: [String] { world.notices }

    /// `handle(_:)` runs one entry and returns what it printed.
    public func handle(_ text: String) -> ReplReply {
        reply = ReplReply()
        let entry = ReplEntry(text, sources: world.model.sources)
        do throws(ReplFailure) {
            let command: ReplStatement
            do { command = try ReplCommandParser.parse(text) } catch {
                throw ReplFailure(Diagnostic(.invalidCommand, error.message, at: entry.span(error.range),
                                             label: error.label, help: error.help))
            }
            try run(command, entry)
        } catch {
            report(error.diagnostics)
        }
        return reply
    }

    func run(_ command: ReplStatement, _ entry: ReplEntry) throws(ReplFailure) {
        switch command {
        case .empty: break
        case .quit: reply.quit = true
        case .create(let entity, let alias, let body): try create(entity, alias, body, entry)
        case .update(let record, let body): try update(record, body, entry)
        case .delete(let record): try delete(record, entry)
        case .move(let record, let stage): try move(record, stage, entry)
        case .decide(let record, let approve, let role, let approval, let comment):
            try decide(record, approve: approve, role: role, approval: approval, comment: comment, entry)
        case .advance(let range): try advance(range, entry)
        case .clock(let range): try setClock(range, entry)
        case .undo: try undo(entry)
        case .reload: try reload(entry)
        case .list(let entity, let filter): try list(entity, filter, entry)
        case .show(let record): try show(record, entry)
        case .outbox: outbox()
        case .audit(let record): try audit(record, entry)
        case .timers: timers()
        case .why(let rule, let record): try why(rule, record, entry)
        case .help(let topic): try help(topic, entry)
        case .expression(let range): try expression(range, entry)
        }
    }

    /// Renders diagnostics as `crm check` does, into the reply's error stream.
    func report(_ diagnostics: [Diagnostic]) {
        reply.err(HumanRenderer(color: options.color).render(diagnostics.sortedForOutput(in: world.model.sources),
                                                             sources: world.model.sources))
    }

    var evaluator: ReplEvaluator { ReplEvaluator(interpreter: interpreter, files: world.model.files, clock: world.clock) }

    // MARK: Names

    /// The entity named by `word`, or an unknown-entity diagnostic with "did you mean".
    func entity(_ word: ReplWord, _ entry: ReplEntry) throws(ReplFailure) -> IREntity {
        if let e = program.entity(named: word.text) { return e }
        let names = program.entities.map(\.name).filter { !$0.hasPrefix("_") }
        throw ReplFailure(Diagnostic(.unknownEntity, "unknown entity `\(word.text)`", at: entry.span(word.range), label: "not an entity",
                                     help: Suggest.closest(to: word.text, among: names).map { "did you mean `\($0)`?" }
                                        ?? (names.isEmpty ? "this model declares no entities" : "entities: " + names.joined(separator: ", "))))
    }

    /// The record named by `word` (`Lead#1` or a name given at creation).
    func record(_ word: ReplWord, _ entry: ReplEntry) throws(ReplFailure) -> RecordID {
        if let id = interpreter.resolve(word.text) { return id }
        var help: String
        if let hash = word.text.firstIndex(of: "#") {
            let entityName = String(word.text[..<hash])
            if program.entity(named: entityName) == nil {
                _ = try entity(ReplWord(text: entityName, range: word.range.lowerBound..<(word.range.lowerBound + entityName.utf8.count)), entry)
            }
            let ids = program.entity(named: entityName).map { store.records(of: EntityID($0.id)) } ?? []
            help = ids.isEmpty ? "there are no \(entityName) records" : "\(entityName) records: " + ids.prefix(8).map(interpreter.name(of:)).joined(separator: ", ")
                + (ids.count > 8 ? ", …" : "")
        } else {
            let names = interpreter.aliases.keys.sorted()
            help = Suggest.closest(to: word.text, among: names).map { "did you mean `\($0)`?" }
                ?? "write `Entity#number` (as `list` shows) or a name given at creation (`create Lead l1 { … }`)"
        }
        throw ReplFailure(Diagnostic(.invalidCommand, "no record `\(word.text)`", at: entry.span(word.range), label: "not a record", help: help))
    }

    var store: any Store { world.store }

    /// An entry on one line, for labels (`[3] update l1 { score: 85 }`).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
