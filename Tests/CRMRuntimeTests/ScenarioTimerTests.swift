// ScenarioTimerTests: time-based triggers run through `Interpreter.advance` — the
// 7-day nurture timer fires, a follow-up on day 6 turns its firing into a no-op, an
// anchor change reschedules (and null cancels), yearly anniversaries fire every year,
// inactivity is re-armed by updates and by related records, a daily 09:00 schedule runs
// over the matching records in record order, firings are deterministic, a rolled-back
// command leaves no timer, and a schedule at a local time in a DST gap or overlap
// follows ZonedCalendar's one rule.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

final class ScenarioTimerTests: XCTestCase {
    static let day: Int64 = 86_400_000_000

    let leadModel = """
    entity User { name: text required }
    entity Lead {
      name: text required
      created_at: datetime readonly = now()
      due_at: datetime?
      birthday: date?
      greetings: int = 0
      pings: int = 0
      tags: set<text>
      lifecycle status {
        stages 未联系, 已联系, 无效 terminal
        未联系 -> 已联系
        any -> 无效
      }
    }
    rule nurture "7天未联系进入长期培育" at Lead.created_at + 7 days where status == 未联系 do { tag "长期培育" }
    rule due_soon at Lead.due_at - 1 day do { tag "due-soon" }
    rule birthday_care at Lead.birthday - 1 day yearly do { add 1 to greetings }
    """

    func at(_ text: String, _ s: Scenario) -> Int64 { s.program.calendar.parseDateTime(text) ?? 0 }
    func tags(_ s: Scenario, _ r: String) -> String { s.field(r, "tags") ?? "" }

    func testNurtureFiresAfterSevenDays() throws {
        let s = try XCTUnwrap(Scenario(leadModel))
        XCTAssertTrue(s.run(.create(entity: "Lead", fields: [("name", t("李雷"))], alias: "l"), id: "e1").committed)
        XCTAssertEqual(s.store.timerCount, 1, "one nurture timer; null due_at and birthday arm nothing")
        XCTAssertTrue(s.interpreter.advance(to: testNow + 6 * Self.day).isEmpty)
        XCTAssertFalse(tags(s, "l").contains("长期培育"))
        let fires = s.interpreter.advance(to: testNow + 7 * Self.day)
        XCTAssertEqual(fires.map(\.rule), ["nurture"])
        XCTAssertEqual(fires.first?.record, "Lead#1")
        XCTAssertEqual(fires.first?.at, at("2026-03-09T09:00", s))
        XCTAssertEqual(fires.first?.result.fired, ["nurture"])
        XCTAssertEqual(fires.first?.result.trace.first?.event, "timer at 2026-03-09T09:00")
        XCTAssertTrue(tags(s, "l").contains("长期培育"))
        XCTAssertEqual(s.store.timerCount, 0, "a one-shot timer is gone after firing")
        XCTAssertEqual(s.clock.nowMicros(), testNow + 7 * Self.day)
        XCTAssertEqual(s.interpreter.firedCounts[try XCTUnwrap(s.program.rules.firstIndex { $0.name == "nurture" })], 1)
    }

    func testFollowUpOnDaySixPreventsNurture() throws {
        let s = try XCTUnwrap(Scenario(leadModel))
        s.run(.create(entity: "Lead", fields: [("name", t("李雷"))], alias: "l"), id: "e1")
        _ = s.interpreter.advance(to: testNow + 6 * Self.day)
        XCTAssertTrue(s.run(.move(record: "l", stage: "已联系"), id: "e2").committed)
        let fires = s.interpreter.advance(to: testNow + 8 * Self.day)
        XCTAssertEqual(fires.count, 1, "the timer fires, but its condition is read at fire time")
        let fire = try XCTUnwrap(fires.first)
        XCTAssertEqual(fire.result.fired, [])
        XCTAssertEqual(fire.result.trace.first?.conditionValue, "false")
        XCTAssertEqual(fire.result.trace.first?.reads.first?.value, "已联系")
        XCTAssertFalse(tags(s, "l").contains("长期培育"))
    }

