// CreateAuditedTests: MemoryStore's one-step `createAudited` leaves exactly what the
// separate calls leave (records, indexes, audit entries, counters), in the same audit
// run as entries around it, and a rollback (whole, or to a savepoint taken before it)
// undoes it completely. Writes it cannot take in one step (an indexed slot) go the
// separate way and still give the same state.
@testable import CRMStore
import XCTest

final class CreateAuditedTests: XCTestCase {
    let time: Int64 = 1_772_409_600_000_000

    /// Title set at creation, then two rules' writes: score 0 → 40 → 60, title changed.
    func writes() -> [StoredWrite] {
        [StoredWrite(slot: 2, before: .int(0), value: .int(40), cause: .rule(3)),
         StoredWrite(slot: 2, before: .int(40), value: .int(60), cause: .rule(5)),
         StoredWrite(slot: 0, before: .text("a"), value: .text("香港 lead"), cause: .rule(5))]
    }

    func run(_ s: MemoryStore, oneStep: Bool, writes: [StoredWrite]) throws -> RecordID {
        let initial: [StoredValue] = [.text("a"), .null, .int(0)]
        var final = initial
        for w in writes { final[w.slot] = w.value }
        try s.begin()
        _ = try s.create(Fixture.customer, slots: [.text("c"), .text("c@x")])
        let id = oneStep
            ? try s.createAudited(Fixture.lead, final: final, writes: writes, time: time, actor: "张三", cause: .user)
            : try s.createAuditedStepwise(Fixture.lead, initial: initial, writes: writes, time: time, actor: "张三", cause: .user)
        try s.appendAudit(AuditEntry(time: time, actor: "张三", cause: .rule(1), record: id,
                                     change: .field(slot: 2, before: .int(60), after: .int(61))))
        try s.update(id, slot: 2, to: .int(61))
        try s.commit()
        return id
    }

    func testOneStepEqualsSeparateCalls() throws {
        let a = Fixture.store(capturesChanges: false), b = Fixture.store(capturesChanges: false)
        let ia = try run(a, oneStep: true, writes: writes()), ib = try run(b, oneStep: false, writes: writes())
        XCTAssertEqual(ia, ib)
        XCTAssertEqual(StoreState(a), StoreState(b))
        XCTAssertEqual(a.auditEntries().count, 1 + 2 + 3 + 1)   // lead + 2 initial fields; 3 writes; the later entry
        XCTAssertEqual(a.audit.runs.count, b.audit.runs.count, "one run per record, as the separate calls make")
    }

    func testIndexedSlotGoesTheSeparateWay() throws {
        let owner = [StoredWrite(slot: 1, before: .null, value: .ref(RecordID(entity: Fixture.customer, number: 1)), cause: .rule(2))]
        let a = Fixture.store(capturesChanges: false), b = Fixture.store(capturesChanges: false)
        _ = try run(a, oneStep: true, writes: owner)
        _ = try run(b, oneStep: false, writes: owner)
        XCTAssertEqual(StoreState(a), StoreState(b))
        XCTAssertEqual(try a.find(Fixture.lead, slot: 1, equals: owner[0].value).count, 1)
    }

    func testRollbackUndoesIt() throws {
        let s = Fixture.store(capturesChanges: false)
        let before = StoreState(s)
        try s.begin()
        _ = try s.createAudited(Fixture.lead, final: [.text("香港 lead"), .null, .int(60)], writes: writes(),
                                time: time, actor: "张三", cause: .user)
        try s.rollback()
        XCTAssertEqual(StoreState(s), before)

        try s.begin()
        _ = try s.create(Fixture.customer, slots: [.text("c"), .text("c@x")])
        let mark = StoreState(s)
        let sp = try s.savepoint()
        _ = try s.createAudited(Fixture.lead, final: [.text("香港 lead"), .null, .int(60)], writes: writes(),
                                time: time, actor: "张三", cause: .user)
        try s.rollback(to: sp)
        XCTAssertEqual(StoreState(s), mark)
        try s.commit()
    }
}

/// `updateAudited` in one step leaves what `update` + `appendAudit` leave, also for a
/// write that changes nothing and around a rollback.
final class UpdateAuditedTests: XCTestCase {
    func run(_ s: MemoryStore, oneStep: Bool) throws {
        let t: Int64 = 1_772_409_600_000_000
        try s.begin()
        let id = try s.create(Fixture.lead, slots: [.text("a"), .null, .int(0)])
        try s.appendCreationAudit(time: t, actor: "张三", cause: .user, record: id, slots: [.text("a"), .null, .int(0)])
        for (slot, value, cause) in [(2, StoredValue.int(40), AuditCause.rule(1)), (2, .int(40), .rule(2)),
                                     (0, .text("香港"), .rule(3)), (2, .int(41), .user)] {
            if oneStep {
                try s.updateAudited(id, slot: slot, to: value, time: t, actor: "张三", cause: cause)
            } else {
                try s.updateAuditedStepwise(id, slot: slot, to: value, time: t, actor: "张三", cause: cause)
            }
        }
        try s.commit()
        try s.begin()
        try s.updateAudited(id, slot: 2, to: .int(99), time: t + 1, actor: "李四", cause: .rule(1))
        try s.rollback()
    }

    func testOneStepEqualsSeparateCalls() throws {
        let a = Fixture.store(capturesChanges: false), b = Fixture.store(capturesChanges: false)
        try run(a, oneStep: true)
        try run(b, oneStep: false)
        XCTAssertEqual(StoreState(a), StoreState(b))
        XCTAssertEqual(a.audit.rows.count, b.audit.rows.count, "the same rows, links included")
        XCTAssertEqual(a.auditEntries().map(\.change), b.auditEntries().map(\.change))
    }

    /// The one step swaps the value in place: a deleted record is refused before any of
    /// it, and the value it replaced (a text) is the before value of its entry.
    func testDeletedRecordIsRefusedAndTextBeforeIsKept() throws {
        let s = Fixture.store(capturesChanges: false)
        let t: Int64 = 1_772_409_600_000_000
        try s.begin()
        let id = try s.create(Fixture.lead, slots: [.text("张三的线索"), .null, .int(0)])
        let gone = try s.create(Fixture.lead, slots: [.text("b"), .null, .int(0)])
        try s.delete(gone)
        let old = try s.updateAudited(id, slot: 0, to: .text("李四的线索"), time: t, actor: "张三", cause: .rule(1))
        XCTAssertEqual(old, .text("张三的线索"))
        XCTAssertThrowsError(try s.updateAudited(gone, slot: 0, to: .text("x"), time: t, actor: "张三", cause: .rule(1))) {
            XCTAssertEqual($0 as? StoreError, .noSuchRecord(gone))
        }
        try s.commit()
        XCTAssertEqual(s.read(id)?.first, .text("李四的线索"))
        XCTAssertEqual(s.auditEntries().last?.change, .field(slot: 0, before: .text("张三的线索"), after: .text("李四的线索")))
    }
}
