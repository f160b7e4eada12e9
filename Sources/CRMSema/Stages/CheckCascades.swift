// Stage checkCascades: the static graph of rules triggering rules.
//
// Each rule is a node. Its actions write: `set f`/`set ref.f`, `add … to f` and
// `assign f …` write a field, `move to S` writes the lifecycle field that has stage S,
// `tag`/`untag` write `tags`, and `create E2 {…}` creates a record; actions inside `if`
// count too (conditions are not evaluated). A write fires the rules listening to it:
// `on E updated` (any field of E), `on E.f changed [from x] [to y]` and `on E enters S`
// (the lifecycle field); a create fires `on E2 created`. Time, schedule, inactivity,
// approval and delete triggers are never fired by another rule's actions, and neither
// notifications nor webhooks write anything.
//
// Not modelled (so no cycle is reported through them): changes of computed fields
// caused by a write, points added by `score` declarations, and approval outcomes.
// Rules that contain an error (reported by the parser or an earlier stage) are left out:
// what they do is uncertain until the error is fixed, and one mistake is reported once.
//
// CheckCascades+Report finds the cycles (strongly connected components, linear) and the
// conflicting writes. Everything is in declaration order, so output is stable.
import CRMBase
import CRMSyntax

/// An entity, compared and hashed by identity: the graph is built for every rule of a
/// large model, and hashing (often Chinese) names is what would cost.
struct EntityRef: Hashable {
    let symbol: EntitySymbol
    static func == (a: EntityRef, b: EntityRef) -> Bool { a.symbol === b.symbol }
    func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(symbol)) }
}

/// A field of an entity, by entity identity and slot.
struct FieldRef: Hashable {
    let entity: EntityRef
    let slot: Int
    init(_ entity: EntitySymbol, _ field: FieldSymbol) { self.entity = EntityRef(symbol: entity); slot = field.slot }
    var name: String { entity.symbol.fields[slot].name }
    var description: String { "\(entity.symbol.name).\(name)" }
}

/// What a rule listens to, for the rules that other rules can fire.
enum CascadeListen: Hashable {
    case created(EntityRef)
    case updated(EntityRef)
    case changed(FieldRef)
    case enters(FieldRef, stage: String)

    var description: String {
        switch self {
        case .created(let e): "\(e.symbol.name) created"
        case .updated(let e): "\(e.symbol.name) updated"
        case .changed(let f): "\(f.description) changed"
        case .enters(let f, let s): "\(f.entity.symbol.name) enters \(s)"
        }
    }
}

/// One write (or create) done by a rule's actions.
struct CascadeWrite {
    enum Target: Hashable {
        case field(FieldRef)
        case create(EntityRef)
    }
    var target: Target
    /// The written value when it is a constant (a member, stage, literal), for `to y` filters.
    var constant: String?
    /// The written value, for conflicts; spelled out only when two writes are compared.
    var value: WrittenValue
    var span: Span
    /// Inside an `if` branch.
    var conditional: Bool
    /// `move to S` (a stage change, described as such).
    var isMove = false
    /// `tag`/`untag` (a write of `tags` whose conflicts are per tag).
    var isTag = false

    var description: String {
        switch target {
        case .field(let f):
            isMove ? "moves `\(f.entity.symbol.name)` to `\(constant ?? "?")` (`\(f.name)`)" : "writes `\(f.description)`"
        case .create(let e): "creates a `\(e.symbol.name)`"
        }
    }
}

/// What a write stores, kept as syntax until a conflict check needs its spelling.
enum WrittenValue {
    /// `add` accumulates and `create` stores nothing: never in conflict.
    case none
    /// A ready key: a stage, or "+tag"/"-tag" for tag/untag.
    case key(String)
    case expr(Expr)
    case assignment(Action.Assignment)

    /// The spelling compared by the conflict check; nil if the value never conflicts.
    var key: String? {
        switch self {
        case .none: nil
        case .key(let k): k
        case .expr(let e): ExprKey.of(e)
        case .assignment(let a): ExprKey.assignment(a)
        }
    }
}

/// One rule as a node of the graph.
struct CascadeRule {
    var name: String
    var span: Span
    var listen: CascadeListen?
    /// `changed from x` / `to y` constants, which filter the writes that fire the rule.
    var fromValue: String?
    var toValue: String?
    /// The trigger, condition and entity as written: the conflict check compares
    /// triggers and conditions of the few rules that write the same field.
    var trigger: Trigger
    var condition: Expr?
    var entity: EntitySymbol
    var writes: [CascadeWrite] = []
}

