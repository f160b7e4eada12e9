// Formatter and ASTDump behaviour: exact canonical layouts for messy input, idempotence,
// "never changes meaning" (the reparsed tree dumps equal), every comment kept, and a
// property test over every sample model in Samples/ (except Samples/errors/).
import XCTest
import CRMBase
@testable import CRMSyntax

/// `Formatter` alone would be ambiguous with Foundation's `Formatter` class.
typealias CRMFormatter = CRMSyntax.Formatter

/// `fmt(_:)` formats a source text.
func fmt(_ text: String) -> String { CRMFormatter.format(parseText(text)) }

/// The source text of every comment of `syntax`, trailing spaces removed.
func commentTexts(_ syntax: FileSyntax) -> [String] {
    syntax.comments.map { c in
        let s = syntax.file.offset(c.span.start), e = syntax.file.offset(c.span.end)
        let text = String(decoding: syntax.file.bytes[s..<e], as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { " \t\r".contains($0) }.reversed()) }
            .joined(separator: "\n")
    }
}

final class FormatterTests: XCTestCase {
    // MARK: - Helpers

    /// `assertFormats` checks the exact output and every property of `assertStable`.
    func assertFormats(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(fmt(input), expected, file: file, line: line)
        assertStable(input, file: file, line: line)
    }

    /// `assertStable` checks that `input` parses cleanly and that its formatted text
    /// parses cleanly to the same tree, keeps every comment, formats to itself again and
    /// has the canonical whitespace shape.
    /// `allowMerges` accepts fewer comments in the output: two `##` comments that must
    /// both trail one line merge (their text is still checked).
    func assertStable(_ input: String, path: String = "test.crm", allowMerges: Bool = false,
                      file: StaticString = #filePath, line: UInt = #line) {
        let original = parseText(input, path: path)
        XCTAssertEqual(diagnosticLines(original), [], "\(path): input has errors", file: file, line: line)
        let once = CRMFormatter.format(original)
        let reparsed = parseText(once, path: path)
        XCTAssertEqual(diagnosticLines(reparsed), [], "\(path): output has errors:\n\(once)", file: file, line: line)
        XCTAssertEqual(ASTDump.dump(reparsed.decls), ASTDump.dump(original.decls), "\(path): meaning changed:\n\(once)", file: file, line: line)
        XCTAssertEqual(CRMFormatter.format(reparsed), once, "\(path): not idempotent", file: file, line: line)
        if allowMerges {
            XCTAssertLessThanOrEqual(reparsed.comments.count, original.comments.count, "\(path): comments added", file: file, line: line)
        } else {
            XCTAssertEqual(reparsed.comments.count, original.comments.count, "\(path): comment count changed:\n\(once)", file: file, line: line)
        }
        for text in commentTexts(original) where !once.contains(text) {
            XCTFail("\(path): comment lost: \(text)\n\(once)", file: file, line: line)
        }
        assertWhitespaceShape(once, file: file, line: line)
    }

    /// No trailing spaces, no leading or double blank lines, exactly one final newline.
    func assertWhitespaceShape(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        guard !text.isEmpty else { return }
        XCTAssertTrue(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "bad file end", file: file, line: line)
        XCTAssertFalse(text.hasPrefix("\n"), "blank first line", file: file, line: line)
        XCTAssertFalse(text.contains("\n\n\n"), "double blank line", file: file, line: line)
        for l in text.split(separator: "\n") {
            XCTAssertFalse(l.hasSuffix(" "), "trailing space in `\(l)`", file: file, line: line)
        }
    }

    // MARK: - Exact layouts

