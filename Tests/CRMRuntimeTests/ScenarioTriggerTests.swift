// ScenarioTriggerTests: the remaining trigger and action kinds — `changed from … to …`
// (old and new values), `updated`, `deleted`, if/else branches, priority order, and
// `move` guarded by a transition's `when`.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

final class ScenarioTriggerTests: XCTestCase {
    let model = """
    entity Deal {
      name: text required
      probability: decimal = 0.1
      note: text?
      log: list<text>
      tags: set<text>
      lifecycle stage {
        stages 初步接触, 商务谈判, 赢单 terminal, 输单 terminal
        初步接触 -> 商务谈判
        商务谈判 -> 赢单 when probability >= 0.8
        any -> 输单
      }
    }
    entity Audit { what: text required }
    rule second "runs second" on Deal created do { set note = "second" }
    rule first "runs first" priority 9 on Deal created do { set note = "first" }
    rule won on Deal.stage changed from 商务谈判 to 赢单 do { tag "won-from-negotiation" }
    rule lost_any on Deal.stage changed to 输单 do {
      if probability >= 0.5 { tag "painful" } else { tag "expected" }
    }
    rule touched on Deal updated where probability >= 0.9 do { create Audit { what: "sure {name}" } }
    rule gone on Deal deleted do { create Audit { what: "deleted {name}" } }
    """

    func testPriorityFromToIfElseDeletedAndGuards() throws {
        let s = try XCTUnwrap(Scenario(model))
        let r = s.run(.create(entity: "Deal", fields: [("name", t("A"))], alias: "d"), id: "e1")
        XCTAssertEqual(r.fired, ["first", "second"], "priority first, then declaration")
        XCTAssertEqual(s.field("d", "note"), "\"second\"")
        let entry = try XCTUnwrap(r.trace.last { $0.rule == "touched" })
        XCTAssertFalse(entry.fired)
        XCTAssertEqual(entry.reads.map(\.value), ["0.1"])
        s.run(.move(record: "d", stage: "商务谈判"), id: "e2")
        // The guard `probability >= 0.8` is false: illegal, and the message says why.
        let blocked = s.run(.move(record: "d", stage: "赢单"), id: "e3")
        XCTAssertEqual(blocked.failure?.code.id, "E1008")
        XCTAssertTrue(blocked.failure?.message.contains("probability >= 0.8") ?? false, blocked.failure?.text ?? "")
        XCTAssertEqual(s.run(.update(record: "d", fields: [("probability", n("0.9"))]), id: "e4").fired, ["touched"])
        let won = s.run(.move(record: "d", stage: "赢单"), id: "e5")
        XCTAssertTrue(won.fired.contains("won"), "\(won.fired)")
        XCTAssertEqual(s.field("d", "tags"), "[\"won-from-negotiation\"]")

        s.run(.create(entity: "Deal", fields: [("name", t("B"))], alias: "b"), id: "e6")
        let lost = s.run(.move(record: "b", stage: "输单"), id: "e7")
        XCTAssertTrue(lost.fired.contains("lost_any"))
        XCTAssertFalse(lost.fired.contains("won"), "from 商务谈判 does not hold")
        XCTAssertEqual(s.field("b", "tags"), "[\"expected\"]")

        let del = s.run(.delete(record: "b"), id: "e8")
        XCTAssertNil(del.failure?.text)
        XCTAssertEqual(del.fired, ["gone"])
        let last = try XCTUnwrap(s.store.records(of: 1).last)
        XCTAssertEqual(s.field(s.interpreter.name(of: last), "what"), "\"deleted B\"")
        XCTAssertNil(s.interpreter.resolve("Deal#2"))
    }
}
