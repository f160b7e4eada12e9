// Lowering+Rules lowers rules: the trigger (record events here; `at`, `every` and
// `inactive` in Lowering+Time.swift), the `where` condition and the actions, each
// expression compiled in the rule entity's scope. A rule using something the
// interpreter does not run yet (approvals, paths like `owner.x`, …) becomes an
// `IRSkippedRule` with the reason, so `crm run` can say it did not run it. Finally the
// rules are put in run order (priority descending, then declaration order) and indexed.
import CRMBase
import CRMSema
import CRMSyntax

/// Why an action or trigger could not be lowered.
struct Unsupported: Error { var reason: String }

extension Lowering {
    mutating func lowerRules() {
        lowerApprovals()
        program.extras.roleAncestors = roleAncestors()
        var lowered: [IRRule] = []
        var order = 0
        for decl in model.files.flatMap(\.decls) {
            switch decl.kind {
            case .rule(let r):
                order += 1
                do throws(Unsupported) {
                    if let rule = try lowerRule(r, order: order) { lowered.append(rule) }
                } catch {
                    program.skipped.append(IRSkippedRule(name: r.header.name.text, reason: error.reason))
                }
            case .template(let t):
                program.templates[t.header.name.text] = t.parts.map(\.name.text)
            case .score(let s):
                lowerScore(s)
            default: break
            }
        }
        lowered.sort { ($0.priority, -$0.declarationOrder) > ($1.priority, -$1.declarationOrder) }
        for i in lowered.indices {
            lowered[i].index = i
            program.index(lowered[i])
        }
        program.rules = lowered
    }

    /// Lowers one rule; nil if one of its expressions failed to compile (diagnosed).
    mutating func lowerRule(_ r: RuleDecl, order: Int) throws(Unsupported) -> IRRule? {
        guard case .on(let entityName, let event) = r.trigger.kind else { return try lowerTimeRule(r, order: order) }
        guard let entity = program.entity(named: entityName.text) else { return nil }
        let trigger: IRTrigger
        switch event {
        case .created: trigger = .created
        case .updated: trigger = .updated
        case .deleted: trigger = .deleted
        case .changed(let field, let from, let to):
            guard let slot = entity.fieldIndex[field.text] else { return nil }
            let fromExpr = try from.map { x throws(Unsupported) in try compileEquals(field, x, entity) }
            let toExpr = try to.map { x throws(Unsupported) in try compileEquals(field, x, entity) }
            trigger = .changed(slot: slot, from: fromExpr, to: toExpr)
        case .enters(let stage):
            guard let (l, k) = entity.lifecycle(withStage: stage.text) else { return nil }
            trigger = .enters(slot: l.slot, stage: k)
        case .inactive: return try lowerTimeRule(r, order: order)
        case .approved(let a), .rejected(let a):
            let index = try approval(a)
            guard program.extras.approvals[index].entity == entity.id else {
                throw Unsupported(reason: "the approval `\(a.text)` is for `\(program.entities[program.extras.approvals[index].entity].name)`")
            }
            if case .approved = event { trigger = .approval(index, approved: true) } else { trigger = .approval(index, approved: false) }
        }
        var condition: IRExpr?
        if let c = r.condition {
            guard let compiled = ruleCondition(c, entity) else { return nil }
            condition = compiled
        }
        let actions = try lowerBlock(r.actions, entity)
        let priority = r.priority.flatMap { Int($0) } ?? 0
        return IRRule(index: 0, name: r.header.name.text, priority: priority, declarationOrder: order,
                      entity: entity.id, trigger: trigger, condition: condition, actions: actions)
    }

    /// A rule's `where`, with its top-level `and` conjuncts compiled too (for explain).
    mutating func ruleCondition(_ c: Expr, _ entity: IREntity) -> IRExpr? {
        guard var compiled = compile(c, in: entity) else { return nil }
        var parts: [Expr] = []
        func flatten(_ e: Expr) {
            switch e.kind {
            case .binary(.and, let a, let b): flatten(a); flatten(b)
            case .paren(let inner): if case .binary(.and, _, _) = inner.kind { flatten(inner) } else { parts.append(e) }
            default: parts.append(e)
            }
        }
        flatten(c)
        if parts.count > 1 { compiled.conjuncts = parts.compactMap { compile($0, in: entity) } }
        var seen = Set<String>()
        for path in Lowering.memberPaths(c, entity) {
            guard let p = compile(path, in: entity), seen.insert(p.text).inserted, compiled.paths.count < 8 else { continue }
            compiled.paths.append(p)
        }
        return compiled
    }

    /// `field == x`, so a bare member in `x` resolves against the field's type.
    mutating func compileEquals(_ field: Name, _ x: Expr, _ entity: IREntity) throws(Unsupported) -> IRExpr {
        let eq = Expr(.binary(.eq, Expr(.name(field.text), field.span), x), x.span)
        guard var c = compile(eq, in: entity) else { throw Unsupported(reason: "`\(field.text)` from/to value did not compile") }
        c.text = Lowering.text(of: x.span, in: model.files) ?? c.text
        return c
    }

    mutating func expr(_ e: Expr, _ entity: IREntity, expected: CRMType? = nil,
                       templateVariables: [String: Expr] = [:]) throws(Unsupported) -> IRExpr {
        guard let c = compile(e, in: entity, expected: expected, templateVariables: templateVariables) else {
            throw Unsupported(reason: "the expression `\(Lowering.text(of: e.span, in: model.files) ?? "…")` did not compile")
        }
        return c
    }

