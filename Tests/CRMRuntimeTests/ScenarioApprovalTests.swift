// ScenarioApprovalTests: approval flows at run time (Interpreter+Approvals.swift) — the
// steps a flow takes by their `when`, 会签 (all must approve) and 或签 (first decides),
// rejection returning the record to an earlier stage and firing `rejected` rules,
// approval not needed when the flow's `when` is false, escalation on timeout, roles
// that extend an approver, wrong roles and missing approvals rejected with nothing
// applied, `set` through a reference, and a notify's template variables.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

final class ScenarioApprovalTests: XCTestCase {
    static let day: Int64 = 86_400_000_000

    let model = """
    enum 付款方式 { 预付全款, 分期付款 }
    role 销售经理 { allow read Contract }
    role 管理员 extends 销售经理 { allow read Contract }
    role 财务 { allow read Contract }
    role 法务 { allow read Contract }
    role 财务总监 { allow read Contract }
    entity User { name: text required  email: email required unique }
    entity Contract {
      title: text required
      owner: ref User?
      amount: money(CNY) required
      payment_terms: 付款方式 = 预付全款
      reject_count: int = 0
      synced: int = 0
      tags: set<text>
      lifecycle status {
        stages 草稿, 审批中, 已审批, 已签署 terminal
        草稿 -> 审批中 -> 已审批 -> 已签署
        审批中 -> 草稿
      }
    }
    template 通过 for Contract { body "合同 {title} 已通过" }
    template 驳回 for Contract { body "合同 {title} 被驳回：{why}" }
    approval 合同审批 for Contract {
      when amount >= 50000 CNY
      step 经理 by 销售经理 timeout 2 days escalate to 管理员
      step 会签 by all 财务, 法务
      step 总监 by 财务总监 when amount > 500000 CNY
      step 复核 by any 财务, 财务总监 when payment_terms == 分期付款
      on approved {
        move to 已审批
        notify dingtalk to owner template 通过
      }
      on rejected {
        move to 草稿
        notify dingtalk to owner template 驳回 with { why: "请修改后重新提交" }
      }
    }
    rule submit on Contract enters 审批中 do { start approval 合同审批 }
    rule approved_sync on Contract approved 合同审批 do { add 1 to synced }
    rule rejected_count on Contract rejected 合同审批 do {
      add 1 to reject_count
      if reject_count >= 2 { tag "需上级沟通" }
    }
    """

    func contract(_ s: Scenario, amount: String, terms: String = "预付全款") {
        s.run(.create(entity: "User", fields: [("name", t("张伟")), ("email", t("zhangwei@shop.cn"))], alias: "u"), id: "u")
        let r = s.run(.create(entity: "Contract", fields: [("title", t("CRM 采购")), ("owner", t("u")), ("amount", n(amount)),
                                                         ("payment_terms", t(terms))], alias: "c"), id: "c")
        XCTAssertTrue(r.committed, r.failure?.text ?? "")
    }

    func decide(_ s: Scenario, _ role: String, approve: Bool = true, id: String) -> CommandResult {
        s.run(.decide(record: "c", approval: nil, role: role, approve: approve, comment: nil), id: id)
    }

    func pending(_ s: Scenario) -> [String] {
        guard let id = s.interpreter.resolve("c"),
              let instance = try? s.interpreter.pendingInstance(of: id, approval: 0) else { return [] }
        return s.interpreter.pendingRoles(instance)
    }

