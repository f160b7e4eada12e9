// Stage runLints: warnings about valid models that are almost certainly not what was
// meant. Each lint must stay silent on a realistic model (Samples/ checks clean):
//   W0901 a template no `notify` sends;        W0904 a table no `assign … by table` uses;
//   W0905 an approval no `start approval` starts;
//   W0902 `where`/`if` with a literal `true`/`false`;
//   W0903 an empty `do {}`, `if c {}` (without else), `else {}` or `on approved {}`.
// Deliberately not a lint: enum members never named in the model. Members are mostly
// data values chosen by people and imports (跟进方式 微信/拜访, 工单优先级 低), so the
// warning would fire on nearly every real model.
// Rules and approvals that contain an error are not linted (one mistake, one report).
// The unused-declaration lints run only on a model without errors: a reference with a
// misspelt name (E0309, E0310, E0314, or any error that hides a use) would otherwise
// make the declaration it meant look unused, and report the same mistake twice.
import CRMBase
import CRMSyntax

/// The templates, tables and approvals that actions refer to.
struct LintUses {
    var templates: Set<String> = []
    var tables: Set<String> = []
    var approvals: Set<String> = []

    mutating func collect(_ block: ActionBlock) {
        for action in block.actions {
            switch action.kind {
            case .notify(_, _, let template, _): templates.insert(template.text)
            case .assign(_, .byTable(let table)): tables.insert(table.text)
            case .startApproval(let a): approvals.insert(a.text)
            case .ifThen(_, let then, let otherwise):
                collect(then)
                if let otherwise { collect(otherwise) }
            default: break
            }
        }
    }
}

extension Checker {
    static func runLints(_ ctx: CheckContext) {
        let errors = ErrorPositions(ctx)
        var uses = LintUses()
        for decl in ctx.decls {
            switch decl.kind {
            case .rule(let r):
                uses.collect(r.actions)
                if !errors.any(in: decl.span) { lintRule(ctx, r) }
            case .approval(let a):
                for case .on(let approved, let block) in a.items {
                    uses.collect(block)
                    if !errors.any(in: decl.span) { lintOutcome(ctx, approved, block) }
                }
            default: continue
            }
        }
        if errors.sorted.isEmpty { reportUnused(ctx, uses) }
    }

    static func lintRule(_ ctx: CheckContext, _ r: RuleDecl) {
        if let c = r.condition, let value = literalBool(c) {
            ctx.report(.constantCondition, value ? "`where true` is always true, so it does nothing" : "`where false` is never true, so rule `\(r.header.name.text)` never runs",
                       at: c.span, help: value ? "remove `where true`" : "remove the rule, or comment it out with `#| … |#`")
        }
        if r.actions.actions.isEmpty {
            ctx.report(.emptyActions, "rule `\(r.header.name.text)` does nothing: its action block is empty", at: r.actions.span,
                       help: "add the actions, or remove the rule")
        }
        lintActions(ctx, r.actions)
    }

    static func lintOutcome(_ ctx: CheckContext, _ approved: Bool, _ block: ActionBlock) {
        if block.actions.isEmpty {
            ctx.report(.emptyActions, "`on \(approved ? "approved" : "rejected")` has no actions", at: block.span,
                       help: "add the actions, or remove the empty outcome")
        }
        lintActions(ctx, block)
    }

    /// Literal conditions and empty blocks of nested `if`s.
    static func lintActions(_ ctx: CheckContext, _ block: ActionBlock) {
        for action in block.actions {
            guard case .ifThen(let c, let then, let otherwise) = action.kind else { continue }
            if let value = literalBool(c) {
                ctx.report(.constantCondition, value ? "`if true` always takes this branch" : "`if false` never runs this branch",
                           at: c.span, help: value ? "write the actions without the `if`" : "remove the branch")
            }
            if then.actions.isEmpty && otherwise == nil {
                ctx.report(.emptyActions, "this `if` does nothing: its block is empty", at: action.span,
                           help: "add the actions, or remove the `if`")
            }
            if let otherwise, otherwise.actions.isEmpty {
                ctx.report(.emptyActions, "the `else` block is empty", at: otherwise.span, help: "remove `else {}`")
            }
            lintActions(ctx, then)
            if let otherwise { lintActions(ctx, otherwise) }
        }
    }

    /// `true` / `false` written as the whole condition (parentheses and `not` allowed).
    static func literalBool(_ e: Expr) -> Bool? {
        switch e.kind {
        case .bool(let b): return b
        case .paren(let inner): return literalBool(inner)
        case .unary(.not, let inner): return literalBool(inner).map { !$0 }
        default: return nil
        }
    }

    /// W0901, W0904, W0905 in declaration order; only declarations that own their name.
    static func reportUnused(_ ctx: CheckContext, _ uses: LintUses) {
        let sym = ctx.symbols
        for decl in ctx.decls {
            switch decl.kind {
            case .template(let t) where sym.templates[t.header.name.text]?.header.name.span == t.header.name.span:
                let name = t.header.name.text
                if !uses.templates.contains(name) {
                    ctx.report(.unusedTemplate, "template `\(name)` is never sent", at: t.header.name.span,
                               help: "send it with `notify … template \(name)`, or remove it")
                }
            case .table(let t) where sym.tables[t.header.name.text]?.header.name.span == t.header.name.span:
                let name = t.header.name.text
                if !uses.tables.contains(name) {
                    ctx.report(.unusedTable, "table `\(name)` is never used", at: t.header.name.span,
                               help: "use it with `assign field by table \(name)`, or remove it")
                }
            case .approval(let a) where sym.approvals[a.header.name.text]?.header.name.span == a.header.name.span:
                let name = a.header.name.text
                if !uses.approvals.contains(name) {
                    ctx.report(.unusedApproval, "approval `\(name)` is never started", at: a.header.name.span,
                               help: "start it from a rule with `start approval \(name)`, or remove it")
                }
            default: continue
            }
        }
    }
}