    /// Every `Fixtures/fmt/NAME.in.crm` formats to exactly `NAME.out.crm` (messy input,
    /// canonical output), stably; and every `.out.crm` is already canonical.
    func testFixtures() throws {
        let dir = packageRoot + "/Tests/CRMSyntaxTests/Fixtures/fmt"
        let inputs = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".in.crm") }.sorted()
        XCTAssertGreaterThanOrEqual(inputs.count, 10, "fixtures missing in \(dir)")
        for name in inputs {
            let input = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            let outName = String(name.dropLast(".in.crm".count)) + ".out.crm"
            let expected = try String(contentsOfFile: dir + "/" + outName, encoding: .utf8)
            XCTAssertEqual(fmt(input), expected, "\(name) does not format to \(outName)")
            XCTAssertEqual(fmt(expected), expected, "\(outName) is not canonical")
            assertStable(input, path: name)
        }
    }

    func testLongEnumBreaks() {
        let members = (1...30).map { "成员\($0)" }
        let out = fmt("enum 长 { " + members.joined(separator: ", ") + " }")
        XCTAssertEqual(out, "enum 长 {\n" + members.map { "  \($0),\n" }.joined() + "}\n")
        assertStable(out)
    }

    /// Chains just under the parser's cap (1,000 links) format without deep recursion.
    func testLongChainsDoNotOverflow() {
        let n = 999
        let text = "segment s of X where a" + String(repeating: " + a", count: n)
            + "\nsegment t of X where a" + String(repeating: ".b", count: n) + "\n"
        let syntax = parseText(text)
        XCTAssertEqual(diagnosticLines(syntax), [])
        XCTAssertEqual(CRMFormatter.format(syntax), text.replacingOccurrences(of: "\nsegment", with: "\n\nsegment"))
        XCTAssertTrue(ASTDump.dump(syntax.decls).contains("(binary + (name a))"))
    }

    // MARK: - Blank lines and comments

    func testTwoTrailingCommentsOnMergedLine() {
        assertFormats("""
        segment s of X where a and # one
          b # two
        """, """
        segment s of X where a and b # one
        # two

        """)
    }

    func testNothingIsAppendedAfterAMultiLineBlockComment() {
        assertFormats("segment s of X where a and #| x\n  y |#\n  b # two\n", """
        segment s of X where a and b #| x
          y |#
        # two

        """)
    }

    func testDocLikeCommentsNeverBecomeADeclarationsDoc() {
        // On a line of its own `## two` would document `enum E`, so it keeps trailing
        // the code and the plain comment in its way moves below.
        assertFormats("segment s of X where a and # one\n  b ## two\nenum E { a }\n", """
        segment s of X where a and b ## two
        # one

        enum E { a }

        """)
        // The same for an own-line `##` from inside the previous declaration.
        assertFormats("segment s of X where a and\n  ## inside\n  b\n## doc\nenum E { a }\n", """
        segment s of X where a and b ## inside

        ## doc
        enum E { a }

        """)
        // Two of them on one line merge: one comment fewer, no text lost.
        let input = "segment s of X where a ## one\n  and b ## two\nenum E { a }\n"
        let out = fmt(input)
        XCTAssertEqual(out, "segment s of X where a and b ## one ## two\n\nenum E { a }\n")
        XCTAssertEqual(ASTDump.dump(parseText(out).decls), ASTDump.dump(parseText(input).decls))
        XCTAssertEqual(fmt(out), out)
    }

    func testCRLFAndTabs() {
        assertFormats("# c\r\nentity A {\r\n\ta: int\t# t\r\n\r\n\r\n\tb: text\r\n}\r\n", """
        # c
        entity A {
          a: int # t

          b: text
        }

        """)
    }

    func testMultiLineBlockCommentAndTrailingSpaces() {
        assertFormats("entity A {   \n  #| line one   \n     line two |#\n  a: int   # c   \n}\n", """
        entity A {
          #| line one
             line two |#
          a: int # c
        }

        """)
    }

    func testDocCommentsPrintedOnce() {
        let input = "## 文档\n## 第二行  \nenum E { a }\n"
        let syntax = parseText(input)
        XCTAssertEqual(syntax.decls.first?.doc, "文档\n第二行")
        XCTAssertEqual(fmt(input), "## 文档\n## 第二行\nenum E { a }\n")
        assertStable(input)
    }

    func testDeclarationWordMembersStayOnOneLine() {
        assertStable("template t for Lead { subject \"a\" report \"b\" }\nenum E { a, rule \"规则\" }\n")
        XCTAssertEqual(fmt("enum E { a, rule \"规则\" }"), "enum E { a, rule \"规则\" }\n")
    }

    func testEmptyAndErrorFiles() {
        XCTAssertEqual(fmt(""), "")
        XCTAssertEqual(fmt("\n\n  \n"), "")
        XCTAssertEqual(fmt("# only\n\n\n# comments"), "# only\n\n# comments\n")
        let broken = "entity A {\n  a int int\n"
        XCTAssertEqual(fmt(broken), broken, "files with syntax errors are left alone")
    }

    // MARK: - ASTDump

    func testDumpIgnoresSpansRawStringsAndBracing() {
        let a = parseText("rule r on A created do { tag \"\\u{41}b\" }")
        let b = parseText("rule   r\n on A created\n do tag \"Ab\"")
        XCTAssertEqual(ASTDump.dump(a.decls), ASTDump.dump(b.decls))
        let c = parseText("rule r on A created do tag \"Ac\"")
        XCTAssertNotEqual(ASTDump.dump(a.decls), ASTDump.dump(c.decls))
    }

    func testDumpShowsDocParensAndOptionalFields() {
        let d = ASTDump.dump(parseText("## doc\nsegment s of X where (a)").decls)
        XCTAssertEqual(d, "(decl (doc \"doc\") (segment (header s nil) X (paren (name a))))\n")
        XCTAssertNotEqual(ASTDump.dump(parseText("segment s of X where a").decls), d)
        let created = ASTDump.dump(parseText("test \"t\" { expect created A {} }").decls)
        XCTAssertNotEqual(created, ASTDump.dump(parseText("test \"t\" { expect created A }").decls))
    }

    // MARK: - Samples

    func testEverySampleIsStable() throws {
        let root = packageRoot + "/Samples"
        let files = try sampleFiles(under: root)
        XCTAssertFalse(files.isEmpty, "no samples found under \(root)")
        for path in files {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            assertStable(text, path: path)
        }
    }

    /// The samples are written in the canonical layout, so `crm fmt --check Samples`
    /// passes; a failure names the first line that differs.
    func testEverySampleIsAlreadyCanonical() throws {
        for path in try sampleFiles(under: packageRoot + "/Samples") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let out = fmt(text)
            guard out != text else { continue }
            let a = text.components(separatedBy: "\n"), b = out.components(separatedBy: "\n")
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            XCTFail("\(path):\(i + 1) is not canonical:\n  source: \(i < a.count ? a[i] : "<end>")\n  format: \(i < b.count ? b[i] : "<end>")")
        }
    }

    /// Every sample and fixture with a block comment after every token, and with a line
    /// comment after every token that a newline cannot change the meaning of.
    func testSamplesWithCommentsAfterEveryToken() throws {
        for path in try sampleFiles(under: packageRoot + "/Samples") + fixtureFiles() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            assertStable(injectComments(text, lineComments: false), path: path)
            assertStable(injectComments(text, lineComments: true), path: path)
        }
    }

    /// Seeded random variants of every sample and fixture: comments of every kind, blank
    /// lines and line breaks inserted between tokens (line breaks only where harmless).
    func testRandomCommentsAndLineBreaksInSamples() throws {
        var rng = SeededRandom(seed: 20_260_301)
        for path in try sampleFiles(under: packageRoot + "/Samples") + fixtureFiles() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for variant in 0..<8 {
                let mutated = randomTrivia(text, rng: &rng)
                guard parseText(mutated).diagnostics.isEmpty else {
                    XCTFail("\(path) variant \(variant) does not parse: \(parseText(mutated).diagnostics.prefix(2).map { "\($0.code.id) \($0.message) at \(parseText(mutated).file.location(of: $0.primary.span.start).line)" })")
                    continue
                }
                assertStable(mutated, path: "\(path)#\(variant)", allowMerges: true)
            }
        }
    }
}

