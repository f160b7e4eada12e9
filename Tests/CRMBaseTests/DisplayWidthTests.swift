// Tests of DisplayWidth: ASCII, CJK, emoji, combining marks, controls and tabs.

import CRMBase
import XCTest

final class DisplayWidthTests: XCTestCase {
    func testASCII() {
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar("a")), 1)
        XCTAssertEqual(DisplayWidth.of("entity Lead"), 11)
        XCTAssertEqual(DisplayWidth.of(""), 0)
    }

    func testCJKAndFullWidth() {
        XCTAssertEqual(DisplayWidth.of("客户名称"), 8)
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar("：")), 2)      // U+FF1A
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar("，")), 2)      // U+FF0C
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar("。")), 2)      // U+3002
        XCTAssertEqual(DisplayWidth.of("한국어"), 6)
        XCTAssertEqual(DisplayWidth.of("カタカナ"), 8)
        XCTAssertEqual(DisplayWidth.of("ｱ"), 1)                       // half-width katakana
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x20000)!), 2)  // CJK Extension B
        XCTAssertEqual(DisplayWidth.of("name：客户"), 4 + 2 + 4)
    }

    func testEmoji() {
        XCTAssertEqual(DisplayWidth.of("😀"), 2)
        XCTAssertEqual(DisplayWidth.of("🚀"), 2)
        XCTAssertEqual(DisplayWidth.of("🤖"), 2)
        XCTAssertEqual(DisplayWidth.of("⭐"), 2)
        XCTAssertEqual(DisplayWidth.of("❤\u{FE0F}"), 1)               // text-default heart + VS16
    }

    func testZeroWidth() {
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)                // combining acute (Mn)
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x20DD)!), 0)   // enclosing circle (Me)
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x200D)!), 0)   // zero-width joiner
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x200B)!), 0)   // zero-width space
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0xFEFF)!), 0)   // BOM
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0xFE0F)!), 0)   // variation selector 16
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0xE0100)!), 0)  // variation selector 17
        XCTAssertEqual(DisplayWidth.of("👨\u{200D}👩"), 4)
    }

    func testControls() {
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x1B)!), 0)
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x7F)!), 0)
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x85)!), 0)
        XCTAssertEqual(DisplayWidth.of("a\u{0}b"), 2)
    }

    func testTabs() {
        XCTAssertEqual(DisplayWidth.of("\t"), 4)
        XCTAssertEqual(DisplayWidth.of("ab\t"), 4)
        XCTAssertEqual(DisplayWidth.of("ab\tc"), 5)
        XCTAssertEqual(DisplayWidth.of("abcd\t"), 8)
        XCTAssertEqual(DisplayWidth.of("客\t"), 4)
        XCTAssertEqual(DisplayWidth.of("\t", tabWidth: 8), 8)
        XCTAssertEqual(DisplayWidth.of("\t", startColumn: 1), 3)
        XCTAssertEqual(DisplayWidth.of("\t", tabWidth: 0), 1)
        let line = "  客户\tname"
        XCTAssertEqual(DisplayWidth.of(line[...]), 12)
    }
}
