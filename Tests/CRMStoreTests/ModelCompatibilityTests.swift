// ModelCompatibility on hand-made manifests: numbering changes (entities, slots,
// members, rules inserted before existing ones) are migrated by name, everywhere a
// number is stored (records, references, timers, audit); removals are judged by use.

@testable import CRMStore
import XCTest

final class ModelCompatibilityTests: FileStoreTestCase {
    static func lead(_ id: EntityID, fields: [ManifestField]) -> ManifestEntity {
        ManifestEntity(id: id, schema: EntitySchema(name: "Lead", slotNames: fields.map(\.name),
                                                    indexedSlots: fields.indices.filter { fields[$0].name == "owner" }), fields: fields)
    }

    static let old = ModelManifest(entities: [
        ManifestEntity(id: 0, schema: EntitySchema(name: "User", slotNames: ["name"]), fields: [ManifestField(name: "name", type: "text")]),
        lead(1, fields: [ManifestField(name: "name", type: "text"), ManifestField(name: "owner", type: "ref User"),
                         ManifestField(name: "status", type: "stage(Lead.status)", members: ["new", "won"])]),
    ], rules: ["a", "b"])

    /// A store with two users, three leads (one deleted), timers of both rules, audit.
    func populated() throws -> FileStore {
        let s = try FileStore.open(directory: dir(), sync: .none, manifest: Self.old)
        try s.transaction {
            let u1 = try s.create(0, slots: [.text("u1")])
            _ = try s.create(0, slots: [.text("u2")])
            let l1 = try s.create(1, slots: [.text("l1"), .ref(u1), .enumMember(1)])
            let l2 = try s.create(1, slots: [.text("l2"), .null, .enumMember(0)])
            _ = try s.create(1, slots: [.text("l3"), .null, .enumMember(0)])
            _ = try s.scheduleTimer(record: l1, rule: 0, fireAt: 10)
            _ = try s.scheduleTimer(record: l2, rule: 1, fireAt: 20)
            try s.appendAudit(AuditEntry(time: 1, actor: "x", cause: .rule(1), record: l1,
                                         change: .field(slot: 2, before: .enumMember(0), after: .enumMember(1))))
        }
        try s.transaction { try s.delete(RecordID(entity: 1, number: 3)) }
        return s
    }

    func testRenumberingIsMigratedByName() throws {
        let s = try populated()
        try s.close()
        // A new entity first (Lead 1 → 2, User 0 → 1), a new optional field and a new
        // stage before the old ones, a new rule first, rule `a` removed.
        let new = ModelManifest(entities: [
            ManifestEntity(id: 0, schema: EntitySchema(name: "Team", slotNames: ["name"])),
            ManifestEntity(id: 1, schema: EntitySchema(name: "User", slotNames: ["name"]), fields: [ManifestField(name: "name", type: "text")]),
            Self.lead(2, fields: [ManifestField(name: "note", type: "text", optional: true),
                                  ManifestField(name: "name", type: "text"),
                                  ManifestField(name: "status", type: "stage(Lead.status)", members: ["draft", "new", "won"]),
                                  ManifestField(name: "owner", type: "ref User")]),
        ], rules: ["z", "b"])
        let m = try FileStore.open(directory: dir(), manifest: new)
        let notes = m.notices.joined(separator: "\n")
        XCTAssertTrue(notes.contains("rule a removed; its 1 pending timers are cancelled"), notes)
        XCTAssertTrue(notes.contains("entity Team added"), notes)
        let l1 = RecordID(entity: 2, number: 1)
        XCTAssertEqual(m.read(l1), [.null, .text("l1"), .enumMember(2), .ref(RecordID(entity: 1, number: 1))])
        XCTAssertEqual(m.read(RecordID(entity: 2, number: 2)), [.null, .text("l2"), .enumMember(1), .null])
        XCTAssertFalse(m.exists(RecordID(entity: 2, number: 3)), "deleted stays deleted")
        XCTAssertEqual(m.count(of: 1), 2)
        XCTAssertEqual(try m.find(2, slot: 3, equals: .ref(RecordID(entity: 1, number: 1))), [l1], "the relation index follows the slot")
        // Timer 1 (rule a) is gone, timer 2 now names rule b by its new index.
        XCTAssertEqual(m.dueTimers(upTo: .max), [TimerEntry(id: 2, record: RecordID(entity: 2, number: 2), rule: 1, fireAt: 20)])
        XCTAssertEqual(m.auditEntries().first?.change, .field(slot: 2, before: .enumMember(1), after: .enumMember(2)))
        XCTAssertEqual(m.auditEntries().first?.record, l1)
        XCTAssertEqual(m.auditEntries().first?.cause, .rule(1))
        // Ids keep counting where they were.
        try m.transaction { XCTAssertEqual(try m.scheduleTimer(record: .none, rule: 0, fireAt: 1), 3) }
        try m.close()
        let again = try FileStore.open(directory: dir(), manifest: new)
        XCTAssertEqual(again.notices, [])
        XCTAssertEqual(again.read(l1)?.count, 4)
        try again.close()
    }

    func testRemovalsAreJudgedByUse() throws {
        let s = try populated()
        let old = Self.old
        // Stage `won` holds l1: refused. Entity User has records: refused.
        var noWon = old
        noWon.entities[1].fields[2].members = ["new"]
        let (bad, _) = ModelCompatibility.check(s, from: old, to: noWon)
        XCTAssertEqual(bad.map(\.description), ["Lead.status: stage won removed while records are in it (1 record affected)"])
        let noUsers = ModelManifest(entities: [old.entities[1]], rules: old.rules)
        XCTAssertEqual(ModelCompatibility.check(s, from: old, to: noUsers).incompatible.map(\.description),
                       ["User: entity removed while it has records (2 records affected)"])
        // `owner` holds a value in one live lead; `name` retyped in all three… two live.
        var retyped = old
        retyped.entities[1].fields[0].type = "int"
        XCTAssertEqual(ModelCompatibility.check(s, from: old, to: retyped).incompatible.map(\.description),
                       ["Lead.name: type changed from text to int while records hold a value in it (2 records affected)"])
        try s.close()
        let before = try files(dir()).map { try bytes(dir() + "/" + $0) }
        XCTAssertThrowsError(try FileStore.open(directory: dir(), manifest: noWon))
        XCTAssertEqual(try files(dir()).map { try bytes(dir() + "/" + $0) }, before, "nothing written")
    }
}
