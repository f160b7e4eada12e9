// The durable store through the tools: `crm run --store` keeps data across runs, model
// changes (compatible ones migrate by name, incompatible ones are refused with record
// counts and nothing written), `crm store verify|repair|stats|compact|export|import`,
// and the writer lock held by another process.
import CRMRuntime
import CRMStore
import CRMTools
import Foundation
import XCTest

final class StoreCLITests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "crm-store-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    static let base = """
    enum Source { web, shop, fair }
    entity Lead {
      name: text required
      source: Source required
      score: int = 0
      tags: set<text>
      lifecycle status { stages new, contacted, won terminal
        new -> contacted -> won }
    }
    rule web_bonus on Lead created where source == web do { tag "web" }
    rule nurture at Lead.created_at + 7 days where status == new do { tag "nurture" }
    """

    /// `base` with `created_at`, which the timer rule needs.
    static func model(_ text: String = base) -> String {
        text.replacingOccurrences(of: "  score: int = 0\n", with: "  score: int = 0\n  created_at: datetime readonly = now()\n")
    }

    static let events = """
    {"id":"a","at":"2026-03-02T09:00","create":"Lead","as":"a","fields":{"name":"A","source":"web"}}
    {"id":"b","at":"2026-03-02T09:00","create":"Lead","as":"b","fields":{"name":"B","source":"shop"}}
    {"id":"c","at":"2026-03-02T09:00","create":"Lead","as":"c","fields":{"name":"C","source":"fair"}}
    {"id":"d","at":"2026-03-02T09:00","move":"b","to":"contacted"}
    {"id":"e","at":"2026-03-02T09:00","update":"c","fields":{"score":7}}
    """

    func program(_ text: String) throws -> IRProgram {
        let dir = root + "/model-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/m.crm", atomically: true, encoding: .utf8)
        let (p, check) = RunDriver.lower(paths: [dir])
        return try XCTUnwrap(p, check.diagnostics.map(\.message).joined(separator: "\n"))
    }

    /// Runs the sample events on a store in `dir` with `model`.
    func populate(_ dir: String, _ model: String = model()) throws {
        let p = try program(model)
        let store = try StoreOpener.open(directory: dir, sync: .none, program: p)
        let report = RunDriver.run(p, events: Self.events, options: RunOptions(now: "2026-03-02T09:00"), store: store)
        XCTAssertEqual(report.exitStatus, 0, report.errors)
        try store.close()
    }

    func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir) where f != "LOCK" {
            out[f] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))
        }
        return out
    }

    /// The name of the member a record holds in a field, read through the manifest.
    func member(_ store: FileStore, _ number: UInt32, _ field: String) -> String? {
        guard let e = store.manifest.entity(named: "Lead"), let slot = e.fields.firstIndex(where: { $0.name == field }),
              case .enumMember(let o)? = store.value(RecordID(entity: e.id, number: number), slot: slot),
              o >= 0, Int(o) < e.fields[slot].members.count else { return nil }
        return e.fields[slot].members[Int(o)]
    }

    func testRunStoreKeepsDataAcrossRuns() throws {
        let crm = try XCTUnwrap(CLIHarness.binary)
        let dir = root + "/data"
        try Self.model().write(toFile: root + "/m.crm", atomically: true, encoding: .utf8)
        try Self.events.write(toFile: root + "/ev.jsonl", atomically: true, encoding: .utf8)
        // The second run's aliases are new, so its events create three more leads.
        let second = Self.events.replacingOccurrences(of: "\"as\":\"", with: "\"as\":\"x").replacingOccurrences(of: "\"move\":\"b\"", with: "\"move\":\"xb\"")
            .replacingOccurrences(of: "\"update\":\"c\"", with: "\"update\":\"xc\"").replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"x")
        try second.write(toFile: root + "/ev2.jsonl", atomically: true, encoding: .utf8)
        let a = try run(crm, ["run", root + "/m.crm", "--events", root + "/ev.jsonl", "--store", dir, "--now", "2026-03-02T09:00"])
        XCTAssertEqual(a.status, 0, a.err)
        XCTAssertTrue(a.out.contains("Lead: 3 (status: new 2, contacted 1)"), a.out)
        let b = try run(crm, ["run", root + "/m.crm", "--events", root + "/ev2.jsonl", "--store", dir, "--sync", "batch", "--now", "2026-03-02T09:00"])
        XCTAssertEqual(b.status, 0, b.err)
        XCTAssertTrue(b.out.contains("Lead: 6 (status: new 4, contacted 2)"), b.out)
        // Names given in earlier runs are stored data: a third run can use them, and
        // cannot give them again.
        let third = """
        {"id":"y1","move":"c","to":"contacted"}
        {"id":"y2","create":"Lead","as":"a","fields":{"name":"A2","source":"web"}}
        """
        try third.write(toFile: root + "/ev3.jsonl", atomically: true, encoding: .utf8)
        let c = try run(crm, ["run", root + "/m.crm", "--events", root + "/ev3.jsonl", "--store", dir, "--on-error", "skip", "--now", "2026-03-02T09:00"])
        XCTAssertEqual(c.status, 1, "the reused alias is rejected")
        XCTAssertTrue(c.out.contains("Lead: 6 (status: new 3, contacted 3)"), c.out)
        XCTAssertTrue(c.err.contains("the alias `a` is already taken"), c.err)
        let v = try run(crm, ["store", "verify", dir])
        XCTAssertEqual(v.status, 0, v.err)
        XCTAssertTrue(v.out.hasPrefix("ok: \(dir): generation 1, 11 transactions"), v.out)
        let s = try run(crm, ["store", "stats", dir])
        XCTAssertTrue(s.out.contains("Lead: 6 live, 0 deleted"), s.out)
        let bad = try run(crm, ["run", root + "/m.crm", "--events", root + "/ev.jsonl", "--sync", "batch"])
        XCTAssertEqual(bad.status, 2, "--sync without --store is a usage error")
    }

    func testCompatibleModelChangesMigrateByName() throws {
        let dir = root + "/data"
        try populate(dir)
        // New optional field, new field with a default, a stage and an enum member
        // inserted before existing ones, a new rule ahead of the timer's rule.
        let changed = Self.model()
            .replacingOccurrences(of: "enum Source { web, shop, fair }", with: "enum Source { phone, web, shop, fair }")
            .replacingOccurrences(of: "stages new, contacted, won terminal\n    new -> contacted -> won", with: "stages new, qualified, contacted, won terminal\n    new -> qualified -> contacted -> won")
            .replacingOccurrences(of: "  tags: set<text>\n", with: "  tags: set<text>\n  phone: text?\n  priority: int = 3\n")
            .replacingOccurrences(of: "rule web_bonus", with: "rule shop_tag on Lead created where source == shop do { tag \"shop\" }\nrule web_bonus")
        let p = try program(changed)
        let store = try StoreOpener.open(directory: dir, program: p)
        let notes = store.notices.joined(separator: "\n")
        for expected in ["Lead.phone added (existing records get null)", "Lead.priority added (existing records get 3)",
                         "Lead.status: stages added: qualified", "Lead.source: members added: phone", "rules added: shop_tag"] {
            XCTAssertTrue(notes.contains(expected), "missing note \(expected) in:\n\(notes)")
        }
        XCTAssertEqual(member(store, 1, "source"), "web")
        XCTAssertEqual(member(store, 2, "source"), "shop")
        XCTAssertEqual(member(store, 2, "status"), "contacted")
        XCTAssertEqual(member(store, 3, "status"), "new")
        let lead = try XCTUnwrap(store.manifest.entity(named: "Lead"))
        let priority = try XCTUnwrap(lead.fields.firstIndex { $0.name == "priority" })
        XCTAssertEqual(store.value(RecordID(entity: lead.id, number: 1), slot: priority), .int(3))
        // Timers follow their rule by name (nurture moved from index 1 to 2).
        let nurture = Int32(try XCTUnwrap(p.rules.first { $0.name == "nurture" }).index)
        XCTAssertEqual(Set(store.dueTimers(upTo: .max).map(\.rule)), [nurture])
        // The migrated store works with the new model and reopens without notes.
        let r = RunDriver.run(p, events: #"{"id":"z","at":"2026-03-02T10:00","create":"Lead","fields":{"name":"Z","source":"phone"}}"#,
                              options: RunOptions(now: "2026-03-02T10:00"), store: store)
        XCTAssertEqual(r.exitStatus, 0, r.errors)
        try store.close()
        let again = try StoreOpener.open(directory: dir, program: p, readOnly: true)
        XCTAssertEqual(again.notices, [])
        XCTAssertEqual(again.count(of: lead.id), 4)
    }

    func testIncompatibleModelChangesAreListedAndNothingIsWritten() throws {
        let dir = root + "/data"
        try populate(dir)
        let before = try files(dir)
        let cases: [(String, String)] = [
            (Self.model().replacingOccurrences(of: "  score: int = 0\n", with: ""), "Lead.score: field removed while records hold a value in it (3 records affected)"),
            (Self.model().replacingOccurrences(of: "  name: text required", with: "  name: int required"), "Lead.name: type changed from text to int while records hold a value in it (3 records affected)"),
            (Self.model().replacingOccurrences(of: "stages new, contacted, won terminal\n    new -> contacted -> won", with: "stages new, won terminal\n    new -> won"),
             "Lead.status: stage contacted removed while records are in it (1 record affected)"),
            (Self.model().replacingOccurrences(of: "enum Source { web, shop, fair }", with: "enum Source { web, fair }"), "Lead.source: enum member shop removed while used (1 record affected)"),
            (Self.model().replacingOccurrences(of: "  tags: set<text>\n", with: "  tags: set<text>\n  region: text required\n"), "Lead.region: new required field without a default (3 records affected)"),
        ]
        for (model, expected) in cases {
            let p = try program(model)
            XCTAssertThrowsError(try StoreOpener.open(directory: dir, program: p)) { error in
                guard case .incompatibleModel(let list)? = error as? FileStoreError else { return XCTFail("\(error)") }
                XCTAssertEqual(list.map(\.description), [expected])
                XCTAssertTrue("\(error)".contains("nothing was written"))
            }
            XCTAssertEqual(try files(dir), before, "nothing written for: \(expected)")
        }
        // Removing a member nobody uses is fine.
        let unused = try program(Self.model().replacingOccurrences(of: "enum Source { web, shop, fair }", with: "enum Source { web, shop }")
            .replacingOccurrences(of: "{\"name\":\"C\",\"source\":\"fair\"}", with: ""))
        XCTAssertThrowsError(try StoreOpener.open(directory: dir, program: unused), "C uses fair")
    }

    func testExportImportRoundTripIsIdentical() throws {
        let dir = root + "/data"
        try populate(dir)
        let exported = StoreDriver.export(dir)
        XCTAssertEqual(exported.exitStatus, 0, exported.errors)
        XCTAssertTrue(exported.output.hasPrefix("{\"crm_store_export\": 1, \"sequence\": 5"), exported.output)
        let imported = StoreDriver.importStore(root + "/copy", text: exported.output)
        XCTAssertEqual(imported.exitStatus, 0, imported.errors)
        XCTAssertEqual(StoreDriver.export(root + "/copy").output, exported.output, "export → import → export is an identity")
        let a = try FileStore.open(directory: dir, readOnly: true), b = try FileStore.open(directory: root + "/copy", readOnly: true)
        XCTAssertEqual(try a.snapshot(), try b.snapshot())
        XCTAssertEqual(a.manifest.fingerprint, b.manifest.fingerprint)
        // The copy runs with the model like the original.
        XCTAssertEqual(try StoreOpener.open(directory: root + "/copy", program: try program(Self.model()), readOnly: true).notices, [])
        // Importing onto an existing store, or garbage, is refused.
        XCTAssertEqual(StoreDriver.importStore(dir, text: exported.output).exitStatus, 1)
        let garbage = StoreDriver.importStore(root + "/g", text: exported.output.replacingOccurrences(of: "{\"create\"", with: "{\"crate\""))
        XCTAssertEqual(garbage.exitStatus, 1)
        XCTAssertTrue(garbage.errors.contains("line 2: unknown change"), garbage.errors)
    }

    func testVerifyReportsCorruptionAndRepairDropsOnlyWithConsent() throws {
        let dir = root + "/data"
        try populate(dir)
        let journal = dir + "/" + (try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix("journal-") }))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: journal)))
        let size = bytes.count
        bytes[size / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: journal))
        let v = StoreDriver.verify(dir)
        XCTAssertEqual(v.exitStatus, 1)
        XCTAssertTrue(v.errors.contains("\(journal): corrupt at byte"), v.errors)
        let plan = StoreDriver.repair(dir, yes: false)
        XCTAssertEqual(plan.exitStatus, 1)
        XCTAssertTrue(plan.output.hasPrefix("would truncate \(journal) at byte"), plan.output)
        XCTAssertTrue(plan.output.contains("run again with --yes"), plan.output)
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: journal))), bytes, "no change without consent")
        let done = StoreDriver.repair(dir, yes: true)
        XCTAssertEqual(done.exitStatus, 0, done.errors)
        let after = StoreDriver.verify(dir)
        XCTAssertEqual(after.exitStatus, 0, after.errors)
        let s = try FileStore.open(directory: dir, readOnly: true)
        XCTAssertLessThan(s.sequence, 5)
        XCTAssertTrue(done.output.contains("keeps transactions 1…\(s.sequence)"), done.output)
        XCTAssertEqual(StoreDriver.repair(dir, yes: false).output.hasPrefix("nothing to repair"), true)
        // Compact keeps the state and leaves one generation.
        let state = try s.snapshot()
        XCTAssertEqual(StoreDriver.compact(dir).exitStatus, 0)
        XCTAssertEqual(try FileStore.open(directory: dir, readOnly: true).snapshot(), state)
    }

    func testASecondWriterProcessIsRefusedWithTheHoldersPid() throws {
        let crm = try XCTUnwrap(CLIHarness.binary)
        try Self.model().write(toFile: root + "/m.crm", atomically: true, encoding: .utf8)
        let lines = StoreCrashTests.events(4000)
        try (lines.joined(separator: "\n") + "\n").write(toFile: root + "/ev.jsonl", atomically: true, encoding: .utf8)
        let dir = root + "/data"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: crm)
        p.arguments = ["run", root + "/m.crm", "--events", root + "/ev.jsonl", "--store", dir, "--sync", "always", "--now", "2026-03-02T09:00", "--acks"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) }; p.waitUntilExit() }
        // Wait for the first acknowledgement: the child holds the lock by then.
        _ = out.fileHandleForReading.availableData
        XCTAssertThrowsError(try FileStore.open(directory: dir)) { error in
            XCTAssertEqual(error as? FileStoreError, .locked(directory: dir, pid: p.processIdentifier))
        }
        // Readers may open meanwhile.
        XCTAssertNoThrow(try FileStore.open(directory: dir, readOnly: true))
    }

    func run(_ crm: String, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: crm)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
