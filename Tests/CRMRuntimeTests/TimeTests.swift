// TimeTests pin down calendar arithmetic: month-end clamping, leap years, the DST rule
// (gap → forward by the gap, overlap → earlier instant; America/New_York 2026), dates
// that refuse hours, durations whose months and days differ, the injected clock.
import XCTest
import Foundation
import CRMBase
import CRMSema
@testable import CRMRuntime

final class CalendarTests: XCTestCase {
    func testMonthEndClamps() {
        XCTAssertEqual(show("2026-01-31 + 1 month"), "2026-02-28")
        XCTAssertEqual(show("2026-03-31 - 1 month"), "2026-02-28")
        XCTAssertEqual(show("2026-01-31 + 2 months"), "2026-03-31")
        XCTAssertEqual(show("2026-05-31 + 1 month"), "2026-06-30")
        XCTAssertEqual(show("2026-01-31T09:00 + 1 month"), "2026-02-28T09:00")
        // Clamping is per addition: two single months are not one double month.
        XCTAssertEqual(show("2026-01-31 + 1 month + 1 month"), "2026-03-28")
    }

    func testLeapYears() {
        XCTAssertEqual(show("2024-01-31 + 1 month"), "2024-02-29")
        XCTAssertEqual(show("2024-02-29 + 1 year"), "2025-02-28")
        XCTAssertEqual(show("2024-02-28 + 1 day"), "2024-02-29")
        XCTAssertEqual(show("2100-02-28 + 1 day"), "2100-03-01")
        XCTAssertEqual(show("2000-02-28 + 1 day"), "2000-02-29")
        XCTAssertEqual(show("2024-03-01 - 2024-02-28"), "2 days")
        XCTAssertEqual(value("days_between(2025-02-01, 2025-03-01)"), .int(28))
        XCTAssertEqual(value("days_between(2024-02-01, 2024-03-01)"), .int(29))
    }

    func testDatesMoveOnlyByWholeDays() {
        assertFails("2026-03-02 + 2 hours", "E1004", "whole days")
        XCTAssertEqual(show("2026-03-02 + 48 hours"), "2026-03-04")
        XCTAssertEqual(show("2026-03-02T09:00 + 2 hours"), "2026-03-02T11:00")
    }

    func testMonthsAndDaysAreDifferentDurations() {
        XCTAssertEqual(value("1 month == 30 days"), .bool(false))
        XCTAssertEqual(value("1 week == 7 days"), .bool(true))
        assertFails("1 month < 30 days", "E1004", "months have no fixed length")
        XCTAssertEqual(value("1 day < 2 days"), .bool(true))
        XCTAssertEqual(show("2 * (1 month + 3 days)"), "2 months 6 days")
        assertFails("1 month / 2", "E1004")
        XCTAssertEqual(show("2026-01-31 + 30 days"), "2026-03-02")
    }

    func testPartsReadTheLocalCalendar() {
        XCTAssertEqual(value("2026-03-02.weekday"), .int(1))            // a Monday
        XCTAssertEqual(value("2026-03-08.weekday"), .int(7))
        XCTAssertEqual(value("2026-03-02T23:30.day"), .int(2))
        XCTAssertEqual(value("2026-03-02T23:30.hour"), .int(23))
        XCTAssertEqual(value("2026-03-02T23:30.minute"), .int(30))
        XCTAssertEqual(show("2026-03-02T23:30.date"), "2026-03-02")
        XCTAssertEqual(value("2026-03-02.year * 100 + 2026-03-02.month"), .int(202603))
    }

    func testCivilDateRoundTrips() {
        for days: Int64 in [-719_162, -1, 0, 1, 19_000, 2_932_896] {
            XCTAssertEqual(CivilDate(days: days).days, days)
        }
        XCTAssertEqual(CivilDate(days: 0).iso, "1970-01-01")
        XCTAssertEqual(CivilDate.weekday(ofDays: 0), 4)   // Thursday
    }
}

final class DaylightSavingTests: XCTestCase {
    let ny = "America/New_York"

    func testSpringForwardGapMovesForwardByTheGap() {
        // 02:30 does not exist on 2026-03-08 in New York: it becomes 03:30 EDT.
        XCTAssertEqual(show("2026-03-08T02:30", zone: ny), "2026-03-08T03:30")
        XCTAssertEqual(value("2026-03-08T02:30 == 2026-03-08T03:30", zone: ny), .bool(true))
        XCTAssertEqual(show("2026-03-08T01:30 + 1 hour", zone: ny), "2026-03-08T03:30")
        // A month step landing in the gap follows the same rule.
        XCTAssertEqual(show("2026-02-08T02:30 + 1 month", zone: ny), "2026-03-08T03:30")
    }

