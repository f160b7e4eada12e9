// NameTableTests: NameTable (Interp/NameTable.swift) finds what a Dictionary keyed by
// String finds — by canonical equivalence — whether a name matches byte for byte (its
// fast path), only canonically, or is too long to be held in a String's two words.
import XCTest
import CRMBase
@testable import CRMRuntime

final class NameTableTests: XCTestCase {
    func testFindsWhatADictionaryFinds() {
        let declared = ["name", "region", "source", "café", "K", "a_rather_long_field_name", "queue", "score", "张三"]
        let table = NameTable(declared.enumerated().map { ($1, $0) })
        let dictionary = Dictionary(uniqueKeysWithValues: declared.enumerated().map { ($1, $0) })
        let probes = declared + [
            "cafe\u{301}",                        // café decomposed: canonically equal
            "\u{212A}",                           // KELVIN SIGN: canonically equal to "K"
            "a_rather_long_field_name_not",       // long, unknown
            "sourc", "sources", "Name", "", "张",  // near misses
        ]
        for probe in probes {
            XCTAssertEqual(table[probe], dictionary[probe], "\(probe.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        XCTAssertEqual(table["cafe\u{301}"], 3)
        XCTAssertEqual(table["\u{212A}"], 4)
        XCTAssertNil(table["Name"])
    }

    func testRepeatedNamesKeepTheFirstAndBigTablesUseTheDictionary() {
        XCTAssertEqual(NameTable([("a", 1), ("a", 2), ("cafe\u{301}", 3), ("café", 4)])["café"], 3)
        let many = (0 ..< 40).map { ("member\($0)", $0) }
        let table = NameTable(many)
        for (name, value) in many { XCTAssertEqual(table[name], value) }
        XCTAssertNil(table["member40"])
    }

    func testStringBitsTellShortNamesApart() {
        XCTAssertTrue(StringBits.available)
        XCTAssertEqual(StringBits("region"), StringBits(String("regionx".dropLast())))
        XCTAssertNotEqual(StringBits("region"), StringBits("regio"))
        XCTAssertNotEqual(StringBits("a\0"), StringBits("a"), "the length is part of it")
    }
}
