// ScenarioComputedTests: computed fields kept up to date incrementally — aggregates
// over a relation (`sum`/`count` with a `where` filter, `max`) change when an order is
// added, completed, moved to another customer or deleted; only the affected parent is
// recomputed; a formula over the record's own fields follows its inputs; and a rule on
// a computed field's change fires.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

let computedModel = """
settings { timezone: "Asia/Shanghai" }
entity Customer {
  name: text required
  tags: set<text>
  discount: int = 0
  orders: many Order via customer
  total_spent: money(CNY) computed sum(orders.amount where status == 已完成)
  order_count: int computed count(orders where status == 已完成)
  biggest: money(CNY)? computed max(orders.amount)
  double_discount: int computed discount * 2
}
entity Order {
  customer: ref Customer required
  amount: money(CNY) required
  lifecycle status {
    stages 待付款, 已完成 terminal, 已取消 terminal
    待付款 -> 已完成
    待付款 -> 已取消
  }
}
rule big on Customer.total_spent changed where total_spent >= 1000 CNY do { tag "大客户" }
"""

final class ScenarioComputedTests: XCTestCase {
    func order(_ s: Scenario, _ alias: String, _ customer: String, _ amount: String) -> CommandResult {
        s.run(.create(entity: "Order", fields: [("customer", t(customer)), ("amount", n(amount))], alias: alias), id: alias)
    }

    func testAggregatesFollowOrdersAddedCompletedMovedAndDeleted() throws {
        let s = try XCTUnwrap(Scenario(computedModel))
        XCTAssertTrue(s.run(.create(entity: "Customer", fields: [("name", t("甲"))], alias: "c1"), id: "c1").committed)
        XCTAssertTrue(s.run(.create(entity: "Customer", fields: [("name", t("乙"))], alias: "c2"), id: "c2").committed)
        XCTAssertEqual(s.field("c1", "total_spent"), "0.00 CNY")
        XCTAssertEqual(s.field("c1", "order_count"), "0")
        XCTAssertEqual(s.field("c1", "biggest"), "null")

        let added = order(s, "o1", "c1", "600")
        XCTAssertTrue(added.committed, added.failure?.text ?? "")
        XCTAssertEqual(s.field("c1", "total_spent"), "0.00 CNY")    // not completed yet
        XCTAssertEqual(s.field("c1", "biggest"), "600.00 CNY")
        XCTAssertFalse(added.trace.contains { $0.record == "Customer#2" })   // only the affected parent

        XCTAssertTrue(s.run(.move(record: "o1", stage: "已完成"), id: "m1").committed)
        XCTAssertEqual(s.field("c1", "total_spent"), "600.00 CNY")
        XCTAssertEqual(s.field("c1", "order_count"), "1")

        XCTAssertTrue(order(s, "o2", "c1", "500").committed)
        let done = s.run(.move(record: "o2", stage: "已完成"), id: "m2")
        XCTAssertTrue(done.committed)
        XCTAssertEqual(s.field("c1", "total_spent"), "1100.00 CNY")
        XCTAssertEqual(s.field("c1", "tags"), "[\"大客户\"]")   // a rule on the computed field fired
        XCTAssertTrue(done.trace.contains { $0.rule == "computed Customer.total_spent" })

        // Moving an order to another customer updates both.
        XCTAssertTrue(s.run(.update(record: "o2", fields: [("customer", t("c2"))]), id: "mv").committed)
        XCTAssertEqual(s.field("c1", "total_spent"), "600.00 CNY")
        XCTAssertEqual(s.field("c2", "total_spent"), "500.00 CNY")
        XCTAssertEqual(s.field("c2", "order_count"), "1")

        XCTAssertTrue(s.run(.delete(record: "o1"), id: "d1").committed)
        XCTAssertEqual(s.field("c1", "total_spent"), "0.00 CNY")
        XCTAssertEqual(s.field("c1", "order_count"), "0")
        XCTAssertEqual(s.field("c1", "biggest"), "null")
    }

    func testFormulaOverOwnFields() throws {
        let s = try XCTUnwrap(Scenario(computedModel))
        XCTAssertTrue(s.run(.create(entity: "Customer", fields: [("name", t("甲")), ("discount", n("3"))], alias: "c"), id: "c").committed)
        XCTAssertEqual(s.field("c", "double_discount"), "6")
        XCTAssertTrue(s.run(.update(record: "c", fields: [("discount", n("5"))]), id: "u").committed)
        XCTAssertEqual(s.field("c", "double_discount"), "10")
    }

    func testRolledBackCommandLeavesAggregatesAlone() throws {
        let s = try XCTUnwrap(Scenario(computedModel))
        XCTAssertTrue(s.run(.create(entity: "Customer", fields: [("name", t("甲"))], alias: "c"), id: "c").committed)
        XCTAssertTrue(order(s, "o", "c", "10").committed)
        XCTAssertFalse(s.run(.move(record: "o", stage: "不存在"), id: "bad").committed)
        XCTAssertEqual(s.field("c", "biggest"), "10.00 CNY")
        XCTAssertEqual(s.field("c", "total_spent"), "0.00 CNY")
    }
}
