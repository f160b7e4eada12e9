// Keeps Grammar/ honest (style R16): the samples and the guide's examples parse, the
// EBNF's terminals equal the lexer's tables in both directions, every `(* parseX *)`
// annotation names a parser function, and every keyword and operator of the grammar is
// used by at least one sample, so no production goes unexercised.
import XCTest
import Foundation
import CRMBase
@testable import CRMSyntax

final class GrammarSyncTests: XCTestCase {
    var ebnf: String { (try? String(contentsOfFile: packageRoot + "/Grammar/crm.ebnf", encoding: .utf8)) ?? "" }

    /// The productions, without the header comment and without `(* … *)` comments.
    var productions: String {
        var text = ebnf
        if let end = text.range(of: "*)") { text = String(text[end.upperBound...]) }
        while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return text
    }

    var quotedTerminals: Set<String> {
        var out: Set<String> = []
        let parts = productions.split(separator: "\"", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() where i % 2 == 1 { out.insert(String(part)) }
        return out
    }

    var lexerTerminals: Set<String> {
        var s = Set(Word.allCases.filter { $0 != .none }.map(\.text))
        for k in TokenKind.spelled { if let sp = k.spelling { s.insert(sp) } }
        return s
    }

    func testTerminalsEqualLexerTables() {
        let grammar = quotedTerminals.subtracting(["_"])   // `_` is a name the parser gives meaning in table cells
        XCTAssertFalse(grammar.isEmpty)
        XCTAssertEqual(grammar.subtracting(lexerTerminals).sorted(), [], "in the grammar but not in the lexer")
        XCTAssertEqual(lexerTerminals.subtracting(grammar).sorted(), [], "in the lexer but not in the grammar")
    }

    func testParseFunctionAnnotationsExist() {
        let dir = packageRoot + "/Sources/CRMSyntax/Parser"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let source = files.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.joined()
        var names: [String] = []
        var rest = Substring(ebnf)
        while let r = rest.range(of: "(* parse") {
            let tail = rest[r.lowerBound...].dropFirst(3)
            let name = tail.prefix { $0.isLetter }
            names.append(String(name))
            rest = rest[r.upperBound...]
        }
        XCTAssertGreaterThan(names.count, 30)
        for n in names { XCTAssertTrue(source.contains("func \(n)("), "no function \(n)") }
    }

    /// Every `.crm` file under Samples/ (except errors/) and Playground/.
    static func modelFiles() -> [String] {
        var out: [String] = []
        for dir in ["Samples", "Playground"] {
            let root = packageRoot + "/" + dir
            guard let e = FileManager.default.enumerator(atPath: root) else { continue }
            for case let rel as String in e where rel.hasSuffix(".crm") && !rel.hasPrefix("errors/") {
                out.append(root + "/" + rel)
            }
        }
        return out.sorted()
    }

    /// Every fenced ```crm block in Grammar/*.md.
    static func guideExamples() -> [(String, String)] {
        let dir = packageRoot + "/Grammar"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        var out: [(String, String)] = []
        for f in files {
            guard let text = try? String(contentsOfFile: dir + "/" + f, encoding: .utf8) else { continue }
            let blocks = text.components(separatedBy: "```crm\n").dropFirst()
            for (i, b) in blocks.enumerated() {
                let code = b.components(separatedBy: "```").first ?? ""
                out.append(("\(f)#\(i + 1)", code))
            }
        }
        return out
    }

    func testSamplesAndPlaygroundParseWithoutErrors() {
        let files = Self.modelFiles()
        XCTAssertGreaterThan(files.count, 5)
        for path in files {
            let bytes = Array((FileManager.default.contents(atPath: path)) ?? Data())
            let s = Parser.parse(SourceSet().add(path: path, bytes: bytes))
            XCTAssertEqual(diagnosticLines(s), [], path)
        }
    }

    func testGuideExamplesParse() {
        let examples = Self.guideExamples()
        XCTAssertGreaterThan(examples.count, 10)
        for (name, code) in examples {
            XCTAssertEqual(diagnosticLines(parseText(code)), [], name)
        }
    }

    /// Every keyword and every operator of the grammar occurs as a token in some sample
    /// or guide example.
    func testEveryTerminalIsExercised() {
        var seen: Set<String> = []
        var texts = Self.modelFiles().compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        texts += Self.guideExamples().map(\.1)
        for text in texts {
            let file = SourceSet().add(path: "x.crm", text: text)
            for t in Lexer.lex(file).tokens {
                if t.kind == .name { if t.word != .none { seen.insert(t.word.text) } }
                else if let sp = t.kind.spelling { seen.insert(sp) }
            }
        }
        XCTAssertEqual(lexerTerminals.subtracting(seen).sorted(), [], "never used by a sample")
    }

    /// Every kind of syntax-tree node (every production and alternative the parser can
    /// build) appears in some sample or guide example. The node names come from
    /// ASTDump's source, so a new construct without a sample fails this test.
    func testEveryProductionIsExercised() {
        let dir = packageRoot + "/Sources/CRMSyntax/Format"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("ASTDump") }
        let source = files.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.joined()
        var kinds: Set<String> = []
        for pattern in [#"node\("([a-z][a-z-]*)""#, #"\.atom\("([a-z][a-z-]*)"\)"#] {
            let re = try? NSRegularExpression(pattern: pattern)
            let ns = source as NSString
            for m in re?.matches(in: source, range: NSRange(location: 0, length: ns.length)) ?? [] {
                kinds.insert(ns.substring(with: m.range(at: 1)))
            }
        }
        XCTAssertGreaterThan(kinds.count, 60)
        var dumped = ""
        var texts = Self.modelFiles().compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        texts += Self.guideExamples().map(\.1)
        for text in texts { dumped += ASTDump.dump(parseText(text).decls) + "\n" }
        let tokens = Set(dumped.split(whereSeparator: { " ()\n\"".contains($0) }).map(String.init))
        kinds.remove("chain")   // ASTDump's flat form of a chain longer than 64 links, not a construct
        XCTAssertEqual(kinds.subtracting(tokens).sorted(), [], "node kinds no sample or example builds")
    }
}
