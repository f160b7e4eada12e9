// ScenarioAssignTests: assignment at run time — a routing table with hit `first`
// (team outputs resolved to Users by round-robin), hit `unique` (including the failure
// when two rows match), round-robin determinism across two independent runs,
// least-loaded with ties in team order, returning to the pool; score recomputation
// (from scratch, stable, firing `changed` rules); and the `task` action (Task records,
// or outbox messages on channel "task" when the model has no Task entity).
import XCTest
import CRMBase
import CRMStore
@testable import CRMRuntime

let assignModel = """
settings { timezone: "Asia/Shanghai" }
enum 地域 { 华东, 华南, 其他 }
enum 渠道 { 淘宝, 转介绍, 官网 }
enum 等级 { 普通, 银卡, 金卡 }
entity User {
  name: text required
  email: email required unique
  active: bool = true
}
entity Task {
  title: text required
  assignee: ref User?
  due_at: datetime?
}
entity Lead {
  name: text required
  region: 地域 = 其他
  source: 渠道 required
  amount: int = 0
  score: int = 0
  hot: bool = false
  owner: ref User?
  level: 等级?
  tags: set<text>
}
team 一组 { "a@x.cn", "b@x.cn", "c@x.cn" }
team 二组 { "d@x.cn" }
pool 公海 for Lead
table 分配 hit first {
  input region: 地域, source: 渠道
  output 团队: team
  _, 转介绍 => 二组
  华东, _ => 一组
  _, _ => 二组
}
table 定级 hit unique {
  input amount: int
  output level: 等级
  < 100 => 普通
  100..999 => 银卡
  >= 1000 => 金卡
}
score s for Lead.score {
  +20 when source == 转介绍
  +30 when amount >= 100
  -5 when region == 其他
}
rule route on Lead created do { assign owner by table 分配 }
rule grade on Lead.amount changed do { assign level by table 定级 }
rule hot on Lead.score changed where score >= 50 do { set hot = true }
rule rr on Lead.name changed where name == "rr" do { assign owner by round_robin(一组) }
rule ll on Lead.name changed where name == "ll" do { assign owner by least_loaded(一组) }
rule back on Lead.name changed where name == "pool" do { assign owner to pool 公海 }
rule todo on Lead.name changed where name == "task" do { task "call {name}" to owner due now() + 1 day }
"""

final class ScenarioAssignTests: XCTestCase {
    func users(_ s: Scenario) {
        for (i, e) in ["a@x.cn", "b@x.cn", "c@x.cn", "d@x.cn"].enumerated() {
            XCTAssertTrue(s.run(.create(entity: "User", fields: [("name", t("u\(i)")), ("email", t(e))], alias: "u\(i)"), id: "u\(i)").committed)
        }
    }

    func lead(_ s: Scenario, _ alias: String, region: String, source: String) -> CommandResult {
        s.run(.create(entity: "Lead", fields: [("name", t(alias)), ("region", t(region)), ("source", t(source))], alias: alias), id: alias)
    }

    func testRoutingTableFirstHitRoundRobinsWithinTheTeam() throws {
        let s = try XCTUnwrap(Scenario(assignModel))
        users(s)
        XCTAssertTrue(lead(s, "l1", region: "华东", source: "淘宝").committed)
        XCTAssertTrue(lead(s, "l2", region: "华东", source: "转介绍").committed)   // first row wins: 二组
        XCTAssertTrue(lead(s, "l3", region: "华东", source: "官网").committed)
        XCTAssertTrue(lead(s, "l4", region: "华东", source: "官网").committed)
        XCTAssertTrue(lead(s, "l5", region: "华东", source: "官网").committed)
        XCTAssertEqual(["l1", "l2", "l3", "l4", "l5"].map { s.field($0, "owner") },
                       ["User#1", "User#4", "User#2", "User#3", "User#1"])
    }

