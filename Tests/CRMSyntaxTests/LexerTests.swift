// Lexer behaviour: Unicode names, literals, look-alike punctuation, recovery.
import XCTest
import CRMBase
@testable import CRMSyntax

final class LexerTests: XCTestCase {
    func lex(_ s: String) -> LexedFile {
        Lexer.lex(SourceSet().add(path: "t.crm", text: s))
    }
    func kinds(_ s: String) -> [TokenKind] { lex(s).tokens.map(\.kind) }

    func testChineseIdentifiersAreNames() {
        let r = lex("客户名称: text")
        XCTAssertEqual(r.tokens.map(\.kind), [.name, .colon, .name, .eof])
        XCTAssertEqual(r.tokens[0].end - r.tokens[0].start, 12)
        XCTAssertTrue(r.diagnostics.isEmpty)
    }

    func testContextualKeywordsAreTaggedNames() {
        let r = lex("entity status rule")
        XCTAssertEqual(r.tokens.map(\.word), [.entity, .none, .rule, .none])
        XCTAssertEqual(r.tokens[0].kind, .name)
    }

    func testReservedWords() {
        XCTAssertEqual(kinds("true false null and or not if then else"),
                       [.kwTrue, .kwFalse, .kwNull, .kwAnd, .kwOr, .kwNot, .kwIf, .kwThen, .kwElse, .eof])
    }

    func testLiterals() {
        XCTAssertEqual(kinds("42 0.85 100000 CNY 7 days 1 hour 2026-01-31 2026-01-31T09:00 09:00 \"x\""),
                       [.int, .decimal, .money, .duration, .duration, .date, .datetime, .time, .string, .eof])
    }

    func testNumberFollowedByOrdinaryNameIsNotADuration() {
        XCTAssertEqual(kinds("10 to score"), [.int, .name, .name, .eof])
        XCTAssertEqual(kinds("3 客户"), [.int, .name, .eof])
    }

    func testRangeIsNotADecimal() {
        XCTAssertEqual(kinds("1..5"), [.int, .dotDot, .int, .eof])
    }

    func testIntegerOverflowIsReported() {
        let r = lex("99999999999999999999")
        XCTAssertEqual(r.diagnostics.map(\.code.id), ["E0107"])
    }

    func testInvalidDateIsReported() {
        XCTAssertEqual(lex("2026-02-30").diagnostics.map(\.code.id), ["E0108"])
        XCTAssertEqual(lex("2024-02-29").diagnostics.count, 0)
        XCTAssertEqual(lex("25:00").diagnostics.map(\.code.id), ["E0108"])
    }

    func testUnterminatedStringRecoversAtLineEnd() {
        let r = lex("\"abc\nname")
        XCTAssertEqual(r.tokens.map(\.kind), [.string, .name, .eof])
        XCTAssertEqual(r.diagnostics.map(\.code.id), ["E0103"])
    }

    func testFullWidthColonBecomesColonWithOneDiagnostic() {
        let r = lex("name： text")
        XCTAssertEqual(r.tokens.map(\.kind), [.name, .colon, .name, .eof])
        XCTAssertEqual(r.diagnostics.map(\.code.id), ["E0102"])
        XCTAssertEqual(r.diagnostics[0].fixIts.first?.replacement, ":")
    }

    func testSmartQuotesLexAsString() {
        let r = lex("“欢迎” x")
        XCTAssertEqual(r.tokens.map(\.kind), [.string, .name, .eof])
        XCTAssertEqual(r.diagnostics.map(\.code.id), ["E0102"])
    }

    func testForeignOperatorsAreReportedAndMapped() {
        let r = lex("a && b || !c")
        XCTAssertEqual(r.tokens.map(\.kind), [.name, .kwAnd, .name, .kwOr, .kwNot, .name, .eof])
        XCTAssertEqual(r.diagnostics.map(\.code.id), ["E0110", "E0110", "E0110"])
    }

    func testCommentsAreCollected() {
        let r = lex("## doc\nx # trailing\n#| block #| nested |# |# y")
        XCTAssertEqual(r.comments.map(\.kind), [.doc, .line, .block])
        XCTAssertEqual(r.comments.map(\.trailing), [false, true, false])
        XCTAssertEqual(r.tokens.map(\.kind), [.name, .name, .eof])
    }

    func testUnterminatedBlockComment() {
        XCTAssertEqual(lex("x #| never closed").diagnostics.map(\.code.id), ["E0104"])
    }

    func testInvalidUTF8IsReportedWithOffset() {
        let set = SourceSet()
        let f = set.add(path: "bad.crm", bytes: [0x61, 0x20, 0xFF, 0xFE, 0x20, 0x62])
        let r = Lexer.lex(f)
        XCTAssertEqual(r.diagnostics.map(\.code.id), ["E0106"])
        XCTAssertTrue(r.diagnostics[0].message.contains("byte offset 2"))
        XCTAssertEqual(r.tokens.map(\.kind), [.name, .name, .eof])
    }

    func testInvalidEscape() {
        XCTAssertEqual(lex(#""a\qb""#).diagnostics.map(\.code.id), ["E0105"])
        XCTAssertEqual(lex(#""a\u{4E2D}\n\{\}""#).diagnostics.count, 0)
    }

    func testUnclosedInterpolation() {
        XCTAssertEqual(lex(#""hi {name""#).diagnostics.map(\.code.id), ["E0109"])
    }

    func testNewlineFlag() {
        let r = lex("a b\nc")
        XCTAssertEqual(r.tokens.map(\.newlineBefore), [true, false, true, false])
    }

    func testEveryWordRoundTrips() {
        for w in Word.allCases where w != .none {
            let r = lex(w.text)
            XCTAssertEqual(r.tokens[0].word, w, w.text)
        }
    }
}
