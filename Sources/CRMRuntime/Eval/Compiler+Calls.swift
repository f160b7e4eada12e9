// Compiler+Calls owns the built-in functions of README's "Built-in functions": clock
// functions read the injected clock in the model's zone; text functions work on Unicode
// scalars; `round` is half-even; aggregates run over list values only (relations need
// the store, which the interpreter provides).
import CRMBase
import CRMSema
import CRMSyntax

extension ExpressionCompiler {
    func call(_ callee: Expr, _ args: [Expr], _ filter: Expr?, _ e: Expr) throws(EvalError) -> Node {
        guard case .name(let fn) = callee.kind else {
            throw EvalError(.runtimeTypeError, "only built-in functions can be called", at: callee.span)
        }
        if let filter {
            throw EvalError(.invalidArgument, "`where` filters need records from the store; not available here", at: filter.span)
        }
        var argNodes: [Node] = []
        for a in args { argNodes.append(try node(a, expected: nil)) }
        let thunks = argNodes.map(\.run)
        let me = self
        /// Evaluates the arguments, then applies `body`, locating any failure at the call.
        func make(_ type: CRMType?, arity: Int, _ body: @escaping ([Value], EvalContext) throws(ArithmeticError) -> Value) throws(EvalError) -> Node {
            guard args.count == arity else {
                throw EvalError(.runtimeTypeError, "`\(fn)` takes \(arity) argument\(arity == 1 ? "" : "s"), found \(args.count)", at: e.span)
            }
            return Node(type: type) { ctx throws(EvalError) in
                var values: [Value] = []
                for t in thunks { values.append(try t(ctx)) }
                do throws(ArithmeticError) { return try body(values, ctx) } catch { throw EvalError.located(error, at: e.span, what: me.what(e)) }
            }
        }
        let first = argNodes.first?.type
        switch fn {
        case "now":
            var n = try make(.datetime, arity: 0) { _, ctx in .datetime(ctx.clock.nowMicros()) }
            n.isNow = true
            return n
        case "today": return try make(.date, arity: 0) { _, ctx in .date(ctx.calendar.local(ofInstant: ctx.clock.nowMicros()).days) }
        case "days_between":
            // Whole local calendar days from the first to the second (datetimes are taken
            // at their local date in the zone): days_between(2026-03-01, 2026-03-08) = 7.
            return try make(.int, arity: 2) { v, ctx throws(ArithmeticError) in
                func day(_ x: Value) throws(ArithmeticError) -> Int64 {
                    switch x {
                    case .date(let d): return d
                    case .datetime(let t): return ctx.calendar.local(ofInstant: t).days
                    default: throw .typeMismatch("days_between needs dates or datetimes, not \(x.kindName)")
                    }
                }
                return .int(try day(v[1]) - day(v[0]))
            }
        case "lower", "upper":
            return try make(.text, arity: 1) { v, _ throws(ArithmeticError) in
                guard case .text(let s) = v[0] else { throw .typeMismatch("\(fn) needs text") }
                return .text(fn == "lower" ? s.lowercased() : s.uppercased())
            }
        case "length":
            // Unicode scalars, not grapheme clusters: length("客户👍🏽") is 4.
            return try make(.int, arity: 1) { v, _ throws(ArithmeticError) in
                switch v[0] {
                case .text(let s): return .int(Int64(s.unicodeScalars.count))
                case .list(let xs): return .int(Int64(xs.count))
                default: throw .typeMismatch("length needs text or a list, not \(v[0].kindName)")
                }
            }
        case "contains":
            return try make(.bool, arity: 2) { v, _ throws(ArithmeticError) in
                guard case .text(let s) = v[0], case .text(let t) = v[1] else { throw .typeMismatch("contains needs text") }
                return .bool(TextOps.contains(s, t))
            }
        case "matches":
            // A search (as CEL's matches): true if the pattern matches anywhere in the text.
            return try make(.bool, arity: 2) { v, _ throws(ArithmeticError) in
                guard case .text(let s) = v[0], case .text(let p) = v[1] else { throw .typeMismatch("matches needs text") }
                guard let regex = try? Regex(p) else { throw .invalidArgument("`\(p)` is not a valid regular expression") }
                return .bool((try? regex.firstMatch(in: s)) != nil)
            }
        case "round":
            // Half-even to `digits` fractional digits (0...18); money keeps its currency.
            return try make(first, arity: 2) { v, _ throws(ArithmeticError) in
                guard case .int(let digits) = v[1] else { throw .typeMismatch("round needs an int number of digits") }
                switch v[0] {
                case .decimal(let d): return .decimal(try d.rounded(toDigits: digits))
                case .money(let d, let c): return .money(try d.rounded(toDigits: digits), currency: c)
                default: throw .typeMismatch("round needs a decimal or money, not \(v[0].kindName)")
                }
            }
        case "abs": return try make(first, arity: 1) { v, _ throws(ArithmeticError) in try Arithmetic.abs(v[0]) }
        case "decimal":
            return try make(.decimal, arity: 1) { v, _ throws(ArithmeticError) in
                switch v[0] {
                case .int(let n): return .decimal(ExactDecimal(n))
                case .decimal: return v[0]
                default: throw .typeMismatch("decimal() needs an int or decimal, not \(v[0].kindName)")
                }
            }
        case "round_robin", "least_loaded":
            throw EvalError(.invalidArgument, "`\(fn)` routes records and needs the runtime's store; it cannot be evaluated here", at: e.span)
        case "count", "sum", "avg", "min", "max":
            return try aggregate(fn, first, make)
        default:
            throw EvalError(.runtimeTypeError, "unknown function `\(fn)`", at: callee.span)
        }
    }

