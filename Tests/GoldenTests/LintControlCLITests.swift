// LintControlCLITests pin down `crm check --allow/--deny` through the built binary:
// repeatable and comma-separated codes, names as well as ids, usage errors (unknown code
// with a suggestion, allowing an error code, allow and deny of one code) with exit 2,
// denied warnings failing the run, `--allow` beating `--warnings-as-errors`, and inline
// comments beating the command line. The binary is CLITests' `CLIHarness.binary`.
import XCTest
import Foundation

final class LintControlCLITests: XCTestCase {
    /// A clean model with two warnings: W0902 on line 7, W0901 on line 9.
    static let model = """
    enum 渠道 { 官网注册, 淘宝 }
    entity Lead "线索" {
      name: text required
      source: 渠道 required
      tags: set<text>
    }
    rule paused "暂停" on Lead created where false do tag "x"

    template 催付提醒 for Lead { body "您好 {name}" }

    """

    var dir = URL(fileURLWithPath: NSTemporaryDirectory())

    override func setUpWithError() throws {
        dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("crm-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(Self.model.utf8).write(to: dir.appendingPathComponent("leads.crm"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// `crm(_:)` runs the binary in the scratch directory, capturing both streams.
    func crm(_ arguments: String...) throws -> CLIRun {
        guard let binary = CLIHarness.binary else { throw XCTSkip("crm binary not found; set CRM_BINARY") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = dir
        let out = dir.appendingPathComponent("out.txt"), err = dir.appendingPathComponent("err.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return CLIRun(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    func testWarningsAloneExitZero() throws {
        let run = try crm("check", "leads.crm")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning[W0902]") && run.stderr.contains("warning[W0901]"), run.stderr)
    }

    func testAllowIsRepeatableAndTakesListsAndNames() throws {
        let repeated = try crm("check", "--allow", "W0901", "--allow=constant-condition", "leads.crm")
        XCTAssertEqual(repeated.status, 0, repeated.stderr)
        XCTAssertFalse(repeated.stderr.contains("warning["), repeated.stderr)
        let list = try crm("check", "--allow", "w0901,unused-template,W0902", "leads.crm")
        XCTAssertFalse(list.stderr.contains("warning["), list.stderr)
    }

    func testDenyFailsTheRunWithANote() throws {
        let run = try crm("check", "--deny", "W0902", "leads.crm")
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("error[W0902]"), run.stderr)
        XCTAssertTrue(run.stderr.contains("= note: denied by `--deny W0902`"), run.stderr)
        XCTAssertTrue(run.stderr.contains("warning[W0901]"), run.stderr)
    }

    func testAllowBeatsWarningsAsErrors() throws {
        let run = try crm("check", "--warnings-as-errors", "--allow", "W0901,W0902", "leads.crm")
        XCTAssertEqual(run.status, 0, run.stderr)
        let partly = try crm("check", "--warnings-as-errors", "--allow", "W0901", "leads.crm")
        XCTAssertEqual(partly.status, 1, partly.stderr)
        XCTAssertTrue(partly.stderr.contains("error[W0902]") && !partly.stderr.contains("W0901"), partly.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        let unknown = try crm("check", "--allow", "unused-templat", "leads.crm")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("error: unknown diagnostic code `unused-templat` for `--allow`"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("did you mean `unused-template`?"), unknown.stderr)
        let error = try crm("check", "--allow", "E0401", "leads.crm")
        XCTAssertEqual(error.status, 2)
        XCTAssertTrue(error.stderr.contains("errors cannot be allowed"), error.stderr)
        let both = try crm("check", "--allow", "W0902", "--deny", "constant-condition", "leads.crm")
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("`W0902` is both allowed and denied"), both.stderr)
        let help = try crm("check", "--help")
        XCTAssertTrue(help.stdout.contains("--allow CODES") && help.stdout.contains("--deny CODES"), help.stdout)
    }

    func testInlineCommentsBeatTheCommandLine() throws {
        let text = Self.model.replacingOccurrences(of: "do tag \"x\"", with: "do tag \"x\"   # crm:allow W0902")
            + "# crm:deny-file W0901\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("leads.crm"))
        let run = try crm("check", "--deny", "W0902", "--allow", "W0901", "--format", "json", "leads.crm")
        XCTAssertEqual(run.status, 1, run.stdout)
        XCTAssertFalse(run.stdout.contains("W0902"), run.stdout)
        XCTAssertTrue(run.stdout.contains("W0901"), run.stdout)
        XCTAssertTrue(run.stdout.contains("denied by `# crm:deny-file W0901` on line 10"), run.stdout)
    }
}
