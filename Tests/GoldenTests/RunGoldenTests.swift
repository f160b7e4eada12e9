// RunGoldenTests pin `crm ir` and `crm run`: the IR dump of each Tests/GoldenTests/ir/*.crm
// against its .ir snapshot, the Playground events run end to end (summary and trace
// snapshot, exit 0), rejected and malformed events (line numbers, exit 1, nothing
// applied), and the built binary's `crm run` on the Playground.
import XCTest
import Foundation
import CRMTools
import CRMRuntime

final class RunGoldenTests: XCTestCase {
    func testIRDumps() throws {
        let models = files(in: "Tests/GoldenTests/ir", suffix: ".crm")
        XCTAssertFalse(models.isEmpty)
        for model in models {
            let (program, check) = RunDriver.lower(paths: [packageRoot + "/" + model])
            guard let program else {
                XCTFail("\(model): \(check.diagnostics.map(\.message))")
                continue
            }
            assertGolden(IRPrinter.print(program), String(model.dropLast(4)) + ".ir")
        }
    }

    func events(_ path: String) throws -> String {
        try String(contentsOfFile: packageRoot + "/" + path, encoding: .utf8)
    }

    func testPlaygroundEventsRunEndToEnd() throws {
        let (program, check) = RunDriver.lower(paths: [packageRoot + "/Playground"])
        let p = try XCTUnwrap(program, "\(check.diagnostics.map(\.message))")
        let report = RunDriver.run(p, events: try events("Playground/events.jsonl"),
                                   options: RunOptions(now: "2026-03-02T08:00", trace: true, eventsPath: "Playground/events.jsonl"))
        XCTAssertEqual(report.exitStatus, 0, report.errors)
        XCTAssertEqual(report.errors, "")
        assertGolden(report.output, "Tests/GoldenTests/ir/playground_run.txt")
        // Identical runs give identical effects, byte for byte.
        let again = RunDriver.run(p, events: try events("Playground/events.jsonl"),
                                  options: RunOptions(now: "2026-03-02T08:00", eventsPath: "Playground/events.jsonl"))
        XCTAssertEqual(report.effects, again.effects)
    }

    /// The sample model, lead capture to a paid order, a contract through its approval and
    /// a refunded return: every event applies (exit 0).
    func testSamplesEventsRunEndToEnd() throws {
        let (program, check) = RunDriver.lower(paths: [packageRoot + "/Samples"])
        let p = try XCTUnwrap(program, "\(check.diagnostics.map(\.message))")
        let report = RunDriver.run(p, events: try events("Samples/events.jsonl"),
                                   options: RunOptions(now: "2026-03-02T08:00", trace: true, eventsPath: "Samples/events.jsonl"))
        XCTAssertEqual(report.exitStatus, 0, report.errors)
        XCTAssertTrue(report.output.contains("Order: 1 (status: 已付款 1)"), report.output)
        XCTAssertTrue(report.output.contains("Contract: 1 (status: 已审批 1)"), "the approval flow ran to its end")
        XCTAssertTrue(report.output.contains("Ticket: 1 (status: 已退款 1)"), "the return was refunded")
        XCTAssertFalse(report.output.contains("not run yet"), "every rule of the sample runs")
        assertGolden(report.output, "Tests/GoldenTests/ir/samples_run.txt")
    }

    func testRejectedAndMalformedEvents() throws {
        let (program, _) = RunDriver.lower(paths: [packageRoot + "/Playground"])
        let p = try XCTUnwrap(program)
        let text = """
        {"id":"a","create":"Lead","as":"l1","fields":{"name":"A","phone":"1","source":"官网注册","email":"a@x.cn"}}
        not json
        {"id":"b","create":"Lead","fields":{"name":"B","phone":"1","source":"转介绍"}}
        {"id":"c","update":"l1","fields":{"score":"高"}}
        {"id":"d","move":"l1","to":"已转化"}
        {"id":"e","create":"Lead","bogus":1}
        {"id":"f","update":"l1","fields":{"score":10}}
        """
        let skip = RunDriver.run(p, events: text, options: RunOptions(now: "2026-03-02T09:00", stopOnError: false, eventsPath: "ev.jsonl"))
        XCTAssertEqual(skip.exitStatus, 1)
        let lines = skip.errors.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, skip.errors)
        XCTAssertTrue(lines[0].hasPrefix("ev.jsonl:2: error[E1010]: malformed event"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("ev.jsonl:3: error[E1009]:") && lines[1].contains("unique"), lines[1])
        XCTAssertTrue(lines[2].contains("ev.jsonl:4: error[E1010]") && lines[2].contains("`score`"), lines[2])
        XCTAssertTrue(lines[3].contains("ev.jsonl:5: error[E1008]"), lines[3])
        XCTAssertTrue(lines[4].contains("ev.jsonl:6:") && lines[4].contains("field `bogus`"), lines[4])
        XCTAssertTrue(skip.output.contains("events: 2 applied, 5 rejected"), skip.output)
        XCTAssertTrue(skip.output.contains("outbox: 1 message"), skip.output)
        // stop: the first problem ends the run.
        let stop = RunDriver.run(p, events: text, options: RunOptions(now: "2026-03-02T09:00", eventsPath: "ev.jsonl"))
        XCTAssertEqual(stop.exitStatus, 1)
        XCTAssertTrue(stop.output.contains("events: 1 applied, 1 rejected"), stop.output)
    }

    func testBinaryRunsPlayground() throws {
        guard let binary = CLIHarness.binary else { throw XCTSkip("crm binary not found beside the test bundle; set CRM_BINARY") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "Playground", "--events", "Playground/events.jsonl", "--now", "2026-03-02T08:00"]
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("Lead: 3 (status: 未联系 2, 高意向 1)"))
    }
}
