// Golden tests of HumanRenderer: caret alignment under CJK, emoji and tabs, secondary
// labels across files, zero-length and multi-line spans, colour, summary.

import CRMBase
import XCTest

final class HumanRendererTests: XCTestCase {
    let plain = HumanRenderer(color: false)

    func testCaretAfterChineseText() {
        let set = SourceSet()
        let f = set.add(path: "Samples/leads.crm", text: "entity Lead {\n  客户名称： text\n}\n")
        let d = Diagnostic(.fullWidthPunctuation, "full-width `：` where `:` is needed",
                           at: span(f, "："), label: "use `:`", help: "replace `：` with `:`")
        XCTAssertEqual(plain.render(d, sources: set), """
            error[E0102]: full-width `：` where `:` is needed
             --> Samples/leads.crm:2:7
              |
            2 |   客户名称： text
              |           ^^ use `:`
              |
              = help: replace `：` with `:`

            """)
    }

    func testCaretAfterEmoji() {
        let set = SourceSet()
        let f = set.add(path: "e.crm", text: "tag 🚀 @x\n")
        let d = Diagnostic(.invalidCharacter, "invalid character `@`", at: span(f, "@"), label: "not allowed here")
        XCTAssertEqual(plain.render(d, sources: set), """
            error[E0101]: invalid character `@`
             --> e.crm:1:7
              |
            1 | tag 🚀 @x
              |        ^ not allowed here

            """)
    }

    func testCaretAfterTab() {
        let set = SourceSet()
        let f = set.add(path: "t.crm", text: "entity Lead {\n\tname text\n\t客\tx: @\n}")
        let d1 = Diagnostic(.expectedToken, "expected `:` after field name", at: span(f, "text"), label: "expected `:`")
        let d2 = Diagnostic(.invalidCharacter, "invalid character `@`", at: span(f, "@"))
        XCTAssertEqual(plain.render([d1, d2], sources: set), """
            error[E0201]: expected `:` after field name
             --> t.crm:2:7
              |
            2 |     name text
              |          ^^^^ expected `:`

            error[E0101]: invalid character `@`
             --> t.crm:3:7
              |
            3 |     客  x: @
              |            ^

            """)
    }

    func testSecondaryLabelsInSameAndOtherFile() {
        let set = SourceSet()
        let a = set.add(path: "a.crm", text: "entity Lead {}\n")
        let b = set.add(path: "models/b.crm", text: "entity Deal {}\n# 注释\nentity Lead {}\n")
        let d = Diagnostic(.expectedDeclaration, "entity `Lead` is declared twice",
                           at: span(b, "Lead"), label: "second declaration",
                           secondary: [Label(span(a, "Lead"), "first declared here"),
                                       Label(span(b, "entity"), "another entity")],
                           notes: ["names are global to the model"])
        XCTAssertEqual(plain.render(d, sources: set), """
            error[E0202]: entity `Lead` is declared twice
             --> models/b.crm:3:8
              |
            1 | entity Deal {}
              | ------ another entity
            2 | # 注释
            3 | entity Lead {}
              |        ^^^^ second declaration
              |
             ::: a.crm:1:8
              |
            1 | entity Lead {}
              |        ---- first declared here
              |
              = note: names are global to the model

            """)
    }

    func testZeroLengthSpanAtEOF() {
        let set = SourceSet()
        let f = set.add(path: "x.crm", text: "entity Lead {")
        let d = Diagnostic(.unclosedDelimiter, "unclosed `{`", at: point(f, f.bytes.count),
                           label: "expected `}`", secondary: [Label(span(f, "{"), "opened here")])
        XCTAssertEqual(plain.render(d, sources: set), """
            error[E0207]: unclosed `{`
             --> x.crm:1:14
              |
            1 | entity Lead {
              |              ^ expected `}`
              |             - opened here

            """)
    }

