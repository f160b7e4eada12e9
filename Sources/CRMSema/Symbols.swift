// The symbol table of a model: every top-level declaration by name, and per entity its
// fields (with slot numbers, in declaration order) and lifecycles. Built by the
// collectDeclarations and resolveTypes stages; read by every later stage and the IR.
import CRMBase
import CRMSyntax

/// One field of an entity. `slot` is its index in `EntitySymbol.fields`.
public struct FieldSymbol: Sendable {
    public var name: String
    public var type: CRMType
    public var slot: Int
    public var required = false
    public var unique = false
    public var readonly = false
    public var computed = false
    public var hasDefault = false
    /// The lifecycle this field holds the stage of, if it is a lifecycle field.
    public var isLifecycle = false
    public var span: Span
}

/// One lifecycle of an entity: its stages in pipeline order and its transitions.
public struct LifecycleSymbol: Sendable {
    public struct Stage: Sendable { public var name: String; public var terminal: Bool; public var span: Span }
    public struct Transition: Sendable {
        /// nil for `any`.
        public var from: String?
        public var to: String
        public var span: Span
    }
    public var field: String
    public var stages: [Stage] = []
    public var transitions: [Transition] = []
    /// Fields that must be filled before entering a stage.
    public var requirements: [String: [String]] = [:]
    public var span: Span

    public func stageIndex(_ name: String) -> Int? { stages.firstIndex { $0.name == name } }
    /// `allows(from:to:)` says whether some transition leads from `from` to `to`.
    public func allows(from: String, to: String) -> Bool {
        transitions.contains { ($0.from == nil || $0.from == from) && $0.to == to }
    }
}

public final class EntitySymbol: @unchecked Sendable {
    public let name: String
    public let span: Span
    public var fields: [FieldSymbol] = []
    public var fieldIndex: [String: Int] = [:]
    public var lifecycles: [LifecycleSymbol] = []

    init(name: String, span: Span) { self.name = name; self.span = span }

    public func field(_ name: String) -> FieldSymbol? { fieldIndex[name].map { fields[$0] } }
    public func lifecycle(_ field: String) -> LifecycleSymbol? { lifecycles.first { $0.field == field } }
    /// The lifecycle that has a stage called `stage`, if exactly one has.
    public func lifecycle(withStage stage: String) -> [LifecycleSymbol] {
        lifecycles.filter { $0.stageIndex(stage) != nil }
    }
}

public struct EnumSymbol: Sendable {
    public var name: String
    public var members: [String]
    public var memberSpans: [Span]
    public var span: Span

    /// The runtime's lowering builds one per lifecycle (its stages as members).
    public init(name: String, members: [String], memberSpans: [Span], span: Span) {
        self.name = name; self.members = members; self.memberSpans = memberSpans; self.span = span
    }
}

/// What a top-level name denotes.
public enum DeclKindName: String, Sendable {
    case entity, `enum`, rule, table, score, approval, template, team, pool, role, segment, report, test, settings
}

/// The symbol table for a whole model (all of its files).
public final class SymbolTable: @unchecked Sendable {
    public var declarations: [String: (kind: DeclKindName, span: Span)] = [:]
    public var entities: [String: EntitySymbol] = [:]
    public var entityOrder: [String] = []
    public var enums: [String: EnumSymbol] = [:]
    /// Enum names by member name, for resolving a bare `淘宝`.
    public var enumsByMember: [String: [String]] = [:]
    public var templates: [String: TemplateDecl] = [:]
    public var tables: [String: TableDecl] = [:]
    public var approvals: [String: ApprovalDecl] = [:]
    public var teams: Set<String> = []
    public var pools: [String: String] = [:]           // pool -> entity
    public var roles: [String: RoleDecl] = [:]
    public init() {}
}
