// CivilDate owns pure proleptic-Gregorian arithmetic on day numbers (days since
// 1970-01-01), with Howard Hinnant's days_from_civil / civil_from_days algorithms:
// exact integer maths, no time zone, no Foundation. Month addition clamps the day to the
// end of the target month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).

/// A calendar date: year, month 1...12, day 1...31.
public struct CivilDate: Sendable, Hashable {
    public var year: Int64
    public var month: Int64
    public var day: Int64

    public init(year: Int64, month: Int64, day: Int64) { self.year = year; self.month = month; self.day = day }

    /// Dates are limited to years 1...9999 so that every value prints as an ISO literal.
    public static let dayRange: ClosedRange<Int64> = CivilDate.daysFromCivil(1, 1, 1)...CivilDate.daysFromCivil(9999, 12, 31)

    public static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
        switch m {
        case 2: isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Day number of y-m-d (days since 1970-01-01; negative before).
    public static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number.
    public init(days d: Int64) {
        // Why the clamp: a host may hand in any Int64; far outside 1...9999 the answer is
        // meaningless anyway, but it must not overflow and trap.
        let z0 = min(max(d, -(1 << 40)), 1 << 40)
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public var days: Int64 { Self.daysFromCivil(year, month, day) }

    /// ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
    public static func weekday(ofDays z: Int64) -> Int64 {
        let w = (z % 7 + 3 + 7) % 7  // 0 = Monday; reduced first so no Int64 can overflow
        return w + 1
    }

    /// `addingMonths(_:)` moves by whole months on the calendar, clamping the day to the
    /// target month's length: 2026-01-31 + 1 month = 2026-02-28, 2024-01-31 + 1 month =
    /// 2024-02-29, 2024-02-29 + 1 year = 2025-02-28. Nil when the year leaves 1...9999.
    public func addingMonths(_ n: Int64) -> CivilDate? {
        guard n > -12 * 10_000 && n < 12 * 10_000 else { return nil }   // not abs(): Int64.min
        let index = year * 12 + (month - 1) + n
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        let m = index - y * 12 + 1
        guard (1...9999).contains(y) else { return nil }
        return CivilDate(year: y, month: m, day: min(day, Self.daysInMonth(y, m)))
    }

    /// `parse(_:)` reads `YYYY-MM-DD`, validating the calendar.
    public static func parse(_ text: Substring) -> CivilDate? {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              let y = Int64(p[0]), let m = Int64(p[1]), let d = Int64(p[2]),
              (1...12).contains(m), d >= 1, d <= daysInMonth(y, m), y >= 1 else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// `parseTime(_:)` reads `HH:MM` or `HH:MM:SS` as seconds of the day.
    public static func parseTime(_ text: Substring) -> Int64? {
        let p = text.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2 || p.count == 3, p.allSatisfy({ $0.count == 2 }),
              let h = Int64(p[0]), let m = Int64(p[1]), h < 24, m < 60 else { return nil }
        let s = p.count == 3 ? Int64(p[2]) ?? 99 : 0
        guard s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// `2026-03-02`.
    public var iso: String {
        func pad(_ n: Int64, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `09:00` or `09:00:05` for seconds of the day (seconds shown only when non-zero).
    public static func timeText(_ seconds: Int64) -> String {
        func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60
        return s == 0 ? "\(pad(h)):\(pad(m))" : "\(pad(h)):\(pad(m)):\(pad(s))"
    }
}
