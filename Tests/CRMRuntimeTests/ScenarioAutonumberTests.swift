// ScenarioAutonumberTests: `autonumber("…")` fields are generated on create from the
// pattern (date parts in the model's zone, zero-padded sequence), restart when the
// rendered date prefix changes, do not burn a number on a rejected command, and keep a
// value given explicitly.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

final class ScenarioAutonumberTests: XCTestCase {
    let model = """
    entity Contract {
      code: autonumber("HT-{yyyy}-{seq:3}") unique readonly
      daily: autonumber("D{yy}{MM}{dd}-{seq:2}")
      amount: int required check amount > 0 else "金额必须大于 0"
    }
    """

    func testSequencesPerPrefixAndRollback() throws {
        let s = try XCTUnwrap(Scenario(model))
        XCTAssertTrue(s.run(.create(entity: "Contract", fields: [("amount", n("1"))], alias: "a"), id: "e1").committed)
        XCTAssertEqual(s.field("a", "code"), "\"HT-2026-001\"")
        XCTAssertEqual(s.field("a", "daily"), "\"D260302-01\"")
        XCTAssertFalse(s.run(.create(entity: "Contract", fields: [("amount", n("0"))], alias: "bad"), id: "e2").committed)
        XCTAssertTrue(s.run(.create(entity: "Contract", fields: [("amount", n("2"))], alias: "b"), id: "e3").committed)
        XCTAssertEqual(s.field("b", "code"), "\"HT-2026-002\"", "the rejected command used no number")
        s.clock.set(micros: testNow + 86_400_000_000)
        XCTAssertTrue(s.run(.create(entity: "Contract", fields: [("amount", n("3"))], alias: "c"), id: "e4").committed)
        XCTAssertEqual(s.field("c", "code"), "\"HT-2026-003\"", "{yyyy} only: no restart the next day")
        XCTAssertEqual(s.field("c", "daily"), "\"D260303-01\"", "{dd}: a new day restarts at 1")
        XCTAssertTrue(s.run(.create(entity: "Contract", fields: [("amount", n("4")), ("code", t("HT-手工-1"))], alias: "d"), id: "e5").committed)
        XCTAssertEqual(s.field("d", "code"), "\"HT-手工-1\"", "a given value is kept")
    }

    func testRenderPadsWithoutTruncating() {
        let date = CivilDate(year: 2026, month: 3, day: 2)
        XCTAssertEqual(Interpreter.render("X-{seq:2}", date: date, sequence: (123, 2)).text, "X-123")
        XCTAssertEqual(Interpreter.render("{yyyy}{MM}-{seq:4}", date: date, sequence: nil).text, "202603-{seq}")
    }
}
