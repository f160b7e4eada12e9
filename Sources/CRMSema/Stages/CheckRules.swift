// Stage checkRules: templates, rules and scores. A rule's trigger names its entity (and
// is checked in CheckRules+Triggers.swift); the `where` condition is a boolean over that
// entity, and its `x != null` facts narrow the actions (CheckRules+Actions.swift).
// Templates are checked first (CheckTemplates.swift) so that every `notify` can compare
// its `with` values with the template's variables. DeclChecker, defined here, is shared
// with the checkOthers stage, which checks approval outcomes with the same action rules.
// Cost: linear in the size of the model; each template is type-checked once.
import CRMBase
import CRMSyntax

extension Checker {
    static func checkRules(_ ctx: CheckContext) {
        let decls = ctx.decls
        var checker = DeclChecker(ctx)
        checker.checkTemplates(decls)
        for decl in decls {
            switch decl.kind {
            case .rule(let r): checker.checkRule(r)
            case .score(let s): checker.checkScore(s)
            default: break
            }
        }
    }
}

/// Checks the bodies of rules, scores, approvals, roles, segments, reports and tests.
/// It carries the expression TypeChecker and caches what it learns about templates.
struct DeclChecker {
    let ctx: CheckContext
    var tc: TypeChecker
    var symbols: SymbolTable { ctx.symbols }
    /// Per template: its entity and the names its interpolations leave to `with`.
    var templateInfos: [String: TemplateInfo] = [:]
    /// Segment name → the entity it selects from (filled by checkOthers for reports).
    var segments: [String: String] = [:]
    /// The stage the record is known to be in while actions are checked: the stage a
    /// rule's trigger enters, then the target of each `move to`; nil when unknown.
    var knownStage: String?

    init(_ ctx: CheckContext) {
        self.ctx = ctx
        self.tc = TypeChecker(ctx)
    }

    /// `entity(_:)` looks up an entity a declaration names, reporting E0305 if there is none.
    func entity(_ name: Name) -> EntitySymbol? {
        guard !name.isMissing else { return nil }
        if let e = symbols.entities[name.text] { return e }
        _ = Checker.unknownEntity(ctx, name)
        return nil
    }

    /// `field(_:of:)` looks up a field by name, reporting E0304 with a suggestion.
    func field(_ name: Name, of entity: EntitySymbol, context: String = "") -> FieldSymbol? {
        guard !name.isMissing else { return nil }
        if let f = entity.field(name.text) { return f }
        ctx.report(.unknownField, "\(context)`\(entity.name)` has no field `\(name.text)`", at: name.span,
                   help: Checker.suggestion(name.text, entity.fields.map(\.name)))
        return nil
    }

    /// `requireType` checks `e` and reports E0401 unless its type, optional or not,
    /// satisfies `ok`; `what` describes the accepted types.
    mutating func requireType(_ e: Expr, _ scope: Scope, _ what: String, _ ok: (CRMType) -> Bool) {
        let t = tc.check(e, in: scope)
        if t.isError || ok(t.unwrapped) { return }
        ctx.report(.typeMismatch, "expected \(what), found `\(t)`", at: e.span)
    }

    // MARK: - Rules and scores

    /// `checkRule` checks the trigger, then the condition and actions in the scope of
    /// the trigger's entity (skipped when the entity is unknown, to avoid a cascade).
    mutating func checkRule(_ r: RuleDecl) {
        guard let entity = triggerEntity(r.trigger) else { return }
        var scope = Scope(entity: entity)
        if let cond = r.condition {
            tc.requireBool(cond, scope)
            scope = scope.narrowing(tc.nonNullFacts(cond))
        }
        knownStage = Self.enteredStage(r.trigger, entity)
        check(r.actions, entity, scope)
        knownStage = nil
    }

    /// The stage a trigger fires on entering: `on E enters S`, or `on E.f changed … to S`
    /// for a lifecycle field `f`.
    static func enteredStage(_ trigger: Trigger, _ entity: EntitySymbol) -> String? {
        guard case .on(_, let event) = trigger.kind else { return nil }
        switch event {
        case .enters(let s): return s.text
        case .changed(let f, _, let to?):
            guard entity.field(f.text)?.isLifecycle == true, case .name(let s) = to.kind else { return nil }
            return s
        default: return nil
        }
    }

