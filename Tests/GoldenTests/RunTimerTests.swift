// RunTimerTests: `crm run` and time — `advance` / `advance_to` events parse (and a bad
// duration or datetime is a malformed line with the key at fault), the clock follows the
// events' `at` so due timers fire before the next event, and each firing that
// considered a record gives one JSON effects line.
import XCTest
import CRMTools
import CRMRuntime
import CRMStore

final class RunTimerTests: XCTestCase {
    let model = """
    entity Lead {
      name: text required
      created_at: datetime readonly = now()
      tags: set<text>
      lifecycle status { stages 未联系, 已联系  未联系 -> 已联系 }
    }
    rule nurture at Lead.created_at + 7 days where status == 未联系 do { tag "长期培育" }
    """

    func program() throws -> IRProgram {
        let dir = NSTemporaryDirectory() + "crm-run-timer-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/model.crm"
        try model.write(toFile: path, atomically: true, encoding: .utf8)
        let (program, check) = RunDriver.lower(paths: [path])
        return try XCTUnwrap(program, "\(check.diagnostics.map(\.message))")
    }

    func testAdvanceEventsParse() throws {
        let parsed = RunEvents.parse("""
        {"advance":"7 days"}
        {"id":"t","advance_to":"2026-03-10T09:00"}
        {"advance":"soon"}
        {"advance":"1 day","fields":{}}
        """)
        guard case .success(let a) = parsed[0], case .by(let d)? = a.advance else { return XCTFail("\(parsed[0])") }
        XCTAssertEqual(d, CalendarDuration(micros: 7 * 86_400_000_000))
        XCTAssertNil(a.command)
        guard case .success(let b) = parsed[1], case .to("2026-03-10T09:00")? = b.advance else { return XCTFail("\(parsed[1])") }
        guard case .failure(let c) = parsed[2] else { return XCTFail("a bad duration is malformed") }
        XCTAssertEqual(c.field, "advance")
        guard case .failure(let e) = parsed[3] else { return XCTFail("advance takes no fields") }
        XCTAssertEqual(e.field, "fields")
    }

    /// The clock never goes back: an event whose `at` is before it is applied at the
    /// clock's time (its record's `now()` default, its audit entries) with a W1011
    /// warning, and the run still counts as clean.
    func testAnEarlierAtIsAppliedAtTheClocksTime() throws {
        let p = try program()
        let events = """
        {"id":"a","at":"2026-03-09T09:00","create":"Lead","as":"l1","fields":{"name":"A"}}
        {"id":"b","at":"2026-03-02T09:00","create":"Lead","as":"l2","fields":{"name":"B"}}
        {"id":"c","at":"2026-03-09T09:00","create":"Lead","as":"l3","fields":{"name":"C"}}
        """
        let store = MemoryStore(capturesChanges: false)
        let report = RunDriver.run(p, events: events, options: RunOptions(trace: false, stopOnError: true), store: store)
        XCTAssertEqual(report.exitStatus, 0, report.errors)
        XCTAssertEqual(report.errors, "events.jsonl:2: warning[W1011]: field `at`: 2026-03-02T09:00 is before the clock "
                       + "(2026-03-09T09:00); applied at the clock's time\n")
        XCTAssertFalse(report.errors.contains(":3:"), "an `at` equal to the clock is not before it")
        let clock = try XCTUnwrap(p.calendar.parseDateTime("2026-03-09T09:00"))
        for number: UInt32 in 1 ... 3 {
            XCTAssertEqual(store.value(RecordID(entity: 0, number: number), slot: 1), .datetime(clock), "Lead#\(number).created_at")
        }
        XCTAssertEqual(store.auditEntries().map(\.time).max(), clock, "no audit entry is later or earlier than the clock")
        XCTAssertEqual(store.auditEntries().map(\.time).min(), clock)
    }

    func testTimersFireBeforeLaterEventsAndOnAdvance() throws {
        let p = try program()
        let events = """
        {"id":"a","at":"2026-03-02T09:00","create":"Lead","as":"l1","fields":{"name":"A"}}
        {"id":"b","at":"2026-03-02T09:00","create":"Lead","as":"l2","fields":{"name":"B"}}
        {"id":"c","at":"2026-03-08T09:00","move":"l2","to":"已联系"}
        {"id":"d","at":"2026-03-09T10:00","update":"l1","fields":{"name":"A2"}}
        {"id":"e","advance_to":"2026-03-20T00:00"}
        {"id":"f","advance":"bad"}
        """
        let report = RunDriver.run(p, events: events, options: RunOptions(now: "2026-03-02T08:00", trace: true, stopOnError: false))
        XCTAssertEqual(report.exitStatus, 1, "the bad advance line is malformed")
        XCTAssertTrue(report.errors.contains("events.jsonl:6: error[E1010]: malformed event, not applied: field `advance`"), report.errors)
        let lines = report.effects.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 8, report.effects)   // 5 events, 2 firings, 1 malformed line
        XCTAssertTrue(lines[3].hasPrefix("{\"timer\": 1, \"rule\": \"nurture\", \"record\": \"Lead#1\", \"at\": \"2026-03-09T09:00:00+08:00\", \"status\": \"committed\", \"fired\": [\"nurture\"]"), lines[3])
        XCTAssertTrue(lines[4].contains("\"timer\": 2") && lines[4].contains("\"fired\": []"), "l2 was contacted on day 6: " + lines[4])
        XCTAssertTrue(lines[5].contains("\"line\": 4"), "the timers fired before event d: " + lines[5])
        XCTAssertTrue(lines[6].contains("\"status\": \"advanced\", \"now\": \"2026-03-20T00:00:00+08:00\""), lines[6])
        XCTAssertTrue(report.output.contains("timer #1 nurture on Lead#1 at 2026-03-09T09:00\n  fired nurture on Lead#1 timer at 2026-03-09T09:00: where status == 未联系 → true"), report.output)
        XCTAssertTrue(report.output.contains("timers: 2 fired, 0 pending"), report.output)
    }
}
