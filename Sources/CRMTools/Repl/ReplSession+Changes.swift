// ReplSession+Changes owns the entries that change the session's data or time: create,
// update, delete and move (one interpreter command each, with its whole cascade in one
// transaction), advance and clock (firing due timers), and undo and reload, which
// replay the log on a fresh store. Each applied change is logged with the instant it
// ran at; a rejected command changes nothing and is not logged.
import CRMBase
import CRMRuntime
import CRMStore
import Foundation

extension ReplSession {
    func create(_ entityWord: ReplWord, _ alias: ReplWord?, _ body: Range<Int>?, _ entry: ReplEntry) throws(ReplFailure) {
        let e = try entity(entityWord, entry)
        if let alias {
            if let taken = interpreter.aliases[alias.text] {
                throw ReplFailure(Diagnostic(.invalidCommand, "the name `\(alias.text)` is already taken by \(interpreter.name(of: taken))",
                                             at: entry.span(alias.range), label: "taken", help: "choose another name, or `undo` the first"))
            }
            if alias.text.contains("#") || ReplCommands.find(alias.text) != nil || program.entity(named: alias.text) != nil {
                throw ReplFailure(Diagnostic(.invalidCommand, "`\(alias.text)` cannot name a record: it is a command, an entity or a record name",
                                             at: entry.span(alias.range), label: "not usable as a name"))
            }
        }
        let fields = try body.map { (r: Range<Int>) throws(ReplFailure) in try evaluator.fields(entry, r, of: e) } ?? []
        try commit(.create(entity: e.name, fields: fields, alias: alias?.text), entry, verb: "created")
    }

    func update(_ recordWord: ReplWord, _ body: Range<Int>, _ entry: ReplEntry) throws(ReplFailure) {
        let id = try record(recordWord, entry)
        let fields = try evaluator.fields(entry, body, of: program.entities[Int(id.entity)])
        try commit(.update(record: recordWord.text, fields: fields), entry, verb: "updated")
    }

    func delete(_ recordWord: ReplWord, _ entry: ReplEntry) throws(ReplFailure) {
        _ = try record(recordWord, entry)
        try commit(.delete(record: recordWord.text), entry, verb: "deleted")
    }

    func move(_ recordWord: ReplWord, _ stage: ReplWord, _ entry: ReplEntry) throws(ReplFailure) {
        let id = try record(recordWord, entry)
        let e = program.entities[Int(id.entity)]
        guard e.lifecycle(withStage: stage.text) != nil else {
            let stages = e.lifecycles.flatMap(\.stages)
            throw ReplFailure(Diagnostic(.unknownStage, stages.isEmpty ? "`\(e.name)` has no lifecycle" : "`\(stage.text)` is not a stage of \(e.name)",
                                         at: entry.span(stage.range), label: "unknown stage",
                                         help: Suggest.closest(to: stage.text, among: stages).map { "did you mean `\($0)`?" }
                                            ?? (stages.isEmpty ? nil : "stages: " + stages.joined(separator: ", "))))
        }
        try commit(.move(record: recordWord.text, stage: stage.text), entry, verb: "moved")
    }

    /// `approve`/`reject`: a decision on the record's pending approval by a role.
    func decide(_ recordWord: ReplWord, approve: Bool, role: ReplWord, approval: ReplWord?, comment: Range<Int>?,
                _ entry: ReplEntry) throws(ReplFailure) {
        _ = try record(recordWord, entry)
        let roles = program.extras.roleAncestors.keys.sorted()
        guard roles.contains(role.text) else {
            throw ReplFailure(Diagnostic(.unknownRole, "unknown role `\(role.text)`", at: entry.span(role.range), label: "not a role",
                                         help: Suggest.closest(to: role.text, among: roles).map { "did you mean `\($0)`?" }
                                            ?? (roles.isEmpty ? "this model declares no roles" : "roles: " + roles.joined(separator: ", "))))
        }
        let approvals = program.extras.approvals.map(\.name)
        if let approval, !approvals.contains(approval.text) {
            throw ReplFailure(Diagnostic(.unknownApproval, "unknown approval `\(approval.text)`", at: entry.span(approval.range),
                                         label: "not an approval", help: Suggest.closest(to: approval.text, among: approvals).map { "did you mean `\($0)`?" }))
        }
        var text: String?
        if let comment {
            let (value, type) = try evaluator.value(entry, comment)
            guard case .text(let t) = value else {
                throw ReplFailure(Diagnostic(.typeMismatch, "a comment is text, this is \(type)", at: entry.span(comment), label: "expected text"))
            }
            text = t
        }
        try commit(.decide(record: recordWord.text, approval: approval?.text, role: role.text, approve: approve, comment: text),
                   entry, verb: "\(role.text) \(approve ? "approved" : "rejected")")
    }

