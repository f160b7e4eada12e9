// ExactDecimal owns the exact base-10 numbers behind `decimal` and `money`: a signed
// 128-bit coefficient and a scale of 0...18 fractional digits, value = coefficient /
// 10^scale. No binary floating point is ever involved.
//
// Rules (also in the README, "crm eval and expression semantics"):
// - at most 38 significant digits (|coefficient| < 10^38) and 18 fractional digits;
//   a result beyond 38 digits is `ArithmeticError.decimalOverflow`, never wrapped;
// - `+`, `-` are exact; `*` is exact up to 18 fractional digits, beyond that rounded
//   half-even to 18; `/` is rounded half-even to 18 fractional digits;
// - values are kept normalised (no trailing fractional zeros), so `0.30 == 0.3` and the
//   synthesised Equatable/Hashable agree with numeric equality.

/// An exact decimal number. See the file header for its range and rounding.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The most fractional digits a value keeps; division rounds to this many.
    public static let maxScale = 18
    /// Coefficients stay below 10^38 in magnitude, so negation never overflows Int128.
    static let limit: Int128 = pow10[38]

    /// The digits, as an integer (`12345` for `123.45`).
    public let coefficient: Int128
    /// The number of fractional digits (0...18), with no trailing zero digit.
    public let scale: Int

    /// 10^0 ... 10^38.
    static let pow10: [Int128] = {
        var p: [Int128] = [1]
        for _ in 1...38 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// `init(_:)` makes an integral decimal (`decimal(3)` is `3.0`).
    public init(_ value: Int64) { coefficient = Int128(value); scale = 0 }

    /// `init(coefficient:scale:)` checks the range and normalises; nil if out of range.
    public init?(coefficient: Int128, scale: Int) {
        guard let d = try? ExactDecimal.make(coefficient, scale) else { return nil }
        self = d
    }

    private init(raw coefficient: Int128, scale: Int) { self.coefficient = coefficient; self.scale = scale }

    public static let zero = ExactDecimal(0)

    /// `make` normalises `c / 10^s`, rounding half-even to 18 digits if `s` is larger,
    /// and checks the 38-digit limit.
    static func make(_ c: Int128, _ s: Int) throws(ArithmeticError) -> ExactDecimal {
        var c = c, s = s
        if s > maxScale {
            c = roundedDivision(c, by: pow10[s - maxScale])
            s = maxScale
        }
        guard c > -limit && c < limit else { throw .decimalOverflow }
        while s > 0 && c % 10 == 0 { c /= 10; s -= 1 }
        return ExactDecimal(raw: c, scale: s)
    }

    /// `roundedDivision(_:by:)` is n ÷ d (d > 0) rounded half-even: ties go to the even
    /// neighbour (banker's rounding), so repeated rounding does not drift upwards.
    static func roundedDivision(_ n: Int128, by d: Int128) -> Int128 {
        let q = n / d, r = n % d
        if r == 0 { return q }
        let absR = r < 0 ? -r : r
        let away = n < 0 ? q - 1 : q + 1
        if absR > d - absR { return away }
        if absR < d - absR { return q }
        return q % 2 == 0 ? q : away
    }

    public var isZero: Bool { coefficient == 0 }
    public var isNegative: Bool { coefficient < 0 }
    /// The value with its sign flipped (never overflows: see `limit`).
    public var negated: ExactDecimal { ExactDecimal(raw: -coefficient, scale: scale) }
    public var magnitude: ExactDecimal { isNegative ? negated : self }

    // MARK: Parsing

    /// `parse(_:)` reads literal text: an optional `-`, digits with optional `_`
    /// separators, an optional `.` and fractional digits. Nil when malformed, when it has
    /// more than 18 fractional digits, or more than 38 significant digits.
    public static func parse(_ text: String) -> ExactDecimal? {
        var c: Int128 = 0, s = 0, seenDot = false, digits = 0, negative = false
        for (i, ch) in text.unicodeScalars.enumerated() {
            switch ch {
            case "-" where i == 0: negative = true
            case "_": continue
            case "." where !seenDot: seenDot = true
            case "0"..."9":
                let (m, o1) = c.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int128(ch.value - 48))
                if o1 || o2 { return nil }
                c = a
                digits += 1
                if seenDot { s += 1 }
            default: return nil
            }
        }
        guard digits > 0, s <= maxScale else { return nil }
        return try? make(negative ? -c : c, s)
    }

    // MARK: Printing

    /// Plain digits with at least `minFraction` fractional digits: `formatted(1)` of 2 is
    /// `2.0`, of 0.25 is `0.25`; `formatted(2)` of 100 is `100.00`.
    public func formatted(minFraction: Int = 0) -> String {
        let digits = String(coefficient.magnitude)
        let frac = max(scale, minFraction)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let intPart = padded.dropLast(scale)
        var fracPart = String(padded.suffix(scale))
        fracPart += String(repeating: "0", count: frac - scale)
        return (isNegative ? "-" : "") + intPart + (frac > 0 ? "." + fracPart : "")
    }

    /// The canonical decimal spelling: shortest digits, at least one fractional digit
    /// (`2.0`, `0.3`), so it reads back as a decimal literal, not an int.
    public var description: String { formatted(minFraction: 1) }

    // MARK: Comparison

    /// Numeric comparison across scales.
    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1. Why the overflow branch: aligning a 38-digit integer to 18 fractional
    /// digits overflows, but then its magnitude exceeds anything the other side can hold.
    public static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let s = max(a.scale, b.scale)
        let (x, ox) = a.coefficient.multipliedReportingOverflow(by: pow10[s - a.scale])
        if ox { return a.isNegative ? -1 : 1 }
        let (y, oy) = b.coefficient.multipliedReportingOverflow(by: pow10[s - b.scale])
        if oy { return b.isNegative ? 1 : -1 }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    // MARK: Arithmetic

    /// Both coefficients at the larger scale, or decimalOverflow.
    static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> (Int128, Int128, Int) {
        let s = max(a.scale, b.scale)
        let (x, ox) = a.coefficient.multipliedReportingOverflow(by: pow10[s - a.scale])
        let (y, oy) = b.coefficient.multipliedReportingOverflow(by: pow10[s - b.scale])
        if ox || oy { throw .decimalOverflow }
        return (x, y, s)
    }

    public func adding(_ other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        let (x, y, s) = try Self.aligned(self, other)
        let (r, o) = x.addingReportingOverflow(y)
        if o { throw .decimalOverflow }
        return try Self.make(r, s)
    }

    public func subtracting(_ other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        try adding(other.negated)
    }

    /// Exact product, rounded half-even only past 18 fractional digits.
    public func multiplied(by other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        let (r, o) = coefficient.multipliedReportingOverflow(by: other.coefficient)
        if o { throw .decimalOverflow }
        return try Self.make(r, scale + other.scale)
    }

    /// The quotient rounded half-even to 18 fractional digits (long division, so no
    /// intermediate needs more than the divisor's digits plus one).
    public func divided(by other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if other.isZero { throw .divisionByZero }
        var (x, y, _) = try Self.aligned(self, other)
        let negative = (x < 0) != (y < 0)
        x = x < 0 ? -x : x
        y = y < 0 ? -y : y
        var q = x / y, r = x % y
        for _ in 0..<Self.maxScale {
            let (r10, o1) = r.multipliedReportingOverflow(by: 10)
            let (q10, o2) = q.multipliedReportingOverflow(by: 10)
            if o1 || o2 { throw .decimalOverflow }
            q = q10 + r10 / y
            r = r10 % y
        }
        // Half-even on what is left: compare the remainder with half the divisor.
        if r > y - r || (r == y - r && q % 2 != 0) { q += 1 }
        return try Self.make(negative ? -q : q, Self.maxScale)
    }

    /// The remainder of truncating division, with the sign of the dividend (as for ints).
    public func remainder(dividingBy other: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if other.isZero { throw .divisionByZero }
        let (x, y, s) = try Self.aligned(self, other)
        return try Self.make(x % y, s)
    }

    /// `rounded(toDigits:)` rounds half-even to `digits` fractional digits (0...18):
    /// 2.345 → 2.34, 2.355 → 2.36, -0.5 → -0 = 0. Digits outside 0...18 are refused.
    public func rounded(toDigits digits: Int64) throws(ArithmeticError) -> ExactDecimal {
        guard digits >= 0 && digits <= Int64(Self.maxScale) else {
            throw .invalidArgument("round() takes 0 to \(Self.maxScale) digits, not \(digits)")
        }
        let d = Int(digits)
        if d >= scale { return self }
        return try Self.make(Self.roundedDivision(coefficient, by: Self.pow10[scale - d]), d)
    }

    /// The integral value if it has no fractional part and fits 64 bits.
    public var exactInt64: Int64? {
        guard scale == 0, coefficient >= Int128(Int64.min), coefficient <= Int128(Int64.max) else { return nil }
        return Int64(coefficient)
    }
}
