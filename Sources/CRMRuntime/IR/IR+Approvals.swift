// IR+Approvals holds the lowered form of `approval A for E { … }` declarations: the
// approval's own `when`, its steps (approver roles, sign-off mode, a step `when`, an
// escalation timeout and target), its outcome actions, and the rules triggered by its
// outcome (`on E approved A` / `on E rejected A`), in run order. How an approval runs
// is Interpreter+Approvals.swift.

/// How a step's approvers sign off.
public enum IRSignOff: String, Sendable {
    /// One approver role (`by 销售经理`).
    case single
    /// Every listed role must approve (会签, `by all 财务, 法务`).
    case all
    /// The first listed role to decide, decides (或签, `by any 财务, 财务总监`).
    case any
}

/// One lowered approval step.
public struct IRApprovalStep {
    public var name: String
    public var signOff: IRSignOff
    public var approvers: [String]
    /// The step applies only when this holds (evaluated when the flow reaches it).
    public var condition: IRExpr?
    /// A duration: without a decision by then, the step escalates.
    public var timeout: IRExpr?
    public var escalateTo: String?
}

/// One lowered approval flow.
public struct IRApproval {
    public var name: String
    public var entity: Int
    /// The approval is needed only when this holds; otherwise it is approved at once.
    public var condition: IRExpr?
    public var steps: [IRApprovalStep]
    public var onApproved: [IRAction]
    public var onRejected: [IRAction]
    /// Rules triggered by the outcome, in run order (filled when rules are indexed).
    public var approvedRules: [Int] = []
    public var rejectedRules: [Int] = []
}