extension Checker {
    static func checkCascades(_ ctx: CheckContext) {
        var rules: [CascadeRule] = []
        let errors = ErrorPositions(ctx)
        for decl in ctx.decls {
            guard case .rule(let r) = decl.kind, !errors.any(in: decl.span), let node = cascadeRule(ctx, r) else { continue }
            rules.append(node)
        }
        let graph = CascadeGraph(rules: rules)
        graph.reportCycles(ctx)
        reportConflictingWrites(ctx, rules)
    }

    /// The node of one rule, or nil if its entity is unknown (checkRules reports that).
    static func cascadeRule(_ ctx: CheckContext, _ r: RuleDecl) -> CascadeRule? {
        let entityName: Name
        switch r.trigger.kind {
        case .on(let e, _), .at(let e, _, _, _, _), .every(_, _, let e): entityName = e
        case .error: return nil
        }
        guard !r.header.name.isMissing, let entity = ctx.symbols.entities[entityName.text] else { return nil }
        var node = CascadeRule(name: r.header.name.text, span: r.header.name.span,
                               trigger: r.trigger, condition: r.condition, entity: entity)
        if case .on(_, let event) = r.trigger.kind { listen(&node, entity, event) }
        collectWrites(ctx, r.actions, entity, conditional: false, into: &node.writes)
        return node
    }

    static func listen(_ node: inout CascadeRule, _ entity: EntitySymbol, _ event: Trigger.Event) {
        switch event {
        case .created: node.listen = .created(EntityRef(symbol: entity))
        case .updated: node.listen = .updated(EntityRef(symbol: entity))
        case .changed(let field, let from, let to):
            guard let f = entity.field(field.text) else { return }
            node.listen = .changed(FieldRef(entity, f))
            node.fromValue = from.flatMap { constantValue($0, entity) }
            node.toValue = to.flatMap { constantValue($0, entity) }
        case .enters(let stage):
            guard let f = lifecycleField(entity, stage.text) else { return }
            node.listen = .enters(FieldRef(entity, f), stage: stage.text)
        case .deleted, .inactive, .approved, .rejected: return
        }
    }

    /// The writes of an action block, in order; `if` branches are marked conditional.
    static func collectWrites(_ ctx: CheckContext, _ block: ActionBlock, _ entity: EntitySymbol,
                              conditional: Bool, into writes: inout [CascadeWrite]) {
        for action in block.actions {
            if case .ifThen(_, let then, let otherwise) = action.kind {
                collectWrites(ctx, then, entity, conditional: true, into: &writes)
                if let otherwise { collectWrites(ctx, otherwise, entity, conditional: true, into: &writes) }
            } else if let w = write(ctx, action, entity, conditional) {
                writes.append(w)
            }
        }
    }

    static func write(_ ctx: CheckContext, _ action: Action, _ entity: EntitySymbol, _ conditional: Bool) -> CascadeWrite? {
        func field(_ f: FieldRef, _ constant: String?, _ value: WrittenValue) -> CascadeWrite {
            CascadeWrite(target: .field(f), constant: constant, value: value, span: action.span, conditional: conditional)
        }
        switch action.kind {
        case .set(let path, let value):
            guard let f = resolvePath(ctx, path, entity) else { return nil }
            return field(f, constantValue(value, entity), .expr(value))
        case .tag(let t), .untag(let t):
            guard let f = entity.field("tags") else { return nil }
            let sign = if case .tag = action.kind { "+" } else { "-" }
            var w = field(FieldRef(entity, f), nil, ExprKey.constant(t).map { .key(sign + $0) } ?? .none)
            w.isTag = true
            return w
        case .assign(let name, let how):
            guard let f = entity.field(name.text) else { return nil }
            return field(FieldRef(entity, f), nil, .assignment(how))
        case .add(_, let name):
            guard let f = entity.field(name.text) else { return nil }
            return field(FieldRef(entity, f), nil, .none)
        case .move(let stage):
            guard let f = lifecycleField(entity, stage.text) else { return nil }
            var w = field(FieldRef(entity, f), stage.text, .key(stage.text))
            w.isMove = true
            return w
        case .create(let e, _):
            guard let target = ctx.symbols.entities[e.text] else { return nil }
            return CascadeWrite(target: .create(EntityRef(symbol: target)), value: .none, span: action.span, conditional: conditional)
        case .task, .notify, .webhook, .startApproval, .ifThen, .error: return nil
        }
    }

    /// The lifecycle field that has `stage`, if exactly one lifecycle of `entity` has it.
    static func lifecycleField(_ entity: EntitySymbol, _ stage: String) -> FieldSymbol? {
        let lifecycles = entity.lifecycle(withStage: stage)
        guard lifecycles.count == 1 else { return nil }
        return entity.field(lifecycles[0].field)
    }

