// Tests of SourceFile, SourceSet and diagnostic ordering.

import CRMBase
import XCTest

final class SourceTests: XCTestCase {
    func testLocationOfMultiByteCharacters() {
        let set = SourceSet()
        let f = set.add(path: "a.crm", text: "客户: x\n😀y")
        XCTAssertEqual(lcb(f, f.pos(0)), [1, 1, 1])
        XCTAssertEqual(lcb(f, f.pos(6)), [1, 3, 7])   // ":"
        XCTAssertEqual(lcb(f, f.pos(8)), [1, 5, 9])   // "x"
        XCTAssertEqual(lcb(f, f.pos(14)), [2, 2, 5])  // "y"
        XCTAssertEqual(lcb(f, f.pos(15)), [2, 3, 6])  // EOF
    }

    func testCRLFLines() {
        let set = SourceSet()
        let f = set.add(path: "crlf.crm", text: "a\r\nbc\r\n")
        XCTAssertEqual(f.lineCount, 3)
        XCTAssertEqual(f.lineText(0), "a")
        XCTAssertEqual(f.lineText(1), "bc")
        XCTAssertEqual(f.lineText(2), "")
        XCTAssertEqual(lcb(f, f.pos(4)), [2, 2, 2])
        XCTAssertEqual(lcb(f, f.pos(7)), [3, 1, 1])
    }

    func testFileContainingAcrossThreeFiles() {
        let set = SourceSet()
        let a = set.add(path: "a.crm", text: "abc")
        let b = set.add(path: "b.crm", text: "")
        let c = set.add(path: "c.crm", text: "客户\n")
        for (i, f) in [a, b, c].enumerated() {
            XCTAssertTrue(set.file(containing: f.pos(0)) === f)
            XCTAssertTrue(set.file(containing: f.pos(f.bytes.count)) === f)   // EOF position
            XCTAssertEqual(set.fileIndex(of: f.pos(0)), i)
        }
        XCTAssertTrue(set.file(containing: a.pos(2)) === a)
        XCTAssertTrue(set.file(containing: c.pos(3)) === c)
        XCTAssertNil(set.file(containing: .none))
        XCTAssertNil(set.file(containing: c.pos(c.bytes.count + 1)))
        XCTAssertEqual(set.fileIndex(of: .none), -1)
    }

    func testSortedForOutput() {
        let set = SourceSet()
        let a = set.add(path: "a.crm", text: "0123456789")
        let b = set.add(path: "b.crm", text: "0123456789")
        let ds = [
            Diagnostic(.expectedToken, "b5", at: point(b, 5)),
            Diagnostic(.expectedName, "a3 E0205", at: point(a, 3)),
            Diagnostic(.expectedToken, "a3 E0201 y", at: point(a, 3)),
            Diagnostic(.fileUnreadable, "no position", at: .none),
            Diagnostic(.expectedToken, "a3 E0201 x", at: point(a, 3)),
            Diagnostic(.expectedToken, "b1", at: point(b, 1)),
            Diagnostic(.expectedToken, "a9", at: point(a, 9)),
        ]
        XCTAssertEqual(ds.sortedForOutput(in: set).map(\.message),
                       ["no position", "a3 E0201 x", "a3 E0201 y", "a3 E0205", "a9", "b1", "b5"])
    }
}
