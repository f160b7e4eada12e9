// CLITests run the built `crm` executable as a subprocess over fixtures in temporary
// directories and pin down its contract: exit codes (0 clean, 1 problems, 2 usage/I/O),
// which stream each output goes to, the machine formats' shapes, `fmt` safety,
// `.crmignore`, `explain`, and colour. The binary is found next to the test bundle
// (see `CLIHarness.binary`), so it works with `swift test` and `--scratch-path`.
import XCTest
import Foundation

/// The result of one `crm` run.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Locating the binary and running it.
enum CLIHarness {
    /// The `crm` executable: `$CRM_BINARY` if set, else the one beside the test bundle
    /// (SwiftPM puts products and the `.xctest` in the same directory), else
    /// `.build/debug/crm` under the package root.
    static let binary: String? = {
        if let path = ProcessInfo.processInfo.environment["CRM_BINARY"] { return path }
        var candidates = [
            Bundle.main.bundleURL.appendingPathComponent("crm"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crm"),
        ]
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.insert(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("crm"), at: 0)
        }
        #endif
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/crm"))
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}

final class CLITests: XCTestCase {
    /// Per-test scratch space: `work/` is the fixtures' directory and the default cwd;
    /// captured output goes beside it so it never becomes part of a checked model.
    var root = URL(fileURLWithPath: NSTemporaryDirectory())
    var work: URL { root.appendingPathComponent("work") }

    override func setUpWithError() throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("crm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: - Fixtures

    static let clean = """
    enum 渠道 { 官网注册, 淘宝 }

    entity Lead "线索" {
      name: text required
      source: 渠道 required
    }

    """
    /// One syntax error (E0201, missing `:`).
    static let broken = broken("Lead")
    /// `broken(_:)` is `broken` declaring entity `name`, so several files of one model
    /// do not also clash as duplicate declarations.
    static func broken(_ name: String) -> String { "entity \(name) {\n  name text required\n}\n" }
    /// Three syntax errors on three lines.
    static let threeErrors = "entity A { name text }\nentity B { name text }\nentity C { name text }\n"
    /// Valid but laid out badly, so `fmt` must change it.
    static let messy = "entity   Lead{name:text required\n    source:text}\n"

    @discardableResult
    func write(_ text: String, _ path: String) throws -> URL {
        let url = work.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func read(_ path: String) throws -> Data {
        try Data(contentsOf: work.appendingPathComponent(path))
    }

    /// `crm(_:stdin:env:)` runs `crm` in `work/` with `NO_COLOR` removed unless given.
    func crm(_ arguments: String..., stdin: String? = nil, env: [String: String] = [:]) throws -> CLIRun {
        guard let binary = CLIHarness.binary else {
            throw XCTSkip("crm binary not found beside the test bundle; set CRM_BINARY")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = work
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment.merge(env) { $1 }
        process.environment = environment
        let outURL = root.appendingPathComponent("stdout"), errURL = root.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data((stdin ?? "").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return CLIRun(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    func json(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(value as? [String: Any], "not a JSON object: \(text)")
    }

    // MARK: - check: exit codes and streams

    func testCheckCleanFileExitsZeroWithSummary() throws {
        try write(Self.clean, "leads.crm")
        let run = try crm("check", "leads.crm")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(run.stderr, "1 file, 1 entity, 1 enum\nno problems in 1 file\n")
    }

    func testCheckDefaultsToCurrentDirectoryAndLintIsAnAlias() throws {
        try write(Self.clean, "a.crm")
        let run = try crm("lint")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, ".: 1 file, 1 entity, 1 enum\nno problems in 1 file\n")
    }

    func testCheckSyntaxErrorExitsOneWithHumanOutputOnStderr() throws {
        try write(Self.broken, "bad.crm")
        let run = try crm("check", "bad.crm")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.hasPrefix("error[E0201]: "), run.stderr)
        XCTAssertTrue(run.stderr.contains(" --> bad.crm:2:8\n"), run.stderr)
        XCTAssertTrue(run.stderr.hasSuffix("\n1 error in 1 file\nrun `crm explain E0201` for more\n"), run.stderr)
    }

    func testMissingPathExitsTwoWithOSReason() throws {
        let run = try crm("check", "nope.crm")
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("error[E0001]: cannot read `nope.crm`: No such file or directory"), run.stderr)
    }

    func testEmptyDirectoryExitsTwo() throws {
        try FileManager.default.createDirectory(at: work.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try write("not a model", "empty/readme.txt")
        let run = try crm("check", "empty")
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("error[E0002]: no `.crm` files in directory `empty`"), run.stderr)
    }

    func testExplicitFileWithOtherExtensionIsRead() throws {
        try write(Self.broken, "model.txt")
        let run = try crm("check", "model.txt")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("--> model.txt:2:8"), run.stderr)
    }

    func testMaxErrorsLimitsReportButNotExitCode() throws {
        try write(Self.threeErrors, "three.crm")
        let all = try json(try crm("check", "--format", "json", "three.crm").stdout)
        XCTAssertEqual((all["diagnostics"] as? [Any])?.count, 3)
        let limited = try crm("check", "--max-errors=1", "three.crm")
        XCTAssertEqual(limited.status, 1)
        XCTAssertEqual(limited.stderr.components(separatedBy: "error[E").count - 1, 1, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("note: 2 more diagnostics not shown (`--max-errors 1`)"), limited.stderr)
    }

    // MARK: - check: usage errors

    func testUnknownFlagSuggestsAndExitsTwo() throws {
        let run = try crm("check", "--fromat", "json")
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.hasPrefix("error: unknown option `--fromat` for `crm check`\nhelp: did you mean `--format`?\n"), run.stderr)
        XCTAssertTrue(run.stderr.contains("usage: crm check"), run.stderr)
    }

    func testInvalidFormatValueSuggests() throws {
        let run = try crm("check", "--format=jsno")
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("did you mean `json`?"), run.stderr)
    }