/// `randomTrivia` inserts (using CRMBase's `SeededRandom`), after about one token in four, a comment (line, doc, block,
/// multi-line block), a blank line or a line break.
func randomTrivia(_ text: String, rng: inout SeededRandom) -> String {
    let file = SourceSet().add(path: "x.crm", text: text)
    let tokens = Lexer.lex(file).tokens
    let inline = [" #|b|# "]
    // A block comment spanning lines is a line break for the parser too.
    let breaking = ["\n", "\n\n", " # c\n", " ## d\n", "\n# o\n", "\n\n#| p |#\n\n", " #|q|# # r\n", " #| m\n   n |# ", "\n## e\n"]
    var out: [UInt8] = []
    var k = 0
    for (i, t) in tokens.enumerated() where t.kind != .eof {
        let e = file.offset(SourcePos(raw: t.end))
        out += file.bytes[k..<e]
        k = e
        guard rng.below(4) == 0 else { continue }
        let next = tokens[i + 1]
        let newlineSafe = !newlineSensitive.contains(next.kind) && ![.in, .has].contains(next.word)
            && !Parser.isDeclarationWord(next.word)
        let choices = newlineSafe ? inline + breaking : inline
        out += Array(choices[rng.below(choices.count)].utf8)
    }
    out += file.bytes[k...]
    return String(decoding: out, as: UTF8.self)
}

/// Tokens that mean something else at the start of a line: infix operators other than
/// `and`/`or` end an expression there, and `(`/`[` are not a call or an index.
let newlineSensitive: Set<TokenKind> = [
    .eq, .ne, .lt, .le, .gt, .ge, .coalesce, .plus, .minus, .star, .slash, .percent,
    .lparen, .lbracket, .eof,
]

/// `injectComments` inserts `#|n|#` (or `# n` and a newline) after each token.
func injectComments(_ text: String, lineComments: Bool) -> String {
    let file = SourceSet().add(path: "x.crm", text: text)
    let tokens = Lexer.lex(file).tokens
    var out: [UInt8] = []
    var k = 0
    for (i, t) in tokens.enumerated() where t.kind != .eof {
        let e = file.offset(SourcePos(raw: t.end))
        out += file.bytes[k..<e]
        k = e
        let next = tokens[i + 1]
        let newlineSafe = !newlineSensitive.contains(next.kind) && ![.in, .has].contains(next.word)
            && !Parser.isDeclarationWord(next.word)
        out += Array((lineComments && newlineSafe ? " # c\(i)\n" : " #|c\(i)|# ").utf8)
    }
    out += file.bytes[k...]
    return String(decoding: out, as: UTF8.self)
}

/// The formatter fixtures, inputs and expected outputs.
func fixtureFiles() throws -> [String] {
    try sampleFiles(under: packageRoot + "/Tests/CRMSyntaxTests/Fixtures/fmt")
}

/// Every `.crm` file under `root`, recursively, except those in `errors/`.
func sampleFiles(under root: String) throws -> [String] {
    let root = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var files: [String] = []
    while let rel = walker.nextObject() as? String {
        if rel.hasSuffix(".crm") && !rel.hasPrefix("errors/") { files.append(root + "/" + rel) }
    }
    return files.sorted()
}
