// TestGoldenTests pin `crm test` (CRMTools' TestDriver) on the fixtures in
// Tests/GoldenTests/test/: shop/model.crm with passing.crm (every step and expectation
// kind holds, exit 0), failing.crm (each kind of failure with its expected-versus-actual
// report and the JUnit XML, exit 1), broken.crm (a checker error in a test block:
// reported like `crm check`, nothing runs, exit 1); coverage and --coverage-min;
// --filter; the sample model's own tests; and the built binary's exit codes and
// --junit file. `CRM_UPDATE_GOLDEN=1` rewrites the snapshots.
import XCTest
import Foundation
import CRMTools

final class TestGoldenTests: XCTestCase {
    let dir = "Tests/GoldenTests/test"

    func paths(_ tests: String) -> [String] {
        [packageRoot + "/\(dir)/shop/model.crm", packageRoot + "/\(dir)/\(tests)"]
    }

    /// Output with the package root removed, so snapshots hold repository paths.
    func relative(_ s: String) -> String { s.replacingOccurrences(of: packageRoot + "/", with: "") }

    func testPassingFixturesPass() {
        let report = TestDriver.run(paths: paths("passing.crm"), options: TestOptions())
        XCTAssertEqual(report.exitStatus, 0, report.output + report.errors)
        XCTAssertEqual(report.errors, "")
        XCTAssertEqual(report.passed, 4)
        XCTAssertEqual(report.failed, 0)
        XCTAssertTrue(report.output.hasSuffix("\n4 passed, 0 failed\n"), report.output)
        XCTAssertTrue(report.output.contains("test 审批：角色不对被拒，经理通过、法务驳回；超时升级给管理员 ... ok\n"), report.output)
        assertGolden(relative(report.output), "\(dir)/passing.out")
    }

    func testFailingFixturesReportExpectedVersusActual() {
        let report = TestDriver.run(paths: paths("failing.crm"), options: TestOptions())
        XCTAssertEqual(report.exitStatus, 1)
        XCTAssertEqual(report.passed, 1)
        XCTAssertEqual(report.failed, 3)
        let out = relative(report.output)
        // The pieces a reader relies on, independent of the snapshot.
        XCTAssertTrue(out.contains("test 字段与标签不符 ... FAILED\n"), out)
        XCTAssertTrue(out.contains("test 通过的测试 ... ok\n"), out)
        XCTAssertTrue(out.contains("--- 字段与标签不符 (Tests/GoldenTests/test/failing.crm:4:1)"), out)
        XCTAssertTrue(out.contains("8 |   expect l.status == 高意向\n"), out)
        XCTAssertTrue(out.contains("= note: expected: 高意向\n          actual:   未联系"), out)
        XCTAssertTrue(out.contains("- phone: \"13900000000\"\n           + phone: \"13800000002\""), out)
        XCTAssertTrue(out.contains("channel: \"官网注册\" }") || out.contains("channel: 官网注册 }"), out)   // the payload's enum by name
        XCTAssertTrue(out.contains("error[E1102]: step rejected: move l to 已转化"), out)
        XCTAssertFalse(out.contains("expect l.status == 已转化"), "a rejected step ends its test:\n" + out)
        XCTAssertTrue(out.hasSuffix("\n1 passed, 3 failed\n"), out)
        assertGolden(out, "\(dir)/failing.out")
        assertGolden(relative(report.junit), "\(dir)/failing.junit.xml")
    }

