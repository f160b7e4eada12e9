// IR owns the lowered form of a checked model that the interpreter runs: entities as
// fixed slot layouts (slot = `FieldSymbol.slot`, the store's slot), enum members and
// lifecycle stages as small integers (their ordinals), every expression compiled once
// into a closure tree (ExpressionCompiler), rules as (trigger, condition, actions), and
// a trigger index keyed by (entity, event kind, slot) so an update only looks at the
// rules that can fire. Rules are numbered in run order: priority (higher first), then
// declaration order; that number is the rule's id in audit entries and timers.
//
// Lowering.swift builds it; IRPrinter.swift prints it (`crm ir`). The IR knows nothing
// about the store beyond slot numbers and entity numbers.
import CRMBase
import CRMSema

/// A compiled expression with what it reads, for traces ("source was 淘宝").
public struct IRExpr {
    public var compiled: CompiledExpr
    /// The expression's source text.
    public var text: String
    /// Slots of the rule's own record that the expression reads, in first-use order.
    public var reads: [Int]
    /// Where the expression is, for run-time errors.
    public var span: Span
    /// For a rule's `where a and b and …`: each conjunct compiled on its own, so an
    /// explanation can name the ones that were false (empty otherwise).
    public var conjuncts: [IRExpr] = []
    /// For a rule's `where`: the paths through references it reads (`order.amount`),
    /// each compiled, so an explanation can show their values too.
    public var paths: [IRExpr] = []
}

/// One field: its slot, type and constraints.
public struct IRField {
    public var name: String
    public var slot: Int
    public var type: CRMType
    public var kind: SlotKind
    public var required: Bool
    public var unique: Bool
    public var readonly: Bool
    public var defaultValue: IRExpr?
    /// `check … else "message"` constraints of this field.
    public var checks: [(expr: IRExpr, message: String)]
}

/// One lifecycle: its field's slot, stages by ordinal, and transitions by ordinal.
public struct IRLifecycle {
    public struct Transition {
        /// nil for `any`.
        public var from: Int?
        public var to: Int
        public var guardExpr: IRExpr?
    }
    public var slot: Int
    public var stages: [String]
    public var terminal: [Bool]
    public var transitions: [Transition]
    /// Slots that must be non-null to enter a stage, by stage ordinal.
    public var requirements: [Int: [Int]]
}

/// One entity's layout and constraints.
public final class IREntity {
    /// The entity's number (its `EntityID` in the store).
    public let id: Int
    public let name: String
    public var fields: [IRField] = []
    public var fieldIndex: [String: Int] = [:]
    public var lifecycles: [IRLifecycle] = []
    /// Entity-level `validate … else "message"` constraints.
    public var validations: [(expr: IRExpr, message: String)] = []
    /// The slot of `tags: set<text>`, if the entity has one.
    public var tagsSlot: Int?
    /// `autonumber("…")` fields: slot and pattern (Interpreter+Autonumber.swift).
    public var autonumbers: [(slot: Int, pattern: String)] = []

    init(id: Int, name: String) { self.id = id; self.name = name }

    /// `lifecycle(slot:)` is the lifecycle whose field is `slot`.
    public func lifecycle(slot: Int) -> IRLifecycle? { lifecycles.first { $0.slot == slot } }
    /// `lifecycle(withStage:)` is the (first) lifecycle with a stage of that name, and the ordinal.
    public func lifecycle(withStage name: String) -> (IRLifecycle, Int)? {
        for l in lifecycles { if let i = l.stages.firstIndex(of: name) { return (l, i) } }
        return nil
    }
}

/// What starts a rule.
public enum IRTrigger {
    case created
    case updated
    case deleted
    /// A field changed, optionally from/to given values: each is compiled as
    /// `field == value`, evaluated with the field's old value (`from`) or new one (`to`).
    case changed(slot: Int, from: IRExpr?, to: IRExpr?)
    /// A lifecycle field took the stage with this ordinal.
    case enters(slot: Int, stage: Int)
    /// A timer: `at E.f ± D [yearly]`, `inactive for D`, `every …` (Lowering+Time.swift).
    case timed(IRTimeTrigger)
    /// `on E approved A` / `on E rejected A` (the approval's index).
    case approval(Int, approved: Bool)
}