    /// Runs a command; on success logs it and prints what happened, else reports why
    /// nothing was applied (with the rules considered until then).
    func commit(_ command: RuntimeCommand, _ entry: ReplEntry, verb: String) throws(ReplFailure) {
        let logged = ReplLogEntry(number: nextNumber, text: Self.oneLine(entry.text), at: world.clock.nowMicros(),
                                  actor: options.actor, action: .command(command, eventID: "\(eventPrefix)\(nextNumber)"))
        let applied = world.apply(logged)
        guard let result = applied.result else { return }
        if let f = result.failure {
            var notes = f.chain.isEmpty ? [] : ["rule chain: " + f.chain.joined(separator: " → ")]
            if !result.trace.isEmpty {
                notes.append("rules considered before the failure:\n" + result.trace.map { "  " + indent($0.text, "  ") }.joined(separator: "\n"))
            }
            throw ReplFailure(Diagnostic(f.code, f.message, at: entry.whole, label: "rejected: nothing was applied", notes: notes))
        }
        nextNumber += 1
        log.append(logged)
        var text = "[\(logged.number)] \(verb) \(result.record ?? "")"
        if case .create(_, _, let alias?) = command { text += " (\(alias))" }
        if case .move(_, let stage) = command { text += " to \(stage)" }
        reply.out(text + "\n" + describe(result, depth: 1))
    }

    /// The rules considered (fired or skipped, with values read and fields written) and
    /// the messages they queued, indented under the line that caused them.
    func describe(_ result: CommandResult, depth: Int) -> String {
        let pad = String(repeating: "  ", count: depth)
        var out = ""
        // The trace already lists each firing's outbox messages under the rule that sent them.
        for t in result.trace { out += pad + indent(t.text, pad) + "\n" }
        return out
    }

    func indent(_ text: String, _ pad: String) -> String { text.replacingOccurrences(of: "\n", with: "\n" + pad) }

    // MARK: Time

    func advance(_ range: Range<Int>, _ entry: ReplEntry) throws(ReplFailure) {
        let (value, type) = try evaluator.value(entry, range)
        guard case .duration(let d) = value else {
            throw ReplFailure(Diagnostic(.typeMismatch, "`advance` needs a duration such as `7 days`, this is \(type)",
                                         at: entry.span(range), label: "expected a duration"))
        }
        guard d.months >= 0, d.micros >= 0 else {
            throw ReplFailure(Diagnostic(.invalidArgument, "`advance` only moves forward", at: entry.span(range),
                                         label: "negative duration", help: "set an earlier instant with `clock 2026-03-02T09:00`"))
        }
        let target: Int64
        do { target = try calendar.add(d, toInstant: world.clock.nowMicros()) } catch {
            throw ReplFailure(Diagnostic(.invalidDateArithmetic, "cannot advance the clock by \(d): \(error)", at: entry.span(range)))
        }
        moveClock(.advance(to: target), entry)
    }

    func setClock(_ range: Range<Int>, _ entry: ReplEntry) throws(ReplFailure) {
        guard !range.isEmpty else {
            reply.out("clock \(calendar.format(instant: world.clock.nowMicros())) (\(calendar.identifier))\n")
            return
        }
        let (value, type) = try evaluator.value(entry, range)
        let target: Int64
        switch value {
        case .datetime(let t): target = t
        case .date(let d): target = calendar.instant(days: d, microsOfDay: 0)
        default:
            throw ReplFailure(Diagnostic(.typeMismatch, "`clock` needs a datetime such as `2026-03-10T09:00`, this is \(type)",
                                         at: entry.span(range), label: "expected a datetime"))
        }
        moveClock(.clock(to: target), entry)
    }

