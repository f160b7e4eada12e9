// LogicAndTextTests pin down CEL-style `and`/`or` (a deciding value absorbs an error on
// either side), laziness of `if`/`??`, optionals, `in`/`has`, enum members from a model,
// and text by Unicode scalars (length, ordering, equality), plus interpolation.
import XCTest
import CRMBase
import CRMSema
@testable import CRMRuntime

final class LogicTests: XCTestCase {
    func testAndOrAbsorbErrorsOnBothSides() {
        XCTAssertEqual(value("false and 1 / 0 == 1"), .bool(false))
        XCTAssertEqual(value("1 / 0 == 1 and false"), .bool(false))
        XCTAssertEqual(value("true or 1 / 0 == 1"), .bool(true))
        XCTAssertEqual(value("1 / 0 == 1 or true"), .bool(true))
    }

    func testErrorsPropagateWhenNothingDecides() {
        assertFails("true and 1 / 0 == 1", "E1002")
        assertFails("1 / 0 == 1 and true", "E1002")
        assertFails("false or 1 / 0 == 1", "E1002")
        // Both sides fail: the left one is reported.
        assertFails("9223372036854775807 + 1 == 0 and 1 / 0 == 1", "E1001")
    }

    func testPlainTruthTables() {
        XCTAssertEqual(value("true and true"), .bool(true))
        XCTAssertEqual(value("true and false"), .bool(false))
        XCTAssertEqual(value("false or false"), .bool(false))
        XCTAssertEqual(value("not false"), .bool(true))
    }

    func testConditionalIsLazy() {
        XCTAssertEqual(value("if true then 1 else 1 / 0"), .int(1))
        XCTAssertEqual(value("if false then 1 / 0 else 2"), .int(2))
        assertFails("if true then 1 / 0 else 2", "E1002")
    }

    func testCoalesceAndOptionals() {
        let empty: [String: (type: CRMType, value: Value)] = ["x": (.optional(.int), .null)]
        let full: [String: (type: CRMType, value: Value)] = ["x": (.optional(.int), .int(7))]
        XCTAssertEqual(value("x ?? 5", locals: empty), .int(5))
        XCTAssertEqual(value("x ?? 5", locals: full), .int(7))
        XCTAssertEqual(value("x ?? 1 / 0", locals: full), .int(7))          // the default is lazy
        XCTAssertEqual(value("x == null", locals: empty), .bool(true))
        // (The checker narrows entity fields after `!= null`, not locals; `??` works for both.)
        XCTAssertEqual(value("(x ?? 0) > 3", locals: full), .bool(true))
        XCTAssertEqual(value("(x ?? 0) > 3", locals: empty), .bool(false))
        XCTAssertEqual(value("x == null or 1 / 0 == 1", locals: empty), .bool(true))
        assertFails("x + 1", "E0403", locals: empty)                          // checked first
    }

    func testMembership() {
        XCTAssertEqual(value("2 in [1, 2, 3]"), .bool(true))
        XCTAssertEqual(value("[1, 2, 3] has 4"), .bool(false))
        XCTAssertEqual(value("\"客户\" in \"大客户部\""), .bool(true))
        XCTAssertEqual(value("[\"a\", \"b\"][1]"), .text("b"))
        XCTAssertEqual(value("[\"a\", \"b\"][5]"), .null)
    }

    func testEqualityAcrossTypesIsATypeError() {
        assertFails("1 == \"1\"", "E0405")
        assertFails("1 == 1.0", "E0405")
    }

    static let model = """
    enum 渠道 { 官网注册, 抖音广告, 淘宝 }
    enum 等级 { 普通, 高级 }
    """

    func testEnumMembersFromTheModel() {
        XCTAssertEqual(value("渠道.淘宝 == 淘宝", model: Self.model), .bool(true))
        XCTAssertEqual(value("淘宝 in [官网注册, 淘宝]", model: Self.model), .bool(true))
        XCTAssertEqual(show("渠道.抖音广告", model: Self.model), "抖音广告")
        XCTAssertEqual(show("\"来源: {渠道.淘宝}\"", model: Self.model), "来源: 淘宝")
    }

    func testListAggregates() {
        XCTAssertEqual(value("count([1, 2, 3])"), .int(3))
        XCTAssertEqual(value("sum([1, 2, 3])"), .int(6))
        XCTAssertEqual(show("avg([1, 2])"), "1.5")
        XCTAssertEqual(show("max([3, 9, 4])"), "9")
        XCTAssertEqual(show("sum([1.5 CNY, 2 CNY])"), "3.50 CNY")
    }
}

final class TextTests: XCTestCase {
    func testLengthCountsUnicodeScalars() {
        XCTAssertEqual(value("length(\"客户👍🏽\")"), .int(4))     // 客 户 👍 🏽 (skin-tone modifier)
        XCTAssertEqual(value("length(\"e\\u{301}\")"), .int(2))
        XCTAssertEqual(value("length(\"\")"), .int(0))
    }

    func testComparisonIsByScalarValues() {
        XCTAssertEqual(value("\"Z\" < \"a\""), .bool(true))            // U+005A < U+0061, not collation
        XCTAssertEqual(value("\"é\" > \"z\""), .bool(true))            // U+00E9 > U+007A
        XCTAssertEqual(value("\"ab\" < \"abc\""), .bool(true))
        XCTAssertEqual(value("\"客\" < \"户\""), .bool(true))           // U+5BA2 < U+6237
        // Precomposed é (U+00E9) and e + combining acute are different scalar sequences.
        XCTAssertEqual(value("\"\\u{E9}\" == \"e\\u{301}\""), .bool(false))
    }

    func testTextFunctions() {
        XCTAssertEqual(value("upper(\"abc\")"), .text("ABC"))
        XCTAssertEqual(value("lower(\"ABC\")"), .text("abc"))
        XCTAssertEqual(value("contains(\"a@shop.cn\", \"@\")"), .bool(true))
        XCTAssertEqual(value("matches(\"a@shop.cn\", \"^[a-z]+@\")"), .bool(true))
        assertFails("matches(\"x\", \"[a-z\")", "E1005")
        XCTAssertEqual(value("\"a\" + \"b\""), .text("ab"))
    }

    func testInterpolationUsesCanonicalSpellings() {
        XCTAssertEqual(value("\"{1.50} {100 CNY} {2026-03-02} {2026-03-02T09:00} {7 days} {true}\""),
                       .text("1.5 100.00 CNY 2026-03-02 2026-03-02T09:00 7 days true"))
    }
}