    func testJUnitShape() {
        let xml = TestDriver.run(paths: paths("failing.crm"), options: TestOptions()).junit
        XCTAssertTrue(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"crm test\" tests=\"4\" failures=\"3\" errors=\"0\">"), xml)
        XCTAssertEqual(xml.components(separatedBy: "<testcase ").count - 1, 4)
        XCTAssertEqual(xml.components(separatedBy: "<failure ").count - 1, 10)
        XCTAssertTrue(xml.contains("<failure type=\"E1102\" message=\"step rejected: move l to 已转化\">"), xml)
        XCTAssertFalse(xml.contains("`score <= 100`"), "markup characters are escaped")
        XCTAssertTrue(xml.contains("`score &lt;= 100`"), xml)
        XCTAssertTrue(xml.hasSuffix("  </testsuite>\n</testsuites>\n"), xml)
    }

    func testCheckerErrorsStopTheRun() {
        let report = TestDriver.run(paths: paths("broken.crm"), options: TestOptions())
        XCTAssertEqual(report.exitStatus, 1)
        XCTAssertEqual(report.output, "")
        XCTAssertEqual(report.junit, "")
        XCTAssertTrue(report.errors.contains("error[E0317]: no record named `k` in this test"), report.errors)
        assertGolden(relative(report.errors), "\(dir)/broken.out")
    }

    func testUnreadableModelIsAUsageError() {
        let report = TestDriver.run(paths: [packageRoot + "/\(dir)/no-such-model"], options: TestOptions())
        XCTAssertEqual(report.exitStatus, 2, report.errors)
    }

    func testCoverageNamesWhatWasNeverExercised() {
        let report = TestDriver.run(paths: paths("passing.crm"), options: TestOptions(coverage: true))
        XCTAssertEqual(report.exitStatus, 0)
        let out = relative(report.output)
        XCTAssertTrue(out.contains("rules fired: 5 of 5\n"), out)
        XCTAssertTrue(out.contains("nurture where `status == 未联系` (Tests/GoldenTests/test/shop/model.crm:76:9): never false"), out)
        XCTAssertEqual(report.coverage.map { Int($0 * 10) }, 937)   // 15 of 16
        assertGolden(out, "\(dir)/passing.coverage.out")

        // Only the failing fixtures' passing test: little is covered, and named.
        let narrow = TestDriver.run(paths: paths("failing.crm"), options: TestOptions(filter: "通过", coverage: true))
        XCTAssertTrue(narrow.output.contains("never fired:"), narrow.output)
        XCTAssertTrue(narrow.output.contains("welcome_mail where `source == 官网注册 and email != null`"), narrow.output)
        XCTAssertTrue(narrow.output.contains("row 1 `华东, _ => 华东组`"), narrow.output)
        XCTAssertTrue(narrow.output.contains(": never failed to match") || narrow.output.contains(": never matched"), narrow.output)
    }

    func testCoverageMinimum() {
        let low = TestDriver.run(paths: paths("passing.crm"), options: TestOptions(coverageMin: 95))
        XCTAssertEqual(low.exitStatus, 1)
        XCTAssertTrue(low.output.contains("coverage 93.7% is below the minimum of 95.0%\n"), low.output)
        XCTAssertTrue(low.output.contains("coverage: 93.7% (15 of 16 outcomes)"), "--coverage-min implies --coverage")
        let ok = TestDriver.run(paths: paths("passing.crm"), options: TestOptions(coverageMin: 90))
        XCTAssertEqual(ok.exitStatus, 0, ok.output)
    }

    func testFilterRunsMatchingTestsOnly() {
        let report = TestDriver.run(paths: paths("failing.crm"), options: TestOptions(filter: "通过"))
        XCTAssertEqual(report.exitStatus, 0, report.output)
        XCTAssertEqual(report.output, "test 通过的测试 ... ok\n\n1 passed, 0 failed, 3 filtered out\n")
        let none = TestDriver.run(paths: paths("failing.crm"), options: TestOptions(filter: "没有这个测试"))
        XCTAssertEqual(none.output, "\n0 passed, 0 failed, 4 filtered out\n")
    }

    /// The sample model carries tests for its rules, and they pass.
    func testSampleModelTestsPass() {
        let report = TestDriver.run(paths: [packageRoot + "/Samples"], options: TestOptions(coverage: true))
        XCTAssertEqual(report.exitStatus, 0, relative(report.output) + report.errors)
        XCTAssertGreaterThan(report.passed, 10)
        // Every rule of the samples fires in some test: the approval outcomes through
        // `approve`/`reject` steps, hot_lead through the followed-up lead's score.
        let section = report.output.components(separatedBy: "never fired:\n").dropFirst().first ?? ""
        let never = section.split(separator: "\n").prefix { $0.hasPrefix("      ") }
            .map { String($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) }
        XCTAssertEqual(never, [], report.output)
        XCTAssertFalse(report.output.contains("never fired:"), report.output)
    }

    // MARK: The binary

    func crm(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let binary = CLIHarness.binary else { throw XCTSkip("crm binary not found; set CRM_BINARY") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testBinaryExitCodesAndJUnitFile() throws {
        let junit = NSTemporaryDirectory() + "crm-junit-\(UUID().uuidString).xml"
        defer { try? FileManager.default.removeItem(atPath: junit) }
        let failing = try crm(["test", "\(dir)/shop/model.crm", "\(dir)/failing.crm", "--junit", junit])
        XCTAssertEqual(failing.status, 1, failing.stderr)
        XCTAssertTrue(failing.stdout.hasSuffix("1 passed, 3 failed\n"), failing.stdout)
        let written = try String(contentsOfFile: junit, encoding: .utf8)
        XCTAssertEqual(written, relative(TestDriver.run(paths: paths("failing.crm"), options: TestOptions()).junit))
        XCTAssertTrue(written.contains("failures=\"3\""), written)

        let passing = try crm(["test", "\(dir)/shop/model.crm", "\(dir)/passing.crm"])
        XCTAssertEqual(passing.status, 0, passing.stdout + passing.stderr)

        let broken = try crm(["test", "\(dir)/shop/model.crm", "\(dir)/broken.crm"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("E0317"), broken.stderr)

        XCTAssertEqual(try crm(["test", "\(dir)/shop/model.crm", "--coverage-min", "abc"]).status, 2)
        XCTAssertEqual(try crm(["test", "\(dir)/shop/model.crm", "--bogus"]).status, 2)
        XCTAssertEqual(try crm(["test", "\(dir)/no-such-model"]).status, 2)
        let unwritable = try crm(["test", "\(dir)/shop/model.crm", "\(dir)/passing.crm", "--junit", "/no/such/dir/x.xml"])
        XCTAssertEqual(unwritable.status, 2, unwritable.stderr)
    }
}
