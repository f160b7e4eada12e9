// IR+Derived owns the lowered forms of what is not a plain rule: decision tables (cells
// compiled as tests on the record's field of the same name), teams (member e-mails),
// the assignment and task actions (`IRExtAction`, carried by `IRAction.extended`),
// score declarations and computed fields with their aggregates over relations.
//
// Lowering+Assign.swift and Lowering+Derived.swift build them; Interpreter+Assign,
// Interpreter+Scores and Interpreter+Computed run them.
import CRMBase
import CRMSema

/// A decision table's hit policy (as the checker's `HitPolicy` defines them).
public enum IRHitPolicy: String, Sendable {
    case first, unique, any, collect, priority
}

/// A decision table lowered for one entity: every cell compiled as a boolean test on
/// the entity's field named like the input column (`region == 华东`, `total_spent < 10000 CNY`).
public struct IRTable {
    public struct Row {
        /// One test per input column; nil for `_`.
        public var tests: [IRExpr?]
        /// The first output column's value: a constant, or a team name for team outputs.
        public var output: IRTableOutput
    }
    public var name: String
    public var hit: IRHitPolicy
    /// The entity the table was lowered for (its input fields).
    public var entity: Int
    public var rows: [Row]
}

/// A table row's output.
public enum IRTableOutput {
    case value(Value)
    /// A team: the assignment picks a member by round-robin.
    case team(String)
}

/// Actions beyond the core set: assignment and tasks.
public enum IRExtAction {
    /// `assign f by expr` (an expression that is not a routing call): a plain write.
    case assignValue(slot: Int, value: IRExpr)
    /// `assign f by table T` (the table id in `IRExtras.tables`).
    case assignTable(slot: Int, table: Int)
    /// `assign f by round_robin(team)`.
    case assignRoundRobin(slot: Int, team: String)
    /// `assign f by least_loaded(team)`.
    case assignLeastLoaded(slot: Int, team: String)
    /// `assign f to pool P`: empties `f` and tags the record with the pool's name.
    case assignPool(slot: Int, pool: String)
    /// `task "title" to who [due d]`.
    case task(title: IRExpr, to: IRExpr, due: IRExpr?)
    /// `set a.b.f = value`: `reference` (the path without its last name, compiled in the
    /// rule's scope) names the record to write; `slot` is `f` in `entity`. A null
    /// reference writes nothing (noted in the trace).
    case setThrough(reference: IRExpr, entity: Int, slot: Int, value: IRExpr)
    /// `start approval A` (the approval's index in `IRExtras.approvals`).
    case startApproval(Int)
}

/// One `score S for E.f { ±N when cond }` declaration.
public struct IRScore {
    public var name: String
    public var entity: Int
    public var slot: Int
    public var items: [(points: Int64, when: IRExpr)]
    /// Slots any condition reads: an update of none of them leaves the score alone.
    public var reads: Set<Int>
}

/// One aggregate over a relation: `fn(rel.field where filter)` on the parent entity.
public struct IRAggregate {
    public var function: String
    /// The child entity and its reference slot pointing to the parent (`Order.customer`).
    public var child: Int
    public var viaSlot: Int
    /// The child's slot aggregated (nil for `count(rel …)`).
    public var valueSlot: Int?
    public var filter: IRExpr?
    /// `fn(xs)` compiled over a list variable `xs` (the compiler's aggregate semantics).
    public var reduce: CompiledExpr
    /// Child slots whose change can change the result.
    public var childReads: Set<Int>
}

/// One computed field: a formula over the record's own fields, or an aggregate.
public struct IRComputed {
    public enum Formula {
        case expr(IRExpr)
        case aggregate(IRAggregate)
    }
    public var entity: Int
    public var slot: Int
    public var formula: Formula
}

/// What the program holds besides rules.
public struct IRExtras {
    /// Lowered tables; the index is the id used by `IRExtAction.assignTable`.
    public var tables: [IRTable] = []
    /// Team members (e-mails) in declared order.
    public var teams: [String: [String]] = [:]
    public var scores: [IRScore] = []
    public var computed: [IRComputed] = []
    /// Whether some action assigns by round-robin (the store then keeps cursors).
    public var usesRoundRobin = false
    /// The `User` entity and its `email` / `active` slots (team members), if declared.
    public var user: (entity: Int, email: Int, active: Int?)?
    /// The `Task` entity's layout for `task` actions: title, assignee, due_at/due slots.
    public var task: (entity: Int, title: Int, assignee: Int?, due: Int?)?
    /// Score and computed indexes by entity, for the cascade.
    public var scoresByEntity: [Int: [Int]] = [:]
    public var computedByEntity: [Int: [Int]] = [:]
    /// Aggregate computed fields by child entity.
    public var aggregatesByChild: [Int: [Int]] = [:]
    /// Approval flows; the index is the id used by `startApproval` and `.approval` triggers.
    public var approvals: [IRApproval] = []
    public var approvalIndex: [String: Int] = [:]
    /// The roles each role extends, transitively (who may decide for whom).
    public var roleAncestors: [String: Set<String>] = [:]

    public init() {}
}
