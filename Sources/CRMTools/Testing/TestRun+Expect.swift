// TestRun+Expect owns the expectations of a test: a boolean expression, a created
// record (with fields), an outbox message (channel, recipient, template, payload), and
// audit entries. Each one that does not hold adds an E1101 diagnostic at its step with
// the expected and the actual values; the test goes on, so all of them are reported.
import CRMBase
import CRMRuntime
import CRMStore
import CRMSyntax

extension TestRun {
    func expect(_ s: TestStep) {
        do throws(StepProblem) {
            switch s.kind {
            case .expect(let e): try expectTrue(e, at: s.span)
            case .expectCreated(let entity, let inits): try expectCreated(entity, inits, at: s.span)
            case .expectOutbox(let channel, let to, let template, let payload):
                try expectOutbox(channel.text, to, template?.text, payload, at: s.span)
            case .expectAudit(let target, let from, let to, let by): try expectAudit(target, from, to, by, at: s.span)
            default: break
            }
        } catch {
            switch error {
            case .invalid(let d): failures.append(d)
            case .rejected(let f, let span, let what): failures.append(rejection(f, at: span, what: what))
            }
        }
    }

    func fail(_ message: String, at span: Span, label: String? = nil, notes: [String] = []) {
        failures.append(Diagnostic(.testExpectationFailed, message, at: span, label: label, notes: notes))
    }

    // MARK: expect CONDITION

    func expectTrue(_ e: Expr, at span: Span) throws(StepProblem) {
        let v = try evaluate(e, expecting: .bool)
        if v == .bool(true) { return }
        let (label, notes) = explain(e)   // TestRun+Explain.swift
        fail("expectation not met: `\(model.text(e.span) ?? "…")`", at: span,
             label: label ?? (v == .bool(false) ? "is false" : "is \(harness.show(v)), not a bool"), notes: notes)
    }

    // MARK: expect created E { … }

    func expectCreated(_ entity: Name, _ inits: [FieldInit]?, at span: Span) throws(StepProblem) {
        guard let names = harness.fieldNames(entity.text) else { throw invalid("no entity named `\(entity.text)`", entity.span) }
        var wanted: [(field: String, value: Value)] = []
        for i in inits ?? [] {
            guard names.contains(i.name.text) else { throw invalid("`\(entity.text)` has no field `\(i.name.text)`", i.name.span) }
            wanted.append((i.name.text, try evaluate(i.value, expecting: harness.fieldType(entity.text, i.name.text))))
        }
        let created = harness.records(of: entity.text).filter { !given.contains($0) }
        var best: (id: RecordID, matched: Int)?
        for id in created {
            let matched = wanted.filter { harness.field($0.field, of: id) == $0.value }.count
            if matched == wanted.count { return }
            if best == nil || matched > (best?.matched ?? 0) { best = (id, matched) }
        }
        guard let best else {
            fail("expected a created \(entity.text), but none was created", at: span,
                 label: "no \(entity.text) created", notes: ["\(entity.text) records created by rules: none"])
            return
        }
        let others = created.count > 1 ? " (of \(created.count) created)" : ""
        fail("no created \(entity.text) has these fields", at: span, label: "closest is \(interpreter.name(of: best.id))",
             notes: ["closest \(interpreter.name(of: best.id))\(others), expected (-) and actual (+):\n" + recordDiff(best.id, wanted)])
    }

    // MARK: expect outbox has …

    func expectOutbox(_ channel: String, _ to: Expr?, _ template: String?, _ payload: [FieldInit]?, at span: Span) throws(StepProblem) {
        var recipient: String?, addresses: [String] = []
        if let to {
            let v = try evaluate(to)
            addresses = harness.addresses(of: v)
            recipient = addresses.count > 1 ? "\(harness.show(v)) (\(addresses.dropFirst().joined(separator: ", ")))" : addresses.first
        }
        var wanted: [(name: String, value: Value)] = []
        for f in payload ?? [] { wanted.append((f.name.text, try evaluate(f.value))) }
        let messages = store.pendingMessages()
        func mismatches(_ m: OutboxMessage) -> [String] {
            var out: [String] = []
            if m.channel != channel { out.append("channel") }
            if to != nil, !addresses.contains(m.recipient) { out.append("to") }
            if let template, m.template != template { out.append("template") }
            for w in wanted where !(m.payload.first { $0.name == w.name }.map { harness.matches($0.value, w.value) } ?? false) {
                out.append(w.name)
            }
            return out
        }
        var closest: (m: OutboxMessage, misses: [String])?
        for m in messages {
            let misses = mismatches(m)
            if misses.isEmpty { return }
            if m.channel == channel, closest == nil || misses.count < (closest?.misses.count ?? 0) { closest = (m, misses) }
        }
        var want = "\(channel)" + (recipient.map { " to \($0)" } ?? "") + (template.map { " template \($0)" } ?? "")
        if !wanted.isEmpty { want += " with { " + wanted.map { "\($0.name): \(harness.show($0.value))" }.joined(separator: ", ") + " }" }
        var notes = ["expected: \(want)"]
        if messages.isEmpty {
            notes.append("actual:   the outbox is empty")
        } else {
            var hints: [String: String] = [:]
            for w in wanted { if case .enumMember(let m) = w.value { hints[w.name] = m.type } }
            let shown = messages.prefix(12).map { "  " + describe($0, enumHints: hints) }
            notes.append("actual:   the outbox holds \(messages.count) message\(messages.count == 1 ? "" : "s"):\n" + shown.joined(separator: "\n")
                         + (messages.count > 12 ? "\n  …" : ""))
        }
        if let closest, !wanted.isEmpty {
            notes.append("closest \(closest.m.channel) message differs in: " + closest.misses.joined(separator: ", "))
        }
        fail("no outbox message matches", at: span, label: "no \(channel) message like this", notes: notes)
    }

