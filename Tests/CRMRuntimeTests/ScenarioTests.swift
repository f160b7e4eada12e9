// ScenarioTests: the interpreter end to end on a small lead model — rules on create,
// update, field change and stage entry; set, add, tag, move, create-with-mapping,
// notify and webhook; rollback on validation failure; the cascade depth limit with its
// rule chain; deterministic outbox and audit for identical runs; traces with the values
// a condition read.
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

let scenarioModel = """
settings { timezone: "Asia/Shanghai" }
enum 渠道 { 官网注册, 淘宝, 转介绍 }
entity User { name: text required }
entity Customer {
  客户名称: text required
  phone: phone?
  source: 渠道?
}
entity Lead {
  name: text required
  phone: phone required unique
  email: email?
  source: 渠道 required
  score: int = 0 check score <= 200 else "评分不能超过 200"
  owner: ref User?
  next_call: date?
  created_at: datetime readonly = now()
  tags: set<text>
  lifecycle status {
    stages 未联系, 已联系, 已转化 terminal, 无效 terminal
    未联系 -> 已联系 -> 已转化
    any -> 无效
    enter 已转化 requires owner
  }
}
template welcome for Lead {
  subject "欢迎，{name}"
}
rule lead_welcome on Lead created where source == 官网注册 and email != null do {
  notify email to email template welcome
  tag "待跟进"
}
rule referral on Lead created where source == 转介绍 do {
  add 30 to score
  set next_call = created_at.date + 3 days
  tag "转介绍"
}
rule hot on Lead.score changed where score >= 80 and status == 已联系 do {
  webhook "https://hooks.example.com/hot/{name}" with { score: score }
  move to 已转化
}
rule convert on Lead enters 已转化 do {
  create Customer { 客户名称: name, phone: phone, source: source }
  tag "已转客户"
}
"""

final class ScenarioTests: XCTestCase {
    func lead(_ name: String, _ phone: String, _ source: String, email: String? = nil) -> RuntimeCommand {
        var fields: [(String, FieldInput)] = [("name", t(name)), ("phone", t(phone)), ("source", t(source))]
        if let email { fields.append(("email", t(email))) }
        return .create(entity: "Lead", fields: fields, alias: name)
    }

    func testWelcomeNotifyOnCreate() throws {
        let s = try XCTUnwrap(Scenario(scenarioModel))
        let r = s.run(lead("l1", "13800000001", "官网注册", email: "z@example.com"), id: "e1")
        XCTAssertNil(r.failure?.text)
        XCTAssertEqual(r.fired, ["lead_welcome"])
        XCTAssertEqual(r.messages.count, 1)
        let m = try XCTUnwrap(r.messages.first)
        XCTAssertEqual(m.channel, "email")
        XCTAssertEqual(m.recipient, "z@example.com")
        XCTAssertEqual(m.template, "welcome")
        XCTAssertEqual(m.idempotencyKey, "e1/lead_welcome/Lead#1/1")
        XCTAssertEqual(m.payload, [OutboxField(name: "subject", value: .text("欢迎，l1"))])
        XCTAssertEqual(s.field("l1", "tags"), "[\"待跟进\"]")
        // Not fired, with the value read: source was 淘宝.
        let r2 = s.run(lead("l2", "13800000002", "淘宝"), id: "e2")
        let entry = try XCTUnwrap(r2.trace.first { $0.rule == "lead_welcome" })
        XCTAssertFalse(entry.fired)
        XCTAssertEqual(entry.conditionValue, "false")
        XCTAssertTrue(entry.reads.contains { $0.field == "source" && $0.value == "淘宝" }, "\(entry.reads)")
    }

    func testTagAndSetWithDateArithmetic() throws {
        let s = try XCTUnwrap(Scenario(scenarioModel))
        let r = s.run(lead("l1", "13800000001", "转介绍"), id: "e1")
        XCTAssertNil(r.failure?.text)
        XCTAssertEqual(s.field("l1", "score"), "30")
        XCTAssertEqual(s.field("l1", "next_call"), "2026-03-05")
        XCTAssertEqual(s.field("l1", "tags"), "[\"转介绍\"]")
        XCTAssertEqual(s.field("l1", "status"), "未联系")
    }

