// Built-in functions and aggregates. Aggregates (`count`, `sum`, `avg`, `min`, `max`)
// range over a collection — a relation (`orders`), a projection (`orders.amount`), an
// entity's records (`Lead`) — filtered by `where` in the element's scope; in a report
// they may also take a per-record expression over the report's entity.
import CRMBase
import CRMSyntax

extension TypeChecker {
    static let aggregates: Set<String> = ["count", "sum", "avg", "min", "max"]

    /// Plain functions: name → (parameter checks, result). Documented in the README.
    static let functionNames = ["now", "today", "days_between", "lower", "upper", "length", "contains",
                                "matches", "round", "abs", "decimal", "round_robin", "least_loaded",
                                "count", "sum", "avg", "min", "max"]

    mutating func call(_ callee: Expr, _ args: [Expr], _ filter: Expr?, _ span: Span, _ scope: Scope) -> CRMType {
        guard case .name(let fn) = callee.kind else {
            ctx.report(.unknownFunction, "only built-in functions can be called", at: callee.span)
            return .error
        }
        if Self.aggregates.contains(fn) { return aggregate(fn, args, filter, span, scope) }
        if let filter {
            ctx.report(.wrongArguments, "`where` is only allowed in count, sum, avg, min and max", at: filter.span)
        }
        let types = args.map { check($0, in: scope) }
        if types.contains(where: \.isError) { return resultIgnoringArgs(fn) ?? .error }
        func arity(_ n: Int) -> Bool {
            if args.count == n { return true }
            ctx.report(.wrongArguments, "`\(fn)` takes \(n) argument\(n == 1 ? "" : "s"), found \(args.count)", at: span)
            return false
        }
        func need(_ i: Int, _ ok: (CRMType) -> Bool, _ what: String) -> Bool {
            if types[i].isOptional { reportOptional(args[i], types[i]); return false }
            if ok(types[i]) { return true }
            ctx.report(.wrongArguments, "argument \(i + 1) of `\(fn)` must be \(what), found `\(types[i])`", at: args[i].span)
            return false
        }
        switch fn {
        case "now": _ = arity(0); return .datetime
        case "today": _ = arity(0); return .date
        case "days_between":
            if arity(2) { _ = need(0, { $0 == .date || $0 == .datetime }, "a date or datetime"); _ = need(1, { $0 == .date || $0 == .datetime }, "a date or datetime") }
            return .int
        case "lower", "upper":
            if arity(1) { _ = need(0, \.isTextual, "text") }
            return .text
        case "length":
            if arity(1) { _ = need(0, { $0.isTextual || $0.element != nil }, "text or a collection") }
            return .int
        case "contains", "matches":
            if arity(2) { _ = need(0, \.isTextual, "text"); _ = need(1, \.isTextual, "text") }
            return .bool
        case "round":
            if arity(2), need(0, { $0 == .decimal || { if case .money = $0 { true } else { false } }($0) }, "a decimal or money") { _ = need(1, { $0 == .int }, "an int (digits)") }
            return types.first ?? .error
        case "abs":
            if arity(1) { _ = need(0, { $0.isNumeric || $0 == .duration || { if case .money = $0 { true } else { false } }($0) }, "a number, money or duration") }
            return types.first ?? .error
        case "decimal":
            if arity(1) { _ = need(0, \.isNumeric, "an int or decimal") }
            return .decimal
        case "round_robin", "least_loaded":
            if arity(1) { _ = need(0, { $0 == .team }, "a team") }
            return .ref("User")
        default:
            ctx.report(.unknownFunction, "unknown function `\(fn)`", at: callee.span,
                       help: Checker.suggestion(fn, Self.functionNames))
            return .error
        }
    }

    func resultIgnoringArgs(_ fn: String) -> CRMType? {
        switch fn {
        case "now": .datetime
        case "today": .date
        case "days_between", "length": .int
        case "lower", "upper": .text
        case "contains", "matches": .bool
        case "decimal": .decimal
        default: nil
        }
    }

    mutating func aggregate(_ fn: String, _ args: [Expr], _ filter: Expr?, _ span: Span, _ scope: Scope) -> CRMType {
        if args.count > 1 {
            ctx.report(.wrongArguments, "`\(fn)` takes one collection (and an optional `where`), found \(args.count) arguments", at: span)
            return .error
        }
        // Per-record form: `count()` / `avg(score)` in a report over its entity.
        guard let arg = args.first else {
            guard fn == "count", let entity = scope.aggregateEntity ?? nil else {
                ctx.report(.wrongArguments, fn == "count" ? "`count()` without a collection is only allowed in a report" : "`\(fn)` needs a collection", at: span)
                return fn == "count" ? .int : .error
            }
            if let filter { requireBool(filter, Scope(entity: entity)) }
            return .int
        }
        let (elementType, elementScope) = collection(arg, scope)
        if elementType.isError { return fn == "count" ? .int : .error }
        if let filter { requireBool(filter, elementScope ?? scope) }
        let el = elementType.unwrapped
        switch fn {
        case "count": return .int
        case "sum":
            if el.isNumeric || el == .duration { return el }
            if case .money = el { return el }
        case "avg":
            if el.isNumeric { return .optional(.decimal) }
            if case .money = el { return .optional(el) }
        default:
            if el.isOrdered { return .optional(el) }
        }
        ctx.report(.wrongArguments, "cannot take `\(fn)` of `\(elementType)` values", at: arg.span)
        return .error
    }

    /// The element type of an aggregate's argument and the scope a `where` filter sees.
    mutating func collection(_ arg: Expr, _ scope: Scope) -> (CRMType, Scope?) {
        // `orders.amount`: a projection; the filter sees each Order.
        if case .member(let base, _) = arg.kind {
            let bt = check(base, in: scope)
            if case .many(let en) = bt.unwrapped, let entity = symbols.entities[en] {
                let t = check(arg, in: scope)
                if case .list(let el) = t { return (el, Scope(entity: entity)) }
                return (.error, nil)
            }
        }
        let t = check(arg, in: scope)
        if t.isError { return (.error, nil) }
        if case .many(let en) = t.unwrapped, let entity = symbols.entities[en] { return (.ref(en), Scope(entity: entity)) }
        if let el = t.unwrapped.element { return (el, nil) }
        if let entity = scope.aggregateEntity { return (t, Scope(entity: entity)) }   // per-record in a report
        ctx.report(.wrongArguments, "an aggregate needs a collection (a relation, `Entity`, or `relation.field`), found `\(t)`", at: arg.span)
        return (.error, nil)
    }
}