    func testFallBackOverlapTakesTheEarlierInstant() throws {
        // 01:30 happens twice on 2026-11-01: EDT (-04:00) first, then EST (-05:00).
        guard case .value(let v, _, let cal) = evalOutcome("2026-11-01T01:30", zone: ny), case .datetime(let t) = v else { return XCTFail() }
        XCTAssertEqual(cal.formatRFC3339(instant: t), "2026-11-01T01:30:00-04:00")
        // One hour later the wall clock shows 01:30 again, now in EST.
        guard case .value(let w, _, _) = evalOutcome("2026-11-01T01:30 + 1 hour", zone: ny), case .datetime(let u) = w else { return XCTFail() }
        XCTAssertEqual(cal.formatRFC3339(instant: u), "2026-11-01T01:30:00-05:00")
        XCTAssertEqual(show("2026-11-01T03:00 - 2026-11-01T00:00", zone: ny), "4 hours")
    }

    func testDaysAreExactAcrossDST() {
        // `+ 1 day` is 24 hours: across spring-forward the wall clock moves by an hour.
        XCTAssertEqual(show("2026-03-07T09:00 + 1 day", zone: ny), "2026-03-08T10:00")
        // `+ 1 month` keeps the wall clock time.
        XCTAssertEqual(show("2026-02-08T09:00 + 1 month", zone: ny), "2026-03-08T09:00")
    }

    func testShanghaiHasNoDST() {
        XCTAssertEqual(show("2026-03-08T02:30"), "2026-03-08T02:30")
    }
}

final class ClockTests: XCTestCase {
    func testTodayAndNowComeFromTheInjectedClockInTheZone() {
        XCTAssertEqual(show("now()"), "2026-03-02T09:00")
        XCTAssertEqual(show("today()"), "2026-03-02")
        // 09:00 in Shanghai is still the previous evening in New York.
        XCTAssertEqual(show("today()", zone: "America/New_York"), "2026-03-01")
        XCTAssertEqual(value("now() - 2026-03-02T08:00 == 1 hour"), .bool(true))
    }

    func testVirtualClockAdvances() throws {
        let cal = try XCTUnwrap(ZonedCalendar(identifier: "Asia/Shanghai"))
        let clock = VirtualClock(micros: try XCTUnwrap(cal.parseDateTime("2026-01-31T09:00")))
        try clock.advance(by: CalendarDuration(months: 1), in: cal)
        XCTAssertEqual(cal.format(instant: clock.nowMicros()), "2026-02-28T09:00")
        clock.advance(by: 3_600_000_000)
        XCTAssertEqual(cal.format(instant: clock.nowMicros()), "2026-02-28T10:00")
        XCTAssertGreaterThan(WallClock().nowMicros(), try XCTUnwrap(cal.parseDateTime("2026-01-01T00:00")))
    }
}

final class RobustnessTests: XCTestCase {
    /// Values a host might hand in, far out of range, give errors or clamped answers —
    /// never a trap.
    func testExtremeValuesDoNotTrap() {
        let vars: [String: (type: CRMType, value: Value)] = [
            "t": (.datetime, .datetime(.max)), "d": (.date, .date(.max)), "e": (.date, .date(.min)),
            "u": (.duration, .duration(CalendarDuration(months: .min, micros: .min))),
        ]
        for text in ["t + 1 day", "t + 1 month", "d + 1 day", "d - e", "e + 1 month", "t.year", "d.weekday",
                     "2026-01-01 + u", "2026-01-01T00:00 + u", "-u", "abs(u)", "u * 2", "u / -1",
                     "2026-01-01T00:00 + 106751991 days", "\"{t} {d} {u}\""] {
            _ = evalOutcome(text, locals: vars)
        }
        assertFails("2026-01-01T00:00 + 106751991 days", "E1004")
        assertFails("9999-12-31 + 1 day", "E1004")
    }
}