    func testCreateWithMappingOnStageEnter() throws {
        let s = try XCTUnwrap(Scenario(scenarioModel))
        s.run(.create(entity: "User", fields: [("name", t("王五"))], alias: "u1"), id: "e0")
        s.run(lead("l1", "13800000001", "淘宝"), id: "e1")
        XCTAssertNil(s.run(.update(record: "l1", fields: [("owner", t("u1"))]), id: "e2").failure?.text)
        XCTAssertNil(s.run(.move(record: "l1", stage: "已联系"), id: "e3").failure?.text)
        let r = s.run(.update(record: "l1", fields: [("score", n("85"))]), id: "e4")
        XCTAssertNil(r.failure?.text)
        XCTAssertEqual(r.fired, ["hot", "convert"])
        XCTAssertEqual(s.field("l1", "status"), "已转化")
        XCTAssertEqual(s.field("Customer#1", "客户名称"), "\"l1\"")
        XCTAssertEqual(s.field("Customer#1", "source"), "淘宝")
        XCTAssertEqual(r.messages.map(\.recipient), ["https://hooks.example.com/hot/l1"])
        XCTAssertEqual(r.trace.first { $0.rule == "convert" }?.depth, 1)
    }

    func testRollbackOnValidationFailureLeavesNoTrace() throws {
        let s = try XCTUnwrap(Scenario(scenarioModel))
        s.run(lead("l1", "13800000001", "官网注册", email: "a@example.com"), id: "e1")
        let before = (s.store.count(of: 2), s.store.pendingMessages().count, s.store.auditCount)
        // Unique phone: the welcome rule would fire, but everything rolls back.
        let dup = s.run(lead("l2", "13800000001", "官网注册", email: "b@example.com"), id: "e2")
        XCTAssertEqual(dup.failure?.code.id, "E1009")
        XCTAssertTrue(dup.failure?.message.contains("must be unique") ?? false, dup.failure?.text ?? "")
        // A check constraint broken by a rule's `add`.
        let over = s.run(.update(record: "l1", fields: [("score", n("201"))]), id: "e3")
        XCTAssertEqual(over.failure?.code.id, "E1009")
        XCTAssertTrue(over.failure?.message.contains("评分不能超过 200") ?? false)
        // Stage entry requirement (no owner) and an illegal transition.
        XCTAssertEqual(s.run(.move(record: "l1", stage: "已转化"), id: "e4").failure?.code.id, "E1008")
        s.run(.move(record: "l1", stage: "已联系"), id: "e5")
        let after5 = (s.store.count(of: 2), s.store.pendingMessages().count, s.store.auditCount)
        XCTAssertEqual(s.run(.move(record: "l1", stage: "已转化"), id: "e6").failure?.code.id, "E1009")
        XCTAssertEqual(s.run(.create(entity: "Lead", fields: [("name", t("x"))], alias: nil), id: "e7").failure?.code.id, "E1009")
        XCTAssertEqual(s.run(.update(record: "l1", fields: [("score", t("高"))]), id: "e8").failure?.code.id, "E1010")
        XCTAssertEqual(before.0, 1)
        XCTAssertEqual(after5.0, 1)
        XCTAssertEqual((s.store.count(of: 2), s.store.pendingMessages().count, s.store.auditCount).0, after5.0)
        XCTAssertEqual(s.store.pendingMessages().count, after5.1)
        XCTAssertEqual(s.store.auditCount, after5.2)
        XCTAssertNil(s.interpreter.resolve("l2"))
    }

    func testDeterministicOutboxAndAudit() throws {
        func runAll() throws -> ([OutboxMessage], [AuditEntry]) {
            let s = try XCTUnwrap(Scenario(scenarioModel))
            s.run(lead("l1", "13800000001", "官网注册", email: "a@example.com"), id: "e1")
            s.run(lead("l2", "13800000002", "转介绍"), id: "e2")
            s.run(.update(record: "l2", fields: [("score", n("90"))]), id: "e3")
            return (s.store.pendingMessages(), s.store.auditEntries())
        }
        let (m1, a1) = try runAll()
        let (m2, a2) = try runAll()
        XCTAssertEqual(m1, m2)
        XCTAssertEqual(a1, a2)
        XCTAssertFalse(a1.isEmpty)
        XCTAssertEqual(a1.first?.actor, "张三")
        XCTAssertTrue(a1.contains { $0.cause == .rule(Int32(0)) || $0.cause == .rule(Int32(1)) })
    }
}
