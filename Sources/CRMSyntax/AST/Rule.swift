// Automation nodes: rules with their triggers and actions, decision tables, scores,
// templates, teams and pools.
import CRMBase

public struct RuleDecl: Sendable, Equatable {
    public var header: Header
    /// The priority as written (an integer literal), if stated.
    public var priority: String?
    public var trigger: Trigger
    public var condition: Expr?
    public var actions: ActionBlock
}

public struct Trigger: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        case created, updated, deleted
        case changed(field: Name, from: Expr?, to: Expr?)
        case enters(Name)
        case inactive(Expr, without: Name?)
        case approved(Name), rejected(Name)
    }
    public enum Schedule: Sendable, Equatable {
        case day
        case week(on: Name)
        case month(on: String)
        case interval(Expr)
    }
    public enum Kind: Sendable, Equatable {
        case on(entity: Name, event: Event)
        /// `at Entity.field [+|- duration] [yearly]`; `offsetNegative` is true for `-`.
        case at(entity: Name, field: Name, offset: Expr?, offsetNegative: Bool, yearly: Bool)
        case every(Schedule, time: Expr?, entity: Name)
        case error
    }
    public var kind: Kind
    public var span: Span
}

/// Actions after `do`, or in approval outcomes and `if` branches.
public struct ActionBlock: Sendable, Equatable {
    public var actions: [Action]
    public var span: Span
}

public struct Action: Sendable, Equatable {
    public enum Assignment: Sendable, Equatable {
        case byTable(Name)
        case by(Expr)
        case toPool(Name)
        case to(Expr)
    }
    public indirect enum Kind: Sendable, Equatable {
        case set([Name], Expr)
        case tag(Expr)
        case untag(Expr)
        case assign(Name, Assignment)
        case create(Name, [FieldInit])
        case task(Expr, assignee: Expr, due: Expr?)
        case move(Name)
        case notify(channel: Name, to: Expr, template: Name, with: [FieldInit]?)
        case webhook(StringLit, with: [FieldInit]?)
        case startApproval(Name)
        case add(Expr, to: Name)
        case ifThen(Expr, ActionBlock, else: ActionBlock?)
        case error
    }
    public var kind: Kind
    public var span: Span
}

public struct TableDecl: Sendable, Equatable {
    public struct Param: Sendable, Equatable { public var name: Name; public var type: TypeRef }
    public enum Cell: Sendable, Equatable {
        case any
        case compare(BinaryOp, Expr)
        case equal(Expr)
        case range(Expr, Expr)
    }
    public struct Row: Sendable, Equatable {
        public var cells: [Cell]
        public var outputs: [Expr]
        public var span: Span
    }
    public var header: Header
    public var hit: Name
    public var inputs: [Param]
    public var outputs: [Param]
    public var rows: [Row]
}

public struct ScoreDecl: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var negative: Bool
        public var points: String
        public var when: Expr
        public var span: Span
    }
    public var header: Header
    public var entity: Name
    public var field: Name
    public var items: [Item]
}

public struct TemplateDecl: Sendable, Equatable {
    public struct Part: Sendable, Equatable { public var name: Name; public var value: StringLit }
    public var header: Header
    public var entity: Name
    public var parts: [Part]
}

public struct TeamDecl: Sendable, Equatable {
    public var header: Header
    public var members: [Expr]
}

public struct PoolDecl: Sendable, Equatable {
    public var header: Header
    public var entity: Name
}
