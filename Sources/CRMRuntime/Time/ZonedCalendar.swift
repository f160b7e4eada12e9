// ZonedCalendar owns the model's time zone: converting instants (microseconds since the
// epoch, UTC) to local calendar dates and times and back, and calendar-aware datetime
// arithmetic. Offsets come from Foundation's TimeZone (the tz database in
// /usr/share/zoneinfo); the calendar itself is CivilDate's exact integer arithmetic.
//
// THE ONE RULE FOR LOCAL TIMES THAT DO NOT EXIST OR EXIST TWICE (also in the README):
// - a local time in a spring-forward gap (America/New_York 2026-03-08 02:30) is moved
//   forward by the length of the gap: it becomes 03:30 EDT (the instant the offset
//   before the gap would give);
// - a local time in a fall-back overlap (America/New_York 2026-11-01 01:30) takes the
//   earlier of its two instants: 01:30 EDT (-04:00), not 01:30 EST.
// This is what java.time's ZonedDateTime.of and RFC 5545 do, and what a user expects of
// "09:00 every day": it never silently vanishes and never fires twice. Timers resolve
// their local fire times (schedules' `at 09:00`, anniversaries, date anchors) through
// `instant(days:microsOfDay:)`, so they follow this rule too (ScenarioTimerTests).
import Foundation

/// Calendar arithmetic in one explicit IANA time zone.
public struct ZonedCalendar: Sendable {
    /// The zone's IANA name (`Asia/Shanghai`).
    public var identifier: String { storage.identifier }
    var zone: TimeZone { storage.zone }

    /// What the calendar holds, in one object: the calendar is copied wherever a date is
    /// computed (every timer armed), and a struct of a name, a zone and a table would
    /// be copied with a retain of each of their parts.
    final class Storage: Sendable {
        let identifier: String
        let zone: TimeZone
        /// The zone's offsets from 1900 to 2200, read once (OffsetTable below).
        let table: OffsetTable

        init(identifier: String, zone: TimeZone) {
            self.identifier = identifier
            self.zone = zone
            self.table = OffsetTable(zone)
        }
    }
    let storage: Storage

    /// The default zone of a model without `settings { timezone: … }`.
    public static let defaultIdentifier = "Asia/Shanghai"