    typealias Maker = (CRMType?, Int, @escaping ([Value], EvalContext) throws(ArithmeticError) -> Value) throws(EvalError) -> Node

    /// Aggregates over a list value: `count`, `sum` (0 of the element type when empty),
    /// `avg` (a decimal for numbers, rounded half-even to 18 digits; money stays money;
    /// null when empty), `min`, `max` (null when empty).
    func aggregate(_ fn: String, _ listType: CRMType?, _ make: Maker) throws(EvalError) -> Node {
        let element = listType?.unwrapped.element?.unwrapped
        let resultType: CRMType? = switch fn {
        case "count": .int
        case "sum": element
        case "avg": element.map { if case .money = $0 { $0.optional } else { CRMType.optional(.decimal) } }
        default: element?.optional
        }
        return try make(resultType, 1) { v, ctx throws(ArithmeticError) in
            guard case .list(let all) = v[0] else { throw .typeMismatch("\(fn) needs a list, not \(v[0].kindName)") }
            let xs = all.filter { !$0.isNull }
            switch fn {
            case "count": return .int(Int64(xs.count))
            case "min", "max":
                var best: Value = .null
                for x in xs {
                    if best.isNull { best = x; continue }
                    guard let c = Value.compare(x, best) else { throw .typeMismatch("cannot order \(x.kindName) values") }
                    if (fn == "min" && c < 0) || (fn == "max" && c > 0) { best = x }
                }
                return best
            default:
                guard var total = xs.first else {
                    if fn == "avg" { return .null }
                    switch element {
                    case .decimal?: return .decimal(.zero)
                    case .money(let c)?: return .money(.zero, currency: c)
                    case .duration?: return .duration(CalendarDuration())
                    default: return .int(0)
                    }
                }
                for x in xs.dropFirst() { total = try Arithmetic.binary(.add, total, x, calendar: ctx.calendar) }
                if fn == "sum" { return total }
                let n = ExactDecimal(Int64(xs.count))
                switch total {
                case .int(let i): return .decimal(try ExactDecimal(i).divided(by: n))
                case .decimal(let d): return .decimal(try d.divided(by: n))
                case .money(let d, let c): return .money(try d.divided(by: n), currency: c)
                default: throw .typeMismatch("avg needs numbers or money")
                }
            }
        }
    }
}
