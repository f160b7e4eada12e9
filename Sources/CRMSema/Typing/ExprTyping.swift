// TypeChecker gives every expression a type in a Scope, reporting each mistake once: a
// broken subexpression has type `error`, which every check accepts silently.
import CRMBase
import CRMSyntax

public struct TypeChecker {
    let ctx: CheckContext
    var symbols: SymbolTable { ctx.symbols }
    /// Names that `openNames` scopes met and could not resolve (template variables).
    public var openNamesSeen: [(String, Span)] = []

    public init(_ ctx: CheckContext) { self.ctx = ctx }

    /// `check(_:in:expecting:)` types `e`; `expected` guides bare enum members and stages.
    public mutating func check(_ e: Expr, in scope: Scope, expecting expected: CRMType? = nil) -> CRMType {
        switch e.kind {
        case .error: return .error
        case .name(let n): return resolveName(n, e.span, scope, expected)
        case .literal(let kind, let text): return literalType(kind, text)
        case .string(let s):
            for part in s.parts { if case .interpolation(let inner) = part { _ = check(inner, in: scope) } }
            return .text
        case .bool: return .bool
        case .null: return .null
        case .paren(let inner): return check(inner, in: scope, expecting: expected)
        case .list(let items): return listType(items, scope, expected)
        case .unary(let op, let operand): return unary(op, operand, e.span, scope)
        case .binary(let op, let l, let r): return binary(op, l, r, e.span, scope)
        case .member(let base, let name): return member(base, name, scope)
        case .call(let callee, let args, let filter): return call(callee, args, filter, e.span, scope)
        case .index(let base, let index):
            let b = check(base, in: scope)
            let i = check(index, in: scope)
            if !i.isError && i != .int { mismatch(index.span, expected: .int, found: i) }
            if case .list(let t) = b { return t.optional }
            if !b.isError { ctx.report(.invalidOperands, "only a list can be indexed, not `\(b)`", at: base.span) }
            return .error
        case .conditional(let c, let a, let b):
            let narrowed = scope.narrowing(nonNullFacts(c))
            requireBool(c, scope)
            let ta = check(a, in: narrowed, expecting: expected)
            let tb = check(b, in: scope, expecting: expected ?? ta)
            return join(ta, tb, b.span)
        }
    }

    /// `requireBool` checks a condition.
    public mutating func requireBool(_ e: Expr, _ scope: Scope) {
        let t = check(e, in: scope)
        if t.isError || t == .bool { return }
        if t == .optional(.bool) {
            ctx.report(.optionalUsed, "this condition may be empty (`bool?`)", at: e.span, help: "compare it: `x == true`")
            return
        }
        ctx.report(.conditionNotBool, "a condition must be `bool`, but this is `\(t)`", at: e.span,
                   help: t.isNumeric ? "compare it, for example `> 0`" : nil)
    }

    /// `expect(_:_:in:)` checks that `e` can be stored where `type` is expected.
    public mutating func expect(_ e: Expr, _ type: CRMType, in scope: Scope, what: String = "value") {
        let t = check(e, in: scope, expecting: type)
        if type.accepts(t) { return }
        if case .money(let a) = type.unwrapped, case .money(let b) = t.unwrapped, a != b {
            ctx.report(.currencyMismatch, "expected money in \(a), found \(b)", at: e.span)
            return
        }
        if t.isOptional && type.accepts(t.unwrapped) {
            reportOptional(e, t)
            return
        }
        mismatch(e.span, expected: type, found: t, what: what)
    }

    mutating func mismatch(_ span: Span, expected: CRMType, found: CRMType, what: String = "value") {
        var help: String? = nil
        if expected == .decimal && found == .int { help = "write a decimal such as `1.0`, or `decimal(x)`" }
        if case .enumeration(let en) = expected, found == .text { help = "use a member of `\(en)`, not a string" }
        ctx.report(.typeMismatch, "expected \(what) of type `\(expected)`, found `\(found)`", at: span, help: help)
    }

    mutating func reportOptional(_ e: Expr, _ t: CRMType) {
        let name = e.path.map { "`\($0)`" } ?? "this value"
        ctx.report(.optionalUsed, "\(name) may be empty (type `\(t)`)", at: e.span,
                   help: "check `\(e.path ?? "x") != null` first, or give a default with `??`")
    }

    func literalType(_ kind: LiteralKind, _ text: String) -> CRMType {
        switch kind {
        case .int: return .int
        case .decimal: return .decimal
        case .money: return .money(String(text.split(separator: " ").last ?? "CNY"))
        case .duration: return .duration
        case .date: return .date
        case .datetime: return .datetime
        case .time: return .time
        }
    }

    mutating func listType(_ items: [Expr], _ scope: Scope, _ expected: CRMType?) -> CRMType {
        var elementExpected = expected?.unwrapped.element
        var element: CRMType? = nil
        for item in items {
            let t = check(item, in: scope, expecting: elementExpected)
            if t.isError { continue }
            if let el = element {
                if !el.accepts(t) && !t.accepts(el) {
                    ctx.report(.typeMismatch, "list elements must share one type: `\(el)` and `\(t)`", at: item.span)
                }
            } else {
                element = t
                elementExpected = elementExpected ?? t
            }
        }
        return .list(element ?? elementExpected ?? .error)
    }

    /// The common type of two branches.
    mutating func join(_ a: CRMType, _ b: CRMType, _ span: Span) -> CRMType {
        if a.isError { return b }
        if b.isError || a == b { return a }
        if a == .null { return b.optional }
        if b == .null { return a.optional }
        if a.accepts(b) { return a }
        if b.accepts(a) { return b }
        ctx.report(.typeMismatch, "both branches must have one type: `\(a)` and `\(b)`", at: span)
        return .error
    }
}
