// Actions of rules and approval outcomes, checked in the scope of the entity they work
// on: `set`, `tag`/`untag`, `assign`, `create`, `task`, `move to`, `notify`, `webhook`,
// `start approval`, `add` and `if`. Values are typed against the field they go to;
// computed fields are never written (E0407) and lifecycle fields change only by
// `move to` (E0609). Notifications are in CheckTemplates.swift, routing and records in
// CheckRules+Records.swift.
import CRMBase
import CRMSyntax

extension DeclChecker {
    /// `check(_:_:_:)` checks every action of a block in `scope` (the entity's fields,
    /// narrowed by the conditions on the way).
    mutating func check(_ block: ActionBlock, _ entity: EntitySymbol, _ scope: Scope) {
        for action in block.actions { check(action, entity, scope) }
    }

    mutating func check(_ action: Action, _ entity: EntitySymbol, _ scope: Scope) {
        switch action.kind {
        case .error: break
        case .set(let path, let value): checkSet(path, value, entity, scope)
        case .tag(let e), .untag(let e): checkTag(e, action.span, entity, scope)
        case .assign(let f, let how): checkAssign(f, how, entity, scope)
        case .create(let name, let inits): checkCreate(name, inits, scope)
        case .task(let title, let assignee, let due):
            tc.expect(title, .text, in: scope, what: "task title")
            checkRecipient(assignee, channel: nil, scope)
            if let due { tc.expect(due, .datetime, in: scope, what: "due time") }
        case .move(let stage): checkMove(stage, entity)
        case .notify(let channel, let to, let template, let with):
            checkNotify(channel, to, template, with, entity, scope)
        case .webhook(let name, let with):
            _ = tc.check(Expr(.string(name), name.span), in: scope)
            _ = checkWith(with ?? [], scope)
        case .startApproval(let a): approval(a, for: entity)
        case .add(let amount, let f): checkAdd(amount, f, entity, scope)
        case .ifThen(let cond, let then, let otherwise): checkIf(cond, then, otherwise, entity, scope)
        }
    }

    /// `if c { … } else { … }`: the branches see the facts `c` proves true or false; the
    /// record's stage is known afterwards only if both branches leave it the same.
    mutating func checkIf(_ cond: Expr, _ then: ActionBlock, _ otherwise: ActionBlock?,
                          _ entity: EntitySymbol, _ scope: Scope) {
        tc.requireBool(cond, scope)
        let before = knownStage
        check(then, entity, scope.narrowing(tc.nonNullFacts(cond)))
        let afterThen = knownStage
        knownStage = before
        if let otherwise { check(otherwise, entity, scope.narrowing(tc.nonNullFactsWhenFalse(cond))) }
        if knownStage != afterThen { knownStage = nil }
    }

    /// `move to T`: `T` is a stage of the entity and, when the record's stage is known
    /// (from the trigger or an earlier move), a transition leads there (E0601).
    mutating func checkMove(_ stage: Name, _ entity: EntitySymbol) {
        requireStage(stage, of: entity)
        defer { knownStage = entity.lifecycle(withStage: stage.text).isEmpty ? nil : stage.text }
        guard let from = knownStage, let l = entity.lifecycle(withStage: stage.text).first,
              l.stageIndex(from) != nil, !l.allows(from: from, to: stage.text) else { return }
        ctx.report(.stageChangeNotAllowed, "no transition of `\(entity.name).\(l.field)` leads from `\(from)` to `\(stage.text)`, so this move fails",
                   at: stage.span, secondary: [Label(l.span, "lifecycle declared here")],
                   notes: ["the record is in `\(from)` here: the rule fires when it enters `\(from)`, or an earlier action moved it there"],
                   help: Self.allowedTargets(l, from))
    }

    /// "from `a` the lifecycle allows `b`, `c`", or that nothing leaves `a`.
    static func allowedTargets(_ l: LifecycleSymbol, _ from: String) -> String {
        var seen: Set<String> = []
        let targets = l.transitions.filter { $0.from == from || ($0.from == nil && $0.to != from) }
            .map(\.to).filter { seen.insert($0).inserted }
        if targets.isEmpty { return "no transition leaves `\(from)`" }
        return "from `\(from)` the lifecycle allows \(targets.map { "`\($0)`" }.joined(separator: ", "))"
    }

    /// `writableField` finds a field an action writes: it must exist, not be computed
    /// (E0407) and not be a lifecycle field (E0609, use `move to`).
    func writableField(_ name: Name, of entity: EntitySymbol, _ verb: String) -> FieldSymbol? {
        guard let f = field(name, of: entity) else { return nil }
        if f.computed {
            ctx.report(.computedAssignment, "`\(entity.name).\(f.name)` is computed, so `\(verb)` cannot write it",
                       at: name.span, secondary: [Label(f.span, "declared `computed` here")])
            return nil
        }
        if f.isLifecycle {
            ctx.report(.stageSetDirectly, "`\(f.name)` is the lifecycle of `\(entity.name)`; `\(verb)` would bypass its transitions",
                       at: name.span, secondary: [Label(f.span, "lifecycle declared here")],
                       help: "use `move to STAGE`")
            return nil
        }
        return f
    }

