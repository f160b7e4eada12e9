// Stage checkOthers: the declarations that are neither data model nor rules. Approval
// flows (here): their entity, conditions, approver roles, timeouts and outcome actions
// (checked like rule actions); segments, teams and pools (here); roles and permissions
// (CheckOthers+Roles.swift); reports (CheckOthers+Reports.swift); tests
// (CheckOthers+Tests.swift); settings (CheckOthers+Settings.swift).
// Cost: linear in the size of the model.
import CRMBase
import CRMSyntax

extension Checker {
    static func checkOthers(_ ctx: CheckContext) {
        let decls = ctx.decls
        var checker = DeclChecker(ctx)
        checker.collectSegments(decls)
        var settings: [FieldInit] = []
        for decl in decls {
            switch decl.kind {
            case .approval(let a): checker.checkApproval(a)
            case .role(let r): checker.checkRole(r)
            case .segment(let s): checker.checkSegment(s)
            case .report(let r): checker.checkReport(r)
            case .test(let t): checker.checkTest(t)
            case .team(let t): checker.checkTeam(t)
            case .pool(let p): _ = checker.entity(p.entity)
            case .settings(let inits): settings += inits
            default: break
            }
        }
        checker.checkSettings(settings)
    }
}

extension DeclChecker {
    /// `approval A for E { when …; step …; on approved|rejected { … } }`.
    mutating func checkApproval(_ a: ApprovalDecl) {
        let e = entity(a.entity)
        let scope = Scope(entity: e)
        var steps: [String: Span] = [:]
        var outcomes: [Bool: Span] = [:]
        for (item, span) in zip(a.items, a.itemSpans) {
            switch item {
            case .when(let cond):
                if e != nil { tc.requireBool(cond, scope) }
            case .step(let step):
                checkStep(step, e != nil, scope, &steps)
            case .on(let approved, let block):
                if let first = outcomes[approved] {
                    ctx.report(.duplicateMember, "`on \(approved ? "approved" : "rejected")` is already declared in `\(a.header.name.text)`",
                               at: span, secondary: [Label(first, "first declared here")])
                }
                outcomes[approved] = outcomes[approved] ?? span
                knownStage = nil   // the record may be in any stage when a flow ends
                if let e { check(block, e, scope) }
            }
        }
    }

    /// One approval step: a unique name, roles as approvers, a boolean `when`, a
    /// duration `timeout` and a role to escalate to.
    mutating func checkStep(_ step: ApprovalDecl.Step, _ hasEntity: Bool, _ scope: Scope, _ seen: inout [String: Span]) {
        let name = step.header.name
        if !name.isMissing {
            if let first = seen[name.text] {
                ctx.report(.duplicateMember, "step `\(name.text)` is already declared", at: name.span,
                           secondary: [Label(first, "first declared here")])
            } else {
                seen[name.text] = name.span
            }
        }
        for approver in step.approvers { requireRole(approver) }
        if let when = step.when, hasEntity { tc.requireBool(when, scope) }
        if let timeout = step.timeout { expectDuration(timeout, Scope(), what: "timeout") }
        if let to = step.escalateTo { requireRole(to) }
    }

    /// `segment S of E [where cond]`.
    mutating func checkSegment(_ s: SegmentDecl) {
        guard let e = entity(s.entity) else { return }
        if let cond = s.condition { tc.requireBool(cond, Scope(entity: e)) }
    }

    /// A team's members are user e-mail addresses.
    mutating func checkTeam(_ t: TeamDecl) {
        for member in t.members { tc.expect(member, .email, in: Scope(), what: "team member (an e-mail address)") }
    }
}
