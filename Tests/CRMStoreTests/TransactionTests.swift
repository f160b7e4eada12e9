// Transactions: commit makes every kind of change permanent and reports it in the
// ChangeSet; rollback (whole or to a savepoint) leaves no trace, id counters included.

@testable import CRMStore
import XCTest

final class TransactionTests: XCTestCase {
    /// Performs one of every kind of change; returns the customer id.
    private func everything(_ s: MemoryStore) throws -> RecordID {
        let c = try s.create(Fixture.customer, slots: [.text("Ann"), .text("ann@x.cn")])
        let l = try s.create(Fixture.lead, slots: [.text("t"), .ref(c), .int(1)])
        try s.update(l, slot: 2, to: .int(5))
        let t = try s.scheduleTimer(record: l, rule: 3, fireAt: 100)
        try s.rescheduleTimer(t, fireAt: 50)
        let t2 = try s.scheduleTimer(record: .none, rule: 1, fireAt: 10)
        try s.cancelTimer(t2)
        _ = try s.enqueue(OutboxMessage(idempotencyKey: "k1", channel: "email", recipient: "ann", template: "hi", createdAt: 1))
        try s.acknowledge(1, at: 2)
        try s.appendAudit(AuditEntry(time: 1, actor: "alice", cause: .user, record: l, change: .created))
        let gone = try s.create(Fixture.lead, slots: [.text("x"), .ref(c), .null])
        try s.delete(gone)
        return c
    }

    func testCommitKeepsEveryKindOfChange() throws {
        let s = Fixture.store()
        try s.begin()
        let c = try everything(s)
        let set = try s.commit()
        XCTAssertEqual(s.count(of: Fixture.customer), 1)
        XCTAssertEqual(s.count(of: Fixture.lead), 1)
        XCTAssertEqual(s.value(RecordID(entity: Fixture.lead, number: 1), slot: 2), .int(5))
        XCTAssertEqual(try s.find(Fixture.lead, slot: 1, equals: .ref(c)), [RecordID(entity: Fixture.lead, number: 1)])
        XCTAssertEqual(s.dueTimers(upTo: .max).map(\.fireAt), [50])
        XCTAssertEqual(s.message(1)?.deliveredAt, 2)
        XCTAssertEqual(s.auditCount, 1)
        XCTAssertEqual(set.changes.count, 12)
        XCTAssertFalse(s.inTransaction)
    }

    func testRollbackLeavesNoTrace() throws {
        let s = Fixture.store()
        // Some committed state first, which the rollback must not disturb.
        let (c, _) = try s.transaction {
            try s.create(Fixture.customer, slots: [.text("Bo"), .text("bo@x.cn")])
        }
        try s.transaction { _ = try s.scheduleTimer(record: c, rule: 0, fireAt: 7) }
        let before = StoreState(s)
        try s.begin()
        _ = try everything(s)
        try s.update(c, slot: 1, to: .text("new@x.cn"))
        _ = try s.popDueTimer(upTo: 100)
        try s.delete(c)
        try s.rollback()
        XCTAssertEqual(StoreState(s), before)
        XCTAssertEqual(try s.lookupUnique(Fixture.customer, slot: 1, value: .text("bo@x.cn")), c)
        XCTAssertNil(try s.lookupUnique(Fixture.customer, slot: 1, value: .text("ann@x.cn")))
        // Counters rewound: the next ids are the ones the rolled-back work had taken.
        try s.begin()
        XCTAssertEqual(try s.create(Fixture.customer, slots: [.text("C"), .null]).number, 2)
        XCTAssertEqual(try s.scheduleTimer(record: .none, rule: 0, fireAt: 1), 2)
        XCTAssertEqual(try s.enqueue(OutboxMessage(idempotencyKey: "k1", channel: "", recipient: "", template: "", createdAt: 0)), .enqueued(1))
        XCTAssertEqual(try s.appendAudit(AuditEntry(time: 0, actor: "a", cause: .system, record: .none, change: .deleted)), 1)
        try s.commit()
    }