    func testAnchorChangeReschedulesAndNullCancels() throws {
        let s = try XCTUnwrap(Scenario(leadModel))
        s.run(.create(entity: "Lead", fields: [("name", t("A")), ("due_at", t("2026-03-10T09:00"))], alias: "l"), id: "e1")
        let id = try XCTUnwrap(s.interpreter.resolve("l"))
        let dueRule = Int32(try XCTUnwrap(s.program.rules.firstIndex { $0.name == "due_soon" }))
        func dueTimer() -> TimerEntry? { s.store.timers(of: id).first { $0.rule == dueRule } }
        XCTAssertEqual(dueTimer()?.fireAt, at("2026-03-09T09:00", s))
        let before = try XCTUnwrap(dueTimer()?.id)
        XCTAssertTrue(s.run(.update(record: "l", fields: [("due_at", t("2026-03-20T09:00"))]), id: "e2").committed)
        XCTAssertEqual(dueTimer()?.fireAt, at("2026-03-19T09:00", s), "moved, not duplicated")
        XCTAssertEqual(dueTimer()?.id, before)
        _ = s.interpreter.advance(to: at("2026-03-12T00:00", s))
        XCTAssertFalse(tags(s, "l").contains("due-soon"), "the old instant passed without a firing")
        _ = s.interpreter.advance(to: at("2026-03-19T09:00", s))
        XCTAssertTrue(tags(s, "l").contains("due-soon"))

        s.run(.create(entity: "Lead", fields: [("name", t("B")), ("due_at", t("2026-04-10T09:00"))], alias: "m"), id: "e3")
        let m = try XCTUnwrap(s.interpreter.resolve("m"))
        XCTAssertEqual(s.store.timers(of: m).filter { $0.rule == dueRule }.count, 1)
        s.run(.update(record: "m", fields: [("due_at", .null)]), id: "e4")
        XCTAssertEqual(s.store.timers(of: m).filter { $0.rule == dueRule }.count, 0, "a null anchor cancels")
        s.run(.delete(record: "m"), id: "e5")
        XCTAssertEqual(s.store.timers(of: m).count, 0, "deleting cancels the rest")
    }

    func testYearlyBirthdayFiresEveryYear() throws {
        let s = try XCTUnwrap(Scenario(leadModel))
        s.run(.create(entity: "Lead", fields: [("name", t("A")), ("birthday", t("1990-03-05"))], alias: "l"), id: "e1")
        let fires = s.interpreter.advance(to: at("2028-03-10T00:00", s)).filter { $0.rule == "birthday_care" }
        XCTAssertEqual(fires.map { s.program.calendar.format(instant: $0.at) },
                       ["2026-03-04T00:00", "2027-03-04T00:00", "2028-03-04T00:00"])
        XCTAssertEqual(s.field("l", "greetings"), "3")
        XCTAssertEqual(s.store.timers(of: try XCTUnwrap(s.interpreter.resolve("l"))).map(\.fireAt), [at("2029-03-04T00:00", s)])
    }

    let inactivityModel = """
    entity Lead {
      name: text required
      note: text?
      tags: set<text>
      recycled: int = 0
      idle: int = 0
    }
    entity FollowUp { lead: ref Lead required  content: text required }
    rule recycle on Lead inactive for 3 days without FollowUp do { add 1 to recycled }
    rule idle on Lead inactive for 2 days do { add 1 to idle }
    """

