// IRPrinter owns the text form of an IRProgram (`crm ir`): slot layouts, enum members
// and stages with their ordinals, transitions by ordinal, constraints, rules in run
// order with their lowered actions, approval flows, the trigger index, and the rules not
// run yet.
// Deterministic (everything in model or index order), so golden tests can pin it.
import CRMSema

/// Prints IR programs.
public enum IRPrinter {
    /// `print(_:)` renders the whole program.
    public static func print(_ p: IRProgram) -> String {
        var out = "timezone \(p.calendar.identifier)\n"
        for e in p.entities { entity(e, into: &out) }
        out += "\nrules (run order: priority, then declaration)\n"
        for r in p.rules { rule(r, p, into: &out) }
        if p.extras.approvals.contains(where: { $0.entity >= 0 }) {
            out += "\napprovals\n"
            for (i, a) in p.extras.approvals.enumerated() where a.entity >= 0 { approval(i, a, p, into: &out) }
        }
        out += "\ntrigger index\n"
        for e in p.entities {
            for kind in IREventKind.allCases where kind != .changed {
                let rs = p.rules(for: e.id, kind: kind)
                if !rs.isEmpty { out += "  \(e.name) \(kind): " + rs.map { "#\($0)" }.joined(separator: " ") + "\n" }
            }
            for f in e.fields {
                let rs = p.rules(for: e.id, kind: .changed, slot: f.slot)
                if !rs.isEmpty { out += "  \(e.name) changed slot \(f.slot) (\(f.name)): " + rs.map { "#\($0)" }.joined(separator: " ") + "\n" }
            }
        }
        if !p.skipped.isEmpty {
            out += "\nnot run yet\n"
            for s in p.skipped { out += "  \(s.name): \(s.reason)\n" }
        }
        return out
    }

    static func approval(_ index: Int, _ a: IRApproval, _ p: IRProgram, into out: inout String) {
        let e = p.entities[a.entity]
        out += "  #\(index) \(a.name) for \(e.name)" + (a.condition.map { " when `\($0.text)`" } ?? "") + "\n"
        for s in a.steps {
            out += "     step \(s.name) by \(s.signOff.rawValue) " + s.approvers.joined(separator: ", ")
            if let c = s.condition { out += " when `\(c.text)`" }
            if let t = s.timeout { out += " timeout `\(t.text)`" }
            if let to = s.escalateTo { out += " escalate to \(to)" }
            out += "\n"
        }
        for (outcome, actions, rules) in [("approved", a.onApproved, a.approvedRules), ("rejected", a.onRejected, a.rejectedRules)] {
            out += "     on \(outcome) (then rules " + (rules.isEmpty ? "none" : rules.map { "#\($0)" }.joined(separator: " ")) + ")\n"
            IRPrinter.actions(actions, e, p, indent: "       ", into: &out)
        }
    }

    static func entity(_ e: IREntity, into out: inout String) {
        out += "\nentity \(e.name) (id \(e.id), \(e.fields.count) slots)\n"
        for f in e.fields {
            var flags: [String] = []
            if f.required { flags.append("required") }
            if f.unique { flags.append("unique") }
            if f.readonly { flags.append("readonly") }
            if let d = f.defaultValue { flags.append("= \(d.text)") }
            out += "  slot \(f.slot) \(f.name): \(f.type)" + (flags.isEmpty ? "" : " " + flags.joined(separator: " "))
            if case .enumeration(let name, let members) = f.kind {
                out += "  [\(name): " + members.enumerated().map { "\($0.offset) \($0.element)" }.joined(separator: ", ") + "]"
            }
            out += "\n"
            for c in f.checks { out += "    check `\(c.expr.text)` reads \(reads(c.expr, e)) else \"\(c.message)\"\n" }
        }
        for l in e.lifecycles {
            out += "  lifecycle slot \(l.slot):"
            for t in l.transitions {
                out += " \(t.from.map(String.init) ?? "any")->\(t.to)"
                if let g = t.guardExpr { out += " when `\(g.text)`" }
            }
            out += "\n"
            for (stage, slots) in l.requirements.sorted(by: { $0.key < $1.key }) {
                out += "    enter \(stage) requires slots " + slots.map(String.init).joined(separator: ", ") + "\n"
            }
        }
        for v in e.validations { out += "  validate `\(v.expr.text)` reads \(reads(v.expr, e)) else \"\(v.message)\"\n" }
    }

    static func reads(_ x: IRExpr, _ e: IREntity) -> String {
        "[" + x.reads.map { "\($0) \(e.fields[$0].name)" }.joined(separator: ", ") + "]"
    }

    static func rule(_ r: IRRule, _ p: IRProgram, into out: inout String) {
        let e = p.entities[r.entity]
        out += "  #\(r.index) \(r.name) priority \(r.priority) on \(e.name) \(trigger(r.trigger, e, p))\n"
        if let c = r.condition { out += "     where `\(c.text)` reads \(reads(c, e))\n" }
        actions(r.actions, e, p, indent: "     ", into: &out)
    }

    static func trigger(_ t: IRTrigger, _ e: IREntity, _ p: IRProgram) -> String {
        switch t {
        case .created: return "created"
        case .updated: return "updated"
        case .deleted: return "deleted"
        case .changed(let s, let from, let to):
            return "changed slot \(s)" + (from.map { " from `\($0.text)`" } ?? "") + (to.map { " to `\($0.text)`" } ?? "")
        case .enters(let s, let stage): return "enters slot \(s) stage \(stage)"
        case .timed(let t): return t.describe(e, p)
        case .approval(let a, let approved): return (approved ? "approved " : "rejected ") + p.extras.approvals[a].name
        }
    }

    static func actions(_ actions: [IRAction], _ e: IREntity, _ p: IRProgram, indent: String, into out: inout String) {
        for a in actions {
            switch a {
            case .set(let s, let x): out += "\(indent)set slot \(s) = `\(x.text)`\n"
            case .add(let s, let x): out += "\(indent)add `\(x.text)` to slot \(s)\n"
            case .tag(let x): out += "\(indent)tag `\(x.text)`\n"
            case .untag(let x): out += "\(indent)untag `\(x.text)`\n"
            case .move(let s, let stage): out += "\(indent)move slot \(s) to stage \(stage)\n"
            case .create(let target, let mapping):
                out += "\(indent)create \(p.entities[target].name) {" + mapping.map { " \($0.slot) = `\($0.value.text)`" }.joined(separator: ",") + " }\n"
            case .notify(let channel, let to, let template, let parts, let with):
                out += "\(indent)notify \(channel) to `\(to.text)` template \(template) parts [\(parts.map(\.name).joined(separator: ", "))]"
                out += with.isEmpty ? "\n" : " with [\(with.map(\.name).joined(separator: ", "))]\n"
            case .webhook(let url, let with):
                out += "\(indent)webhook `\(url.text)` with [\(with.map(\.name).joined(separator: ", "))]\n"
            case .ifThen(let c, let then, let otherwise):
                out += "\(indent)if `\(c.text)`\n"
                IRPrinter.actions(then, e, p, indent: indent + "  ", into: &out)
                if !otherwise.isEmpty {
                    out += "\(indent)else\n"
                    IRPrinter.actions(otherwise, e, p, indent: indent + "  ", into: &out)
                }
            case .extended(let x): out += "\(indent)\(x.printed(p))\n"
            }
        }
    }
}
