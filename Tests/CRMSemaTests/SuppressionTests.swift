// Lint control (Suppressions.swift, LintOptions.swift): `# crm:allow …` comments on a
// line, before a line and file-wide; `crm:deny`; allow on an error (W0001); an allow
// that suppressed nothing (W0002); malformed comments (W0003); the command-line options
// and their precedence against comments.
import XCTest
import CRMBase
import CRMSyntax
@testable import CRMSema

final class SuppressionTests: XCTestCase {
    /// A valid model whose rule `r` has a constant condition (W0902) on line 10 and whose
    /// template is never sent (W0901) on line 12; `before` goes on line 9 (a multi-line
    /// one moves the rule down), `comment` trails the rule's line and `extra` starts on
    /// line 13.
    static func model(ruleComment comment: String = "", before: String = "", extra: String = "") -> String {
        """
        enum 渠道 { 官网注册, 淘宝 }
        entity Lead "线索" {
          name: text required
          source: 渠道 required
          tags: set<text>
        }


        \(before)
        rule r "停用" on Lead created where false do tag "x"\(comment.isEmpty ? "" : "   " + comment)

        template 催付提醒 for Lead { body "您好 {name}" }
        \(extra)
        """
    }

    /// `run(_:options:)` checks `text` and lists `line code severity`, sorted.
    func run(_ text: String, options: LintOptions = .init()) -> [String] {
        let set = SourceSet()
        let syntax = Parser.parse(set.add(path: "model.crm", text: text))
        XCTAssertEqual(syntax.diagnostics.count, 0, "fixture must parse")
        let model = Checker.check([syntax], lint: options)
        return model.diagnostics.sortedForOutput(in: set).map { d in
            let line = set.file(containing: d.primary.span.start)?.location(of: d.primary.span.start).line ?? 0
            return "\(line) \(d.code.id) \(d.severity.rawValue)"
        }
    }

    func testBaselineReportsBothWarnings() {
        XCTAssertEqual(run(Self.model()), ["10 W0902 warning", "12 W0901 warning"])
    }

    func testTrailingAllowSilencesItsLineOnly() {
        XCTAssertEqual(run(Self.model(ruleComment: "# crm:allow W0902")), ["12 W0901 warning"])
        XCTAssertEqual(run(Self.model(ruleComment: "# crm:allow constant-condition -- until May")), ["12 W0901 warning"])
    }

    func testOwnLineAllowAppliesToNextCodeLineSkippingBlanksAndComments() {
        let text = Self.model(before: "# crm:allow W0902 -- stays off\n\n# an ordinary comment\n#| block |#")
        XCTAssertEqual(run(text).map { String($0.dropFirst(3)) }, ["W0901 warning"])
        let block = Self.model(before: "# crm:allow W0902\n#| a block comment\n   over two lines |#")
        XCTAssertEqual(run(block).map { String($0.dropFirst(3)) }, ["W0901 warning"])
    }

    func testSeveralCodesSeparatedBySpacesOrCommas() {
        let text = Self.model(ruleComment: "# crm:allow W0901 W0902")
        // W0901 is on another line, so that part of the comment is unused.
        XCTAssertEqual(run(text), ["10 W0002 warning", "12 W0901 warning"])
    }

    func testFileWideAllowAnywhere() {
        XCTAssertEqual(run(Self.model(extra: "# crm:allow-file W0901,W0902")), [])
    }

    func testDenyMakesAnErrorWithANote() {
        let set = SourceSet()
        let syntax = Parser.parse(set.add(path: "m.crm", text: Self.model(ruleComment: "# crm:deny W0902")))
        let d = Checker.check([syntax]).diagnostics.filter { $0.code.id == "W0902" }
        XCTAssertEqual(d.map(\.severity), [.error])
        XCTAssertEqual(d.first?.notes.last, "denied by `# crm:deny W0902` on line 10")
        XCTAssertEqual(run(Self.model(extra: "# crm:deny-file unused-template")), ["10 W0902 warning", "12 W0901 error"])
    }

