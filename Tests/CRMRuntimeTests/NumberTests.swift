// NumberTests pin down the number rules of the charter: 64-bit ints whose overflow and
// division by zero are located errors, exact decimals (0.1 + 0.2 == 0.3), money that
// keeps its currency, half-even rounding, canonical printing.
import XCTest
import CRMBase
import CRMSema
@testable import CRMRuntime

final class IntegerTests: XCTestCase {
    func testOverflowOnEveryOperatorIsAnError() {
        assertFails("9223372036854775807 + 1", "E1001", "integer overflow in `9223372036854775807 + 1`")
        assertFails("-9223372036854775807 - 2", "E1001")
        assertFails("4611686018427387904 * 2", "E1001")
        assertFails("-(-9223372036854775807 - 1)", "E1001")
        assertFails("abs(-9223372036854775807 - 1)", "E1001")
        XCTAssertEqual(value("9223372036854775806 + 1"), .int(.max))
    }

    func testMinDividedByMinusOneOverflowsButRemainderIsZero() {
        let min: [String: (type: CRMType, value: Value)] = ["m": (.int, .int(.min))]
        assertFails("m / -1", "E1001", "integer overflow in `m / -1`", locals: min)
        XCTAssertEqual(value("m % -1", locals: min), .int(0))
    }

    func testDivisionByZero() {
        assertFails("10 / 0", "E1002", "division by zero in `10 / 0`")
        assertFails("10 % 0", "E1002")
        assertFails("1.5 / 0.0", "E1002")
        assertFails("100 CNY / 0", "E1002")
        assertFails("100 CNY / 0 CNY", "E1002")
        assertFails("7 days / 0", "E1002")
    }

    func testDivisionTruncatesTowardZeroAndRemainderTakesTheDividendsSign() {
        XCTAssertEqual(value("-7 / 2"), .int(-3))
        XCTAssertEqual(value("-7 % 2"), .int(-1))
        XCTAssertEqual(value("7 % -2"), .int(1))
    }

    func testErrorIsLocatedAtTheFailingSubexpression() {
        let vars: [String: (type: CRMType, value: Value)] = ["a": (.int, .int(1 << 40)), "b": (.int, .int(1 << 40))]
        guard case .failed(let ds) = evalOutcome("1 + a * b", locals: vars), let d = ds.first else { return XCTFail() }
        XCTAssertEqual(d.message, "integer overflow in `a * b`")
        XCTAssertEqual(d.primary.span.length, 5)          // `a * b`, not the whole `1 + a * b`
    }
}

final class DecimalTests: XCTestCase {
    func testDecimalsAreExact() {
        XCTAssertEqual(value("0.1 + 0.2 == 0.3"), .bool(true))
        XCTAssertEqual(show("0.1 + 0.2"), "0.3")
        XCTAssertEqual(show("1.10 * 3.0"), "3.3")
        XCTAssertEqual(value("0.30 == 0.3"), .bool(true))
        XCTAssertEqual(show("1.0 - 0.9"), "0.1")
    }

    func testDivisionRoundsHalfEvenToEighteenDigits() {
        XCTAssertEqual(show("1.0 / 3.0"), "0.333333333333333333")
        XCTAssertEqual(show("2.0 / 3.0"), "0.666666666666666667")
        XCTAssertEqual(show("1.0 / 8.0"), "0.125")
        XCTAssertEqual(show("-2.0 / 3.0"), "-0.666666666666666667")
    }

    func testRoundIsHalfEven() {
        XCTAssertEqual(show("round(2.5, 0)"), "2.0")
        XCTAssertEqual(show("round(3.5, 0)"), "4.0")
        XCTAssertEqual(show("round(-2.5, 0)"), "-2.0")
        XCTAssertEqual(show("round(2.345, 2)"), "2.34")
        XCTAssertEqual(show("round(2.355, 2)"), "2.36")
        XCTAssertEqual(show("round(2.3451, 2)"), "2.35")
        XCTAssertEqual(show("round(10.005 CNY, 2)"), "10.00 CNY")
        XCTAssertEqual(show("round(10.015 CNY, 2)"), "10.02 CNY")
        assertFails("round(1.5, 19)", "E1005")
    }

    func testDecimalOverflowAndLiteralLimits() {
        assertFails("99999999999999999999.0 * 99999999999999999999.0", "E1003", "decimal overflow")
        assertFails("0.1234567890123456789", "E1003")   // 19 fractional digits
        XCTAssertEqual(show("0.123456789012345678"), "0.123456789012345678")
    }

    func testDecimalConversionIsExplicit() {
        assertFails("1 + 1.0", "E0405")
        XCTAssertEqual(show("decimal(1) + 1.0"), "2.0")
    }

    func testCanonicalPrinting() {
        XCTAssertEqual(show("2.50"), "2.5")
        XCTAssertEqual(show("decimal(3)"), "3.0")
        XCTAssertEqual(show("-0.05"), "-0.05")
        XCTAssertEqual(show("1_000.5"), "1000.5")
    }

    func testExactDecimalUnit() throws {
        let a = try XCTUnwrap(ExactDecimal.parse("123.4500"))
        XCTAssertEqual(a.coefficient, 12345)
        XCTAssertEqual(a.scale, 2)
        XCTAssertEqual(ExactDecimal.compare(a, try XCTUnwrap(ExactDecimal.parse("123.45"))), 0)
        XCTAssertNil(ExactDecimal.parse("1.2.3"))
        XCTAssertNil(ExactDecimal.parse(""))
        let big = try XCTUnwrap(ExactDecimal.parse("99999999999999999999999999999999999999"))
        XCTAssertEqual(ExactDecimal.compare(big, try XCTUnwrap(ExactDecimal.parse("0.000000000000000001"))), 1)
        XCTAssertThrowsError(try big.adding(ExactDecimal(1)))
    }
}

final class MoneyTests: XCTestCase {
    func testMoneyKeepsItsCurrency() {
        XCTAssertEqual(show("100 CNY + 23.45 CNY"), "123.45 CNY")
        XCTAssertEqual(show("100 CNY * 3"), "300.00 CNY")
        XCTAssertEqual(show("3 * 100 USD"), "300.00 USD")
        XCTAssertEqual(show("100 CNY * 0.15"), "15.00 CNY")
        XCTAssertEqual(show("100 CNY / 3"), "33.333333333333333333 CNY")
        XCTAssertEqual(show("round(100 CNY / 3, 2)"), "33.33 CNY")
        XCTAssertEqual(value("100 CNY / 40 CNY"), .decimal(ExactDecimal.parse("2.5") ?? .zero))
        XCTAssertEqual(value("100 CNY > 99.99 CNY"), .bool(true))
    }

    func testCurrenciesDoNotMix() {
        assertFails("100 CNY + 1 USD", "E0404")
    }
}
