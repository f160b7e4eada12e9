// ReplSession+Why owns `why RULE RECORD`: why a rule fired or did not for a record. It
// states the rule's trigger and condition, lists every time the session considered the
// rule for the record (from the interpreter's traces: fired or skipped, the
// condition's value and the values it read), evaluates the condition on the record as
// it is now with the values read, and shows the rule's pending timer for time rules.
// A rule never considered is explained by its trigger ("runs when Lead.score changes").
import CRMBase
import CRMRuntime
import CRMStore

extension ReplSession {
    func why(_ ruleWord: ReplWord, _ recordWord: ReplWord, _ entry: ReplEntry) throws(ReplFailure) {
        guard let rule = program.rules.first(where: { $0.name == ruleWord.text }) else {
            if let skipped = program.skipped.first(where: { $0.name == ruleWord.text }) {
                reply.out("rule \(skipped.name) never fires in this runtime yet: \(skipped.reason)\n")
                return
            }
            let names = program.rules.map(\.name) + program.skipped.map(\.name)
            throw ReplFailure(Diagnostic(.unknownName, "unknown rule `\(ruleWord.text)`", at: entry.span(ruleWord.range), label: "not a rule",
                                         help: Suggest.closest(to: ruleWord.text, among: names).map { "did you mean `\($0)`?" }
                                            ?? (names.isEmpty ? "this model has no rules" : "rules: " + names.joined(separator: ", "))))
        }
        let id = try record(recordWord, entry)
        let e = program.entities[rule.entity]
        guard Int(id.entity) == rule.entity else {
            throw ReplFailure(Diagnostic(.typeMismatch, "rule `\(rule.name)` runs on \(e.name) records, `\(recordWord.text)` is a \(program.entities[Int(id.entity)].name)",
                                         at: entry.span(recordWord.range), label: "expected a \(e.name)"))
        }
        let name = interpreter.name(of: id)
        var text = "rule \(rule.name): \(trigger(rule, e))" + (rule.condition.map { ", where \($0.text)" } ?? "") + "\n"
        var considered = 0
        for (label, trace) in world.traces {
            for t in trace where t.rule == rule.name && t.record == name {
                considered += 1
                text += "  \(label)\n    \(t.fired ? "fired" : "skipped") on \(t.event)"
                if let c = t.condition, let v = t.conditionValue {
                    text += ": where \(c) → \(v)" + (t.reads.isEmpty ? "" : " (" + t.reads.map { "\($0.field) = \($0.value)" }.joined(separator: ", ") + ")")
                }
                text += "\n"
            }
        }
        if considered == 0 {
            text += "  never considered for \(name) in this session: nothing so far matched its trigger (\(trigger(rule, e)))\n"
        }
        text += "  now: " + conditionNow(rule, id, e) + "\n"
        if case .timed = rule.trigger {
            let timers = store.timers(of: id).filter { Int($0.rule) == rule.index }
            if timers.isEmpty {
                text += "  timer: none pending for \(name)\n"
            } else {
                for t in timers { text += "  timer: #\(t.id) fires at \(calendar.format(instant: t.fireAt))\n" }
            }
        }
        reply.out(text)
    }

    /// The condition evaluated on the record as it is now, with the values it reads.
    func conditionNow(_ rule: IRRule, _ id: RecordID, _ e: IREntity) -> String {
        guard let c = rule.condition else { return "no `where`: the rule fires whenever its trigger happens" }
        let value: String
        do {
            let v = try c.compiled.evaluate(EvalContext(environment: interpreter.recordEnvironment(id), clock: world.clock, calendar: calendar))
            value = interpreter.showValue(v)
        } catch {
            value = "error[\(error.code.id)]: \(error.message)"
        }
        let reads = c.reads.compactMap { slot -> String? in
            guard slot >= 0, slot < e.fields.count else { return nil }
            return "\(e.fields[slot].name) = \(interpreter.showValue(interpreter.fieldValue(id, slot: slot)))"
        }
        return "where \(c.text) → \(value)" + (reads.isEmpty ? "" : " (" + reads.joined(separator: ", ") + ")")
    }

    /// A rule's trigger, for people.
    func trigger(_ rule: IRRule, _ e: IREntity) -> String {
        func field(_ slot: Int) -> String { slot >= 0 && slot < e.fields.count ? "\(e.name).\(e.fields[slot].name)" : "\(e.name).slot\(slot)" }
        switch rule.trigger {
        case .created: return "runs when a \(e.name) is created"
        case .updated: return "runs when a \(e.name) is updated"
        case .deleted: return "runs when a \(e.name) is deleted"
        case .changed(let slot, let from, let to):
            return "runs when \(field(slot)) changes" + (from.map { " from `\($0.text)`" } ?? "") + (to.map { " to `\($0.text)`" } ?? "")
        case .enters(let slot, let stage):
            let stages = e.lifecycle(slot: slot)?.stages ?? []
            return "runs when \(field(slot)) enters " + (stage >= 0 && stage < stages.count ? stages[stage] : "stage \(stage)")
        case .timed(let t):
            switch t {
            case .at(let slot, let offset, let negative, let yearly):
                return "runs at \(field(slot))" + (offset.map { (negative ? " - " : " + ") + $0.text } ?? "") + (yearly ? " every year" : "")
            case .inactive(let d, let without):
                return "runs when a \(e.name) is inactive for \(d.text)" + (without.map { " (no new \(program.entities[$0.entity].name))" } ?? "")
            case .every:
                return "runs on a schedule: " + t.describe(e, program)
            }
        case .approval(let a, let approved):
            let name = a >= 0 && a < program.extras.approvals.count ? program.extras.approvals[a].name : "approval #\(a)"
            return "runs when a \(e.name)'s approval \(name) is " + (approved ? "approved" : "rejected")
        }
    }
}