    func testSavepointRollsBackPart() throws {
        let s = Fixture.store()
        try s.begin()
        let a = try s.create(Fixture.customer, slots: [.text("A"), .text("a")])
        let sp = try s.savepoint()
        _ = try s.create(Fixture.customer, slots: [.text("B"), .text("b")])
        try s.update(a, slot: 0, to: .text("A2"))
        try s.rollback(to: sp)
        let set = try s.commit()
        XCTAssertEqual(set.changes, [.create(a, [.text("A"), .text("a")])])
        XCTAssertEqual(s.read(a), [.text("A"), .text("a")])
        XCTAssertEqual(s.count(of: Fixture.customer), 1)
        XCTAssertThrowsError(try s.rollback(to: sp)) { XCTAssertEqual($0 as? StoreError, .noTransaction) }
        try s.begin()
        XCTAssertThrowsError(try s.rollback(to: sp)) { XCTAssertEqual($0 as? StoreError, .invalidSavepoint) }
        try s.rollback()
    }

    func testTransactionHelperRollsBackOnThrow() throws {
        let s = Fixture.store()
        struct Boom: Error {}
        XCTAssertThrowsError(try s.transaction {
            _ = try s.create(Fixture.customer, slots: [.text("A"), .text("a")])
            throw Boom()
        })
        XCTAssertEqual(s.count(of: Fixture.customer), 0)
        XCTAssertFalse(s.inTransaction)
    }

    func testWritesNeedATransaction() throws {
        let s = Fixture.store()
        XCTAssertThrowsError(try s.create(Fixture.customer, slots: [.null, .null])) {
            XCTAssertEqual($0 as? StoreError, .noTransaction)
        }
        XCTAssertThrowsError(try s.commit()) { XCTAssertEqual($0 as? StoreError, .noTransaction) }
        try s.begin()
        XCTAssertThrowsError(try s.begin()) { XCTAssertEqual($0 as? StoreError, .transactionAlreadyOpen) }
        try s.rollback()
    }

    func testRefusedOperationsChangeNothing() throws {
        let s = Fixture.store()
        try s.begin()
        XCTAssertThrowsError(try s.create(7, slots: [])) { XCTAssertEqual($0 as? StoreError, .unknownEntity(7)) }
        XCTAssertThrowsError(try s.create(Fixture.customer, slots: [.null])) {
            XCTAssertEqual($0 as? StoreError, .wrongSlotCount(entity: "Customer", expected: 2, got: 1))
        }
        let c = try s.create(Fixture.customer, slots: [.text("A"), .null])
        XCTAssertThrowsError(try s.update(c, [(slot: 0, value: .text("Z")), (slot: 9, value: .null)])) {
            XCTAssertEqual($0 as? StoreError, .noSuchSlot(entity: "Customer", slot: 9, width: 2))
        }
        XCTAssertEqual(s.value(c, slot: 0), .text("A"), "a refused update applies none of its slots")
        let missing = RecordID(entity: Fixture.customer, number: 9)
        XCTAssertThrowsError(try s.delete(missing)) { XCTAssertEqual($0 as? StoreError, .noSuchRecord(missing)) }
        XCTAssertThrowsError(try s.cancelTimer(42)) { XCTAssertEqual($0 as? StoreError, .noSuchTimer(42)) }
        XCTAssertThrowsError(try s.acknowledge(3, at: 0)) { XCTAssertEqual($0 as? StoreError, .noSuchMessage(3)) }
        XCTAssertEqual(try s.commit().changes.count, 1)
    }

    func testUpdateReturnsBeforeValuesAndDeleteReturnsSlots() throws {
        let s = Fixture.store()
        try s.begin()
        let c = try s.create(Fixture.customer, slots: [.text("A"), .text("a")])
        XCTAssertEqual(try s.update(c, [(slot: 0, value: .text("B")), (slot: 1, value: .null)]), [.text("A"), .text("a")])
        XCTAssertEqual(try s.delete(c), [.text("B"), .null])
        XCTAssertNil(s.read(c))
        XCTAssertFalse(s.exists(c))
        XCTAssertThrowsError(try s.update(c, slot: 0, to: .null))
        // Numbers are never reused after a delete.
        XCTAssertEqual(try s.create(Fixture.customer, slots: [.null, .null]).number, 2)
        try s.commit()
    }
}
