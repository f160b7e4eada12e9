// PreparedCreationTests: a creation prepared once (`prepareCreation`) and made many
// times with other values (`createPrepared`) leaves exactly what `createAudited(base:
// overrides:…)` and the separate calls leave — records, audit entries and runs —
// whatever the overrides (texts, nulls, the same slot twice; never a slot a write sets),
// actors and times, between other entries; a rollback undoes it; and it is refused
// where it could differ (another store's preparation, change capture, a unique slot,
// a before value that needs the pool).
@testable import CRMStore
import XCTest

final class PreparedCreationTests: XCTestCase {
    let deal: EntityID = 0
    /// title, stage (enum), score, tags (set), note
    let schema = EntitySchema(name: "Deal", slotNames: ["title", "stage", "score", "tags", "note"])
    let time: Int64 = 1_772_409_600_000_000

    func store(capturesChanges: Bool = false) throws -> MemoryStore {
        let s = MemoryStore(capturesChanges: capturesChanges)
        try s.declareEntity(deal, schema)
        return s
    }

    /// What a memoized outcome hands over: stage 0 → 1, score null → 40, tags [] → [vip].
    let writes = [StoredWrite(slot: 1, before: .enumMember(0), value: .enumMember(1), cause: .rule(1)),
                  StoredWrite(slot: 2, before: .null, value: .int(40), cause: .rule(2)),
                  StoredWrite(slot: 3, before: .list([]), value: .list([.text("vip")]), cause: .rule(3))]
    var base: [StoredValue] { [.null, .enumMember(1), .int(40), .list([.text("vip")]), .null] }

    func overrides(_ i: Int) -> [SlotValue] {
        switch i % 5 {
        case 0: [SlotValue(slot: 0, value: .text("deal \(i) with a long title"))]
        case 1: [SlotValue(slot: 0, value: .text("d\(i)")), SlotValue(slot: 4, value: .text("note"))]
        case 2: [SlotValue(slot: 4, value: .null), SlotValue(slot: 0, value: .text("x")), SlotValue(slot: 0, value: .text("y"))]
        case 3: [SlotValue(slot: 4, value: .int(7))]
        default: []
        }
    }

    enum Way { case prepared, base, stepwise }

    func make(_ s: MemoryStore, _ way: Way, _ i: Int, _ p: PreparedCreation?) throws -> RecordID {
        let actor = i % 3 == 0 ? "张三" : "system", at = time + Int64(i / 2) * 1_000_000
        switch way {
        case .prepared:
            return try XCTUnwrap(try s.createPrepared(XCTUnwrap(p), overrides: overrides(i), time: at, actor: actor))
        case .base:
            return try s.createAudited(deal, base: base, overrides: overrides(i), writes: writes, time: at, actor: actor, cause: .user)
        case .stepwise:
            let final = try MemoryStore.assembled(deal, base, overrides(i))
            return try s.createAuditedStepwise(deal, initial: MemoryStore.undoing(writes, from: final), writes: writes,
                                               time: at, actor: actor, cause: .user)
        }
    }

    func testPreparedEqualsTheOtherWays() throws {
        var states: [StoreState] = []
        for way in [Way.prepared, .base, .stepwise] {
            let s = try store()
            let p = s.prepareCreation(deal, base: base, writes: writes, cause: .user)
            XCTAssertNotNil(p)
            for i in 0 ..< 40 {
                try s.begin()
                let id = try make(s, way, i, p)
                if i % 4 == 1 {
                    // Another entry about the record in the same command: the same run.
                    try s.update(id, slot: 4, to: .text("later"))
                    try s.appendAudit(AuditEntry(time: time + Int64(i / 2) * 1_000_000, actor: "system", cause: .rule(9), record: id,
                                                 change: .field(slot: 4, before: .null, after: .text("later"))))
                }
                if i % 7 == 6 { try s.rollback() } else { try s.commit() }
            }
            // A savepoint taken before a prepared creation: rolling back to it undoes it.
            try s.begin()
            let sp = try s.savepoint()
            _ = try make(s, way, 41, p)
            try s.rollback(to: sp)
            _ = try make(s, way, 42, p)
            try s.commit()
            states.append(StoreState(s))
        }
        // Compared part by part: a whole StoreState that differs prints pages.
        for other in states.dropFirst() {
            XCTAssertEqual(states[0].records, other.records)
            XCTAssertEqual(states[0].audit.count, other.audit.count)
            for (a, b) in zip(states[0].audit, other.audit) { XCTAssertEqual(a, b) }
            XCTAssertEqual(states[0], other)
        }
        XCTAssertGreaterThan(states[0].audit.count, 150)
    }

    func testRefusedWhereItCouldDiffer() throws {
        let a = try store(), b = try store()
        let p = try XCTUnwrap(a.prepareCreation(deal, base: base, writes: writes, cause: .user))
        try b.begin()
        XCTAssertNil(try b.createPrepared(p, overrides: [], time: time, actor: "x"), "another store's preparation")
        try b.rollback()
        let capturing = try store(capturesChanges: true)
        let q = try XCTUnwrap(capturing.prepareCreation(deal, base: base, writes: writes, cause: .user))
        try capturing.begin()
        XCTAssertNil(try capturing.createPrepared(q, overrides: [], time: time, actor: "x"), "change capture lists each call")
        XCTAssertNil(try capturing.createPrepared(q, overrides: [SlotValue(slot: 9, value: .null)], time: time, actor: "x"))
        try capturing.rollback()
        // A before value that needs the pool (a text) is not prepared.
        let texts = [StoredWrite(slot: 0, before: .text("old"), value: .text("new"), cause: .rule(1))]
        XCTAssertNil(a.prepareCreation(deal, base: [.text("new"), .null, .null, .list([]), .null], writes: texts, cause: .user))
        // Nor an entity with a unique slot, nor a row of the wrong width.
        let u = MemoryStore(capturesChanges: false)
        try u.declareEntity(deal, EntitySchema(name: "Deal", slotNames: ["title", "stage", "score", "tags", "note"], uniqueSlots: [0]))
        XCTAssertNil(u.prepareCreation(deal, base: base, writes: writes, cause: .user))
        XCTAssertNil(a.prepareCreation(deal, base: [.null], writes: [], cause: .user))
    }
}
