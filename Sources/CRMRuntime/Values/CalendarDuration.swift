// CalendarDuration owns the `duration` values: a calendar part counted in months and
// an exact part counted in microseconds. `1 month` and `30 days` are therefore different
// values; a day, hour, minute or second is exact (a day is 86,400 s, also across a DST
// change), a month or year is calendar arithmetic done on the local date (Time/).

/// A duration: `months` calendar months plus `micros` exact microseconds.
public struct CalendarDuration: Sendable, Hashable, CustomStringConvertible {
    public var months: Int64
    public var micros: Int64

    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    public init(months: Int64 = 0, micros: Int64 = 0) { self.months = months; self.micros = micros }

    /// `literal(_:)` decodes a duration literal's normalised text (`7 days`, `1 month`,
    /// `2 hours`, `1_000 seconds`); nil when malformed or out of range.
    public static func literal(_ text: String) -> CalendarDuration? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let n = Int64(parts[0].replacingOccurrences(of: "_", with: "")) else { return nil }
        var unit = String(parts[1])
        if unit.hasSuffix("s") { unit.removeLast() }
        let perUnit: (months: Int64, micros: Int64)
        switch unit {
        case "second": perUnit = (0, microsPerSecond)
        case "minute": perUnit = (0, 60 * microsPerSecond)
        case "hour": perUnit = (0, 3600 * microsPerSecond)
        case "day": perUnit = (0, microsPerDay)
        case "week": perUnit = (0, 7 * microsPerDay)
        case "month": perUnit = (1, 0)
        case "year": perUnit = (12, 0)
        default: return nil
        }
        let (m, o1) = n.multipliedReportingOverflow(by: perUnit.months)
        let (u, o2) = n.multipliedReportingOverflow(by: perUnit.micros)
        return o1 || o2 ? nil : CalendarDuration(months: m, micros: u)
    }

    /// Whether the exact part is a whole number of days (what a `date` may be moved by).
    public var isWholeDays: Bool { micros % Self.microsPerDay == 0 }

    public func adding(_ o: CalendarDuration) throws(ArithmeticError) -> CalendarDuration {
        let (m, o1) = months.addingReportingOverflow(o.months)
        let (u, o2) = micros.addingReportingOverflow(o.micros)
        if o1 || o2 { throw .integerOverflow }
        return CalendarDuration(months: m, micros: u)
    }

    public func negated() throws(ArithmeticError) -> CalendarDuration {
        if months == .min || micros == .min { throw .integerOverflow }
        return CalendarDuration(months: -months, micros: -micros)
    }

    public func subtracting(_ o: CalendarDuration) throws(ArithmeticError) -> CalendarDuration {
        try adding(o.negated())
    }

    public func multiplied(by n: Int64) throws(ArithmeticError) -> CalendarDuration {
        let (m, o1) = months.multipliedReportingOverflow(by: n)
        let (u, o2) = micros.multipliedReportingOverflow(by: n)
        if o1 || o2 { throw .integerOverflow }
        return CalendarDuration(months: m, micros: u)
    }

    /// Division by an int: the month part must divide exactly (half a month has no
    /// meaning); the exact part truncates toward zero to the microsecond.
    public func divided(by n: Int64) throws(ArithmeticError) -> CalendarDuration {
        if n == 0 { throw .divisionByZero }
        if n == -1 { return try negated() }
        guard months % n == 0 else {
            throw .invalidDateArithmetic("cannot divide \(self) into \(n) equal parts: months do not split")
        }
        return CalendarDuration(months: months / n, micros: micros / n)
    }

    /// Ordering: defined when the parts agree in direction so the answer does not depend
    /// on month lengths (`1 month` vs `30 days` is refused: nil).
    public static func compare(_ a: CalendarDuration, _ b: CalendarDuration) -> Int? {
        let dm = a.months == b.months ? 0 : (a.months < b.months ? -1 : 1)
        let du = a.micros == b.micros ? 0 : (a.micros < b.micros ? -1 : 1)
        if dm == 0 { return du }
        if du == 0 || du == dm { return dm }
        return nil
    }

    /// Canonical text: `1 month 3 days`, `2 hours 30 minutes`, `0 seconds`, `-7 days`;
    /// the largest units first, sub-second parts as `0.5 seconds`.
    public var description: String {
        var parts: [String] = []
        func add(_ n: Int64, _ unit: String) {
            if n != 0 { parts.append("\(n) \(unit)\(n == 1 || n == -1 ? "" : "s")") }
        }
        add(months / 12, "year")
        add(months % 12, "month")
        let perDay = Self.microsPerDay, perHour = 3600 * Self.microsPerSecond, perMinute = 60 * Self.microsPerSecond
        add(micros / perDay, "day")
        add(micros % perDay / perHour, "hour")
        add(micros % perHour / perMinute, "minute")
        let restMicros = micros % perMinute
        if restMicros % Self.microsPerSecond == 0 {
            add(restMicros / Self.microsPerSecond, "second")
        } else if let d = ExactDecimal(coefficient: Int128(restMicros), scale: 6) {
            parts.append("\(d.formatted()) seconds")
        }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " ")
    }
}