    func testInactivityReArmedByActivityAndRelatedRecords() throws {
        let s = try XCTUnwrap(Scenario(inactivityModel))
        s.run(.create(entity: "Lead", fields: [("name", t("A"))], alias: "l"), id: "e1")
        _ = s.interpreter.advance(to: testNow + 1 * Self.day)
        s.run(.update(record: "l", fields: [("note", t("called"))]), id: "e2")       // idle → day 3
        _ = s.interpreter.advance(to: testNow + 2 * Self.day)
        s.run(.create(entity: "FollowUp", fields: [("lead", t("l")), ("content", t("x"))], alias: nil), id: "e3")  // recycle → day 5
        var fires = s.interpreter.advance(to: testNow + 2 * Self.day + Self.day / 2)
        XCTAssertEqual(fires.map(\.rule), [], "idle moved to day 3 by the update; recycle to day 5 by the follow-up")
        fires = s.interpreter.advance(to: testNow + 3 * Self.day)
        XCTAssertEqual(fires.map(\.rule), ["idle"])
        XCTAssertEqual(s.field("l", "idle"), "1")
        fires = s.interpreter.advance(to: testNow + 10 * Self.day)
        XCTAssertEqual(fires.map(\.rule), ["recycle"], "rules' own writes are not activity: idle is not re-armed")
        XCTAssertEqual([s.field("l", "recycled"), s.field("l", "idle")], ["1", "1"])
        s.run(.update(record: "l", fields: [("note", t("again"))]), id: "e4")
        XCTAssertEqual(s.interpreter.advance(to: testNow + 12 * Self.day).map(\.rule), ["idle"])
    }

    func testDailyScheduleRunsOverMatchingRecordsInOrder() throws {
        let s = try XCTUnwrap(Scenario(leadModel + """

        rule daily every day at 09:00 for Lead where status == 未联系 do { add 1 to pings }
        """))
        for (i, name) in ["A", "B", "C"].enumerated() {
            s.run(.create(entity: "Lead", fields: [("name", t(name))], alias: "l\(i)"), id: "c\(i)")
        }
        s.run(.move(record: "l1", stage: "已联系"), id: "m1")
        let fires = s.interpreter.advance(to: testNow + Self.day).filter { $0.rule == "daily" }
        XCTAssertEqual(fires.map { s.program.calendar.format(instant: $0.at) }, ["2026-03-02T09:00", "2026-03-03T09:00"])
        XCTAssertEqual(fires.first?.record, nil)
        XCTAssertEqual(fires.first?.result.trace.map(\.record), ["Lead#1", "Lead#2", "Lead#3"])
        XCTAssertEqual(fires.first?.result.trace.map(\.fired), [true, false, true])
        XCTAssertEqual([s.field("l0", "pings"), s.field("l1", "pings"), s.field("l2", "pings")], ["2", "0", "2"])
        XCTAssertEqual(s.store.timers(of: .none).count + s.store.dueTimers(upTo: .max).filter { $0.record.isNone }.count, 1,
                       "one pending store-level timer: tomorrow's")
    }

    func testFiringOrderIsDeterministic() throws {
        func history() throws -> [String] {
            let s = try XCTUnwrap(Scenario(leadModel))
            for i in 0..<4 {
                s.run(.create(entity: "Lead", fields: [("name", t("L\(i)")), ("due_at", t("2026-03-09T09:00")),
                                                      ("birthday", t("2000-03-08"))], alias: "l\(i)"), id: "c\(i)")
            }
            return try s.interpreter.advance(by: CalendarDuration(micros: 10 * Self.day)).map {
                "\(s.program.calendar.format(instant: $0.at)) \($0.timer) \($0.rule) \($0.record ?? "-")"
            }
        }
        let first = try history()
        XCTAssertEqual(first.count, 12)
        XCTAssertEqual(first.prefix(2), ["2026-03-07T00:00 3 birthday_care Lead#1", "2026-03-07T00:00 6 birthday_care Lead#2"])
        XCTAssertEqual(first, try history())
    }

    func testRolledBackCommandLeavesNoTimer() throws {
        let s = try XCTUnwrap(Scenario(leadModel))
        let r = s.run(.create(entity: "Lead", fields: [("due_at", t("2026-03-10T09:00"))], alias: "x"), id: "e1")
        XCTAssertFalse(r.committed, "name is required")
        XCTAssertEqual(s.store.timerCount, 0)
    }