    func testZeroLengthSpanAtEOFAfterNewline() {
        let set = SourceSet()
        let f = set.add(path: "y.crm", text: "rule r\n")
        let d = Diagnostic(.expectedTrigger, "expected a trigger", at: point(f, f.bytes.count))
        XCTAssertEqual(plain.render(d, sources: set), """
            error[E0209]: expected a trigger
             --> y.crm:2:1
              |
            2 |
              | ^

            """)
    }

    func testMultiLineSpan() {
        let set = SourceSet()
        let f = set.add(path: "m.crm", text: "entity Lead {\n  name: text\n  score: int\n  }\nrule r\n")
        let start = f.offset(span(f, "{").start)
        let end = f.offset(span(f, "  }\n").end)   // ends after the newline
        let d = Diagnostic(.expectedMember, "block is wrong", at: Span(start: f.pos(start), end: f.pos(end)),
                           label: "this block")
        let d2 = Diagnostic(.expectedMember, "short block", at: span(f, "text\n  score"), label: "here")
        XCTAssertEqual(plain.render([d, d2], sources: set), """
            error[E0212]: block is wrong
             --> m.crm:1:13
              |
            1 | entity Lead {
              |             ^
            ...
            4 |   }
              |   ^ this block

            error[E0212]: short block
             --> m.crm:2:9
              |
            2 |   name: text
              |         ^^^^
            3 |   score: int
              |   ^^^^^ here

            """)
    }

    func testNoPositionAndMultiLineNotes() {
        let set = SourceSet()
        let d = Diagnostic(.fileUnreadable, "cannot read `Sampels`: No such file or directory", at: .none,
                           notes: ["line one\nline two"], help: "did you mean `Samples`?")
        XCTAssertEqual(plain.render(d, sources: set), """
            error[E0001]: cannot read `Sampels`: No such file or directory
              = note: line one
                      line two
              = help: did you mean `Samples`?

            """)
        XCTAssertEqual(plain.render(Diagnostic(.noModelFiles, "no files", at: .none), sources: set),
                       "error[E0002]: no files\n")
    }

    func testWarningAndGutterWidth() {
        let set = SourceSet()
        let text = String(repeating: "\n", count: 11) + "x = 1\n"
        let f = set.add(path: "w.crm", text: text)
        let d = Diagnostic(.expectedToken, "odd", at: span(f, "x"), severity: .warning)
        XCTAssertEqual(plain.render(d, sources: set), """
            warning[E0201]: odd
              --> w.crm:12:1
               |
            12 | x = 1
               | ^

            """)
    }

    func testControlCharactersAreMadeVisible() {
        let set = SourceSet()
        let f = set.add(path: "c.crm", text: "a\u{1B}[31mb @")
        let d = Diagnostic(.invalidCharacter, "bad", at: span(f, "@"))
        let out = plain.render(d, sources: set)
        XCTAssertFalse(out.contains("\u{1B}"))
        XCTAssertTrue(out.contains("1 | a\u{241B}[31mb @\n  |         ^\n"), out)
    }

    func testColor() {
        let set = SourceSet()
        let f = set.add(path: "c.crm", text: "name text\n")
        let d = Diagnostic(.expectedToken, "expected `:`", at: span(f, "text"), label: "here",
                           secondary: [Label(span(f, "name"), "field")], notes: ["n"], help: "h")
        let w = Diagnostic(.expectedToken, "w", at: span(f, "name"), severity: .warning)
        let n = Diagnostic(.expectedToken, "n", at: span(f, "name"), severity: .note)
        let off = HumanRenderer(color: false).render([d, w, n], sources: set)
        XCTAssertFalse(off.contains("\u{1B}"))
        let on = HumanRenderer(color: true).render([d, w, n], sources: set)
        XCTAssertTrue(on.contains("\u{1B}[1;31merror[E0201]\u{1B}[0m"))
        XCTAssertTrue(on.contains("\u{1B}[1;33mwarning[E0201]\u{1B}[0m"))
        XCTAssertTrue(on.contains("\u{1B}[1;36mnote[E0201]\u{1B}[0m"))
        XCTAssertTrue(on.contains("\u{1B}[1;34m  |\u{1B}[0m"))
        XCTAssertTrue(on.contains("\u{1B}[1;31m     ^^^^ here\u{1B}[0m"))
        // Stripping the escapes gives the plain rendering back.
        XCTAssertEqual(stripANSI(on), off)
    }

