// ReplGoldenTests pin piped REPL sessions as transcripts (each entry echoed after the
// prompt, then its output and diagnostics in order): Tests/GoldenTests/repl/NAME.repl is
// the input, NAME.txt the transcript (`CRM_UPDATE_GOLDEN=1` rewrites it). Also: reload
// after editing the model (kept data, dropped changes named, broken model refused),
// undo being exact (the store after undo equals the store never given the change),
// completion from the model, and the built binary reading a pipe.
import XCTest
import Foundation
import CRMTools

final class ReplGoldenTests: XCTestCase {
    /// Runs `lines` through a session and returns the transcript and exit status.
    func transcript(_ session: ReplSession, _ lines: [String]) -> (String, Int32) {
        var rest = lines[...]
        var text = ""
        let status = ReplDriver.runLines(session, next: { rest.popFirst() }, write: { text += $0.text }, echo: true)
        return (text, status)
    }

    func session(_ model: String = packageRoot + "/Playground", now: String = "2026-03-02T09:00") throws -> ReplSession {
        do { return try ReplSession(options: ReplOptions(paths: [model], now: now)) } catch {
            XCTFail(error.message)
            throw error
        }
    }

    func script(_ name: String) throws -> [String] {
        let text = try String(contentsOfFile: packageRoot + "/Tests/GoldenTests/repl/\(name).repl", encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func testPlaygroundSession() throws {
        let (text, status) = transcript(try session(), try script("playground_session"))
        XCTAssertEqual(status, 0, text)
        XCTAssertFalse(text.contains("never read"), "`:quit` must end the session")
        // The behaviour the transcript shows, asserted on its own too.
        XCTAssertTrue(text.contains("fired lead_welcome on Lead#1 created"), text)
        XCTAssertTrue(text.contains("fired hot_lead on Lead#2 updated score"), text)
        XCTAssertTrue(text.contains("timer #"), text)
        assertGolden(text, "Tests/GoldenTests/repl/playground_session.txt")
    }

    func testErrorsAreDiagnosticsAndTheSessionGoesOn() throws {
        let (text, status) = transcript(try session(), try script("errors"))
        XCTAssertEqual(status, 1, "a piped session with a failed entry exits 1")
        XCTAssertTrue(text.contains("error[E0305]: unknown entity `Leed`"), text)
        XCTAssertTrue(text.contains("did you mean `Lead`?"), text)
        XCTAssertTrue(text.contains("--> <repl>:1:"), text)
        assertGolden(text, "Tests/GoldenTests/repl/errors.txt")
    }

    /// Undo rebuilds without the last change; the result equals never having made it.
    func testUndoIsExact() throws {
        let a = try session(), b = try session()
        let common = ["create Lead l1 { name: \"李雷\", phone: \"1\", email: \"l@x.cn\", source: 官网注册 }",
                      "update l1 { score: 10 }"]
        _ = transcript(a, common + ["advance 8 days", "move l1 to 无效", "undo", "undo"])
        _ = transcript(b, common)
        let (x, _) = transcript(a, ["list Lead", "outbox", "timers", "audit", "clock"])
        let (y, _) = transcript(b, ["list Lead", "outbox", "timers", "audit", "clock"])
        XCTAssertEqual(x, y)
        XCTAssertTrue(x.contains("nurture"), "the nurture timer is pending again after undoing the advance")
    }

    /// Reload keeps the data when the change is compatible, names what it dropped
    /// otherwise, and refuses a broken model (keeping the old one).
    func testReloadAfterEditingTheModel() throws {
        let dir = NSTemporaryDirectory() + "crm-repl-\(UUID().uuidString)/Playground"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let original = try String(contentsOfFile: packageRoot + "/Playground/model.crm", encoding: .utf8)
        let file = dir + "/model.crm"
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        let s = try session(dir)
        var (text, _) = transcript(s, [
            "create Lead l1 { name: \"李雷\", phone: \"13800000001\", source: 官网注册 }",
            "create Lead l2 { name: \"韩梅梅\", phone: \"13800000002\", source: 转介绍 }",
            "move l2 to 已联系",
            "update l2 { score: 85 }",
        ])
        // 1. A broken model is refused; the session keeps its data.
        try (original + "\nentity Broken { name text }\n").write(toFile: file, atomically: true, encoding: .utf8)
        text += transcript(s, ["reload", "list"]).0
        // 2. A compatible edit: the referral bonus becomes 50 points; replay recomputes.
        try original.replacingOccurrences(of: "add 30 to score", with: "add 50 to score")
            .write(toFile: file, atomically: true, encoding: .utf8)
        text += transcript(s, ["reload", "audit l2"]).0
        // 3. An incompatible edit: `score` is gone, so the update that set it is dropped
        //    (and so are rules reading it — the edited model no longer has them).
        let noScore = original
            .replacingOccurrences(of: "  score: int \"评分\" = 0\n", with: "")
            .replacingOccurrences(of: "\n## 转介绍的线索质量高，直接加 30 分\nrule referral_bonus \"转介绍加分\"\n  on Lead created\n  where source == 转介绍\n  do {\n    add 30 to score\n  }\n", with: "\n")
            .replacingOccurrences(of: "\n## 已联系的线索评分到 80 分，升级为高意向\nrule hot_lead \"高分线索升级\"\n  on Lead.score changed\n  where score >= 80 and status == 已联系\n  do {\n    move to 高意向\n  }\n", with: "\n")
        let tests = noScore.range(of: "\ntest ").map { String(noScore[..<$0.lowerBound]) + "\n" } ?? noScore
        try tests.write(toFile: file, atomically: true, encoding: .utf8)
        text += transcript(s, ["reload", "list Lead", "undo"]).0
        text = text.replacingOccurrences(of: (dir as NSString).deletingLastPathComponent, with: "<tmp>")
        XCTAssertTrue(text.contains("kept the previous model"), text)
        XCTAssertTrue(text.contains("dropped [4] update l2 { score: 85 }"), text)
        XCTAssertTrue(text.contains("referral_bonus  Lead#2  score: 0 → 50"), "replay ran the edited rule")
        assertGolden(text, "Tests/GoldenTests/repl/reload.txt")
    }

    func testCompletionFromTheModel() throws {
        let s = try session()
        _ = transcript(s, ["create Lead l1 { name: \"李雷\", phone: \"1\", source: 官网注册 }"])
        func complete(_ text: String) -> [String] { s.complete(text, cursor: text.count).candidates }
        XCTAssertEqual(complete("cr"), ["create"])
        XCTAssertEqual(complete("create Le"), ["Lead"])
        XCTAssertEqual(complete("create Lead { na"), ["name"])
        XCTAssertEqual(complete("create Lead { source: 官"), ["官网注册"])
        XCTAssertEqual(complete("move l1 to 已"), ["已联系", "已转化"])
        XCTAssertEqual(complete("why nu"), ["nurture"])
        XCTAssertEqual(complete("show Lead#"), ["Lead#1"])
        XCTAssertEqual(complete("show l"), ["l1"])
        XCTAssertEqual(complete(":q"), [":quit", ":q"])
        XCTAssertEqual(complete("help un"), ["undo"])
    }

    /// The built binary, piped: output on stdout, diagnostics on stderr, exit 1 when an
    /// entry failed.
    func testBinaryReadsAPipe() throws {
        guard let binary = CLIHarness.binary else { throw XCTSkip("crm binary not built") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["repl", packageRoot + "/Playground", "--now", "2026-03-02T09:00"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("create Lead l1 {\n name: \"李雷\", phone: \"1\", source: 转介绍 }\nl1.score\nshow l9\n".utf8))
        try input.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertTrue(out.contains("[1] created Lead#1 (l1)"), out)
        XCTAssertTrue(out.contains("30 : int"), out)
        XCTAssertTrue(err.contains("no record `l9`"), err)
        XCTAssertFalse(out.contains("crm>"), "no prompt when piped")
    }

    /// The heads of commands: which command, and where its parts are.
    func testCommandShapes() throws {
        func parse(_ text: String) throws -> ReplStatement { try ReplCommandParser.parse(text) }
        XCTAssertEqual(try parse("  "), .empty)
        XCTAssertEqual(try parse("# only a comment"), .empty)
        XCTAssertEqual(try parse("move Lead#12 to 已联系"),
                       .move(record: ReplWord(text: "Lead#12", range: 5..<12), stage: ReplWord(text: "已联系", range: 16..<25)))
        XCTAssertEqual(try parse("create Lead"), .create(entity: ReplWord(text: "Lead", range: 7..<11), alias: nil, body: nil))
        XCTAssertEqual(try parse("list Lead where score > 5"), .list(entity: ReplWord(text: "Lead", range: 5..<9), filter: 16..<25))
        XCTAssertEqual(try parse("advance 7 days "), .advance(8..<14))
        XCTAssertEqual(try parse("list + 1"), .expression(0..<8), "a command word followed by an operator is an expression")
        XCTAssertEqual(try parse(":q"), .quit)
        XCTAssertThrowsError(try parse("show l1 l2")) { error in
            XCTAssertEqual((error as? ReplSyntaxError)?.range, 8..<10)
        }
        XCTAssertThrowsError(try parse("update l1 score: 1"))
    }

    /// Token soup, fixed seed: every entry gets a reply (output or diagnostics), none
    /// traps, and the session still works afterwards.
    func testArbitraryEntriesNeverStopTheSession() throws {
        let s = try session()
        let pieces = ["create", "update", "move", "why", "list", "show", "advance", "clock", "undo", "reload", "help",
                      "Lead", "User", "l1", "Lead#1", "Lead#99", "#", "{", "}", "[", "]", "(", ")", ":", ",", "\"", "李雷",
                      "官网注册", "name", "score", "where", "to", "7 days", "2026-03-02T09:00", "1 / 0", "-", "==", "??",
                      "null", "\u{0}", "\n", "👍🏽", "#|", "|#", "9223372036854775807 + 1", "already"]
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        _ = s.handle("create Lead l1 { name: \"李雷\", phone: \"1\", source: 官网注册 }")
        for _ in 0..<400 {
            let entry = (0..<(1 + next() % 8)).map { _ in pieces[next() % pieces.count] }.joined(separator: " ")
            let reply = s.handle(entry)
            // Every entry that is not blank gets an answer: a result or a diagnostic.
            if (try? ReplCommandParser.parse(entry)) != .empty {
                XCTAssertFalse(reply.chunks.isEmpty, "no reply to `\(entry)`")
            }
        }
        XCTAssertEqual(s.handle("1 + 2").text, "3 : int\n")
    }

    /// Approvals from the prompt: `approve`/`reject … as ROLE`, 会签 waiting for every
    /// role, the wrong role refused with nothing applied, a rejection sending the record
    /// back, undo of a decision.
    func testApprovals() throws {
        let dir = NSTemporaryDirectory() + "crm-repl-\(UUID().uuidString)/Contracts"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        try """
        role 销售经理 { allow read Contract }
        role 财务 { allow read Contract }
        role 法务 { allow read Contract }
        entity User { name: text required  email: email required unique }
        entity Contract {
          title: text required
          owner: ref User?
          amount: money(CNY) required
          lifecycle status {
            stages 草稿, 审批中, 已审批 terminal
            草稿 -> 审批中 -> 已审批
            审批中 -> 草稿
          }
        }
        approval 合同审批 for Contract {
          when amount >= 50000 CNY
          step 经理 by 销售经理
          step 会签 by all 财务, 法务
          on approved { move to 已审批 }
          on rejected { move to 草稿 }
        }
        rule submit on Contract enters 审批中 do { start approval 合同审批 }

        """.write(toFile: dir + "/model.crm", atomically: true, encoding: .utf8)
        let (text, _) = transcript(try session(dir), [
            "create User u1 { name: \"王五\", email: \"w@x.cn\" }",
            "create Contract c1 { title: \"年度框架\", owner: u1, amount: 80000 CNY }",
            "move c1 to 审批中",
            "approve c1 as 财务",
            "approve c1 as 销售经理 comment \"价格在授权范围内\"",
            "approve c1 as 财务",
            "reject c1 as 法务 approval 合同审批 comment \"条款需修改\"",
            "list Contract",
            "undo",
            "approve c1 as 老板",
            "approve c1 as 法务 approval 合同审核",
            "approve c1 as 法务 comment 42",
            "approve c1 as 法务",
            "list Contract",
        ])
        XCTAssertTrue(text.contains("role 财务 cannot decide step 经理"), text)
        XCTAssertTrue(text.contains("did you mean `合同审批`?"), text)
        assertGolden(text, "Tests/GoldenTests/repl/approvals.txt")
    }

    /// `--store DIR`: the data outlives the session; `undo` is refused (a durable
    /// store's commits stay); `reload` reopens the store with the model.
    func testDurableStore() throws {
        let dir = NSTemporaryDirectory() + "crm-repl-store-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let options = ReplOptions(paths: [packageRoot + "/Playground"], now: "2026-03-02T09:00",
                                  store: ReplStoreOptions(directory: dir, sync: .none))
        let first = try ReplSession(options: options)
        let (created, _) = transcript(first, ["create Lead l1 { name: \"李雷\", phone: \"1\", source: 转介绍 }", "undo"])
        XCTAssertTrue(created.contains("[1] created Lead#1 (l1)"), created)
        XCTAssertTrue(created.contains("`undo` is not available with `--store`"), created)
        first.close()
        let second = try ReplSession(options: options)
        defer { second.close() }
        let (text, status) = transcript(second, ["Lead#1.score", "reload", "list"])
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("30 : int"), "the record and its rule's effect were kept on disk: \(text)")
        XCTAssertTrue(text.contains("reloaded Playground"), text)
        XCTAssertTrue(text.contains("Lead    1"), text)
    }
}