    /// `score S for E.f { ±N when cond }`: `f` is a plain int or decimal field of `E`
    /// and each condition is a boolean over `E`.
    mutating func checkScore(_ s: ScoreDecl) {
        guard let entity = entity(s.entity) else { return }
        let scope = Scope(entity: entity)
        for item in s.items { tc.requireBool(item.when, scope) }
        guard let f = field(s.field, of: entity) else { return }
        if f.computed {
            ctx.report(.computedAssignment, "`\(entity.name).\(f.name)` is computed, so a score cannot add points to it",
                       at: s.field.span, secondary: [Label(f.span, "declared `computed` here")])
        } else if f.type != .int && f.type != .decimal && !f.type.isError {
            ctx.report(.typeMismatch, "a score adds points to an `int` or `decimal` field, but `\(entity.name).\(f.name)` is `\(f.type)`",
                       at: s.field.span, secondary: [Label(f.span, "declared here")],
                       help: f.type.unwrapped == .int || f.type.unwrapped == .decimal
                           ? "give it a default instead of `?`: `\(f.name): \(f.type.unwrapped) = 0`" : nil)
        }
    }

    /// `expectDuration` checks a duration, with a hint when a bare number lacks its unit.
    mutating func expectDuration(_ e: Expr, _ scope: Scope, what: String) {
        guard case .literal(.int, let n) = e.kind else {
            tc.expect(e, .duration, in: scope, what: what)
            return
        }
        ctx.report(.typeMismatch, "expected \(what) of type `duration`, found `int`", at: e.span,
                   help: "say the unit: `\(n) days`, `\(n) hours` or `\(n) minutes`")
    }

    /// `weekdayHelp` suggests the weekday meant by `day` (周一 → 星期一).
    static func weekdayHelp(_ day: String) -> String {
        let scalars = Array(day.unicodeScalars)
        if scalars.count == 2, scalars[0] == "周", TypeChecker.weekdays.contains("星期" + String(scalars[1])) {
            return "did you mean `星期\(String(scalars[1]))`?"
        }
        return Checker.suggestion(day, TypeChecker.weekdays) ?? "use 星期一 … 星期日 or monday … sunday"
    }

    // MARK: - Shared lookups

    /// `approval(_:for:)` checks that `name` is an approval flow of `entity` (E0314, E0605).
    mutating func approval(_ name: Name, for entity: EntitySymbol) {
        guard !name.isMissing else { return }
        guard let a = symbols.approvals[name.text] else {
            ctx.report(.unknownApproval, "no approval flow named `\(name.text)`", at: name.span,
                       help: Checker.suggestion(name.text, symbols.approvals.keys.sorted()))
            return
        }
        if !a.entity.isMissing && a.entity.text != entity.name {
            ctx.report(.entityMismatch, "approval `\(name.text)` is for `\(a.entity.text)`, but this works on `\(entity.name)`",
                       at: name.span, secondary: [Label(a.entity.span, "declared for `\(a.entity.text)` here")])
        }
    }

    /// `requireStage(_:of:)` checks that `stage` is a stage of one of `entity`'s lifecycles (E0311).
    func requireStage(_ stage: Name, of entity: EntitySymbol) {
        guard !stage.isMissing, entity.lifecycle(withStage: stage.text).isEmpty else { return }
        // A lifecycle without a `stages` line was reported by checkLifecycles; accept
        // the stages its transitions mention rather than piling up errors.
        let mentioned = entity.lifecycles.contains { l in
            l.stages.isEmpty && l.transitions.contains { $0.from == stage.text || $0.to == stage.text }
        }
        if mentioned { return }
        if entity.lifecycles.isEmpty {
            ctx.report(.unknownStage, "`\(entity.name)` has no lifecycle, so it has no stage `\(stage.text)`", at: stage.span,
                       help: "declare one in the entity: `lifecycle status { stages … }`")
            return
        }
        let all = entity.lifecycles.flatMap { $0.stages.map(\.name) }
        ctx.report(.unknownStage, "`\(entity.name)` has no stage `\(stage.text)`", at: stage.span,
                   help: Checker.suggestion(stage.text, all))
    }

    /// `requireRole` checks that `name` is a declared role (E0312).
    func requireRole(_ name: Name) {
        guard !name.isMissing, symbols.roles[name.text] == nil else { return }
        ctx.report(.unknownRole, "no role named `\(name.text)`", at: name.span,
                   help: Checker.suggestion(name.text, symbols.roles.keys.sorted()))
    }
}
