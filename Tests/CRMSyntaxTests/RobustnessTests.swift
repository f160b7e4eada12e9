// Bad input is normal input: random bytes, truncated and mutated samples, invalid UTF-8,
// hostile nesting, unterminated strings and comments, and a 50 MB file all produce
// diagnostics and a finished parse — never a trap, a hang or a stack overflow. Seeds are
// fixed, so a failure reproduces.
import XCTest
import Foundation
import CRMBase
@testable import CRMSyntax

final class RobustnessTests: XCTestCase {
    /// The concatenated bytes of the sample model, the seed corpus for mutation.
    lazy var corpus: [[UInt8]] = GrammarSyncTests.modelFiles().compactMap { FileManager.default.contents(atPath: $0).map(Array.init) }

    var checked = 0

    /// Parses `bytes` and checks the invariants every parse must keep.
    func check(_ bytes: [UInt8], _ label: String) {
        let set = SourceSet()
        let f = set.add(path: "fuzz.crm", bytes: bytes)
        let s = Parser.parse(f)
        for d in s.diagnostics {
            XCTAssertTrue(d.primary.span.start.raw >= f.base && Int(d.primary.span.end.raw) <= Int(f.base) + bytes.count,
                          "\(label): span out of file: \(d.message)")
            XCTAssertLessThanOrEqual(d.primary.span.start, d.primary.span.end, label)
        }
        // Rendering must not trap either (carets, line lookups at EOF, invalid UTF-8). It
        // costs ~25 ms per random case in a debug build, so every 8th case is rendered.
        checked += 1
        if checked % 8 == 0 { _ = HumanRenderer(color: false).render(s.diagnostics.sortedForOutput(in: set), sources: set) }
    }

    func testRandomBytes() {
        var rng = SeededRandom(seed: 1)
        for n in 0..<1500 {
            let count = rng.below(400)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            check(bytes, "random #\(n)")
        }
    }

    func testRandomTokenSoup() {
        // Random sequences of real tokens reach deeper into the parser than random bytes.
        let pieces = ["entity", "rule", "on", "do", "{", "}", "(", ")", "[", "]", ":", ",", ";", "->", "=>",
                      "Lead", "客户", "created", "where", "==", "and", "not", "if", "then", "else", "\"s {x}\"",
                      "7 days", "100 CNY", "2026-01-31", "09:00", "test", "expect", "given", "table", "hit",
                      "_", "..", "+", "-", "*", "score", "set", "=", "\n", "#c\n", "lifecycle", "stages", "?"]
        var rng = SeededRandom(seed: 2)
        for n in 0..<1500 {
            var text = ""
            for _ in 0..<rng.below(60) { text += pieces[rng.below(pieces.count)] + " " }
            check(Array(text.utf8), "soup #\(n)")
        }
    }

    func testTruncatedSamplesAtEveryHundredthByte() {
        for (i, file) in corpus.enumerated() {
            var cut = 0
            while cut < file.count {
                check(Array(file[0..<cut]), "sample \(i) cut at \(cut)")
                cut += max(1, file.count / 100)
            }
        }
    }

    func testMutatedSamples() {
        var rng = SeededRandom(seed: 3)
        let interesting: [UInt8] = [0x7B, 0x7D, 0x28, 0x29, 0x22, 0x23, 0x7C, 0x0A, 0x3A, 0x2C, 0xE4, 0xFF, 0x00, 0x5C]
        guard !corpus.isEmpty else { return XCTFail("no samples") }
        for n in 0..<1500 {
            var bytes = corpus[rng.below(corpus.count)]
            for _ in 0..<(1 + rng.below(8)) {
                guard !bytes.isEmpty else { break }
                let at = rng.below(bytes.count)
                switch rng.below(3) {
                case 0: bytes[at] = interesting[rng.below(interesting.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(interesting[rng.below(interesting.count)], at: at)
                }
            }
            check(bytes, "mutation #\(n)")
        }
    }

    func testInvalidUTF8EverywhereReportsByteOffsets() {
        let bytes: [UInt8] = Array("entity A { x: text \"".utf8) + [0xC3, 0x28, 0xF0, 0x9F, 0x98] + Array("\" }".utf8) + [0xFF]
        let s = Parser.parse(SourceSet().add(path: "u.crm", bytes: bytes))
        let codes = s.diagnostics.map(\.code.id)
        XCTAssertTrue(codes.allSatisfy { $0 == "E0106" || $0.hasPrefix("E02") }, "\(codes)")
        XCTAssertTrue(s.diagnostics.contains { $0.message.contains("byte offset 20") })
    }

    func testUnterminatedStringsAndCommentsAtEOF() {
        for text in ["\"", "entity A \"", "#|", "#| #| |#", "entity A { x: text = \"abc", "template t for A { body \"{", "\\", "##"] {
            check(Array(text.utf8), text)
            XCTAssertFalse(text != "##" && Parser.parse(SourceSet().add(path: "t", text: text)).diagnostics.isEmpty, text)
        }
    }

    func testTenThousandNestedBracketsOfEachKind() {
        for (open, close) in [("(", ")"), ("[", "]"), ("{", "}")] {
            let text = "segment s of Lead where " + String(repeating: open, count: 10_000) + "1" + String(repeating: close, count: 10_000)
            let s = Parser.parse(SourceSet().add(path: "n.crm", text: text))
            XCTAssertFalse(s.diagnostics.isEmpty, open)
        }
        let unary = "segment s of Lead where " + String(repeating: "not -", count: 10_000) + "1"
        XCTAssertTrue(Parser.parse(SourceSet().add(path: "n.crm", text: unary)).diagnostics.contains { $0.code == .nestingTooDeep })
    }

    func testHundredThousandTermChainsAreCappedNotCrashing() {
        for op in [" + ", " and ", "."] {
            let text = "segment s of Lead where " + Array(repeating: "a", count: 100_000).joined(separator: op)
            let s = Parser.parse(SourceSet().add(path: "c.crm", text: text))
            XCTAssertTrue(s.diagnostics.contains { $0.code == .nestingTooDeep }, op)
        }
    }

    func testFiftyMegabyteFileParses() throws {
        // 50 MB of valid entities and rules, plus one error at the very end.
        let chunk = """
        entity 客户\(0) "客户" {
          客户名称: text required
          score: int = 0
          lifecycle status { stages 新建, 活跃, 流失 terminal; 新建 -> 活跃 -> 流失 }
        }
        rule r on 客户 created where score > 10 and 客户名称 != "" do { tag "新"; set score = score + 1 }

        """
        var bytes: [UInt8] = []
        let c = Array(chunk.utf8)
        bytes.reserveCapacity(50_000_000 + c.count)
        while bytes.count < 50_000_000 { bytes += c }
        bytes += Array("entity Broken { x text }\n".utf8)
        let s = Parser.parse(SourceSet().add(path: "big.crm", bytes: bytes))
        XCTAssertEqual(s.diagnostics.map(\.code.id), ["E0201"])
        XCTAssertGreaterThan(s.decls.count, 100_000)
    }
}
