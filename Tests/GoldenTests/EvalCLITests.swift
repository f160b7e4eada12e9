// EvalCLITests run the built `crm eval` (found like CLITests, via CLIHarness) and pin
// down its contract: `VALUE : TYPE` on stdout, the JSON shape, exit codes (0 value,
// 1 syntax/type/run-time error, 2 usage), located run-time diagnostics in `<expr>`,
// `--model` scope, `--now` and `--timezone`, and `--help`.
import XCTest
import Foundation

final class EvalCLITests: XCTestCase {
    var root = URL(fileURLWithPath: NSTemporaryDirectory())

    override func setUpWithError() throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("crm-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    /// Runs `crm ARGS` in the scratch directory.
    func crm(_ arguments: String...) throws -> CLIRun {
        guard let binary = CLIHarness.binary else { throw XCTSkip("crm binary not found beside the test bundle; set CRM_BINARY") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let outURL = root.appendingPathComponent("stdout"), errURL = root.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CLIRun(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    func testPrintsValueAndType() throws {
        let r = try crm("eval", "0.1 + 0.2")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "0.3 : decimal\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(try crm("eval", "2026-01-31 + 1 month").stdout, "2026-02-28 : date\n")
        XCTAssertEqual(try crm("eval", "\"客户\" + \"A\"").stdout, "\"客户A\" : text\n")
        XCTAssertEqual(try crm("eval", "--", "-5 * 2").stdout, "-10 : int\n")
    }

    func testJSONShape() throws {
        XCTAssertEqual(try crm("eval", "--format", "json", "100 CNY * 3").stdout,
                       "{\"value\": \"300.00 CNY\", \"type\": \"money(CNY)\"}\n")
        XCTAssertEqual(try crm("eval", "--format", "json", "40 + 2").stdout, "{\"value\": 42, \"type\": \"int\"}\n")
        XCTAssertEqual(try crm("eval", "--format", "json", "[true, false]").stdout,
                       "{\"value\": [true, false], \"type\": \"list<bool>\"}\n")
        XCTAssertEqual(try crm("eval", "--format", "json", "--timezone", "America/New_York", "2026-11-01T01:30").stdout,
                       "{\"value\": \"2026-11-01T01:30:00-04:00\", \"type\": \"datetime\"}\n")
    }

    func testRuntimeErrorIsALocatedDiagnosticWithExitOne() throws {
        let r = try crm("eval", "1 + 9223372036854775807 * 2")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("error[E1001]: integer overflow in `9223372036854775807 * 2`"), r.stderr)
        XCTAssertTrue(r.stderr.contains("--> <expr>:1:5"), r.stderr)
        let z = try crm("eval", "--format", "json", "10 / 0")
        XCTAssertEqual(z.status, 1)
        XCTAssertTrue(z.stdout.contains("\"code\": \"E1002\""), z.stdout)
        XCTAssertTrue(z.stdout.contains("\"file\": \"<expr>\""), z.stdout)
    }

    func testSyntaxAndTypeErrorsExitOne() throws {
        let syntax = try crm("eval", "1 +")
        XCTAssertEqual(syntax.status, 1)
        XCTAssertTrue(syntax.stderr.contains("<expr>:1:4"), syntax.stderr)
        XCTAssertTrue(syntax.stderr.contains("found the end of the expression"), syntax.stderr)
        let type = try crm("eval", "1 + 1.0")
        XCTAssertEqual(type.status, 1)
        XCTAssertTrue(type.stderr.contains("error[E0405]"), type.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try crm("eval").status, 2)
        XCTAssertEqual(try crm("eval", "1", "2").status, 2)
        XCTAssertEqual(try crm("eval", "--timezone", "Mars/Olympus", "1").status, 2)
        XCTAssertEqual(try crm("eval", "--now", "yesterday", "now()").status, 2)
        XCTAssertEqual(try crm("eval", "--format", "xml", "1").status, 2)
    }

    func testNowTimezoneAndModel() throws {
        XCTAssertEqual(try crm("eval", "--now", "2026-03-02T09:00", "today() + 1 month").stdout, "2026-04-02 : date\n")
        XCTAssertEqual(try crm("eval", "--now", "2026-03-02T09:00", "--timezone", "America/New_York", "2026-03-08T02:30").stdout,
                       "2026-03-08T03:30 : datetime\n")
        let model = root.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try """
        settings { timezone: "UTC" }
        enum 渠道 { 官网注册, 淘宝 }
        """.write(to: model.appendingPathComponent("m.crm"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try crm("eval", "--model", "model", "淘宝 in [官网注册, 淘宝]").stdout, "true : bool\n")
        XCTAssertEqual(try crm("eval", "--model", "model", "渠道.淘宝").stdout, "淘宝 : 渠道\n")
        XCTAssertEqual(try crm("eval", "--model", "model", "--now", "2026-03-02T09:00", "now()").stdout, "2026-03-02T09:00 : datetime\n")
        XCTAssertEqual(try crm("eval", "渠道.淘宝").status, 1)           // no model: unknown name
    }

    func testHelp() throws {
        let r = try crm("eval", "--help")
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("usage: crm eval [options] EXPR"))
        XCTAssertTrue(r.stdout.contains("--now"))
        XCTAssertTrue(try crm("--help").stdout.contains("eval"))
    }
}