    func testUniqueTableAndItsFailureWhenRowsOverlap() throws {
        let s = try XCTUnwrap(Scenario(assignModel))
        XCTAssertTrue(lead(s, "l1", region: "华南", source: "淘宝").committed)
        XCTAssertEqual(s.field("l1", "owner"), "null")   // no User of 二组 yet: unchanged
        XCTAssertTrue(s.run(.update(record: "l1", fields: [("amount", n("150"))]), id: "a").committed)
        XCTAssertEqual(s.field("l1", "level"), "银卡")
        XCTAssertTrue(s.run(.update(record: "l1", fields: [("amount", n("1000"))]), id: "b").committed)
        XCTAssertEqual(s.field("l1", "level"), "金卡")
        // The checker rejects overlapping rows (E0705); at run time two matches fail the command.
        let overlapping = assignModel.replacingOccurrences(of: ">= 1000 => 金卡", with: ">= 999 => 金卡")
        let o = try XCTUnwrap(Scenario(overlapping, allowing: ["E0705"]))
        XCTAssertTrue(lead(o, "l1", region: "华南", source: "淘宝").committed)
        let r = o.run(.update(record: "l1", fields: [("amount", n("999"))]), id: "b")
        XCTAssertFalse(r.committed)
        XCTAssertTrue(r.failure?.message.contains("rows 2, 3 all match") ?? false, r.failure?.text ?? "")
        XCTAssertEqual(o.field("l1", "level"), "null")
    }

    func testRoundRobinIsDeterministicAcrossRuns() throws {
        func run() throws -> [String?] {
            let s = try XCTUnwrap(Scenario(assignModel))
            users(s)
            var owners: [String?] = []
            for i in 0..<5 {
                XCTAssertTrue(lead(s, "x\(i)", region: "华南", source: "淘宝").committed)
                XCTAssertTrue(s.run(.update(record: "x\(i)", fields: [("name", t("rr"))]), id: "rr\(i)").committed)
                owners.append(s.field("x\(i)", "owner"))
            }
            // A rolled-back command (routed to 一组, then missing `source`) does not advance the cursor.
            let bad = s.run(.create(entity: "Lead", fields: [("name", t("bad")), ("region", t("华东"))], alias: nil), id: "bad")
            XCTAssertFalse(bad.committed)
            XCTAssertTrue(bad.fired.contains("route"))
            XCTAssertTrue(lead(s, "x5", region: "华南", source: "淘宝").committed)
            XCTAssertTrue(s.run(.update(record: "x5", fields: [("name", t("rr"))]), id: "rr5").committed)
            owners.append(s.field("x5", "owner"))
            return owners
        }
        let first = try run()
        XCTAssertEqual(first, ["User#1", "User#2", "User#3", "User#1", "User#2", "User#3"])
        XCTAssertEqual(try run(), first)
    }

    func testLeastLoadedPicksFewestThenTeamOrder() throws {
        let s = try XCTUnwrap(Scenario(assignModel))
        users(s)
        XCTAssertTrue(s.run(.update(record: "u0", fields: [("active", .bool(false))]), id: "off").committed)
        for i in 0..<3 { XCTAssertTrue(lead(s, "y\(i)", region: "华东", source: "淘宝").committed) }   // 一组 by rr: b, c, b (a inactive)
        XCTAssertEqual((0..<3).map { s.field("y\($0)", "owner") }, ["User#2", "User#3", "User#2"])
        XCTAssertTrue(lead(s, "z", region: "华南", source: "淘宝").committed)
        XCTAssertTrue(s.run(.update(record: "z", fields: [("name", t("ll"))]), id: "ll").committed)
        XCTAssertEqual(s.field("z", "owner"), "User#3")   // b holds 2, c holds 1
        XCTAssertTrue(s.run(.update(record: "y0", fields: [("name", t("ll"))]), id: "ll2").committed)
        XCTAssertEqual(s.field("y0", "owner"), "User#2")   // b 1 (without y0), c 2: b
    }

    func testAssignToPoolEmptiesTheFieldAndTags() throws {
        let s = try XCTUnwrap(Scenario(assignModel))
        users(s)
        XCTAssertTrue(lead(s, "p", region: "华东", source: "淘宝").committed)
        XCTAssertEqual(s.field("p", "owner"), "User#1")
        XCTAssertTrue(s.run(.update(record: "p", fields: [("name", t("pool"))]), id: "pool").committed)
        XCTAssertEqual(s.field("p", "owner"), "null")
        XCTAssertEqual(s.field("p", "tags"), "[\"公海\"]")
    }

