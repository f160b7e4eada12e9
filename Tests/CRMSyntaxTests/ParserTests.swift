// Parser behaviour: each grammar area, and error recovery without cascades.
import XCTest
import CRMBase
@testable import CRMSyntax

final class ParserTests: XCTestCase {
    func testEntityWithFieldsAndLifecycle() {
        let s = parseText("""
        entity Lead "线索" {
          name: text required
          email: email? unique
          score: int = 0
          owner: ref User?
          tags: set<text>
          lifecycle status { stages 未联系, 已联系, 已转化 terminal; 未联系 -> 已联系 -> 已转化; any -> 未联系 }
          validate score >= 0 else "分数不能为负"
        }
        """)
        XCTAssertEqual(diagnosticLines(s), [])
        guard case .entity(let e) = s.decls.first?.kind else { return XCTFail("not an entity") }
        XCTAssertEqual(e.header.name.text, "Lead")
        XCTAssertEqual(e.members.count, 7)
        guard case .field(let email) = e.members[1].kind else { return XCTFail() }
        XCTAssertTrue(email.type.optional)
        XCTAssertEqual(email.options, [.unique])
    }

    func testRuleWithEveryTriggerKind() {
        let s = parseText("""
        rule a on Lead created do tag "x"
        rule b on Lead.status changed from 未联系 to 已联系 do tag "y"
        rule c on Opportunity enters 赢单 do { move to 已归档; tag "z" }
        rule d on Lead inactive for 3 days without FollowUp do assign owner to pool 公海池
        rule e at Lead.created_at + 7 days where status == 未联系 do tag "长期培育"
        rule f at Customer.birthday - 1 day yearly do notify sms to phone template birthday
        rule g every day at 09:00 for Ticket where overdue do add 1 to escalations
        rule h on Contract approved 合同审批 do start approval 合同审批
        """)
        XCTAssertEqual(diagnosticLines(s), [])
        XCTAssertEqual(s.decls.count, 8)
    }

    func testMissingColonIsOneError() {
        let s = parseText("""
        entity Lead {
          name text required
          email: email
        }
        """)
        XCTAssertEqual(diagnosticLines(s), ["2:8 E0201"])
    }

    func testMissingClosingBraceDoesNotCascade() {
        let s = parseText("""
        entity Lead {
          name: text
          email: email

        rule a on Lead created do tag "x"
        rule b on Lead created do tag "y"
        """)
        XCTAssertEqual(diagnosticLines(s), ["3:15 E0207"])
        XCTAssertEqual(s.decls.count, 3)
    }

    func testGarbageAtTopLevelResyncsAtNextDeclaration() {
        let s = parseText("""
        Lead { name: text }
        entity A { x: int }
        what is this
        entity B { y: int }
        """)
        XCTAssertEqual(diagnosticLines(s), ["1:1 E0202", "3:1 E0202"])
        XCTAssertEqual(s.decls.count, 2)
        XCTAssertNotNil(s.diagnostics.first?.help)
    }

    func testExpressionPrecedence() {
        let s = parseText("segment s of Lead where not a == 1 or b + 2 * 3 > 4 and c ?? 0 < 5")
        XCTAssertEqual(diagnosticLines(s), [])
        guard case .segment(let seg) = s.decls[0].kind, let c = seg.condition else { return XCTFail() }
        guard case .binary(.or, let l, let r) = c.kind else { return XCTFail("top is not or") }
        guard case .unary(.not, _) = l.kind else { return XCTFail("left is not not") }
        guard case .binary(.and, _, let rr) = r.kind, case .binary(.lt, let co, _) = rr.kind,
              case .binary(.coalesce, _, _) = co.kind else { return XCTFail("bad right side") }
    }

    func testChainedComparisonIsReported() {
        XCTAssertEqual(diagnosticLines(parseText("segment s of Lead where 0 < score < 100")), ["1:35 E0211"])
    }