/// The offset table (ZonedCalendar.swift) answers what Foundation answers: around every
/// transition and at instants spread over 1900–2200, in zones with daylight saving, half-hour DST,
/// offset changes without DST (Moscow, Apia's skipped day, Pyongyang) and none.
final class OffsetTableTests: XCTestCase {
    func testTableMatchesFoundation() throws {
        for name in ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia",
                     "Europe/Moscow", "Asia/Pyongyang", "Africa/Casablanca", "America/Sao_Paulo", "UTC"] {
            let zone = try XCTUnwrap(TimeZone(identifier: name))
            let table = OffsetTable(zone)
            XCTAssertEqual(table.end, OffsetTable.last, name)
            XCTAssertGreaterThan(table.starts.count, name == "UTC" ? 0 : 1, name)
            func foundation(_ s: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(s)))) }
            for start in table.starts.dropFirst() {
                for s in [start - 1, start, start + 1] { XCTAssertEqual(table.offset(atSeconds: s), foundation(s), "\(name) at \(s)") }
            }
            // 2,000 instants spread over the range by a step prime to a day's seconds, so
            // they fall at every time of day (deterministic: a failure names the same ones).
            let step: Int64 = 4_745_383_003
            for i in 0 ..< Int64(2_000) {
                let s = OffsetTable.first + (i * step) % (OffsetTable.last - OffsetTable.first)
                XCTAssertEqual(table.offset(atSeconds: s), foundation(s), "\(name) at \(s)")
            }
            XCTAssertNil(table.offset(atSeconds: OffsetTable.last), "beyond the table Foundation answers")
        }
    }
}

/// `Interpreter.plainFireTime` (an `at` rule's fire time as one addition where the zone
/// keeps one offset) gives what the general steps give — the local date and time of the
/// anchor, back to an instant, plus the offset — wherever it answers, and it answers
/// away from transitions. Anchors are drawn around every transition of zones with DST,
/// with offsets of minutes to months either way.
final class PlainFireTimeTests: XCTestCase {
    func testAgreesWithTheGeneralSteps() throws {
        var random = SeededRandom(seed: 7)
        let hour: Int64 = 3_600_000_000, day = 24 * hour
        var answered = 0, declined = 0
        for zone in ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "UTC"] {
            let cal = try XCTUnwrap(ZonedCalendar(identifier: zone))
            // Instants near this zone's transitions in 2010–2014, and plain ones.
            var anchors: [Int64] = []
            let start = try XCTUnwrap(cal.parseDateTime("2010-01-01T00:00"))
            var t = start
            while t < start + 5 * 365 * day {
                if cal.offsetSeconds(atMicros: t) != cal.offsetSeconds(atMicros: t + 6 * hour) {
                    // The transition to the second, then anchors on both sides of it
                    // (after a fall-back, local times repeat: the general steps move
                    // such an anchor to the earlier instant).
                    var lo = t, hi = t + 6 * hour
                    while hi - lo > 1_000_000 {
                        let mid = lo + (hi - lo) / 2
                        if cal.offsetSeconds(atMicros: mid) == cal.offsetSeconds(atMicros: t) { lo = mid } else { hi = mid }
                    }
                    for minutes: Int64 in [-1_500, -120, -30, -1, 0, 1, 30, 59, 61, 120, 1_500] {
                        anchors.append(hi + minutes * 60_000_000 + Int64(random.below(60)) * 1_000_000)
                    }
                }
                t += 6 * hour
            }
            for _ in 0 ..< 40 { anchors.append(start + Int64(random.below(5 * 365)) * day + Int64(random.below(86_400)) * 1_000_000) }
            let offsets: [CalendarDuration] = [
                CalendarDuration(micros: 7 * day), CalendarDuration(micros: -day), CalendarDuration(micros: 90 * 60_000_000),
                CalendarDuration(micros: -3 * hour), CalendarDuration(micros: 400 * day), CalendarDuration(months: 1),
            ]
            for anchor in anchors {
                for offset in offsets {
                    let local = cal.local(ofInstant: anchor)
                    let general = try cal.add(offset, toInstant: cal.instant(days: local.days, microsOfDay: local.microsOfDay))
                    if let plain = Interpreter.plainFireTime(anchor, offset, cal) {
                        XCTAssertEqual(plain, general, "\(zone) \(anchor) \(offset)")
                        answered += 1
                    } else {
                        declined += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(answered, 500, "it answers away from transitions")
        XCTAssertGreaterThan(declined, 200, "and declines near them (and for months)")
        // Out of range: the general way refuses; this declines.
        let utc = try XCTUnwrap(ZonedCalendar(identifier: "UTC"))
        XCTAssertNil(Interpreter.plainFireTime(Int64.max - 5, CalendarDuration(micros: 10), utc))
    }
}