    func testUnknownSubcommandSuggestsAndExitsTwo() throws {
        let run = try crm("chek")
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("error: unknown command `chek`\nhelp: did you mean `check`?\n"), run.stderr)
    }

    func testFutureSubcommandsAreNotOfferedYet() throws {
        let help = try crm("--help")
        XCTAssertEqual(help.status, 0)
        // `eval`, `run`, `test` and `repl` exist now: EvalCLITests, RunGoldenTests, TestGoldenTests, ReplGoldenTests.
        XCTAssertTrue(help.stdout.contains("\n  repl "), help.stdout)
        XCTAssertTrue(help.stdout.contains("\n  run "), help.stdout)
        XCTAssertEqual(try crm("run").status, 2, "run without MODEL is a usage error")
    }

    func testHelpAndVersionExitZero() throws {
        XCTAssertEqual(try crm("help").status, 0)
        let checkHelp = try crm("check", "--help")
        XCTAssertEqual(checkHelp.status, 0)
        XCTAssertTrue(checkHelp.stdout.contains("--max-errors N"), checkHelp.stdout)
        XCTAssertEqual(try crm("help", "fmt").status, 0)
        let version = try crm("--version")
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("crm "), version.stdout)
        XCTAssertEqual(try crm().status, 2)
    }

    // MARK: - check: machine formats

    func testJSONFormatParsesAndGoesToStdout() throws {
        try write(Self.broken, "bad.crm")
        let run = try crm("check", "--format", "json", "bad.crm")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stderr, "")
        let doc = try json(run.stdout)
        XCTAssertEqual(doc["version"] as? Int, 1)
        let first = try XCTUnwrap((doc["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["code"] as? String, "E0201")
        XCTAssertEqual(first["file"] as? String, "bad.crm")
        XCTAssertEqual(first["line"] as? Int, 2)
        XCTAssertEqual((doc["summary"] as? [String: Any])?["errors"] as? Int, 1)
    }

    func testSARIFFormatParses() throws {
        try write(Self.broken, "bad.crm")
        let run = try crm("check", "--format", "sarif", "bad.crm")
        XCTAssertEqual(run.status, 1)
        let doc = try json(run.stdout)
        XCTAssertEqual(doc["version"] as? String, "2.1.0")
        let runs = try XCTUnwrap(doc["runs"] as? [[String: Any]])
        XCTAssertEqual((runs.first?["results"] as? [Any])?.count, 1)
    }

    func testGitHubFormatLineShape() throws {
        try write(Self.threeErrors, "three.crm")
        let run = try crm("check", "--format", "github", "three.crm")
        XCTAssertEqual(run.status, 1)
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, run.stdout)
        let shape = try Regex(#"::error file=three\.crm,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=E\d{4} [a-z-]+::.+"#)
        for line in lines {
            XCTAssertNotNil(try shape.wholeMatch(in: String(line)), String(line))
        }
    }

    // MARK: - model loading

    func testDirectoryIsWalkedInSortedOrderHonouringCrmignoreAndHiddenEntries() throws {
        let paths = ["models/b.crm", "models/a.crm", "models/sub/c.crm", "models/.hidden/x.crm", "models/.y.crm",
                     "models/skip/y.crm", "models/sub/gen_1.crm", "models/sub/deep/drafts.crm"]
        for (i, path) in paths.enumerated() { try write(Self.broken("E\(i)"), path) }
        try write("# generated and draft files\nskip/\n\n", "models/.crmignore")
        try write("gen_*.crm\ndeep/drafts.crm\n", "models/sub/.crmignore")
        let run = try crm("check", "--format", "json", "models")
        XCTAssertEqual(run.status, 1, run.stderr)
        let doc = try json(run.stdout)
        let files = (doc["diagnostics"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
        XCTAssertEqual(files, ["models/a.crm", "models/b.crm", "models/sub/c.crm"])
        XCTAssertEqual((doc["summary"] as? [String: Any])?["files"] as? Int, 3)
    }

    func testTrailingSlashAndDotArgumentsKeepPathsRelative() throws {
        try write(Self.broken, "models/a.crm")
        let slash = try json(try crm("check", "--format", "json", "models/").stdout)
        XCTAssertEqual((slash["diagnostics"] as? [[String: Any]])?.first?["file"] as? String, "models/a.crm")
        let dot = try json(try crm("check", "--format", "json").stdout)
        XCTAssertEqual((dot["diagnostics"] as? [[String: Any]])?.first?["file"] as? String, "models/a.crm")
    }

    func testSameFileNamedTwiceIsCheckedOnce() throws {
        try write(Self.broken, "models/a.crm")
        let run = try crm("check", "models", "models/a.crm")
        XCTAssertTrue(run.stderr.hasSuffix("1 error in 1 file\nrun `crm explain E0201` for more\n"), run.stderr)
    }

    // MARK: - fmt

    func testFmtCheckExitCodesAndRewrite() throws {
        try write(Self.messy, "m.crm")
        let before = try read("m.crm")
        let check = try crm("fmt", "--check", "m.crm")
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(check.stdout, "would reformat m.crm\n")
        XCTAssertEqual(try read("m.crm"), before, "--check must not write")

        let format = try crm("fmt", "m.crm")
        XCTAssertEqual(format.status, 0, format.stderr)
        XCTAssertEqual(format.stdout, "formatted 1 file\n")
        XCTAssertNotEqual(try read("m.crm"), before)

        let again = try crm("fmt", "--check", "m.crm")
        XCTAssertEqual(again.status, 0, "formatting is not idempotent:\n\(again.stdout)")
        XCTAssertEqual(again.stdout, "")
        XCTAssertEqual(try crm("check", "m.crm").status, 0, "formatted output does not check")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasPrefix(".crm-fmt") }
        XCTAssertEqual(leftovers, [], "temporary files left behind")
    }

    func testFmtFollowsSymbolicLinks() throws {
        try write(Self.messy, "real.crm")
        try FileManager.default.createSymbolicLink(atPath: work.appendingPathComponent("link.crm").path,
                                                   withDestinationPath: "real.crm")
        let run = try crm("fmt", "link.crm")
        XCTAssertEqual(run.status, 0, run.stderr)
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: work.appendingPathComponent("link.crm").path)
        XCTAssertEqual(link, "real.crm", "the link must stay a link")
        XCTAssertNotEqual(try read("real.crm"), Data(Self.messy.utf8))
    }

    func testFmtRefusesFileWithSyntaxErrorsAndLeavesItByteIdentical() throws {
        try write(Self.broken + Self.messy, "bad.crm")
        let before = try read("bad.crm")
        let run = try crm("fmt", "bad.crm")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("error[E0201]"), run.stderr)
        XCTAssertTrue(run.stderr.contains("skipped bad.crm: it has syntax errors"), run.stderr)
        XCTAssertEqual(try read("bad.crm"), before)
    }

    func testFmtStdinWritesStdout() throws {
        let run = try crm("fmt", "-", stdin: Self.messy)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("entity Lead"), run.stdout)
        let check = try crm("fmt", "--stdin", "--check", stdin: Self.messy)
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(check.stdout, "would reformat <stdin>\n")
        let clean = try crm("fmt", "--check", "-", stdin: run.stdout)
        XCTAssertEqual(clean.status, 0, clean.stdout)
        let broken = try crm("fmt", "-", stdin: Self.broken)
        XCTAssertEqual(broken.status, 1)
        XCTAssertEqual(broken.stdout, "")
        XCTAssertTrue(broken.stderr.contains("--> <stdin>:2:8"), broken.stderr)
    }

    // MARK: - explain

    func testExplainPrintsCodePage() throws {
        let run = try crm("explain", "e0201")
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.hasPrefix("E0201 "), run.stdout)
        XCTAssertTrue(run.stdout.contains("(error)\n"), run.stdout)
    }

    func testExplainListAndUnknownCode() throws {
        let list = try crm("explain", "--list")
        XCTAssertEqual(list.status, 0)
        XCTAssertTrue(list.stdout.hasPrefix("E0001  file-unreadable"), list.stdout)
        let unknown = try crm("explain", "E0130")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("did you mean `E0103`?"), unknown.stderr)
        XCTAssertEqual(try crm("explain").status, 2)
    }

    // MARK: - colour

    func testColourOnlyWhenAskedAndNeverWithNoColor() throws {
        try write(Self.broken, "bad.crm")
        let escape = "\u{1B}["
        XCTAssertFalse(try crm("check", "bad.crm").stderr.contains(escape), "not a terminal: no colour")
        XCTAssertFalse(try crm("check", "bad.crm", env: ["NO_COLOR": "1"]).stderr.contains(escape))
        XCTAssertTrue(try crm("check", "--color", "always", "bad.crm").stderr.contains(escape))
        XCTAssertFalse(try crm("check", "--color=never", "bad.crm").stderr.contains(escape))
    }
}
