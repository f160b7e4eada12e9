// Security, insight and test nodes: roles, segments, reports and `test` blocks.
import CRMBase

public struct RoleDecl: Sendable, Equatable {
    public struct Target: Sendable, Equatable {
        public var entity: Name
        /// The field, or a Name with text "*" for all fields; nil for the whole entity.
        public var field: Name?
    }
    public struct Permission: Sendable, Equatable {
        public var allow: Bool
        public var access: [Name]
        public var targets: [Target]
        public var span: Span
    }
    public var header: Header
    public var extends: Name?
    public var permissions: [Permission]
}

public struct SegmentDecl: Sendable, Equatable {
    public var header: Header
    public var entity: Name
    public var condition: Expr?
}

public struct ReportDecl: Sendable, Equatable {
    public struct Measure: Sendable, Equatable { public var name: Name; public var value: Expr }
    public enum Item: Sendable, Equatable {
        case filter(Expr)
        case groupBy([Expr])
        case measure([Measure])
        case funnel(Name)
        case trend(Name, on: Expr)
        case top(String, by: Expr)
        case rfm(Expr, Expr, Expr)
    }
    public var header: Header
    public var entity: Name
    public var items: [Item]
    public var itemSpans: [Span]
}

public struct TestDecl: Sendable, Equatable {
    public var name: StringLit
    public var steps: [TestStep]
}

/// A decision step: `role` approves or rejects the pending approval of a test record
/// (the one named `approval`, when the record has several pending).
public struct TestDecision: Sendable, Equatable {
    public var approve: Bool
    public var record: Name
    public var approval: Name?
    public var role: Name
    public var comment: StringLit?

    public init(approve: Bool, record: Name, approval: Name?, role: Name, comment: StringLit?) {
        self.approve = approve
        self.record = record
        self.approval = approval
        self.role = role
        self.comment = comment
    }

    /// The step's keyword.
    public var verb: String { approve ? "approve" : "reject" }
}

public struct TestStep: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case clock(Expr)
        case given(entity: Name, binding: Name, [FieldInit])
        case update(Name, [FieldInit])
        case move(Name, to: Name)
        case delete(Name)
        case advance(Expr)
        /// `approve|reject RECORD [for APPROVAL] as ROLE [comment "…"]`.
        case decide(TestDecision)
        /// `expect outbox has CHANNEL [to who] [template T] [with { payload fields }]`.
        case expectOutbox(channel: Name, to: Expr?, template: Name?, with: [FieldInit]?)
        case expectCreated(Name, [FieldInit]?)
        case expectRejected(message: StringLit?, [TestStep])
        /// `expect audit l[.field] [from X] [to Y] [by rule|user|system]`.
        case expectAudit(target: Expr, from: Expr?, to: Expr?, by: Name?)
        case expect(Expr)
        case error
    }
    public var kind: Kind
    public var span: Span
}