    func testStepsCountersignAndOutcome() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "180000")
        XCTAssertTrue(s.run(.move(record: "c", stage: "审批中"), id: "e1").committed)
        XCTAssertEqual(pending(s), ["销售经理"])
        XCTAssertTrue(decide(s, "销售经理", id: "e2").committed)
        XCTAssertEqual(pending(s), ["财务", "法务"], "会签: both roles")
        XCTAssertTrue(decide(s, "财务", id: "e3").committed)
        XCTAssertEqual(pending(s), ["法务"], "one of two approved: still waiting")
        XCTAssertEqual(s.field("c", "status"), "审批中")
        let last = decide(s, "法务", id: "e4")
        XCTAssertTrue(last.committed, last.failure?.text ?? "")
        XCTAssertEqual(pending(s), [], "总监 (amount ≤ 500000) and 复核 (预付全款) are skipped")
        XCTAssertEqual(s.field("c", "status"), "已审批")
        XCTAssertEqual(s.field("c", "synced"), "1")
        XCTAssertEqual(last.fired, ["approved_sync"])
        XCTAssertEqual(last.messages.map(\.recipient), ["zhangwei@shop.cn"], "a User recipient is addressed by e-mail")
        XCTAssertEqual(last.messages.first?.payload.first?.value, .text("合同 CRM 采购 已通过"))
        XCTAssertEqual(last.messages.first?.idempotencyKey, "e4/合同审批/Contract#1/2")
        XCTAssertEqual(decide(s, "法务", id: "e5").failure?.message, "Contract#1 has no pending approval")
    }

    func testConditionalStepsJoinTheFlow() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "600000", terms: "分期付款")
        s.run(.move(record: "c", stage: "审批中"), id: "e1")
        XCTAssertTrue(decide(s, "销售经理", id: "e2").committed)
        XCTAssertTrue(decide(s, "法务", id: "e3").committed)
        XCTAssertTrue(decide(s, "财务", id: "e4").committed)
        XCTAssertEqual(pending(s), ["财务总监"], "amount > 500000 adds the 总监 step")
        XCTAssertTrue(decide(s, "财务总监", id: "e5").committed)
        XCTAssertEqual(pending(s), ["财务", "财务总监"], "分期付款 adds the 或签 step")
        XCTAssertTrue(decide(s, "财务总监", id: "e6").committed)
        XCTAssertEqual(s.field("c", "status"), "已审批", "或签: the first decision decides")
    }

    func testRejectionReturnsToDraftAndCounts() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "80000")
        for round in 1...2 {
            XCTAssertTrue(s.run(.move(record: "c", stage: "审批中"), id: "m\(round)").committed)
            XCTAssertTrue(decide(s, "销售经理", id: "a\(round)").committed)
            let r = decide(s, "法务", approve: false, id: "r\(round)")
            XCTAssertTrue(r.committed, r.failure?.text ?? "")
            XCTAssertEqual(s.field("c", "status"), "草稿", "rejected in 会签: back to draft")
            XCTAssertEqual(s.field("c", "reject_count"), "\(round)")
            XCTAssertEqual(r.messages.first?.payload.first?.value, .text("合同 CRM 采购 被驳回：请修改后重新提交"),
                           "template variables from `with`")
        }
        XCTAssertEqual(s.field("c", "tags"), "[\"需上级沟通\"]")
    }

    func testNotNeededBelowThreshold() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "20000")
        let r = s.run(.move(record: "c", stage: "审批中"), id: "e1")
        XCTAssertTrue(r.committed, r.failure?.text ?? "")
        XCTAssertEqual(s.field("c", "status"), "已审批", "when amount >= 50000 is false: approved at once")
        XCTAssertEqual(s.field("c", "synced"), "1")
    }

    func testEscalationAfterTimeoutAndRoleInheritance() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "90000")
        s.run(.move(record: "c", stage: "审批中"), id: "e1")
        XCTAssertEqual(s.store.timerCount, 1, "the 经理 step's 2-day timeout")
        XCTAssertTrue(s.interpreter.advance(to: testNow + Self.day).allSatisfy { $0.result.committed })
        XCTAssertEqual(pending(s), ["销售经理"])
        let fires = s.interpreter.advance(to: testNow + 3 * Self.day)
        XCTAssertEqual(fires.count, 1)
        XCTAssertEqual(fires.first?.result.trace.first?.writes.first?.after, "escalated to 管理员")
        XCTAssertEqual(pending(s), ["管理员"])
        let wrong = decide(s, "销售经理", id: "e2")
        XCTAssertEqual(wrong.failure?.message, "role 销售经理 cannot decide step 经理 of 合同审批 on Contract#1; waiting for 管理员")
        XCTAssertTrue(decide(s, "管理员", id: "e3").committed)
        XCTAssertEqual(pending(s), ["财务", "法务"])
        XCTAssertEqual(s.store.timerCount, 0, "the next step has no timeout")
    }

    func testDecidedInTimeCancelsEscalationAndExtendedRoleDecides() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "90000")
        s.run(.move(record: "c", stage: "审批中"), id: "e1")
        let r = decide(s, "管理员", id: "e2")
        XCTAssertTrue(r.committed, "管理员 extends 销售经理, so it may decide the 经理 step")
        XCTAssertEqual(s.store.timerCount, 0, "the escalation timer is cancelled")
        XCTAssertEqual(pending(s), ["财务", "法务"])
    }

    func testBadDecisionsChangeNothing() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "90000")
        XCTAssertEqual(decide(s, "销售经理", id: "e0").failure?.message, "Contract#1 has no pending approval")
        s.run(.move(record: "c", stage: "审批中"), id: "e1")
        let auditBefore = s.store.auditEntries().count
        let wrong = decide(s, "法务", id: "e2")
        XCTAssertFalse(wrong.committed)
        XCTAssertEqual(s.store.auditEntries().count, auditBefore, "a refused decision leaves no trace")
        XCTAssertEqual(pending(s), ["销售经理"])
        let named = s.run(.decide(record: "c", approval: "别的审批", role: "销售经理", approve: true, comment: nil), id: "e3")
        XCTAssertEqual(named.failure?.message, "Contract#1 has no pending approval 别的审批")
        let again = s.run(.move(record: "c", stage: "草稿"), id: "e4")
        XCTAssertTrue(again.committed)
        let restart = s.run(.move(record: "c", stage: "审批中"), id: "e5")
        XCTAssertFalse(restart.committed, "the first instance is still pending")
        XCTAssertTrue(restart.failure?.message.contains("already has approval 合同审批 pending") ?? false, restart.failure?.text ?? "")
    }

    func testDecisionsAreAudited() throws {
        let s = try XCTUnwrap(Scenario(model))
        contract(s, amount: "90000")
        s.run(.move(record: "c", stage: "审批中"), id: "e1")
        _ = s.run(.decide(record: "c", approval: "合同审批", role: "销售经理", approve: true, comment: "同意"), id: "e2")
        let texts = s.store.auditEntries().compactMap { entry -> String? in
            guard case .field(_, _, .list(let xs)) = entry.change, case .text(let line)? = xs.last else { return nil }
            return line
        }
        XCTAssertTrue(texts.contains("经理: 销售经理 张三 approved: 同意"), "\(texts)")
    }

    func testSetThroughReference() throws {
        let s = try XCTUnwrap(Scenario("""
        entity Lead { name: text required  last_followup_at: datetime?  count: int = 0 }
        entity FollowUp { lead: ref Lead?  at: datetime = now() }
        rule sync on FollowUp created where lead != null do { set lead.last_followup_at = at }
        rule counted on Lead.last_followup_at changed do { add 1 to count }
        """))
        s.run(.create(entity: "Lead", fields: [("name", t("李雷"))], alias: "l"), id: "e1")
        let r = s.run(.create(entity: "FollowUp", fields: [("lead", t("l"))], alias: "f"), id: "e2")
        XCTAssertTrue(r.committed, r.failure?.text ?? "")
        XCTAssertEqual(s.field("l", "last_followup_at"), "2026-03-02T09:00")
        XCTAssertEqual(s.field("l", "count"), "1", "the write through the reference cascades")
        XCTAssertTrue(s.run(.create(entity: "FollowUp", fields: [], alias: nil), id: "e3").committed, "null lead: the rule's where is false")
    }
}
