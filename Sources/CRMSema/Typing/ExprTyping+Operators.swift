// Operator typing: no implicit conversions, money keeps its currency, date arithmetic
// needs durations, optionals must be checked before use, `!= null` narrows.
import CRMBase
import CRMSyntax

extension TypeChecker {
    mutating func unary(_ op: UnaryOp, _ operand: Expr, _ span: Span, _ scope: Scope) -> CRMType {
        switch op {
        case .not:
            requireBool(operand, scope)
            return .bool
        case .negate:
            let t = check(operand, in: scope)
            if t.isError { return .error }
            if t.isOptional { reportOptional(operand, t); return .error }
            switch t {
            case .int, .decimal, .money, .duration: return t
            default:
                ctx.report(.invalidOperands, "cannot negate a value of type `\(t)`", at: span)
                return .error
            }
        }
    }

    /// Facts `x != null` established when `e` is true (`a != null and b != null`).
    func nonNullFacts(_ e: Expr) -> Set<String> {
        switch e.kind {
        case .binary(.ne, let l, let r):
            if case .null = r.kind, let p = l.path { return [p] }
            if case .null = l.kind, let p = r.path { return [p] }
            return []
        case .binary(.and, let l, let r): return nonNullFacts(l).union(nonNullFacts(r))
        case .paren(let inner): return nonNullFacts(inner)
        default: return []
        }
    }

    /// Facts `x != null` established when `e` is false (`x == null or …`).
    func nonNullFactsWhenFalse(_ e: Expr) -> Set<String> {
        switch e.kind {
        case .binary(.eq, let l, let r):
            if case .null = r.kind, let p = l.path { return [p] }
            if case .null = l.kind, let p = r.path { return [p] }
            return []
        case .binary(.or, let l, let r): return nonNullFactsWhenFalse(l).union(nonNullFactsWhenFalse(r))
        case .paren(let inner): return nonNullFactsWhenFalse(inner)
        default: return []
        }
    }