/// The kinds of events the trigger index is keyed by.
public enum IREventKind: Int, Sendable, CaseIterable {
    case created, updated, deleted, changed
}

/// A lowered action.
public indirect enum IRAction {
    case set(slot: Int, IRExpr)
    case add(slot: Int, IRExpr)
    case tag(IRExpr)
    case untag(IRExpr)
    /// `move to S`: the lifecycle's slot and the stage ordinal.
    case move(slot: Int, stage: Int)
    /// `create E { f: expr }`: the target entity and (slot, value) pairs.
    case create(entity: Int, [(slot: Int, value: IRExpr)])
    /// `notify channel to expr template T with { … }`: template parts are compiled in
    /// the rule's entity scope.
    case notify(channel: String, to: IRExpr, template: String, parts: [(name: String, value: IRExpr)],
                with: [(name: String, value: IRExpr)])
    case webhook(url: IRExpr, with: [(name: String, value: IRExpr)])
    case ifThen(IRExpr, [IRAction], else: [IRAction])
    /// Assignment and tasks (IR+Derived.swift).
    case extended(IRExtAction)
}

/// A lowered rule.
public struct IRRule {
    /// Position in run order (priority, then declaration); the rule's id.
    public var index: Int
    public var name: String
    public var priority: Int
    /// Position among the model's rules as declared.
    public var declarationOrder: Int
    public var entity: Int
    public var trigger: IRTrigger
    public var condition: IRExpr?
    public var actions: [IRAction]
}

/// A rule the interpreter does not run yet, and why (timers, schedules, assignment …).
public struct IRSkippedRule: Sendable {
    public var name: String
    public var reason: String
}

/// The whole lowered model.
public final class IRProgram {
    public var entities: [IREntity] = []
    public var entityIndex: [String: Int] = [:]
    /// Rules in run order.
    public var rules: [IRRule] = []
    public var skipped: [IRSkippedRule] = []
    /// Template parts by template name (for the printer and notify).
    public var templates: [String: [String]] = [:]
    /// Tables, teams, scores and computed fields (IR+Derived.swift).
    public var extras = IRExtras()
    /// The model's time zone.
    public var calendar: ZonedCalendar
    /// Rule indexes (ascending = run order) by entity, event kind and slot (-1: any slot).
    var triggerIndex: [TriggerKey: [Int]] = [:]
    /// The rules whose timers record events arm (Lowering+Time.swift).
    public internal(set) var timeHooks = TimeHooks()

    struct TriggerKey: Hashable { var entity: Int; var kind: IREventKind; var slot: Int }

    init(calendar: ZonedCalendar) { self.calendar = calendar }

    public func entity(named name: String) -> IREntity? { entityIndex[name].map { entities[$0] } }

    /// `rules(for:kind:slot:)` lists the rules an event can fire, in run order. For
    /// `.changed`, pass the changed slot; the others ignore `slot`.
    public func rules(for entity: Int, kind: IREventKind, slot: Int = -1) -> [Int] {
        triggerIndex[TriggerKey(entity: entity, kind: kind, slot: kind == .changed ? slot : -1)] ?? []
    }

    func index(_ rule: IRRule) {
        let key: TriggerKey
        switch rule.trigger {
        case .created: key = TriggerKey(entity: rule.entity, kind: .created, slot: -1)
        case .updated: key = TriggerKey(entity: rule.entity, kind: .updated, slot: -1)
        case .deleted: key = TriggerKey(entity: rule.entity, kind: .deleted, slot: -1)
        case .changed(let s, _, _), .enters(let s, _): key = TriggerKey(entity: rule.entity, kind: .changed, slot: s)
        case .timed(let t): timeHooks.add(rule, t); return
        case .approval(let a, let approved):
            if approved { extras.approvals[a].approvedRules.append(rule.index) } else { extras.approvals[a].rejectedRules.append(rule.index) }
            return
        }
        triggerIndex[key, default: []].append(rule.index)
    }
}