    func testAllowOnAnErrorIsReportedAndIgnored() {
        let text = Self.model(extra: "entity Bad { n: int = \"a\" }   # crm:allow E0401")
        let out = run(text)
        XCTAssertTrue(out.contains("13 W0001 warning"), "\(out)")
        XCTAssertTrue(out.contains("13 E0401 error"), "\(out)")
    }

    func testUnusedAllowIsReportedOnCleanModelsOnly() {
        let text = Self.model(extra: "rule ok \"正常\" on Lead created where source == 淘宝 do tag \"y\"   # crm:allow W0902")
        XCTAssertEqual(run(text), ["10 W0902 warning", "12 W0901 warning", "13 W0002 warning"])
        let broken = text + "\nentity Bad { n: int = \"a\" }\n"
        XCTAssertFalse(run(broken).contains { $0.contains("W0002") }, "no W0002 on a model with errors")
        // An own-line comment with no code after it controls nothing.
        XCTAssertEqual(run(Self.model(ruleComment: "# crm:allow W0902", extra: "# crm:allow W0901")),
                       ["12 W0901 warning", "13 W0002 warning"])
    }

    func testMalformedCommentsAreReported() {
        let out = run(Self.model(ruleComment: "# crm:alow W0902", extra: "# crm:allow W9902\n# crm:allow-file"))
        XCTAssertEqual(out, ["10 W0902 warning", "10 W0003 warning", "12 W0901 warning", "13 W0003 warning", "14 W0003 warning"])
        XCTAssertEqual(run(Self.model(ruleComment: "## crm:allow W0902 is only a doc comment")).count, 2)
        XCTAssertEqual(run(Self.model(ruleComment: "# crm: the tool, see its handbook")).count, 2, "prose, not a directive")
    }

    func testCommandLineOptions() throws {
        XCTAssertEqual(run(Self.model(), options: try LintOptions.parse(allow: ["W0901,constant-condition"], deny: [])), [])
        XCTAssertEqual(run(Self.model(), options: try LintOptions.parse(allow: [], deny: ["W0902"])),
                       ["10 W0902 error", "12 W0901 warning"])
    }

    func testPrecedenceLineThenFileThenCommandLine() throws {
        let deny = try LintOptions.parse(allow: [], deny: ["W0901", "W0902"])
        // A line comment beats a file comment, which beats the command line.
        let text = Self.model(ruleComment: "# crm:allow W0902", extra: "# crm:deny-file W0902\n# crm:allow-file W0901")
        XCTAssertEqual(run(text, options: deny), [])
        let allow = try LintOptions.parse(allow: ["W0902"], deny: [])
        XCTAssertEqual(run(Self.model(extra: "# crm:deny-file W0902"), options: allow), ["10 W0902 error", "12 W0901 warning"])
        // At one level, deny wins.
        XCTAssertEqual(run(Self.model(ruleComment: "# crm:allow W0902 # crm:deny W0902")), ["12 W0901 warning"],
                       "a second `#` ends the code list: only the allow counts")
        XCTAssertEqual(run(Self.model(extra: "# crm:allow-file W0902\n# crm:deny-file W0902")).first, "10 W0902 error")
    }

    func testOptionErrors() {
        func message(_ allow: [String], _ deny: [String]) -> String? {
            do { _ = try LintOptions.parse(allow: allow, deny: deny); return nil } catch { return error.message + " | " + (error.help ?? "") }
        }
        XCTAssertEqual(message(["E0401"], []), "`--allow E0401`: E0401 (type-mismatch) is an error, and errors cannot be allowed | only warnings (W…) can be allowed; fix the error instead")
        XCTAssertEqual(message(["W09011"], []), "unknown diagnostic code `W09011` for `--allow` | did you mean `W0901`?")
        XCTAssertEqual(message([], ["unused-templat"]), "unknown diagnostic code `unused-templat` for `--deny` | did you mean `unused-template`?")
        XCTAssertEqual(message(["W0901"], ["w0901"]), "`W0901` is both allowed and denied | give it to `--allow` or to `--deny`, not both")
        XCTAssertNil(message(["w0901, unused-table"], ["E0401"]), "ids are case-insensitive; denying an error is harmless")
    }
}
