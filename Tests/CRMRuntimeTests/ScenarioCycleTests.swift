// ScenarioCycleTests: a run-time rule cycle stops at the depth limit, is rolled back,
// and is reported with the chain of rules and the cycle in it. The checker reports
// this cycle statically (E0801); the test lets it through to reach the run-time guard,
// which protects against cycles the checker cannot see (through conditions and data).
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

final class ScenarioCycleTests: XCTestCase {
    let model = """
    entity Lead {
      name: text required
      a: int = 0
      b: int = 0
    }
    rule ping on Lead.a changed do { add 1 to b }
    rule pong on Lead.b changed do { add 1 to a }
    """

    func testCycleHitsDepthLimitWithChain() throws {
        let s = try XCTUnwrap(Scenario(model, allowing: ["E0801"]))
        s.interpreter.depthLimit = 8
        s.run(.create(entity: "Lead", fields: [("name", t("x"))], alias: "l1"), id: "e1")
        let audit = s.store.auditCount
        let r = s.run(.update(record: "l1", fields: [("a", n("1"))]), id: "e2")
        XCTAssertEqual(r.failure?.code.id, "E1007")
        XCTAssertTrue(r.failure?.message.contains("cycle: ping → pong → ping") ?? false, r.failure?.text ?? "")
        XCTAssertEqual(r.failure?.chain.first, "ping")
        XCTAssertEqual(s.field("l1", "a"), "0")
        XCTAssertEqual(s.store.auditCount, audit)
    }
}
