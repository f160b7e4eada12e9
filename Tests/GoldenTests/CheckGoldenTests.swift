// Inline-expectation tests for the checker (Go/clox style): every file in
// Tests/GoldenTests/check/ is checked as a one-file model, and its comments say what must
// be reported:
//   x: int = "a"   # ERROR E0401
//   # ERROR@+1 W0501 "unreachable"
// A marker names a code and, optionally, a quoted substring of the message or help. `@+N`/`@-N`
// moves the expected line. The test fails both ways: a marker nothing matched, or a
// diagnostic no marker expected. Together with Samples/errors the fixtures must cover
// every diagnostic code except the I/O ones (tested through the CLI).
import XCTest
import Foundation
import CRMBase
import CRMSyntax
import CRMSema

final class CheckGoldenTests: XCTestCase {
    struct Expectation: Hashable { var line: Int; var code: String; var text: String? }

    /// `expectations` extracts the markers from a file's comments.
    static func expectations(_ syntax: FileSyntax) -> [Expectation] {
        var out: [Expectation] = []
        for c in syntax.comments {
            let s = syntax.file.offset(c.span.start), e = syntax.file.offset(c.span.end)
            let text = String(decoding: syntax.file.bytes[s..<e], as: UTF8.self)
            let line = syntax.file.location(of: c.span.start).line
            var rest = Substring(text)
            while let r = rest.range(of: #"(ERROR|WARNING)(@[+-][0-9]+)? [EW][0-9]{4}( "[^"]*")?"#, options: .regularExpression) {
                let marker = rest[r]
                let words = marker.split(separator: " ", maxSplits: 2)
                var offset = 0
                if let at = words[0].firstIndex(of: "@") { offset = Int(words[0][words[0].index(after: at)...]) ?? 0 }
                var msg: String? = nil
                if words.count > 2 { msg = String(words[2].dropFirst().dropLast()) }
                out.append(Expectation(line: line + offset, code: String(words[1]), text: msg))
                rest = rest[r.upperBound...]
            }
        }
        return out
    }

    /// Checks one fixture and returns the codes it produced.
    @discardableResult
    static func run(_ path: String) -> Set<String> {
        let sources = SourceSet()
        let bytes = Array(FileManager.default.contents(atPath: packageRoot + "/" + path) ?? Data())
        let syntax = Parser.parse(sources.add(path: path, bytes: bytes))
        let model = Checker.check([syntax])
        var unmatched = expectations(syntax)
        let all = syntax.diagnostics + model.diagnostics
        for d in all.sortedForOutput(in: sources) {
            let line = syntax.file.location(of: d.primary.span.start).line
            if let i = unmatched.firstIndex(where: { $0.line == line && $0.code == d.code.id && ($0.text.map { t in d.message.contains(t) || (d.help?.contains(t) ?? false) } ?? true) }) {
                unmatched.remove(at: i)
            } else {
                XCTFail("\(path):\(line): unexpected \(d.code.id) \(d.message)")
            }
        }
        for e in unmatched { XCTFail("\(path):\(e.line): expected \(e.code)\(e.text.map { " \"\($0)\"" } ?? "") was not reported") }
        return Set(all.map(\.code.id))
    }

    func testCheckFixtures() {
        let fixtures = files(in: "Tests/GoldenTests/check", suffix: ".crm")
        XCTAssertFalse(fixtures.isEmpty)
        for path in fixtures { Self.run(path) }
    }

    func testEveryCodeHasAFixtureAndAnExplanation() {
        var seen: Set<String> = []
        for path in files(in: "Tests/GoldenTests/check", suffix: ".crm") { seen.formUnion(Self.run(path)) }
        for path in files(in: "Samples/errors", suffix: ".crm") { seen.formUnion(SampleErrorsGoldenTests.renderCheck(path).codes) }
        for code in DiagnosticCode.all {
            XCTAssertFalse(code.explanation.isEmpty, "\(code.id) has no explanation")
            XCTAssertTrue(code.explanation.contains("Wrong") || code.id.hasPrefix("E00") || code.id == "E0106" || code.id == "E0206",
                          "\(code.id)'s explanation has no wrong/right example")
            if !code.id.hasPrefix("E00") && !code.id.hasPrefix("E10") && !code.id.hasPrefix("W10") && !code.id.hasPrefix("E11") { XCTAssertTrue(seen.contains(code.id), "\(code.id) (\(code.name)) has no fixture") }
        }
    }
}