    func testCRLFAndInvalidUTF8() {
        let set = SourceSet()
        let f = set.add(path: "w.crm", bytes: Array("a: \r\n".utf8) + [0xFF, 0x41] + Array(" @\r\n".utf8))
        let eol = Diagnostic(.expectedType, "expected a type", at: span(f, "\r\n"), label: "here")
        let bad = Diagnostic(.invalidUTF8, "invalid UTF-8", at: Span(start: f.pos(5), end: f.pos(6)))
        let at = Diagnostic(.invalidCharacter, "bad", at: span(f, "@"))
        XCTAssertEqual(plain.render([eol, bad, at], sources: set), """
            error[E0204]: expected a type
             --> w.crm:1:4
              |
            1 | a:
              |    ^ here

            error[E0106]: invalid UTF-8
             --> w.crm:2:1
              |
            2 | \u{FFFD}A @
              | ^

            error[E0101]: bad
             --> w.crm:2:4
              |
            2 | \u{FFFD}A @
              |    ^

            """)
    }

    /// Malformed spans (reversed, crossing files, past EOF) must never trap in any renderer.
    func testMalformedSpansDoNotTrap() {
        let set = SourceSet()
        let a = set.add(path: "a.crm", bytes: Array("x\t客\r\n\u{1B}😀\n".utf8) + [0xE5, 0x0A, 0xC0])
        let b = set.add(path: "b.crm", text: "")
        let n = a.bytes.count
        var spans: [Span] = [.none, Span(start: .none, end: a.pos(3)), Span(start: a.pos(0), end: b.pos(0)),
                             Span(start: b.pos(0), end: b.pos(0)), Span(start: a.pos(0), end: SourcePos(raw: 999_999))]
        for i in 0...n { for j in 0...n { spans.append(Span(start: a.pos(i), end: a.pos(j))) } }
        for s in spans {
            let d = Diagnostic(.expectedToken, "m", at: s, label: "l", secondary: [Label(s, "s")],
                               fixIts: [FixIt(span: s, replacement: "r")])
            XCTAssertFalse(plain.render(d, sources: set).isEmpty)
            XCTAssertFalse(JSONRenderer().render([d], sources: set, fileCount: 2).isEmpty)
            XCTAssertFalse(SARIFRenderer().render([d], sources: set).isEmpty)
            XCTAssertFalse(GitHubRenderer().render([d], sources: set).isEmpty)
        }
    }

    func testSummary() {
        XCTAssertEqual(HumanRenderer.summary(errors: 2, warnings: 1, files: 3), "2 errors, 1 warning in 3 files")
        XCTAssertEqual(HumanRenderer.summary(errors: 1, warnings: 0, files: 1), "1 error in 1 file")
        XCTAssertEqual(HumanRenderer.summary(errors: 0, warnings: 2, files: 1), "2 warnings in 1 file")
        XCTAssertEqual(HumanRenderer.summary(errors: 0, warnings: 0, files: 3), "no problems in 3 files")
        XCTAssertEqual(HumanRenderer.summary(errors: 0, warnings: 0, files: 0), "no problems in 0 files")
    }

    func stripANSI(_ s: String) -> String {
        var out = "", scalars = Array(s.unicodeScalars), i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}" {
                while i < scalars.count && scalars[i] != "m" { i += 1 }
                i += 1
            } else {
                out.unicodeScalars.append(scalars[i]); i += 1
            }
        }
        return out
    }
}
