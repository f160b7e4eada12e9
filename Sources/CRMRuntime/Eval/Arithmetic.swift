// Arithmetic owns `+ - * / %` and unary `-` on values, exactly as the charter says:
// 64-bit ints with overflow and division by zero as errors (int division truncates
// toward zero, `%` takes the dividend's sign), exact decimals, money that keeps its
// currency (money × number = money, money ÷ money = decimal), calendar-aware date and
// datetime arithmetic in the zone. Any other pairing is a type error, not a crash.
import CRMSyntax

enum Arithmetic {
    /// `binary(_:_:_:calendar:)` applies an arithmetic operator.
    static func binary(_ op: BinaryOp, _ l: Value, _ r: Value, calendar: ZonedCalendar) throws(ArithmeticError) -> Value {
        switch (l, r) {
        case (.int(let a), .int(let b)): return .int(try int(op, a, b))
        case (.decimal(let a), .decimal(let b)): return .decimal(try decimal(op, a, b))
        case (.text(let a), .text(let b)) where op == .add: return .text(a + b)
        case (.money(let a, let c), .money(let b, let d)):
            guard c == d else { throw .typeMismatch("money in \(c) and money in \(d) do not mix") }
            switch op {
            case .add, .sub: return .money(try decimal(op, a, b), currency: c)
            case .div: return .decimal(try a.divided(by: b))
            default: break
            }
        case (.money(let a, let c), .int(let n)) where op == .mul || op == .div:
            return .money(try decimal(op, a, ExactDecimal(n)), currency: c)
        case (.money(let a, let c), .decimal(let b)) where op == .mul || op == .div:
            return .money(try decimal(op, a, b), currency: c)
        case (.int(let n), .money(let b, let c)) where op == .mul:
            return .money(try ExactDecimal(n).multiplied(by: b), currency: c)
        case (.decimal(let a), .money(let b, let c)) where op == .mul:
            return .money(try a.multiplied(by: b), currency: c)
        case (.date(let d), .duration(let u)) where op == .add || op == .sub:
            return .date(try calendar.add(op == .add ? u : u.negated(), toDate: d))
        case (.duration(let u), .date(let d)) where op == .add:
            return .date(try calendar.add(u, toDate: d))
        case (.datetime(let t), .duration(let u)) where op == .add || op == .sub:
            return .datetime(try calendar.add(op == .add ? u : u.negated(), toInstant: t))
        case (.duration(let u), .datetime(let t)) where op == .add:
            return .datetime(try calendar.add(u, toInstant: t))
        case (.date(let a), .date(let b)) where op == .sub:
            return .duration(CalendarDuration(micros: try int(.mul, int(.sub, a, b), CalendarDuration.microsPerDay)))
        case (.datetime(let a), .datetime(let b)) where op == .sub:
            return .duration(CalendarDuration(micros: try int(.sub, a, b)))
        case (.duration(let a), .duration(let b)) where op == .add: return .duration(try a.adding(b))
        case (.duration(let a), .duration(let b)) where op == .sub: return .duration(try a.subtracting(b))
        case (.duration(let a), .int(let n)) where op == .mul: return .duration(try a.multiplied(by: n))
        case (.int(let n), .duration(let a)) where op == .mul: return .duration(try a.multiplied(by: n))
        case (.duration(let a), .int(let n)) where op == .div: return .duration(try a.divided(by: n))
        default: break
        }
        throw .typeMismatch("`\(op.rawValue)` is not defined for \(l.kindName) and \(r.kindName)")
    }

    /// 64-bit integer arithmetic; every overflow is reported, never wrapped.
    static func int(_ op: BinaryOp, _ a: Int64, _ b: Int64) throws(ArithmeticError) -> Int64 {
        let (v, o): (Int64, Bool)
        switch op {
        case .add: (v, o) = a.addingReportingOverflow(b)
        case .sub: (v, o) = a.subtractingReportingOverflow(b)
        case .mul: (v, o) = a.multipliedReportingOverflow(by: b)
        case .div:
            if b == 0 { throw .divisionByZero }
            (v, o) = a.dividedReportingOverflow(by: b)            // Int64.min / -1 overflows
        case .mod:
            if b == 0 { throw .divisionByZero }
            // Why not an error: Int64.min % -1 is exactly 0, which fits.
            if b == -1 { return 0 }
            (v, o) = a.remainderReportingOverflow(dividingBy: b)
        default: throw .typeMismatch("`\(op.rawValue)` is not arithmetic")
        }
        if o { throw .integerOverflow }
        return v
    }

    static func decimal(_ op: BinaryOp, _ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        switch op {
        case .add: return try a.adding(b)
        case .sub: return try a.subtracting(b)
        case .mul: return try a.multiplied(by: b)
        case .div: return try a.divided(by: b)
        case .mod: return try a.remainder(dividingBy: b)
        default: throw .typeMismatch("`\(op.rawValue)` is not arithmetic")
        }
    }

    /// Unary minus; `-Int64.min` overflows.
    static func negate(_ v: Value) throws(ArithmeticError) -> Value {
        switch v {
        case .int(let n):
            if n == .min { throw .integerOverflow }
            return .int(-n)
        case .decimal(let d): return .decimal(d.negated)
        case .money(let d, let c): return .money(d.negated, currency: c)
        case .duration(let d): return .duration(try d.negated())
        default: throw .typeMismatch("cannot negate \(v.kindName)")
        }
    }

    /// `abs` of a number, money or duration.
    static func abs(_ v: Value) throws(ArithmeticError) -> Value {
        switch v {
        case .int(let n): return n < 0 ? try negate(v) : .int(n)
        case .decimal(let d): return .decimal(d.magnitude)
        case .money(let d, let c): return .money(d.magnitude, currency: c)
        case .duration(let d):
            guard let sign = CalendarDuration.compare(d, CalendarDuration()) else {
                throw .invalidDateArithmetic("\(d) has parts of both signs")
            }
            return sign < 0 ? .duration(try d.negated()) : v
        default: throw .typeMismatch("abs() of \(v.kindName)")
        }
    }
}