    mutating func lowerBlock(_ block: ActionBlock, _ entity: IREntity) throws(Unsupported) -> [IRAction] {
        var out: [IRAction] = []
        for a in block.actions { out.append(try lowerAction(a, entity)) }
        return out
    }

    mutating func slot(_ name: Name, _ entity: IREntity) throws(Unsupported) -> Int {
        guard let s = entity.fieldIndex[name.text] else { throw Unsupported(reason: "`\(entity.name)` has no field `\(name.text)`") }
        return s
    }

    /// `set a.b.f = value`: the reference path `a.b` is an expression of the rule's
    /// entity whose type is a reference to the entity that owns `f`.
    mutating func lowerSetThrough(_ path: [Name], _ value: Expr, _ entity: IREntity) throws(Unsupported) -> IRExtAction {
        var reference = Expr(.name(path[0].text), path[0].span)
        var owner = entity
        for (i, name) in path.dropLast().enumerated() {
            if i > 0 { reference = Expr(.member(reference, name), path[0].span.to(name.span)) }
            let s = try slot(name, owner)
            guard case .ref(let target) = owner.fields[s].type.unwrapped, let next = program.entity(named: target) else {
                throw Unsupported(reason: "`\(name.text)` is not a reference")
            }
            owner = next
        }
        guard let last = path.last else { throw Unsupported(reason: "a `set` without a field") }
        let target = try slot(last, owner)
        return .setThrough(reference: try expr(reference, entity), entity: owner.id, slot: target,
                           value: try expr(value, entity, expected: owner.fields[target].type))
    }

    mutating func inits(_ inits: [FieldInit]?, _ entity: IREntity) throws(Unsupported) -> [(name: String, value: IRExpr)] {
        var out: [(name: String, value: IRExpr)] = []
        for i in inits ?? [] { out.append((i.name.text, try expr(i.value, entity))) }
        return out
    }

    mutating func lowerAction(_ a: Action, _ entity: IREntity) throws(Unsupported) -> IRAction {
        switch a.kind {
        case .set(let path, let value):
            guard let last = path.last else { throw Unsupported(reason: "a `set` without a field") }
            if path.count == 1 {
                let s = try slot(last, entity)
                return .set(slot: s, try expr(value, entity, expected: entity.fields[s].type))
            }
            return .extended(try lowerSetThrough(path, value, entity))
        case .add(let amount, let name):
            return .add(slot: try slot(name, entity), try expr(amount, entity))
        case .tag(let e), .untag(let e):
            guard entity.tagsSlot != nil else { throw Unsupported(reason: "`\(entity.name)` has no `tags` field") }
            let x = try expr(e, entity)
            if case .tag = a.kind { return .tag(x) }
            return .untag(x)
        case .assign(let f, .to(let value)):
            let s = try slot(f, entity)
            return .set(slot: s, try expr(value, entity, expected: entity.fields[s].type))
        case .assign(let f, let how):
            return .extended(try lowerAssign(f, how, entity))
        case .move(let stage):
            guard let (l, k) = entity.lifecycle(withStage: stage.text) else { throw Unsupported(reason: "no stage `\(stage.text)`") }
            return .move(slot: l.slot, stage: k)
        case .create(let name, let fields):
            guard let target = program.entity(named: name.text) else { throw Unsupported(reason: "no entity `\(name.text)`") }
            var mapped: [(slot: Int, value: IRExpr)] = []
            for f in fields {
                let s = try slot(f.name, target)
                mapped.append((s, try expr(f.value, entity, expected: target.fields[s].type)))
            }
            return .create(entity: target.id, mapped)
        case .notify(let channel, let to, let template, let with):
            var parts: [(name: String, value: IRExpr)] = []
            // Template parts read the rule's record and the notify's `with` variables.
            var variables: [String: Expr] = [:]
            for i in with ?? [] { variables[i.name.text] = i.value }
            if let t = model.symbols.templates[template.text] {
                for p in t.parts {
                    parts.append((p.name.text, try expr(Expr(.string(p.value), p.value.span), entity, templateVariables: variables)))
                }
            }
            return .notify(channel: channel.text, to: try recipient(to, entity), template: template.text, parts: parts,
                           with: try inits(with, entity))
        case .webhook(let url, let with):
            return .webhook(url: try expr(Expr(.string(url), url.span), entity), with: try inits(with, entity))
        case .ifThen(let c, let then, let otherwise):
            return .ifThen(try expr(c, entity), try lowerBlock(then, entity),
                           else: try otherwise.map { b throws(Unsupported) in try lowerBlock(b, entity) } ?? [])
        case .task(let title, let who, let due):
            return .extended(.task(title: try expr(title, entity), to: try recipient(who, entity), due: try due.map { d throws(Unsupported) in try expr(d, entity) }))
        case .startApproval(let a):
            let index = try approval(a)
            guard program.extras.approvals[index].entity == entity.id else {
                throw Unsupported(reason: "the approval `\(a.text)` is not for `\(entity.name)`")
            }
            return .extended(.startApproval(index))
        case .error: throw Unsupported(reason: "a broken action")
        }
    }
}