    func testWeeklyAndMonthlySchedulesAndIntervals() throws {
        let s = try XCTUnwrap(Scenario("""
        entity Lead { name: text required  pings: int = 0 }
        rule weekly every week on 星期一 at 09:30 for Lead do { add 1 to pings }
        rule monthly every month on 31 at 08:00 for Lead do { add 1 to pings }
        rule often every 6 hours for Lead do { add 1 to pings }
        """))
        s.run(.create(entity: "Lead", fields: [("name", t("A"))], alias: "l"), id: "e1")
        let cal = s.program.calendar
        let fires = s.interpreter.advance(to: try XCTUnwrap(cal.parseDateTime("2026-04-01T00:00")))
        func times(_ rule: String) -> [String] { fires.filter { $0.rule == rule }.map { cal.format(instant: $0.at) } }
        XCTAssertEqual(times("weekly"), ["2026-03-02T09:30", "2026-03-09T09:30", "2026-03-16T09:30", "2026-03-23T09:30", "2026-03-30T09:30"],
                       "2026-03-02 is a Monday; 09:30 is still ahead of the 09:00 start")
        XCTAssertEqual(times("monthly"), ["2026-03-31T08:00"])
        XCTAssertEqual(times("often").prefix(2), ["2026-03-02T15:00", "2026-03-02T21:00"], "an interval counts from the start")
        let feb = s.interpreter.advance(to: try XCTUnwrap(cal.parseDateTime("2026-05-01T00:00"))).filter { $0.rule == "monthly" }
        XCTAssertEqual(feb.map { cal.format(instant: $0.at) }, ["2026-04-30T08:00"], "day 31 → the month's last day")
    }

    func testFailingFiringRollsBackAndAdvancingGoesOn() throws {
        let s = try XCTUnwrap(Scenario("""
        entity Lead { name: text required  due_at: datetime?  pings: int = 0 check pings < 1 else "只能提醒一次" }
        rule remind at Lead.due_at do { add 2 to pings }
        rule later at Lead.due_at + 1 hour do { add 0 to pings }
        """))
        s.run(.create(entity: "Lead", fields: [("name", t("A")), ("due_at", t("2026-03-03T09:00"))], alias: "l"), id: "e1")
        let fires = s.interpreter.advance(to: testNow + 2 * Self.day)
        XCTAssertEqual(fires.map(\.rule), ["remind", "later"])
        XCTAssertEqual(fires.first?.result.failure?.code.id, "E1009")
        XCTAssertEqual(fires.first?.result.fired, [], "nothing of a rolled-back firing is kept")
        XCTAssertEqual(fires.last?.result.committed, true)
        XCTAssertEqual(s.field("l", "pings"), "0")
        XCTAssertEqual(s.store.timerCount, 0, "the failed timer was dropped")
    }

    /// The DST rule (ZonedCalendar): 02:30 on the spring-forward day does not exist in
    /// New York and fires at 03:30 EDT; 01:30 on the fall-back day exists twice and
    /// fires once, at the earlier instant (EDT, -04:00).
    func testScheduleInDSTGapAndOverlapFollowsTheOneRule() throws {
        let model = """
        settings { timezone: "America/New_York" }
        entity Lead { name: text required  pings: int = 0 }
        rule early every day at 02:30 for Lead do { add 1 to pings }
        rule late every day at 01:30 for Lead do { add 1 to pings }
        """
        let s = try XCTUnwrap(Scenario(model))
        let cal = s.program.calendar
        s.run(.create(entity: "Lead", fields: [("name", t("A"))], alias: "l"), id: "e1")
        let march = s.interpreter.advance(to: try XCTUnwrap(cal.parseDateTime("2026-03-09T00:00")))
            .filter { $0.rule == "early" }.map { cal.formatRFC3339(instant: $0.at) }
        XCTAssertEqual(march.suffix(2), ["2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00"])
        let november = s.interpreter.advance(to: try XCTUnwrap(cal.parseDateTime("2026-11-02T00:00")))
            .filter { $0.rule == "late" }.map { cal.formatRFC3339(instant: $0.at) }
        XCTAssertEqual(november.suffix(2), ["2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00"],
                       "once on the fall-back day, at the earlier 01:30")
    }
}