    /// Applies and logs a move of the clock, printing each timer firing.
    func moveClock(_ action: ReplLogEntry.Action, _ entry: ReplEntry) {
        let before = world.clock.nowMicros()
        let logged = ReplLogEntry(number: nextNumber, text: Self.oneLine(entry.text), at: before, actor: options.actor, action: action)
        nextNumber += 1
        let applied = world.apply(logged)
        log.append(logged)
        let now = world.clock.nowMicros()
        var text = "[\(logged.number)] clock \(calendar.format(instant: now))"
        if now > before { text += " (" + elapsed(from: before, to: now) + " later)" }
        if now < before { text += " (moved back; timers do not fire backwards)" }
        var idle = 0
        for fire in applied.fires {
            guard !fire.result.trace.isEmpty || !fire.result.committed else { idle += 1; continue }
            let on = fire.record.map { " on \($0)" } ?? ""
            let at = calendar.format(instant: fire.at)
            text += "\n  timer #\(fire.timer) \(fire.rule)\(on) at \(at)" + (fire.result.committed ? "" : " ROLLED BACK")
            let body = describe(fire.result, depth: 2)
            if !body.isEmpty { text += "\n" + String(body.dropLast()) }
            if let f = fire.result.failure { text += "\n    " + f.text }
        }
        if idle > 0 { text += "\n  (\(idle) schedule run\(idle == 1 ? "" : "s") with no record)" }
        reply.out(text + "\n")
    }

    /// `7 days 2 hours`: the time between two instants, for people.
    func elapsed(from a: Int64, to b: Int64) -> String {
        var seconds = (b - a) / 1_000_000
        var parts: [String] = []
        for (unit, size) in [("day", Int64(86_400)), ("hour", 3_600), ("minute", 60), ("second", 1)] where seconds >= size {
            let n = seconds / size
            seconds %= size
            parts.append("\(n) \(unit)\(n == 1 ? "" : "s")")
        }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " ")
    }

    // MARK: Undo and reload

    func undo(_ entry: ReplEntry) throws(ReplFailure) {
        guard !durable else {
            throw ReplFailure(Diagnostic(.invalidCommand, "`undo` is not available with `--store`: what a durable store committed stays committed",
                                         at: entry.whole, help: "run `crm repl` without `--store` to experiment and undo freely"))
        }
        guard let last = log.last else {
            reply.out("nothing to undo\n")
            return
        }
        let (world, kept, dropped) = try rebuild(Array(log.dropLast()), model: self.world.model, entry)
        self.world.close()
        self.world = world
        log = kept
        reply.out("undid [\(last.number)] \(last.text)\nclock \(calendar.format(instant: world.clock.nowMicros()))\n")
        reportDropped(dropped)
    }

    func reload(_ entry: ReplEntry) throws(ReplFailure) {
        guard !options.paths.isEmpty else {
            throw ReplFailure(Diagnostic(.invalidCommand, "no model to reload: the session started without one", at: entry.whole,
                                         help: "start it with a model: `crm repl Playground`"))
        }
        let model: ReplModel
        switch ReplModel.load(options.paths) {
        case .success(let m): model = m
        case .failure(let f):
            reply.err(f.check.humanReport(color: options.color))
            reply.err("the model has errors: kept the previous model and its data\n")
            return
        }
        if durable {
            // The durable store migrates its data to the new model itself (or refuses).
            let old = world.model
            world.close()
            do {
                world = try ReplWorld(model: model, storeOptions: options.store, start: world.clock.nowMicros())
            } catch {
                reply.err("error: the store refused the new model: \(error)\nkept the previous model\n")
                do { world = try ReplWorld(model: old, storeOptions: options.store, start: world.clock.nowMicros()) } catch {
                    reply.err("error: cannot reopen the store: \(error)\n")
                }
                return
            }
            reply.out("reloaded \(model.summary)\n" + world.notices.map { "note: \($0)\n" }.joined())
            return
        }
        let (world, kept, dropped) = try rebuild(log, model: model, entry)
        self.world.close()
        self.world = world
        log = kept
        reply.out("reloaded \(model.summary)\nreplayed \(kept.count) of \(kept.count + dropped.count) change\(kept.count + dropped.count == 1 ? "" : "s")"
                  + (dropped.isEmpty ? "" : "; dropped \(dropped.count) that no longer apply:") + "\n")
        reportDropped(dropped)
    }

    /// Replays `log` on a fresh store with `model`.
    func rebuild(_ log: [ReplLogEntry], model: ReplModel, _ entry: ReplEntry) throws(ReplFailure)
        -> (ReplWorld, [ReplLogEntry], [(ReplLogEntry, RuntimeFailure)]) {
        do {
            return try ReplWorld.replay(log, model: model, storeOptions: options.store, start: start)
        } catch {
            throw ReplFailure(Diagnostic(.invalidCommand, "cannot rebuild the session: \(error)", at: entry.whole))
        }
    }

    func reportDropped(_ dropped: [(ReplLogEntry, RuntimeFailure)]) {
        for (e, f) in dropped { reply.out("  dropped [\(e.number)] \(e.text): \(f.text)\n") }
    }
}
