// Lowering+Derived lowers score declarations and computed fields.
//
// A score `score S for E.f { ±N when cond … }` becomes an IRScore whose conditions are
// compiled in E's scope. A computed field is either a formula over the record's own
// fields (compiled like any expression) or one aggregate over a relation,
// `fn(rel.field where filter)` / `count(rel where filter)` with fn one of count, sum,
// avg, min, max and `rel: many C via r`: the filter is compiled in C's scope and the
// reduction reuses the expression compiler's list aggregates (same empty-list results:
// sum 0, count 0, min/max/avg null). Anything else (an aggregate nested in a larger
// formula) is listed in `skipped` with the reason.
import CRMBase
import CRMSema
import CRMSyntax

extension Lowering {
    /// Lowers one score declaration (called from lowerRules in declaration order).
    mutating func lowerScore(_ s: ScoreDecl) {
        let name = s.header.name.text
        guard let e = program.entity(named: s.entity.text), let slot = e.fieldIndex[s.field.text] else {
            program.skipped.append(IRSkippedRule(name: name, reason: "`\(s.entity.text).\(s.field.text)` is not a field"))
            return
        }
        var items: [(points: Int64, when: IRExpr)] = []
        var reads = Set<Int>()
        for item in s.items {
            guard let n = Int64(item.points.filter { $0 != "_" && $0 != "+" }) else {
                program.skipped.append(IRSkippedRule(name: name, reason: "`\(item.points)` is not a whole number of points"))
                return
            }
            guard let c = compile(item.when, in: e) else {
                program.skipped.append(IRSkippedRule(name: name, reason: "a condition did not compile"))
                return
            }
            reads.formUnion(c.reads)
            items.append((item.negative ? -n : n, c))
        }
        program.extras.scores.append(IRScore(name: name, entity: e.id, slot: slot, items: items, reads: reads))
    }

    /// Lowers computed fields and indexes scores and computed fields by entity.
    mutating func lowerDerived() {
        if let u = program.entity(named: "User"), let email = u.fieldIndex["email"] {
            program.extras.user = (u.id, email, u.fieldIndex["active"])
        }
        if let t = program.entity(named: "Task"), let title = t.fieldIndex["title"] {
            program.extras.task = (t.id, title, t.fieldIndex["assignee"], t.fieldIndex["due_at"] ?? t.fieldIndex["due"])
        }
        for decl in model.files.flatMap(\.decls) {
            guard case .entity(let d) = decl.kind, let e = program.entity(named: d.header.name.text) else { continue }
            for member in d.members {
                guard case .field(let f) = member.kind, let slot = e.fieldIndex[f.name.text] else { continue }
                for case .computed(let x) in f.options {
                    lowerComputed(x, slot: slot, entity: e, decl: d)
                }
            }
        }
        for (i, s) in program.extras.scores.enumerated() { program.extras.scoresByEntity[s.entity, default: []].append(i) }
        for (i, c) in program.extras.computed.enumerated() {
            program.extras.computedByEntity[c.entity, default: []].append(i)
            if case .aggregate(let a) = c.formula { program.extras.aggregatesByChild[a.child, default: []].append(i) }
        }
    }

    static let aggregateFunctions: Set<String> = ["count", "sum", "avg", "min", "max"]

    mutating func lowerComputed(_ x: Expr, slot: Int, entity e: IREntity, decl: EntityDecl) {
        let label = "\(e.name).\(e.fields[slot].name)"
        var inner = x
        while case .paren(let y) = inner.kind { inner = y }
        if case .call(let callee, let args, let filter) = inner.kind, case .name(let fn) = callee.kind,
           Lowering.aggregateFunctions.contains(fn), args.count == 1, let rel = Lowering.relation(args[0]), relationTarget(rel.name, decl) != nil {
            do throws(Unsupported) {
                let a = try lowerAggregate(fn, rel: rel.name, field: rel.field, filter: filter, entity: e, decl: decl, span: x.span)
                program.extras.computed.append(IRComputed(entity: e.id, slot: slot, formula: .aggregate(a)))
            } catch {
                program.skipped.append(IRSkippedRule(name: label, reason: error.reason))
            }
            return
        }
        var nested = false
        Lowering.collectCalls(x) { fn, args in
            if Lowering.aggregateFunctions.contains(fn), let r = args.first.flatMap(Lowering.relation), relationTarget(r.name, decl) != nil { nested = true }
        }
        if nested {
            program.skipped.append(IRSkippedRule(name: label, reason: "an aggregate inside a larger computed formula is not kept up to date yet"))
            return
        }
        guard let c = compile(x, in: e) else {
            program.skipped.append(IRSkippedRule(name: label, reason: "the formula did not compile"))
            return
        }
        program.extras.computed.append(IRComputed(entity: e.id, slot: slot, formula: .expr(c)))
    }