    mutating func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: Span, _ scope: Scope) -> CRMType {
        switch op {
        case .and, .or:
            requireBool(l, scope)
            let facts = op == .and ? nonNullFacts(l) : nonNullFactsWhenFalse(l)
            requireBool(r, scope.narrowing(facts))
            return .bool
        case .eq, .ne: return equality(l, r, span, scope)
        case .lt, .le, .gt, .ge: return ordering(op, l, r, span, scope)
        case .in, .has: return membership(op, l, r, span, scope)
        case .coalesce:
            let lt = check(l, in: scope)
            let rt = check(r, in: scope, expecting: lt.unwrapped)
            if lt.isError || rt.isError { return lt.isError ? rt : lt.unwrapped }
            if !lt.isOptional {
                ctx.report(.invalidOperands, "`??` needs an optional on the left, but this is `\(lt)`", at: l.span,
                           help: "the value is never empty; drop `?? …`")
                return lt
            }
            if !lt.unwrapped.accepts(rt.unwrapped) && !rt.unwrapped.accepts(lt.unwrapped) {
                mismatch(r.span, expected: lt.unwrapped, found: rt, what: "default")
                return .error
            }
            return rt.isOptional ? lt : lt.unwrapped
        case .add, .sub, .mul, .div, .mod: return arithmetic(op, l, r, span, scope)
        }
    }

    mutating func equality(_ l: Expr, _ r: Expr, _ span: Span, _ scope: Scope) -> CRMType {
        let (lt, rt) = checkPair(l, r, scope)
        if lt.isError || rt.isError { return .bool }
        if lt == .null || rt == .null {
            let other = lt == .null ? rt : lt
            if !other.isOptional && other != .null {
                ctx.report(.invalidOperands, "`\(other)` is never empty, so comparing it with `null` is always \(lt == rt ? "true" : "the same")",
                           at: span, help: "declare the field optional (`\(other)?`) or drop the test")
            }
            return .bool
        }
        if !comparable(lt.unwrapped, rt.unwrapped) {
            ctx.report(.invalidOperands, "cannot compare `\(lt)` with `\(rt)`", at: span,
                       help: lt.unwrapped.isTextual && rt.unwrapped.isTextual ? nil : "values of different types are never equal; convert one explicitly")
        }
        return .bool
    }

    /// `checkPair` types both operands of a comparison, letting each guide the other: a
    /// bare enum member on the left (`其他 == source`) is typed after the right side.
    mutating func checkPair(_ l: Expr, _ r: Expr, _ scope: Scope) -> (CRMType, CRMType) {
        if needsContext(l, scope) && !needsContext(r, scope) {
            let rt = check(r, in: scope)
            return (check(l, in: scope, expecting: rt.isError ? nil : rt), rt)
        }
        let lt = check(l, in: scope)
        return (lt, check(r, in: scope, expecting: lt.isError ? nil : lt))
    }

    /// A bare name that only the context can resolve: an enum member or stage, not a
    /// field or a local.
    func needsContext(_ e: Expr, _ scope: Scope) -> Bool {
        guard case .name(let n) = e.kind, scope.locals[n] == nil, scope.entity?.field(n) == nil else { return false }
        return symbols.enumsByMember[n] != nil || (scope.entity?.lifecycle(withStage: n).isEmpty == false)
    }

    /// Types that may be compared for equality: the same type, or two text-like types.
    func comparable(_ a: CRMType, _ b: CRMType) -> Bool {
        if a == b { return true }
        if a.isTextual && b.isTextual { return true }
        if case .rating = a, b == .int { return true }
        if case .rating = b, a == .int { return true }
        if case .money = a, case .money = b { return false }
        return false
    }

    mutating func ordering(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: Span, _ scope: Scope) -> CRMType {
        let (lt, rt) = checkPair(l, r, scope)
        if lt.isError || rt.isError { return .bool }
        if lt.isOptional { reportOptional(l, lt); return .bool }
        if rt.isOptional { reportOptional(r, rt); return .bool }
        if case .money(let a) = lt, case .money(let b) = rt, a != b {
            ctx.report(.currencyMismatch, "cannot compare money in \(a) with money in \(b)", at: span)
            return .bool
        }
        if !comparable(lt, rt) || !lt.isOrdered {
            ctx.report(.invalidOperands, "cannot order `\(lt)` and `\(rt)` with `\(op.rawValue)`", at: span)
        }
        return .bool
    }

    mutating func membership(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: Span, _ scope: Scope) -> CRMType {
        let (itemExpr, collExpr) = op == .in ? (l, r) : (r, l)
        let item = check(itemExpr, in: scope)
        let coll = check(collExpr, in: scope, expecting: item.isError ? nil : .list(item.unwrapped))
        if item.isError || coll.isError { return .bool }
        if coll.isOptional { reportOptional(collExpr, coll); return .bool }
        if coll.isTextual && item.isTextual { return .bool }   // substring test
        guard let element = coll.element else {
            ctx.report(.invalidOperands, "`\(op.rawValue)` needs a list or set, but this is `\(coll)`", at: collExpr.span)
            return .bool
        }
        if element.isError { return .bool }
        if !comparable(item.unwrapped, element.unwrapped) {
            ctx.report(.typeMismatch, "a `\(item)` is never in a collection of `\(element)`", at: span)
        }
        return .bool
    }

    mutating func arithmetic(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: Span, _ scope: Scope) -> CRMType {
        let lt = check(l, in: scope)
        let rt = check(r, in: scope, expecting: lt.isError ? nil : lt)
        if lt.isError || rt.isError { return .error }
        if lt.isOptional { reportOptional(l, lt); return .error }
        if rt.isOptional { reportOptional(r, rt); return .error }
        if let t = arithmeticResult(op, lt, rt) { return t }
        if case .money(let a) = lt, case .money(let b) = rt, a != b {
            ctx.report(.currencyMismatch, "cannot combine money in \(a) with money in \(b)", at: span)
            return .error
        }
        var help: String? = nil
        if (lt == .date || lt == .datetime) && rt == .int { help = "say the unit: `+ \(exprText(r)) days`" }
        if (lt == .int && rt == .decimal) || (lt == .decimal && rt == .int) { help = "no implicit conversion: write `decimal(x)` or a decimal literal such as `2.0`" }
        ctx.report(.invalidOperands, "`\(op.rawValue)` is not defined for `\(lt)` and `\(rt)`", at: span, help: help)
        return .error
    }

    /// The result of `l op r`, or nil if the operator is not defined for the types.
    func arithmeticResult(_ op: BinaryOp, _ l: CRMType, _ r: CRMType) -> CRMType? {
        switch (op, l, r) {
        case (_, .int, .int), (_, .decimal, .decimal): return l
        case (.add, .text, .text): return .text
        case (.add, .money(let a), .money(let b)), (.sub, .money(let a), .money(let b)):
            return a == b ? l : nil
        case (.div, .money(let a), .money(let b)): return a == b ? .decimal : nil
        case (.mul, .money, .int), (.mul, .money, .decimal), (.div, .money, .int), (.div, .money, .decimal): return l
        case (.mul, .int, .money), (.mul, .decimal, .money): return r
        case (.add, .date, .duration), (.sub, .date, .duration): return .date
        case (.add, .datetime, .duration), (.sub, .datetime, .duration): return .datetime
        case (.add, .duration, .date): return .date
        case (.add, .duration, .datetime): return .datetime
        case (.sub, .date, .date), (.sub, .datetime, .datetime): return .duration
        case (.add, .duration, .duration), (.sub, .duration, .duration): return .duration
        case (.mul, .duration, .int), (.div, .duration, .int): return .duration
        case (.mul, .int, .duration): return .duration
        default: return nil
        }
    }

    func exprText(_ e: Expr) -> String {
        if case .literal(_, let t) = e.kind { return t }
        return "N"
    }
}
