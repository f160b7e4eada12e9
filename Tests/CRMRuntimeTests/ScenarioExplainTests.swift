// ScenarioExplainTests: a trace says why a rule did not fire with the values that
// decided it — the false `and` conjuncts, the record's fields read, and paths through
// references (`order.amount`) with their values.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

final class ScenarioExplainTests: XCTestCase {
    let model = """
    enum 渠道 { 官网注册, 淘宝 }
    entity Order { amount: money(CNY) required }
    entity Ticket {
      order: ref Order required
      source: 渠道 required
      note: text?
      lifecycle status { stages 待审核, 已批准  待审核 -> 已批准 }
    }
    rule auto on Ticket created where source == 官网注册 and order.amount < 100 CNY and note == null do { move to 已批准 }
    """

    func testFalseConjunctsAndPathsAreNamed() throws {
        let s = try XCTUnwrap(Scenario(model))
        s.run(.create(entity: "Order", fields: [("amount", n("500"))], alias: "o"), id: "e1")
        let r = s.run(.create(entity: "Ticket", fields: [("order", t("o")), ("source", t("淘宝"))], alias: "k"), id: "e2")
        let entry = try XCTUnwrap(r.trace.first)
        XCTAssertFalse(entry.fired)
        XCTAssertEqual(entry.because, ["source == 官网注册 is false", "order.amount < 100 CNY is false"], "note == null held")
        XCTAssertEqual(entry.reads.map { "\($0.field) = \($0.value)" }, ["source = 淘宝", "order = Order#1", "note = null", "order.amount = 500.00 CNY"])
        XCTAssertEqual(entry.text, "skipped auto on Ticket#1 created: where source == 官网注册 and order.amount < 100 CNY and note == null → false because source == 官网注册 is false and order.amount < 100 CNY is false (source = 淘宝, order = Order#1, note = null, order.amount = 500.00 CNY)")
    }

    func testFiredRuleHasNoBecause() throws {
        let s = try XCTUnwrap(Scenario(model))
        s.run(.create(entity: "Order", fields: [("amount", n("50"))], alias: "o"), id: "e1")
        let r = s.run(.create(entity: "Ticket", fields: [("order", t("o")), ("source", t("官网注册"))], alias: "k"), id: "e2")
        XCTAssertEqual(r.fired, ["auto"])
        XCTAssertEqual(r.trace.first?.because, [])
        XCTAssertEqual(s.field("k", "status"), "已批准")
    }

    func testRelationFieldListsRelatedRecords() throws {
        let s = try XCTUnwrap(Scenario("""
        entity Order { amount: money(CNY) required  tickets: many Ticket via order }
        entity Ticket { order: ref Order required }
        """))
        s.run(.create(entity: "Order", fields: [("amount", n("1"))], alias: "o"), id: "e1")
        s.run(.create(entity: "Order", fields: [("amount", n("2"))], alias: "p"), id: "e2")
        s.run(.create(entity: "Ticket", fields: [("order", t("o"))], alias: nil), id: "e3")
        s.run(.create(entity: "Ticket", fields: [("order", t("o"))], alias: nil), id: "e4")
        let o = try XCTUnwrap(s.interpreter.resolve("o")), p = try XCTUnwrap(s.interpreter.resolve("p"))
        let slot = try XCTUnwrap(s.program.entity(named: "Order")?.fieldIndex["tickets"])
        XCTAssertEqual(s.interpreter.fieldValue(o, slot: slot), .list([.record(entity: "Ticket", id: 1), .record(entity: "Ticket", id: 2)]))
        XCTAssertEqual(s.interpreter.fieldValue(p, slot: slot), .list([]))
    }
}