    /// `set a.b.c`: follows references from the rule's entity to the field written.
    static func resolvePath(_ ctx: CheckContext, _ path: [Name], _ entity: EntitySymbol) -> FieldRef? {
        var current = entity
        for (i, name) in path.enumerated() {
            guard let f = current.field(name.text) else { return nil }
            if i == path.count - 1 { return FieldRef(current, f) }
            guard case .ref(let target) = f.type.unwrapped, let next = ctx.symbols.entities[target] else { return nil }
            current = next
        }
        return nil
    }

    /// A constant written or tested (member, stage, literal); nil for anything that reads
    /// a field, since its value is unknown statically.
    static func constantValue(_ e: Expr, _ entity: EntitySymbol) -> String? {
        switch e.kind {
        case .paren(let inner): return constantValue(inner, entity)
        case .name(let n): return entity.field(n) == nil ? n : nil
        case .member(let base, let m):
            guard case .name(let n) = base.kind, entity.field(n) == nil, n != "self" else { return nil }
            return m.text
        default: return ExprKey.constant(e)
        }
    }
}

/// The positions of every error reported so far, to find declarations that contain one.
struct ErrorPositions {
    let sorted: [UInt32]

    init(_ ctx: CheckContext) {
        let all = ctx.files.flatMap(\.diagnostics) + ctx.diagnostics
        sorted = all.filter { $0.severity == .error }.map(\.primary.span.start.raw).sorted()
    }

    /// Whether an error starts inside `span` (binary search).
    func any(in span: Span) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < span.start.raw { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] < span.end.raw
    }
}

/// Span-free spellings of syntax, used as keys: two rules with equal keys have the same
/// trigger, two writes with equal keys write the same value.
enum ExprKey {
    /// Fully parenthesised, so different trees never share a key.
    static func of(_ e: Expr) -> String {
        switch e.kind {
        case .name(let n): return n
        case .literal(_, let t): return t
        case .string(let s): return s.raw
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list(let items): return "[" + items.map(of).joined(separator: ", ") + "]"
        case .paren(let inner): return of(inner)
        case .unary(let op, let x): return "(\(op.rawValue) \(of(x)))"
        case .binary(let op, let l, let r): return "(\(of(l)) \(op.rawValue) \(of(r)))"
        case .member(let b, let n): return "\(of(b)).\(n.text)"
        case .call(let c, let args, let filter):
            return "\(of(c))(\(args.map(of).joined(separator: ", "))\(filter.map { " where " + of($0) } ?? ""))"
        case .index(let b, let i): return "\(of(b))[\(of(i))]"
        case .conditional(let c, let a, let b): return "(if \(of(c)) then \(of(a)) else \(of(b)))"
        case .error: return "<error \(e.span.start.raw)>"   // never equal to another
        }
    }

    /// The key of a literal-like constant, or nil.
    static func constant(_ e: Expr) -> String? {
        switch e.kind {
        case .paren(let inner): return constant(inner)
        case .literal, .bool, .null: return of(e)
        case .unary(.negate, let inner): return constant(inner).map { "-" + $0 }
        case .string(let s): return s.plainValue.map { "\"\($0)\"" }
        default: return nil
        }
    }

    static func assignment(_ a: Action.Assignment) -> String {
        switch a {
        case .byTable(let t): "by table \(t.text)"
        case .by(let e): "by \(of(e))"
        case .toPool(let p): "to pool \(p.text)"
        case .to(let e): "to \(of(e))"
        }
    }

    static func trigger(_ t: Trigger) -> String {
        switch t.kind {
        case .on(let e, let event): return "on \(e.text) " + Self.event(event)
        case .at(let e, let f, let offset, let negative, let yearly):
            return "at \(e.text).\(f.text) \(negative ? "-" : "+") \(offset.map(of) ?? "0")\(yearly ? " yearly" : "")"
        case .every(let schedule, let time, let e):
            return "every \(Self.schedule(schedule)) at \(time.map(of) ?? "-") for \(e.text)"
        case .error: return "<error \(t.span.start.raw)>"
        }
    }

    static func event(_ e: Trigger.Event) -> String {
        switch e {
        case .created: "created"
        case .updated: "updated"
        case .deleted: "deleted"
        case .changed(let f, let from, let to): ".\(f.text) changed from \(from.map(of) ?? "*") to \(to.map(of) ?? "*")"
        case .enters(let s): "enters \(s.text)"
        case .inactive(let d, let without): "inactive for \(of(d)) without \(without?.text ?? "*")"
        case .approved(let a): "approved \(a.text)"
        case .rejected(let a): "rejected \(a.text)"
        }
    }

    static func schedule(_ s: Trigger.Schedule) -> String {
        switch s {
        case .day: "day"
        case .week(let d): "week on \(d.text)"
        case .month(let d): "month on \(d)"
        case .interval(let e): of(e)
        }
    }
}