    /// `set a.b.c = v`: every step but the last is a reference (present, or narrowed by
    /// `!= null`); the last is a writable field whose type accepts `v`.
    mutating func checkSet(_ path: [Name], _ value: Expr, _ entity: EntitySymbol, _ scope: Scope) {
        var current = entity
        var prefix = ""
        for (i, name) in path.enumerated() {
            if i == path.count - 1 {
                guard let f = writableField(name, of: current, "set") else { break }
                let shown = prefix.isEmpty ? f.name : prefix + "." + f.name
                tc.expect(value, f.type, in: scope, what: "value of `\(shown)`")
                return
            }
            guard let f = field(name, of: current) else { break }
            prefix = prefix.isEmpty ? f.name : prefix + "." + f.name
            guard case .ref(let target) = f.type.unwrapped, let next = symbols.entities[target] else {
                if !f.type.isError {
                    ctx.report(.invalidOperands, "`\(prefix)` is `\(f.type)`, not a reference, so it has no fields to set",
                               at: name.span)
                }
                break
            }
            if f.type.isOptional && !scope.narrowed.contains(prefix) {
                ctx.report(.optionalUsed, "`\(prefix)` may be empty (type `\(f.type)`), so there may be no record to set",
                           at: name.span, help: "check `\(prefix) != null` first, in `where` or with `if`")
            }
            current = next
        }
        _ = tc.check(value, in: scope)
    }

    /// `tag x` / `untag x`: `x` is text and the entity has a `tags` field holding text.
    mutating func checkTag(_ e: Expr, _ span: Span, _ entity: EntitySymbol, _ scope: Scope) {
        tc.expect(e, .text, in: scope, what: "tag")
        guard let tags = entity.field("tags") else {
            ctx.report(.unknownField, "`\(entity.name)` has no field `tags` to hold tags", at: span,
                       help: "add `tags: set<text>` to `\(entity.name)`")
            return
        }
        switch tags.type {
        case .set(.text), .list(.text), .error: break
        default:
            ctx.report(.typeMismatch, "tags are kept in `tags`, which must be `set<text>`, but it is `\(tags.type)`",
                       at: span, secondary: [Label(tags.span, "declared here")])
        }
        if tags.computed {
            ctx.report(.computedAssignment, "`\(entity.name).tags` is computed, so tags cannot be added or removed", at: span,
                       secondary: [Label(tags.span, "declared `computed` here")])
        }
    }

    /// `add n to f`: `f` is a present number, money or duration field and `n` has its type.
    mutating func checkAdd(_ amount: Expr, _ name: Name, _ entity: EntitySymbol, _ scope: Scope) {
        guard let f = writableField(name, of: entity, "add"), !f.type.isError else {
            _ = tc.check(amount, in: scope)
            return
        }
        let t = f.type.unwrapped
        var addable = t.isNumeric || t == .duration
        if case .money = t { addable = true }
        if !addable {
            ctx.report(.invalidOperands, "`add` needs a number, money or duration field, but `\(f.name)` is `\(f.type)`",
                       at: name.span, secondary: [Label(f.span, "declared here")],
                       help: t == .set(.text) ? "use `tag` to add to a set of tags" : nil)
        } else if f.type.isOptional {
            ctx.report(.optionalUsed, "`\(f.name)` may be empty (type `\(f.type)`), so there is nothing to add to",
                       at: name.span, secondary: [Label(f.span, "declared here")],
                       help: "give it a default: `\(f.name): \(t) = …`, or use `set \(f.name) = (\(f.name) ?? …) + …`")
        }
        tc.expect(amount, addable ? t : .error, in: scope, what: "amount")
    }

    /// The channels `notify` sends through.
    static let channels = ["email", "sms", "dingtalk", "wecom"]

    /// `checkChannel` reports a channel outside `allowed` (E0604).
    func checkChannel(_ name: Name, _ allowed: [String]) {
        guard !name.isMissing, !allowed.contains(name.text) else { return }
        ctx.report(.unknownChannel, "there is no channel `\(name.text)`", at: name.span,
                   help: Checker.suggestion(name.text, allowed) ?? "channels: \(allowed.joined(separator: ", "))")
    }

    /// `checkRecipient` checks who a message or task goes to. Everyone takes text, a
    /// `ref User` and a team; e-mail goes to an email, SMS to a phone, DingTalk and
    /// WeCom to either; a task (`channel` nil) to an email. An empty optional sends nothing.
    mutating func checkRecipient(_ e: Expr, channel: String?, _ scope: Scope) {
        let t = tc.check(e, in: scope)
        if t.isError { return }
        let u = t.unwrapped
        if u == .text || u == .ref("User") || u == .team { return }
        let extra: [CRMType]
        switch channel {
        case "email"?, nil: extra = [.email]
        case "sms"?: extra = [.phone]
        case "dingtalk"?, "wecom"?: extra = [.email, .phone]
        default: return
        }
        if extra.contains(u) { return }
        let what = channel.map { "`\($0)`" } ?? "a task"
        let kinds = (extra + [.text, .ref("User")]).map { "`\($0)`" }.joined(separator: ", ")
        ctx.report(.typeMismatch, "\(what) goes to \(kinds) or `team`, not `\(t)`", at: e.span)
    }
}