    /// `rel` or `rel.field` (the argument of an aggregate).
    static func relation(_ x: Expr) -> (name: String, field: Name?)? {
        switch x.kind {
        case .name(let n): return (n, nil)
        case .member(let base, let f): if case .name(let n) = base.kind { return (n, f) }
        case .paren(let y): return relation(y)
        default: break
        }
        return nil
    }

    /// The child entity and reference field of `rel: many C via r`.
    func relationTarget(_ rel: String, _ decl: EntityDecl) -> (child: String, via: String)? {
        for member in decl.members {
            if case .field(let f) = member.kind, f.name.text == rel, case .many(let c, let via) = f.type.kind {
                return (c.text, via.text)
            }
        }
        return nil
    }

    mutating func lowerAggregate(_ fn: String, rel: String, field: Name?, filter: Expr?, entity e: IREntity,
                                 decl: EntityDecl, span: Span) throws(Unsupported) -> IRAggregate {
        guard let (childName, via) = relationTarget(rel, decl), let child = program.entity(named: childName),
              let viaSlot = child.fieldIndex[via] else {
            throw Unsupported(reason: "`\(rel)` is not a relation with a reference back to `\(e.name)`")
        }
        var valueSlot: Int?
        var element: CRMType = .bool
        if let field {
            guard let s = child.fieldIndex[field.text] else { throw Unsupported(reason: "`\(childName)` has no field `\(field.text)`") }
            valueSlot = s
            element = Lowering.runtimeType(child.fields[s].type).unwrapped
        } else if fn != "count" {
            throw Unsupported(reason: "`\(fn)(\(rel))` needs a field: `\(fn)(\(rel).field)`")
        }
        var compiledFilter: IRExpr?
        if let filter {
            guard let c = compile(filter, in: child) else { throw Unsupported(reason: "the `where` filter did not compile") }
            compiledFilter = c
        }
        let compiler = ExpressionCompiler(symbols: symbols, names: ["xs": .list(element)], calendar: program.calendar)
        let call = Expr(.call(Expr(.name(fn), span), [Expr(.name("xs"), span)], filter: nil), span)
        let reduce: CompiledExpr
        do { reduce = try compiler.compile(call) } catch {
            throw Unsupported(reason: "`\(fn)` over `\(element)` values is not supported")
        }
        var reads = Set<Int>([viaSlot])
        if let valueSlot { reads.insert(valueSlot) }
        reads.formUnion(compiledFilter?.reads ?? [])
        return IRAggregate(function: fn, child: child.id, viaSlot: viaSlot, valueSlot: valueSlot, filter: compiledFilter,
                           reduce: reduce, childReads: reads)
    }

    /// Calls `visit` with every call's function name and arguments in an expression.
    static func collectCalls(_ e: Expr, _ visit: (String, [Expr]) -> Void) {
        switch e.kind {
        case .call(let callee, let args, let filter):
            if case .name(let fn) = callee.kind { visit(fn, args) }
            for a in args { collectCalls(a, visit) }
            if let filter { collectCalls(filter, visit) }
        case .list(let xs): for x in xs { collectCalls(x, visit) }
        case .paren(let x), .unary(_, let x), .member(let x, _): collectCalls(x, visit)
        case .binary(_, let a, let b), .index(let a, let b): collectCalls(a, visit); collectCalls(b, visit)
        case .conditional(let c, let a, let b): collectCalls(c, visit); collectCalls(a, visit); collectCalls(b, visit)
        case .string(let lit): for case .interpolation(let inner) in lit.parts { collectCalls(inner, visit) }
        case .name, .literal, .bool, .null, .error: break
        }
    }
}
