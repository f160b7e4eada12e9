// `test` blocks. `given E l { … }` creates a record and binds `l` (type `ref E`) for the
// steps after it; the record's fields are checked like `create` (E0408 for a missing
// required field). `update`, `move` and `delete` name a bound record (E0317); `expect`
// conditions see the bindings. Bindings made inside `expect rejected { … }` are rolled
// back with the steps, so they do not outlive the block. `expect audit` names a bound
// record or one of its fields; `from`/`to` take the field's type and `by` a rule (or
// `user`, `system`). `approve|reject l [for A] as R` needs `l` to be a record of an
// entity some approval flow is for (E0605), A to be one of that entity's flows (E0314,
// E0605) and R a declared role (E0312).
import CRMBase
import CRMSyntax

extension DeclChecker {
    /// Channels an outbox expectation may name: the notify channels and `webhook`.
    static let outboxChannels = channels + ["webhook"]

    mutating func checkTest(_ t: TestDecl) {
        var bindings: [String: CRMType] = [:]
        checkSteps(t.steps, &bindings)
    }

    mutating func checkSteps(_ steps: [TestStep], _ bindings: inout [String: CRMType]) {
        for step in steps { checkStep(step, &bindings) }
    }

    mutating func checkStep(_ step: TestStep, _ bindings: inout [String: CRMType]) {
        var scope = Scope()
        scope.locals = bindings
        switch step.kind {
        case .error: break
        case .clock(let e): tc.expect(e, .datetime, in: scope, what: "clock")
        case .advance(let e): expectDuration(e, scope, what: "time to advance")
        case .given(let name, let binding, let inits):
            let e = entity(name)
            if let e {
                let given = checkFieldValues(inits, of: e, scope, allowComputed: false)
                requireFields(of: e, given: given, at: binding.isMissing ? name.span : binding.span, "`given \(e.name) \(binding.text)`")
            } else {
                for i in inits { _ = tc.check(i.value, in: scope) }
            }
            if !binding.isMissing { bindings[binding.text] = e.map { .ref($0.name) } ?? .error }
        case .update(let binding, let inits):
            guard let e = boundEntity(binding, bindings) else {
                for i in inits { _ = tc.check(i.value, in: scope) }
                return
            }
            _ = checkFieldValues(inits, of: e, scope, allowComputed: false)
        case .move(let binding, let stage):
            if let e = boundEntity(binding, bindings) { requireStage(stage, of: e) }
        case .delete(let binding):
            _ = boundEntity(binding, bindings)
        case .decide(let d):
            checkDecision(d, bindings, scope)
        case .expectOutbox(let channel, let to, let template, let payload):
            checkOutboxExpectation(channel, to, template, scope)
            // Payload names are the template's parts and `with` names: free-form here,
            // so only the values are typed.
            for f in payload ?? [] { _ = tc.check(f.value, in: scope) }
        case .expectAudit(let target, let from, let to, let by):
            checkAuditExpectation(target, from, to, by, bindings, scope)
        case .expectCreated(let name, let inits):
            guard let e = entity(name), let inits else { return }
            _ = checkFieldValues(inits, of: e, scope, allowComputed: true)
        case .expectRejected(_, let steps):
            var inner = bindings
            checkSteps(steps, &inner)
        case .expect(let cond):
            tc.requireBool(cond, scope)
        }
    }

    /// The entity of a record bound earlier in the test (E0317 if none is).
    func boundEntity(_ name: Name, _ bindings: [String: CRMType]) -> EntitySymbol? {
        guard !name.isMissing else { return nil }
        guard let t = bindings[name.text] else {
            ctx.report(.unknownBinding, "no record named `\(name.text)` in this test", at: name.span,
                       help: Checker.suggestion(name.text, bindings.keys.sorted()) ?? "create it first: `given Entity \(name.text) { … }`")
            return nil
        }
        guard case .ref(let en) = t else { return nil }
        return symbols.entities[en]
    }

    /// `approve|reject RECORD [for APPROVAL] as ROLE [comment "…"]`.
    mutating func checkDecision(_ d: TestDecision, _ bindings: [String: CRMType], _ scope: Scope) {
        let e = boundEntity(d.record, bindings)
        if let approval = d.approval, !approval.isMissing {
            if let e {
                self.approval(approval, for: e)
            } else if symbols.approvals[approval.text] == nil {
                ctx.report(.unknownApproval, "no approval flow named `\(approval.text)`", at: approval.span,
                           help: Checker.suggestion(approval.text, symbols.approvals.keys.sorted()))
            }
        } else if let e, !symbols.approvals.values.contains(where: { $0.entity.text == e.name }) {
            let entities = Set(symbols.approvals.values.map(\.entity.text)).sorted()
            ctx.report(.entityMismatch, "`\(d.record.text)` is a `\(e.name)`, and no approval flow is for `\(e.name)`",
                       at: d.record.span,
                       help: entities.isEmpty ? "declare one: `approval A for \(e.name) { step … }`"
                           : "approval flows are for " + entities.map { "`\($0)`" }.joined(separator: ", "))
        }
        requireRole(d.role)
        if let comment = d.comment {
            tc.expect(Expr(.string(comment), comment.span), .text, in: scope, what: "comment")
        }
    }

    /// `expect outbox has CHANNEL [to who] [template T]`; a webhook is matched by name.
    mutating func checkOutboxExpectation(_ channel: Name, _ to: Expr?, _ template: Name?, _ scope: Scope) {
        checkChannel(channel, Self.outboxChannels)
        if let to {
            if channel.text == "webhook" {
                tc.expect(to, .text, in: scope, what: "webhook name")
            } else {
                checkRecipient(to, channel: Self.channels.contains(channel.text) ? channel.text : "email", scope)
            }
        }
        guard let template, !template.isMissing, symbols.templates[template.text] == nil else { return }
        ctx.report(.unknownTemplate, "no template named `\(template.text)`", at: template.span,
                   help: Checker.suggestion(template.text, symbols.templates.keys.sorted()))
    }

    /// `expect audit l[.field] [from X] [to Y] [by rule|user|system]`.
    mutating func checkAuditExpectation(_ target: Expr, _ from: Expr?, _ to: Expr?, _ by: Name?,
                                        _ bindings: [String: CRMType], _ scope: Scope) {
        var fieldType: CRMType?
        if case .name(let n) = target.kind {
            _ = boundEntity(Name(n, target.span), bindings)
        } else if case .member(let base, let fieldName) = target.kind, case .name(let n) = base.kind {
            if let e = boundEntity(Name(n, base.span), bindings), let f = field(fieldName, of: e) {
                fieldType = f.type
            }
        } else {
            ctx.report(.typeMismatch, "`expect audit` names a record of the test or one of its fields (`l` or `l.score`)",
                       at: target.span)
        }
        for (e, what) in [(from, "the `from` value"), (to, "the `to` value")] {
            guard let e else { continue }
            if let fieldType {
                tc.expect(e, fieldType.optional, in: scope, what: what)
            } else {
                _ = tc.check(e, in: scope)
            }
        }
        if let by, !by.isMissing, by.text != "user", by.text != "system", symbols.declarations[by.text]?.kind != .rule {
            let rules = symbols.declarations.filter { $0.value.kind == .rule }.map(\.key).sorted()
            ctx.report(.unknownName, "no rule named `\(by.text)`", at: by.span,
                       help: Checker.suggestion(by.text, rules + ["user", "system"]) ?? "write a rule's name, `user` or `system`")
        }
    }
}
