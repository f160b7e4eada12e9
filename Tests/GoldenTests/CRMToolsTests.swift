// CRMToolsTests exercise CRMTools in-process where the CLI cannot reach: the exit-code
// policy on synthetic warnings (no stage emits warnings yet), `--max-errors` cutting,
// `.crmignore` globbing, and the benchmark generator's validity and determinism.
import XCTest
import CRMBase
import CRMSyntax
@testable import CRMTools

final class CRMToolsTests: XCTestCase {
    /// A file with one error and one warning at known places.
    func fixture() -> (SourceSet, [Diagnostic]) {
        let sources = SourceSet()
        let file = sources.add(path: "a.crm", text: "entity A {}\nentity B {}\n")
        let warning = Diagnostic(.expectedToken, "a warning", at: Span(start: file.pos(0), end: file.pos(6)),
                                 severity: .warning)
        let error = Diagnostic(.expectedToken, "an error", at: Span(start: file.pos(12), end: file.pos(18)))
        return (sources, [error, warning])
    }

    func testWarningsPassUnlessPromoted() {
        let (sources, raw) = fixture()
        let plain = CheckDriver.finish([raw[1]], sources: sources, fileCount: 1, options: CheckOptions())
        XCTAssertEqual(plain.exitStatus, ExitStatus.clean)
        XCTAssertEqual(plain.warningCount, 1)
        let strict = CheckDriver.finish([raw[1]], sources: sources, fileCount: 1,
                                        options: CheckOptions(warningsAsErrors: true))
        XCTAssertEqual(strict.exitStatus, ExitStatus.problems)
        XCTAssertEqual(strict.errorCount, 1)
        XCTAssertEqual(strict.diagnostics.first?.severity, .error)
    }

    func testOutputIsSortedAndMaxErrorsKeepsEarlierWarnings() {
        let (sources, raw) = fixture()
        let all = CheckDriver.finish(raw, sources: sources, fileCount: 1, options: CheckOptions())
        XCTAssertEqual(all.diagnostics.map(\.message), ["a warning", "an error"])
        let cut = CheckDriver.finish(raw + raw, sources: sources, fileCount: 1, options: CheckOptions(maxErrors: 1))
        XCTAssertEqual(cut.diagnostics.count, 3, "both warnings sort before the first error")
        XCTAssertEqual(cut.omittedCount, 1)
        XCTAssertEqual(cut.errorCount, 2, "counts cover everything found")
        XCTAssertEqual(cut.exitStatus, ExitStatus.problems)
    }

    func testInputProblemsExitTwo() {
        let (sources, raw) = fixture()
        let missing = ModelLoader.diagnostic(for: .system("No such file or directory"), path: "x.crm")
        let result = CheckDriver.finish(raw + [missing], sources: sources, fileCount: 1, options: CheckOptions())
        XCTAssertEqual(result.exitStatus, ExitStatus.usage)
        XCTAssertEqual(result.diagnostics.first?.code.id, "E0001", "positionless diagnostics come first")
    }

    func testIgnoreGlobsMatchWithinOneSegment() {
        XCTAssertTrue(IgnoreFile.glob("*.crm", matches: "a.crm"))
        XCTAssertTrue(IgnoreFile.glob("gen_?.crm", matches: "gen_1.crm"))
        XCTAssertTrue(IgnoreFile.glob("草稿*", matches: "草稿一.crm"))
        XCTAssertFalse(IgnoreFile.glob("*.crm", matches: "a.crm.bak"))
        XCTAssertTrue(IgnoreFile.glob("a*b*c", matches: "aXbYbZc"))
        let ignore = IgnoreFile(base: "sub", bytes: Array("# c\n/drafts/\n./x/*.crm\r\n".utf8))
        XCTAssertEqual(ignore.patterns.count, 2)
        XCTAssertTrue(ignore.matches("sub/drafts", isDirectory: true))
        XCTAssertFalse(ignore.matches("sub/drafts", isDirectory: false), "trailing / means directories only")
        XCTAssertTrue(ignore.matches("sub/x/a.crm", isDirectory: false))
        XCTAssertFalse(ignore.matches("sub/y/x/a.crm", isDirectory: false), "patterns are anchored")
        XCTAssertFalse(ignore.matches("other/drafts", isDirectory: true))
    }

    func testGeneratedModelParsesCleanlyAndIsDeterministic() {
        let text = ModelGenerator.generate(lines: 3000)
        XCTAssertEqual(text, ModelGenerator.generate(lines: 3000))
        let sources = SourceSet()
        let file = sources.add(path: "bench.crm", text: text)
        XCTAssertGreaterThanOrEqual(file.lineCount, 3000)
        XCTAssertLessThan(file.lineCount, 3300)
        let syntax = Parser.parse(file)
        let rendered = HumanRenderer(color: false).render(Array(syntax.diagnostics.prefix(3)), sources: sources)
        XCTAssertEqual(syntax.diagnostics.count, 0, rendered)
        XCTAssertGreaterThan(syntax.decls.count, 200)
        let root = ModelRoot(path: "bench.crm", isDirectory: false, files: [file])
        let checked = CheckDriver.check(LoadedModel(sources: sources, roots: [root]))
        let problems = HumanRenderer(color: false).render(Array(checked.diagnostics.prefix(3)), sources: sources)
        XCTAssertEqual(checked.diagnostics.count, 0, "the generated model should be a valid model:\n\(problems)")
    }
}