    /// `email to z@x.cn template welcome with { subject: "…" }`.
    /// Payloads keep enum members as ordinals: `enumHints` names the enum of a payload
    /// field (from the value expected for it), else the member shows as `#ordinal`.
    func describe(_ m: OutboxMessage, enumHints: [String: String] = [:]) -> String {
        var s = "\(m.channel) to \(m.recipient)" + (m.template.isEmpty ? "" : " template \(m.template)")
        if !m.payload.isEmpty {
            s += " with { " + m.payload.map { f in
                "\(f.name): " + (enumHints[f.name].map { harness.show(f.value, enumType: $0) } ?? harness.show(f.value))
            }.joined(separator: ", ") + " }"
        }
        return s
    }

    // MARK: expect audit l[.f] [from X] [to Y] [by R]

    func expectAudit(_ target: Expr, _ from: Expr?, _ to: Expr?, _ by: Name?, at span: Span) throws(StepProblem) {
        let recordName: Name, fieldName: Name?
        if case .name(let n) = target.kind {
            recordName = Name(n, target.span); fieldName = nil
        } else if case .member(let base, let f) = target.kind, case .name(let n) = base.kind {
            recordName = Name(n, base.span); fieldName = f
        } else {
            throw invalid("`expect audit` names a record of the test or one of its fields", target.span)
        }
        let id = try record(recordName)
        var slot: Int?
        if let fieldName {
            guard let s = harness.slot(id.entity, field: fieldName.text) else {
                throw invalid("`\(entities[recordName.text] ?? "?")` has no field `\(fieldName.text)`", fieldName.span)
            }
            slot = s
        }
        let fieldType = fieldName.flatMap { harness.fieldType(entities[recordName.text] ?? "", $0.text) }
        let before = try from.map { e throws(StepProblem) in try evaluate(e, expecting: fieldType) }
        let after = try to.map { e throws(StepProblem) in try evaluate(e, expecting: fieldType) }
        var cause: AuditCause?
        if let by {
            switch by.text {
            case "user": cause = .user
            case "system": cause = .system
            default:
                guard let r = model.program.rules.first(where: { $0.name == by.text }) else {
                    throw invalid("no rule named `\(by.text)` runs in this model", by.span)
                }
                cause = .rule(Int32(r.index))
            }
        }
        let entries = store.auditEntries().filter { $0.record == id }
        let relevant = entries.filter { e in
            guard let slot else { return true }
            if case .field(let s, _, _) = e.change { return Int(s) == slot }
            return false
        }
        for e in relevant {
            if let cause, e.cause != cause { continue }
            if before != nil || after != nil {
                guard case .field(let s, let b, let a) = e.change else { continue }
                if let before, !harness.matches(b, before, entity: id.entity, slot: Int(s)) { continue }
                if let after, !harness.matches(a, after, entity: id.entity, slot: Int(s)) { continue }
            }
            return
        }
        var want = model.text(target.span) ?? "?"
        if let before { want += " from \(harness.show(before))" }
        if let after { want += " to \(harness.show(after))" }
        if let by { want += " by \(by.text)" }
        let shown = relevant.suffix(12).map { "  " + describe($0) }
        fail("no audit entry matches", at: span, label: "no such change audited",
             notes: ["expected: \(want)",
                     relevant.isEmpty ? "actual:   no audit entries for \(model.text(target.span) ?? "it")"
                        : "actual:   \(relevant.count) audit entr\(relevant.count == 1 ? "y" : "ies") for \(model.text(target.span) ?? "it"):\n" + shown.joined(separator: "\n")])
    }

    /// `score: 0 → 20 by rule lead_score (actor test)`.
    func describe(_ e: AuditEntry) -> String {
        let what: String
        switch e.change {
        case .created: what = "created"
        case .deleted: what = "deleted"
        case .field(let s, let b, let a):
            let name = harness.fieldName(e.record.entity, slot: Int(s)) ?? "#\(s)"
            what = "\(name): \(harness.show(b, entity: e.record.entity, slot: Int(s))) → \(harness.show(a, entity: e.record.entity, slot: Int(s)))"
        }
        let who: String
        switch e.cause {
        case .user: who = "user \(e.actor)"
        case .system: who = "system"
        case .rule(let r): who = "rule " + (Int(r) >= 0 && Int(r) < model.program.rules.count ? model.program.rules[Int(r)].name : "#\(r)")
        }
        return "\(what) by \(who)"
    }
}
