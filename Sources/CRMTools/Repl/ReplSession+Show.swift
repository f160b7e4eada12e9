// ReplSession+Show owns the entries that only look: `list` (records per entity, or an
// entity's records with an optional `where` filter typed and evaluated like a rule's
// condition), `show`, `outbox`, `audit`, `timers`, bare expressions (`VALUE : TYPE`, as
// `crm eval` prints them) and `help`. Results are ReplTables.
import CRMBase
import CRMRuntime
import CRMStore

extension ReplSession {
    /// A value in a table cell: canonical spelling (text unquoted, records `Lead#1`).
    func cell(_ v: Value) -> String { v.canonical(in: calendar) }

    /// Entities users declared (internal ones, such as round-robin cursors, start with `_`).
    var userEntities: [IREntity] { program.entities.filter { !$0.name.hasPrefix("_") } }

    /// Record names given at creation, by record.
    var aliasesByRecord: [RecordID: String] {
        var out: [RecordID: String] = [:]
        for (alias, id) in interpreter.aliases { out[id] = alias }
        return out
    }

    func list(_ entityWord: ReplWord?, _ filter: Range<Int>?, _ entry: ReplEntry) throws(ReplFailure) {
        guard let entityWord else {
            guard !userEntities.isEmpty else { reply.out("this model declares no entities\n"); return }
            var table = ReplTable(["entity", "records", "stages"])
            for e in userEntities {
                let ids = store.records(of: EntityID(e.id))
                var stages: [String] = []
                for l in e.lifecycles {
                    var counts = [Int](repeating: 0, count: l.stages.count)
                    for id in ids { if case .enumMember(let o)? = store.value(id, slot: l.slot), o >= 0, Int(o) < counts.count { counts[Int(o)] += 1 } }
                    stages += zip(l.stages, counts).filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }
                }
                table.add([e.name, String(ids.count), stages.joined(separator: ", ")])
            }
            reply.out(table.render())
            return
        }
        let e = try entity(entityWord, entry)
        var ids = store.records(of: EntityID(e.id))
        if let filter {
            let expr = try evaluator.parseExpression(entry, filter)
            let (compiled, type, env) = try evaluator.evaluate(entry, expr, range: filter, fieldsOf: e)
            guard type == .bool || type == .error else {
                throw ReplFailure(Diagnostic(.conditionNotBool, "a `where` condition must be bool, this is \(type)",
                                             at: entry.span(filter), label: "expected bool"))
            }
            var kept: [RecordID] = []
            for id in ids {
                var recordEnv = env
                recordEnv.record = interpreter.recordEnvironment(id)
                if try evaluator.run(entry, compiled, recordEnv, range: filter) == .bool(true) { kept.append(id) }
            }
            ids = kept
        }
        let aliases = aliasesByRecord
        let showAlias = ids.contains { aliases[$0] != nil }
        var table = ReplTable([e.name] + (showAlias ? ["alias"] : []) + e.fields.map(\.name))
        for id in ids {
            table.add([interpreter.name(of: id)] + (showAlias ? [aliases[id] ?? ""] : [])
                      + e.fields.map { cell(interpreter.fieldValue(id, slot: $0.slot)) })
        }
        reply.out(table.render() + "(\(ids.count) record\(ids.count == 1 ? "" : "s"))\n")
    }

    func show(_ recordWord: ReplWord, _ entry: ReplEntry) throws(ReplFailure) {
        let id = try record(recordWord, entry)
        let e = program.entities[Int(id.entity)]
        var text = interpreter.name(of: id) + (aliasesByRecord[id].map { " (\($0))" } ?? "") + "\n"
        var table = ReplTable([])
        for f in e.fields { table.add([f.name, cell(interpreter.fieldValue(id, slot: f.slot))]) }
        text += table.render(indent: "  ")
        for t in store.timers(of: id) {
            text += "  timer #\(t.id) \(ruleName(t.rule)) at \(calendar.format(instant: t.fireAt))\n"
        }
        reply.out(text)
    }

    func ruleName(_ index: Int32) -> String {
        index >= 0 && Int(index) < program.rules.count ? program.rules[Int(index)].name : "rule #\(index)"
    }

    func outbox() {
        let messages = store.pendingMessages()
        guard !messages.isEmpty else { reply.out("the outbox is empty\n"); return }
        var table = ReplTable(["#", "channel", "to", "template", "record", "key"])
        for m in messages {
            table.add([String(m.id), m.channel, m.recipient, m.template, m.record.isNone ? "" : interpreter.name(of: m.record), m.idempotencyKey])
        }
        reply.out(table.render())
    }

    func audit(_ recordWord: ReplWord?, _ entry: ReplEntry) throws(ReplFailure) {
        let only = try recordWord.map { (w: ReplWord) throws(ReplFailure) in try record(w, entry) }
        var table = ReplTable(["#", "time", "actor", "cause", "record", "change"])
        var count = 0
        for a in store.auditEntries() where only == nil || a.record == only {
            let cause: String
            switch a.cause {
            case .user: cause = "user"
            case .rule(let r): cause = ruleName(r)
            case .system: cause = "system"
            }
            let change: String
            switch a.change {
            case .created: change = "created"
            case .deleted: change = "deleted"
            case .field(let slot, let before, let after):
                let e = Int(a.record.entity), s = Int(slot)
                let name = e < program.entities.count && s < program.entities[e].fields.count ? program.entities[e].fields[s].name : "slot \(s)"
                change = "\(name): \(interpreter.showStored(before, entity: e, slot: s)) → \(interpreter.showStored(after, entity: e, slot: s))"
            }
            table.add([String(a.sequence), calendar.format(instant: a.time), a.actor, cause, interpreter.name(of: a.record), change])
            count += 1
        }
        reply.out(count == 0 ? "the audit log is empty\n" : table.render())
    }

    func timers() {
        let pending = store.dueTimers(upTo: .max)
        guard !pending.isEmpty else { reply.out("no timers pending\n"); return }
        var table = ReplTable(["#", "rule", "record", "fires at"])
        for t in pending {
            table.add([String(t.id), ruleName(t.rule), t.record.isNone ? "(schedule)" : interpreter.name(of: t.record),
                       calendar.format(instant: t.fireAt)])
        }
        reply.out(table.render())
    }

    func expression(_ range: Range<Int>, _ entry: ReplEntry) throws(ReplFailure) {
        let (value, type) = try evaluator.value(entry, range)
        reply.out("\(value.display(in: calendar)) : \(type)\n")
    }

    func help(_ topic: ReplWord?, _ entry: ReplEntry) throws(ReplFailure) {
        guard let topic else {
            var table = ReplTable([])
            for c in ReplCommands.all { table.add([c.usage, c.summary]) }
            reply.out(table.render(indent: "  ") + ReplHelp.footer)
            return
        }
        guard let info = ReplCommands.find(topic.text) else {
            throw ReplFailure(Diagnostic(.invalidCommand, "no command `\(topic.text)`", at: entry.span(topic.range), label: "unknown command",
                                         help: Suggest.closest(to: topic.text, among: ReplCommands.spellings).map { "did you mean `\($0)`?" }))
        }
        reply.out(ReplHelp.detail(info))
    }
}