    func testInterpolationParsesExpressions() {
        let s = parseText(#"template t for Lead { body "您好 {name}，您的积分 {score + 1}" }"#)
        XCTAssertEqual(diagnosticLines(s), [])
        guard case .template(let t) = s.decls[0].kind else { return XCTFail() }
        XCTAssertEqual(t.parts[0].value.parts.count, 4)
    }

    func testBadInterpolationIsLocated() {
        let s = parseText(#"template t for Lead { body "您好 {name +}" }"#)
        XCTAssertEqual(diagnosticLines(s), ["1:39 E0203"])
    }

    func testScoreLinesDoNotJoinAcrossNewlines() {
        let s = parseText("""
        score 评分 for Lead.score {
          +20 when source == 转介绍
          -5 when region == 其他
        }
        """)
        XCTAssertEqual(diagnosticLines(s), [])
        guard case .score(let sc) = s.decls[0].kind else { return XCTFail() }
        XCTAssertEqual(sc.items.count, 2)
        XCTAssertTrue(sc.items[1].negative)
    }

    func testDecisionTable() {
        let s = parseText("""
        table 路由 hit first {
          input region: 地域, amount: money(CNY)
          output team: text
          华东, >= 100000 CNY => "大客户组"
          华东, 0 CNY..100000 CNY => "华东组"
          _, _ => "公海池"
        }
        """)
        XCTAssertEqual(diagnosticLines(s), [])
        guard case .table(let t) = s.decls[0].kind else { return XCTFail() }
        XCTAssertEqual(t.inputs.count, 2)
        XCTAssertEqual(t.rows.count, 3)
        XCTAssertEqual(t.rows[2].cells, [.any, .any])
    }

    func testTestBlock() {
        let s = parseText("""
        test "web lead" {
          clock 2026-03-02T09:00
          given Lead l { name: "张三", source: 官网注册 }
          expect outbox has email to "z@example.com" template welcome
          advance 7 days
          expect l.tags has "长期培育"
          expect created Order { amount: 100 CNY }
          expect rejected "必须填写金额" { move l to 已转化 }
        }
        """)
        XCTAssertEqual(diagnosticLines(s), [])
        guard case .test(let t) = s.decls[0].kind else { return XCTFail() }
        XCTAssertEqual(t.steps.count, 7)
    }

    func testDecisionSteps() {
        let s = parseText("""
        test "审批" {
          approve k as 销售经理 comment "同意"
          reject k for 合同审批 as 法务
          expect rejected { approve k as 财务 }
        }
        """)
        XCTAssertEqual(diagnosticLines(s), [])
        guard case .test(let t) = s.decls[0].kind, t.steps.count == 3 else { return XCTFail() }
        guard case .decide(let a) = t.steps[0].kind, case .decide(let r) = t.steps[1].kind else { return XCTFail() }
        XCTAssertEqual([a.approve, r.approve], [true, false])
        XCTAssertEqual([a.record.text, a.role.text, r.role.text], ["k", "销售经理", "法务"])
        XCTAssertNil(a.approval)
        XCTAssertEqual(r.approval?.text, "合同审批")
        XCTAssertEqual(a.comment?.plainValue, "同意")
        XCTAssertNil(r.comment)
        let dump = ASTDump.dump(s.decls)
        XCTAssertTrue(dump.contains("(approve k nil 销售经理 (str \"同意\"))"), dump)
        XCTAssertTrue(dump.contains("(reject k 合同审批 法务 nil)"), dump)
        // `as` and the role are required; the words stay usable as names elsewhere.
        XCTAssertEqual(diagnosticLines(parseText("test \"t\" { approve k 销售经理 }")).map { $0.split(separator: " ")[1] }.first, "E0201")
        XCTAssertEqual(diagnosticLines(parseText("entity E { as: int\n comment: text\n reject: bool }")), [])
    }

    func testDeepNestingIsADiagnosticNotACrash() {
        let text = "segment s of Lead where " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let s = parseText(text)
        XCTAssertTrue(diagnosticLines(s).contains { $0.hasSuffix("E0206") })
        let braces = "entity A { x: int }\n" + String(repeating: "{", count: 10_000) + String(repeating: "}", count: 10_000)
        XCTAssertFalse(parseText(braces).diagnostics.isEmpty)
        let ifs = "rule r on A created do " + String(repeating: "if x { ", count: 5_000) + String(repeating: "} ", count: 5_000)
        XCTAssertTrue(diagnosticLines(parseText(ifs)).contains { $0.hasSuffix("E0206") })
    }

    func testEmptyFileHasNoDeclarationsAndNoErrors() {
        let s = parseText("")
        XCTAssertTrue(s.decls.isEmpty)
        XCTAssertTrue(s.diagnostics.isEmpty)
    }

    func testDocCommentAttachesToNextDeclaration() {
        let s = parseText("## 线索\n## 第二行\nentity Lead { x: int }\n# plain\nentity B { y: int }")
        XCTAssertEqual(s.decls[0].doc, "线索\n第二行")
        XCTAssertNil(s.decls[1].doc)
    }

    func testFieldNamedLikeKeywords() {
        let s = parseText("entity E {\n  rule: text\n  test: int\n  status: text\n  score: int\n}")
        XCTAssertEqual(diagnosticLines(s), [])
    }
}
