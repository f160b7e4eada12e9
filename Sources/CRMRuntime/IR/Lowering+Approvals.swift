// Lowering+Approvals lowers approval flows in two passes, because outcome actions may
// start another approval: first every approval gets its index (`start approval A`
// compiles to that index), then steps and outcomes are compiled in the entity's scope.
// An approval that cannot be lowered is listed under "not run yet" with the reason;
// rules that start it or trigger on it are skipped too (they name it).
import CRMBase
import CRMSema
import CRMSyntax

extension Lowering {
    /// Assigns indexes to every approval, then lowers them.
    mutating func lowerApprovals() {
        var decls: [ApprovalDecl] = []
        for decl in model.files.flatMap(\.decls) {
            guard case .approval(let a) = decl.kind, approvalIndex[a.header.name.text] == nil else { continue }
            approvalIndex[a.header.name.text] = decls.count
            decls.append(a)
        }
        var lowered: [IRApproval?] = []
        for a in decls {
            do throws(Unsupported) {
                lowered.append(try lowerApproval(a))
            } catch {
                lowered.append(nil)
                program.skipped.append(IRSkippedRule(name: a.header.name.text, reason: error.reason))
            }
        }
        // Indexes refer to the full list, so failed approvals stay as placeholders that
        // no action or trigger can reach (those were skipped with a reason).
        program.extras.approvals = lowered.enumerated().map { i, a in
            a ?? IRApproval(name: decls[i].header.name.text, entity: -1, condition: nil, steps: [], onApproved: [], onRejected: [])
        }
        program.extras.approvalIndex = approvalIndex.filter { lowered[$0.value] != nil }
    }

    mutating func lowerApproval(_ a: ApprovalDecl) throws(Unsupported) -> IRApproval {
        guard let entity = program.entity(named: a.entity.text) else { throw Unsupported(reason: "no entity `\(a.entity.text)`") }
        var approval = IRApproval(name: a.header.name.text, entity: entity.id, condition: nil, steps: [], onApproved: [], onRejected: [])
        for item in a.items {
            switch item {
            case .when(let c):
                approval.condition = try expr(c, entity)
            case .step(let s):
                let signOff: IRSignOff = switch s.mode { case .single: .single; case .all: .all; case .any: .any }
                approval.steps.append(IRApprovalStep(
                    name: s.header.name.text, signOff: signOff, approvers: s.approvers.map(\.text),
                    condition: try s.when.map { x throws(Unsupported) in try expr(x, entity) },
                    timeout: try s.timeout.map { x throws(Unsupported) in try expr(x, entity) },
                    escalateTo: s.escalateTo?.text))
            case .on(let approved, let block):
                let actions = try lowerBlock(block, entity)
                if approved { approval.onApproved = actions } else { approval.onRejected = actions }
            }
        }
        return approval
    }

    /// The index of a lowered approval, or why it cannot run.
    func approval(_ name: Name) throws(Unsupported) -> Int {
        guard let i = approvalIndex[name.text], program.extras.approvals.isEmpty || program.extras.approvals[i].entity >= 0 else {
            throw Unsupported(reason: "the approval `\(name.text)` is not run")
        }
        return i
    }

    /// The roles each role extends, transitively (a 管理员 that extends 销售经理 may
    /// decide a 销售经理 step).
    func roleAncestors() -> [String: Set<String>] {
        var parents: [String: [String]] = [:]
        for (name, role) in model.symbols.roles { parents[name] = role.extends.map { [$0.text] } ?? [] }
        var out: [String: Set<String>] = [:]
        for name in parents.keys {
            var seen = Set<String>(), stack = parents[name] ?? []
            while let p = stack.popLast() {
                if seen.insert(p).inserted { stack += parents[p] ?? [] }   // `seen` stops a cycle
            }
            out[name] = seen
        }
        return out
    }
}
