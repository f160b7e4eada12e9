// Compiler+Operators owns the operators: CEL-style `and`/`or` (an error is absorbed by
// a deciding value on either side), equality and ordering (text by Unicode scalars),
// `in`/`has`, `??` (lazy), arithmetic (Arithmetic.swift), and member parts of dates.
import CRMBase
import CRMSema
import CRMSyntax

extension ExpressionCompiler {
    func unary(_ op: UnaryOp, _ operand: Expr, _ e: Expr) throws(EvalError) -> Node {
        let o = try node(operand, expected: op == .not ? .bool : nil)
        let me = self
        switch op {
        case .not:
            return Node(type: .bool) { ctx throws(EvalError) in
                guard case .bool(let b) = try o.run(ctx) else { throw me.typeError(e, "`not` needs a bool") }
                return .bool(!b)
            }
        case .negate:
            return Node(type: o.type) { ctx throws(EvalError) in
                let v = try o.run(ctx)
                do throws(ArithmeticError) { return try Arithmetic.negate(v) } catch { throw EvalError.located(error, at: e.span, what: me.what(e)) }
            }
        }
    }

    func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ e: Expr) throws(EvalError) -> Node {
        switch op {
        case .and, .or: return try logical(op == .and, l, r, e)
        case .coalesce:
            let ln = try node(l, expected: nil)
            let rn = try node(r, expected: ln.type?.unwrapped)
            return Node(type: rn.type ?? ln.type?.unwrapped) { ctx throws(EvalError) in
                let v = try ln.run(ctx)
                return v.isNull ? try rn.run(ctx) : v      // lazy: the default runs only if needed
            }
        default: break
        }
        // Comparisons let each side guide a bare enum member on the other (`淘宝 == source`);
        // `in`/`has` guide between an item and the list's elements (`s in [已联系, 高意向]`).
        var ln = try? node(l, expected: nil)
        let rn = try node(r, expected: ln.flatMap { Self.otherSide(op, $0.type, leftKnown: true) })
        if ln == nil { ln = try node(l, expected: Self.otherSide(op, rn.type, leftKnown: false)) }
        guard let ln else { throw typeError(l, "cannot compile") }
        let general = generalBinary(op, ln, rn, e)
        return fastBinary(op, ln, rn, general: general) ?? general   // Compiler+FastPaths.swift
    }

    /// A comparison, `in`/`has` or arithmetic over any two compiled operands.
    func generalBinary(_ op: BinaryOp, _ ln: Node, _ rn: Node, _ e: Expr) -> Node {
        let me = self
        switch op {
        case .eq, .ne:
            let wantEqual = op == .eq
            return Node(type: .bool) { ctx throws(EvalError) in
                .bool((try ln.run(ctx) == rn.run(ctx)) == wantEqual)
            }
        case .lt, .le, .gt, .ge:
            return Node(type: .bool) { ctx throws(EvalError) in
                let a = try ln.run(ctx), b = try rn.run(ctx)
                guard let c = Value.compare(a, b) else {
                    if case .duration = a {
                        throw EvalError(.invalidDateArithmetic, "cannot order \(a.canonical(in: nil)) and \(b.canonical(in: nil)) in \(me.what(e)): months have no fixed length", at: e.span)
                    }
                    throw me.typeError(e, "cannot order \(a.kindName) and \(b.kindName)")
                }
                switch op {
                case .lt: return .bool(c < 0)
                case .le: return .bool(c <= 0)
                case .gt: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        case .in, .has:
            let (item, coll) = op == .in ? (ln, rn) : (rn, ln)
            return Node(type: .bool) { ctx throws(EvalError) in
                let iv = try item.run(ctx), cv = try coll.run(ctx)
                switch (iv, cv) {
                case (_, .list(let xs)): return .bool(xs.contains(iv))
                case (.text(let needle), .text(let hay)): return .bool(TextOps.contains(hay, needle))
                default: throw me.typeError(e, "`\(op.rawValue)` needs a list or text, not \(cv.kindName)")
                }
            }
        default:
            return Node(type: Self.arithmeticType(op, ln.type, rn.type)) { ctx throws(EvalError) in
                let a = try ln.run(ctx), b = try rn.run(ctx)
                do throws(ArithmeticError) { return try Arithmetic.binary(op, a, b, calendar: ctx.calendar) } catch {
                    throw EvalError.located(error, at: e.span, what: me.what(e))
                }
            }
        }
    }

    /// The type one operand of `op` expects from the other's `known` type: the same type
    /// for comparisons; for `item in list` (and `list has item`) a list of the item's type
    /// or the list's element type. `leftKnown` says which side `known` belongs to.
    static func otherSide(_ op: BinaryOp, _ known: CRMType?, leftKnown: Bool) -> CRMType? {
        guard let known else { return nil }
        let collectionKnown = (op == .in) != leftKnown     // `in`: the right side is the list
        switch op {
        case .in, .has:
            if collectionKnown { return known.unwrapped.element }
            if case .text = known.unwrapped { return nil }   // `"a" in text` / `text has "a"`
            return .list(known.unwrapped)
        default: return known
        }
    }

    /// CEL's commutative `and`/`or`: `false and <error>` and `<error> and false` are both
    /// false; `true or <error>` and `<error> or true` are both true; otherwise the first
    /// error (left before right) propagates. Evaluation is left to right and stops as
    /// soon as the left side decides.
    func logical(_ isAnd: Bool, _ l: Expr, _ r: Expr, _ e: Expr) throws(EvalError) -> Node {
        let ln = try node(l, expected: .bool), rn = try node(r, expected: .bool)
        let decider = !isAnd        // `false` decides `and`, `true` decides `or`
        let me = self
        func side(_ n: Node, _ x: Expr, _ ctx: EvalContext) -> Result<Bool, EvalError> {
            do {
                guard case .bool(let b) = try n.run(ctx) else {
                    return .failure(me.typeError(x, "`\(isAnd ? "and" : "or")` needs bool operands"))
                }
                return .success(b)
            } catch { return .failure(error) }
        }
        // Two decided tests: CEL's `and` of two bools is the plain one.
        let test = isAnd ? ln.test.flatMap { a in rn.test.map { StoredTest(parts: a.parts + $0.parts) } } : nil
        return Node(type: .bool, test: test) { ctx throws(EvalError) in
            let a = side(ln, l, ctx)
            if case .success(decider) = a { return .bool(decider) }
            let b = side(rn, r, ctx)
            if case .success(decider) = b { return .bool(decider) }
            if case .failure(let err) = a { throw err }
            if case .failure(let err) = b { throw err }
            return .bool(!decider)
        }
    }

    /// The static result type of arithmetic, mirroring the checker's table where it matters.
    static func arithmeticType(_ op: BinaryOp, _ l: CRMType?, _ r: CRMType?) -> CRMType? {
        guard let l = l?.unwrapped, let r = r?.unwrapped else { return nil }
        switch (op, l, r) {
        case (.div, .money, .money): return .decimal
        case (_, .money, _): return l
        case (_, _, .money): return r
        case (_, .date, .duration), (_, .duration, .date): return .date
        case (_, .datetime, .duration), (_, .duration, .datetime): return .datetime
        case (.sub, .date, .date), (.sub, .datetime, .datetime): return .duration
        case (_, .duration, _), (_, _, .duration): return .duration
        default: return l
        }
    }

    /// `base.name`: an enum member (`渠道.淘宝`), a date/datetime part in the model's zone
    /// (year, month, day, hour, minute, ISO weekday 1 = Monday, date), or a record field.
    func member(_ base: Expr, _ name: Name, _ e: Expr) throws(EvalError) -> Node {
        if case .name(let en) = base.kind, names[en] == nil, symbols.enums[en] != nil {
            guard let m = enumMember(en, name.text) else {
                throw EvalError(.runtimeTypeError, "`\(en)` has no member `\(name.text)`", at: name.span)
            }
            return .constant(.enumMember(m), .enumeration(en))
        }
        let b = try node(base, expected: nil)
        let part = name.text
        let me = self
        var partType: CRMType? = ["year", "month", "day", "hour", "minute", "weekday"].contains(part) ? .int
            : (part == "date" ? .date : nil)
        // A field of a record (`l.status` in a test): its type lets a bare stage or enum
        // member on the other side of a comparison resolve (`l.status == 已联系`).
        if case .ref(let en)? = b.type?.unwrapped, let f = symbols.entities[en]?.field(part) {
            partType = Lowering.runtimeType(f.type)
        }
        return Node(type: partType.map { b.type?.isOptional == true ? $0.optional : $0 }) { ctx throws(EvalError) in
            let v = try b.run(ctx)
            let days: Int64, microsOfDay: Int64?
            switch v {
            case .null: return .null                     // `owner?.x` style propagation of an empty value
            case .date(let d): days = d; microsOfDay = nil
            case .datetime(let t): (days, microsOfDay) = ctx.calendar.local(ofInstant: t)
            case .record:
                guard let f = ctx.environment.field(part, of: v) else {
                    throw EvalError(.runtimeTypeError, "no field `\(part)` on \(v.canonical(in: nil))", at: name.span)
                }
                return f
            default: throw me.typeError(e, "a \(v.kindName) has no part `\(part)`")
            }
            let c = CivilDate(days: days)
            switch (part, microsOfDay) {
            case ("year", _): return .int(c.year)
            case ("month", _): return .int(c.month)
            case ("day", _): return .int(c.day)
            case ("weekday", _): return .int(CivilDate.weekday(ofDays: days))
            case ("date", .some): return .date(days)
            case ("hour", .some(let m)): return .int(m / 3_600_000_000)
            case ("minute", .some(let m)): return .int(m % 3_600_000_000 / 60_000_000)
            default: throw me.typeError(e, "a \(v.kindName) has no part `\(part)`")
            }
        }
    }
}

/// Text operations by Unicode scalars (not grapheme clusters, not canonical equivalence).
enum TextOps {
    /// Whether `needle`'s scalars occur contiguously in `hay`'s.
    static func contains(_ hay: String, _ needle: String) -> Bool {
        let h = Array(hay.unicodeScalars), n = Array(needle.unicodeScalars)
        if n.isEmpty { return true }
        if n.count > h.count { return false }
        for i in 0...(h.count - n.count) where h[i] == n[0] {
            if h[i..<(i + n.count)].elementsEqual(n) { return true }
        }
        return false
    }
}
