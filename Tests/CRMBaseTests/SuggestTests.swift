// Tests of Suggest: edit distance over scalars and closest-name choice.

import CRMBase
import XCTest

final class SuggestTests: XCTestCase {
    func testDistance() {
        XCTAssertEqual(Suggest.distance("", ""), 0)
        XCTAssertEqual(Suggest.distance("", "abc"), 3)
        XCTAssertEqual(Suggest.distance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggest.distance("status", "stauts"), 1)        // adjacent swap
        XCTAssertEqual(Suggest.distance("ca", "ac"), 1)
        XCTAssertEqual(Suggest.distance("客户名称", "客户名"), 1)
        XCTAssertEqual(Suggest.distance("客户名称", "客户称名"), 1)
        XCTAssertEqual(Suggest.distance("电话", "邮箱"), 2)
    }

    func testLatinNames() {
        let fields = ["name", "status", "stage", "owner"]
        XCTAssertEqual(Suggest.closest(to: "stauts", among: fields), "status")
        XCTAssertEqual(Suggest.closest(to: "statu", among: fields), "status")
        XCTAssertEqual(Suggest.closest(to: "onwer", among: fields), "owner")
        XCTAssertEqual(Suggest.closest(to: "Name", among: fields), "name")
    }

    func testChineseNames() {
        let fields = ["客户名称", "电话", "邮箱", "负责人"]
        XCTAssertEqual(Suggest.closest(to: "客户名", among: fields), "客户名称")
        XCTAssertEqual(Suggest.closest(to: "电活", among: fields), "电话")
        XCTAssertEqual(Suggest.closest(to: "负责", among: fields), "负责人")
    }

    func testNoSuggestionWhenTooFar() {
        XCTAssertNil(Suggest.closest(to: "xyz", among: ["status", "owner"]))
        XCTAssertNil(Suggest.closest(to: "客户地址", among: ["电话", "邮箱"]))
        XCTAssertNil(Suggest.closest(to: "anything", among: []))
        XCTAssertNil(Suggest.closest(to: "stauts", among: ["status"], maxDistance: 0))
        XCTAssertEqual(Suggest.closest(to: "sta", among: ["status"], maxDistance: 3), "status")
    }

    func testTieGoesToFirstCandidate() {
        XCTAssertEqual(Suggest.closest(to: "ab", among: ["ac", "ad"]), "ac")
        XCTAssertEqual(Suggest.closest(to: "ab", among: ["ad", "ac"]), "ad")
        XCTAssertEqual(Suggest.closest(to: "stage", among: ["stagex", "stag", "stage"]), "stage")
    }
}