    /// `init(identifier:)` opens a zone; nil if the tz database does not know it.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        storage = Storage(identifier: identifier, zone: zone)
    }

    static let microsPerSecond: Int64 = 1_000_000
    static let microsPerDay: Int64 = 86_400_000_000

    /// Floor division, so instants before 1970 split into a day and a non-negative rest.
    static func floorDiv(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// The zone's offset from UTC in seconds at an instant. Why the Double is harmless:
    /// Foundation's `Date` is a Double, but only whole seconds (exact in a Double up to
    /// 2^53) are passed, and the answer is an integer number of seconds.
    public func offsetSeconds(atMicros t: Int64) -> Int64 {
        let seconds = Self.floorDiv(t, Self.microsPerSecond).0
        if let offset = storage.table.offset(atSeconds: seconds) { return offset }
        return Int64(storage.zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    /// The zone's offset in seconds if it is the same at every instant from `from` to
    /// `to` (microseconds; no transition between them), else nil. Zone arithmetic over
    /// such a span is plain addition (`Interpreter.anchorFireTime` uses it).
    public func fixedOffsetSeconds(from: Int64, to: Int64) -> Int64? {
        guard from <= to else { return nil }
        return storage.table.fixedOffset(fromSeconds: Self.floorDiv(from, Self.microsPerSecond).0,
                                         toSeconds: Self.floorDiv(to, Self.microsPerSecond).0)
    }

    /// The local wall-clock time of an instant, as microseconds since the local epoch.
    public func localMicros(ofInstant t: Int64) -> Int64 {
        let t = Self.clampInstant(t)
        return t + offsetSeconds(atMicros: t) * Self.microsPerSecond
    }

    /// Instants are kept within ±2^60 µs (±36,000 years) before zone arithmetic, so a
    /// host-supplied extreme value cannot overflow; real values lie in years 1...9999.
    static func clampInstant(_ t: Int64) -> Int64 { min(max(t, -(1 << 60)), 1 << 60) }

    /// The local date (day number) and microseconds into that day of an instant.
    public func local(ofInstant t: Int64) -> (days: Int64, microsOfDay: Int64) {
        Self.floorDiv(localMicros(ofInstant: t), Self.microsPerDay)
    }

    /// `instant(ofLocal:)` turns a local wall-clock time into an instant following the
    /// file header's rule: gap → forward by the gap, overlap → the earlier instant.
    public func instant(ofLocal local: Int64) -> Int64 {
        // Why ±1 day: zones change offset at most once within a day, so the offsets in
        // effect a day before and a day after are the only candidates.
        let before = offsetSeconds(atMicros: local - Self.microsPerDay) * Self.microsPerSecond
        let after = offsetSeconds(atMicros: local + Self.microsPerDay) * Self.microsPerSecond
        // The candidates that read back as `local`, the earlier if both do (no Set or
        // arrays: every timer armed comes through here).
        var earliest: Int64?
        if localMicros(ofInstant: local - before) == local { earliest = local - before }
        if after != before, localMicros(ofInstant: local - after) == local {
            earliest = min(earliest ?? (local - after), local - after)
        }
        if let earliest { return earliest }
        // In a gap: read the wall time with the offset from before the gap; the instant
        // lies after the transition, where the clock shows `local + gap`.
        return local - before
    }

    /// The instant of a local date and time of day.
    public func instant(days: Int64, microsOfDay: Int64) -> Int64 {
        instant(ofLocal: days * Self.microsPerDay + microsOfDay)
    }

    /// `add(_:toInstant:)`: the month part on the local calendar date (day clamped to the
    /// month's end, wall time kept, DST rule applied), then the exact part as elapsed time.
    public func add(_ d: CalendarDuration, toInstant t: Int64) throws(ArithmeticError) -> Int64 {
        var result = t
        if d.months != 0 {
            let (days, tod) = local(ofInstant: t)
            guard let moved = CivilDate(days: days).addingMonths(d.months) else {
                throw .invalidDateArithmetic("the date leaves the years 1 to 9999")
            }
            result = instant(days: moved.days, microsOfDay: tod)
        }
        let (r, o) = result.addingReportingOverflow(d.micros)
        if o || r != Self.clampInstant(r) { throw .invalidDateArithmetic("the date leaves the years 1 to 9999") }
        let day = local(ofInstant: r).days
        guard CivilDate.dayRange.contains(day) else { throw .invalidDateArithmetic("the date leaves the years 1 to 9999") }
        return r
    }

    /// `add(_:toDate:)` moves a date by whole months (clamped) and whole days; an exact
    /// part that is not whole days (`+ 2 hours`) is an error, not a silent truncation.
    public func add(_ d: CalendarDuration, toDate days: Int64) throws(ArithmeticError) -> Int64 {
        guard d.isWholeDays else {
            throw .invalidDateArithmetic("a date can only move by whole days, months or years, not by \(d)")
        }
        var result = days
        if d.months != 0 {
            guard let moved = CivilDate(days: days).addingMonths(d.months) else {
                throw .invalidDateArithmetic("the date leaves the years 1 to 9999")
            }
            result = moved.days
        }
        let (sum, o) = result.addingReportingOverflow(d.micros / Self.microsPerDay)
        if o { throw .invalidDateArithmetic("the date leaves the years 1 to 9999") }
        result = sum
        guard CivilDate.dayRange.contains(result) else { throw .invalidDateArithmetic("the date leaves the years 1 to 9999") }
        return result
    }

    /// `parseDateTime(_:)` reads a datetime literal `YYYY-MM-DDTHH:MM[:SS]` as local time.
    public func parseDateTime(_ text: String) -> Int64? {
        let halves = text.split(separator: "T")
        guard halves.count == 2, let date = CivilDate.parse(halves[0]), let tod = CivilDate.parseTime(halves[1]) else { return nil }
        return instant(days: date.days, microsOfDay: tod * Self.microsPerSecond)
    }

    /// Canonical local text of an instant, as a datetime literal: `2026-03-02T09:00`,
    /// seconds and a fraction only when present.
    public func format(instant t: Int64) -> String {
        let (days, tod) = local(ofInstant: t)
        let seconds = tod / Self.microsPerSecond, fraction = tod % Self.microsPerSecond
        var text = CivilDate(days: days).iso + "T" + CivilDate.timeText(seconds)
        if fraction != 0 {
            if seconds % 60 == 0 { text += ":00" }
            let f = String(fraction)
            text += "." + String(repeating: "0", count: 6 - f.count) + f
        }
        return text
    }

    /// RFC 3339 with the offset, for JSON: `2026-03-02T09:00:00+08:00`.
    public func formatRFC3339(instant t: Int64) -> String {
        let local = format(instant: t)
        let hasSeconds = local.split(separator: ":").count > 2
        let offset = offsetSeconds(atMicros: t)
        let sign = offset < 0 ? "-" : "+", a = abs(offset)
        func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return local + (hasSeconds ? "" : ":00") + "\(sign)\(pad(a / 3600)):\(pad(a % 3600 / 60))"
    }
}

/// A zone's offsets between 1900 and 2200 as a sorted list of transitions, built once
/// from Foundation's TimeZone: every timer armed asks the offset several times, and
/// Foundation answers each through ICU under a lock (~10% of arming a timer). Instants
/// outside the range ask Foundation. `nextDaylightSavingTimeTransition` reports every
/// offset change, not only daylight saving (Europe/Moscow 2011 and 2014, Pacific/Apia's
/// skipped day): OffsetTableTests (TimeTests.swift) compares the table with Foundation
/// around every transition and at instants spread over the range, in such zones.
struct OffsetTable: Sendable {
    /// Seconds since the epoch at which `offsets[i]` starts; `starts[0]` is the range's start.
    let starts: [Int64]
    let offsets: [Int64]
    /// Where the table stops answering: 2200, or the last transition read if the walk
    /// stopped early (a bound of 10,000 changes, or a transition that does not advance).
    let end: Int64
    static let first: Int64 = -2_208_988_800     // 1900-01-01T00:00Z
    static let last: Int64 = 7_258_118_400       // 2200-01-01T00:00Z

    init(_ zone: TimeZone) {
        var starts = [Self.first]
        var offsets = [Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(Self.first))))]
        var t = Date(timeIntervalSince1970: TimeInterval(Self.first))
        var end = Self.last
        while let next = zone.nextDaylightSavingTimeTransition(after: t), next.timeIntervalSince1970 < TimeInterval(Self.last) {
            let s = Int64(next.timeIntervalSince1970.rounded(.down))
            guard next > t, s > starts[starts.count - 1], starts.count < 10_000 else {
                end = starts[starts.count - 1]
                break
            }
            starts.append(s)
            offsets.append(Int64(zone.secondsFromGMT(for: next)))
            t = next
        }
        self.starts = starts
        self.offsets = offsets
        self.end = end
    }

    /// The offset over `s0...s1` (seconds since the epoch) if no transition lies in
    /// it, else nil (also outside the table's range).
    func fixedOffset(fromSeconds s0: Int64, toSeconds s1: Int64) -> Int64? {
        guard s0 >= Self.first, s1 < end, s0 <= s1, let lastStart = starts.last else { return nil }
        if s0 >= lastStart { return offsets[offsets.count - 1] }
        var lo = 0, hi = starts.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if starts[mid] <= s0 { lo = mid } else { hi = mid }
        }
        // `lo` is s0's interval; it must reach past s1.
        return lo + 1 < starts.count && starts[lo + 1] <= s1 ? nil : offsets[lo]
    }

    /// The offset at `s` seconds since the epoch, or nil outside the table's range.
    func offset(atSeconds s: Int64) -> Int64? {
        guard s >= Self.first, s < end, let lastStart = starts.last else { return nil }
        // After the last change (most zones' present: Asia/Shanghai's last was in 1991).
        if s >= lastStart { return offsets[offsets.count - 1] }
        var lo = 0, hi = starts.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if starts[mid] <= s { lo = mid } else { hi = mid }
        }
        return offsets[lo]
    }
}