    func testScoreIsRecomputedFromScratchAndStable() throws {
        let s = try XCTUnwrap(Scenario(assignModel))
        let r = lead(s, "l", region: "其他", source: "转介绍")
        XCTAssertTrue(r.committed)
        XCTAssertEqual(s.field("l", "score"), "15")   // 0 + 20 - 5
        XCTAssertTrue(r.trace.contains { $0.rule == "score s" && $0.fired })
        XCTAssertEqual(s.field("l", "hot"), "false")
        XCTAssertTrue(s.run(.update(record: "l", fields: [("amount", n("100"))]), id: "a").committed)
        XCTAssertEqual(s.field("l", "score"), "45")
        XCTAssertTrue(s.run(.update(record: "l", fields: [("region", t("华东"))]), id: "b").committed)
        XCTAssertEqual(s.field("l", "score"), "50")
        XCTAssertEqual(s.field("l", "hot"), "true")   // `on Lead.score changed` fired
        XCTAssertTrue(s.run(.update(record: "l", fields: [("score", n("7"))]), id: "c").committed)
        XCTAssertEqual(s.field("l", "score"), "50")   // the score owns its field
        let again = s.run(.update(record: "l", fields: [("name", t("zz"))]), id: "d")
        XCTAssertFalse(again.trace.contains { $0.rule == "score s" })   // nothing it reads changed
    }

    func testTaskCreatesTaskRecord() throws {
        let s = try XCTUnwrap(Scenario(assignModel))
        users(s)
        XCTAssertTrue(lead(s, "k", region: "华东", source: "淘宝").committed)
        XCTAssertTrue(s.run(.update(record: "k", fields: [("name", t("task"))]), id: "t").committed)
        XCTAssertEqual(s.field("Task#1", "title"), "\"call task\"")
        XCTAssertEqual(s.field("Task#1", "assignee"), "User#1")
        XCTAssertNotEqual(s.field("Task#1", "due_at"), "null")
    }

    func testTaskWithoutTaskEntityGoesToTheOutbox() throws {
        let model = """
        entity User {
          email: email required unique
        }
        entity Lead {
          name: text required
          owner: ref User?
        }
        rule todo on Lead created do { task "call {name}" to owner }
        """
        let s = try XCTUnwrap(Scenario(model))
        XCTAssertTrue(s.run(.create(entity: "User", fields: [("email", t("a@x.cn"))], alias: "u"), id: "u").committed)
        let r = s.run(.create(entity: "Lead", fields: [("name", t("张")), ("owner", t("u"))], alias: "l"), id: "l")
        XCTAssertTrue(r.committed, r.failure?.text ?? "")
        XCTAssertEqual(r.messages.map(\.channel), ["task"])
        XCTAssertEqual(r.messages.first?.recipient, "a@x.cn")
        XCTAssertEqual(r.messages.first?.payload.first?.value, .text("call 张"))
    }

    func testPriorityAndAnyHitPolicies() throws {
        let model = """
        enum 等级 { 金卡, 银卡, 普通 }
        entity Lead {
          amount: int = 0
          vip: bool = false
          level: 等级?
          band: int?
        }
        table 优先 hit priority {
          input amount: int, vip: bool
          output level: 等级
          _, _ => 普通
          >= 100, _ => 银卡
          _, true => 金卡
        }
        table 任一 hit any {
          input amount: int
          output band: int
          0..10 => 1
          <= 10 => 1
          > 10 => 2
          7 => 3
        }
        rule p on Lead created do {
          assign level by table 优先
          assign band by table 任一
        }
        """
        // The checker reports the disagreeing rows (E0706); the run-time guard is tested too.
        let s = try XCTUnwrap(Scenario(model, allowing: ["E0706"]))
        XCTAssertTrue(s.run(.create(entity: "Lead", fields: [("amount", n("150"))], alias: "a"), id: "a").committed)
        XCTAssertEqual(s.field("a", "level"), "银卡")   // 普通 and 银卡 match: the earlier member wins
        XCTAssertEqual(s.field("a", "band"), "2")
        XCTAssertTrue(s.run(.create(entity: "Lead", fields: [("amount", n("5")), ("vip", .bool(true))], alias: "b"), id: "b").committed)
        XCTAssertEqual(s.field("b", "level"), "金卡")
        XCTAssertEqual(s.field("b", "band"), "1")       // two rows agree
        let r = s.run(.create(entity: "Lead", fields: [("amount", n("7"))], alias: "c"), id: "c")
        XCTAssertFalse(r.committed)
        XCTAssertTrue(r.failure?.message.contains("matching rows 1, 2, 4 disagree") ?? false, r.failure?.text ?? "")
    }
}
