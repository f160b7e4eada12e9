// Outbox idempotency and acknowledgement, and the audit log's ordering.

@testable import CRMStore
import XCTest

final class OutboxAuditTests: XCTestCase {
    private func message(_ key: String, to recipient: String = "ann") -> OutboxMessage {
        OutboxMessage(idempotencyKey: key, channel: "email", recipient: recipient, template: "welcome",
                      payload: [OutboxField(name: "score", value: .int(3))], createdAt: 10)
    }

    func testDuplicateKeyAddsNoMessage() throws {
        let s = Fixture.store()
        try s.begin()
        XCTAssertEqual(try s.enqueue(message("a")), .enqueued(1))
        XCTAssertEqual(try s.enqueue(message("b")), .enqueued(2))
        XCTAssertEqual(try s.enqueue(message("a", to: "bob")), .duplicate(1))
        let set = try s.commit()
        XCTAssertEqual(set.changes.count, 2, "a duplicate is not a change")
        XCTAssertEqual(s.pendingMessages().map(\.idempotencyKey), ["a", "b"])
        XCTAssertEqual(s.message(idempotencyKey: "a")?.recipient, "ann")
        // Still a duplicate in a later transaction, and after delivery.
        try s.transaction { XCTAssertEqual(try s.enqueue(message("a")), .duplicate(1)) }
    }

    func testAcknowledge() throws {
        let s = Fixture.store()
        try s.transaction { for k in ["a", "b", "c"] { _ = try s.enqueue(message(k)) } }
        try s.transaction {
            XCTAssertTrue(try s.acknowledge(2, at: 20))
            XCTAssertFalse(try s.acknowledge(2, at: 21), "acknowledging twice is harmless")
        }
        XCTAssertEqual(s.pendingMessages().map(\.id), [1, 3])
        try s.transaction { try s.acknowledge(1, at: 22) }
        XCTAssertEqual(s.pendingMessages().map(\.id), [3])
        XCTAssertEqual(s.pendingMessages(limit: 0), [])
        try s.begin()
        try s.acknowledge(3, at: 23)
        XCTAssertEqual(s.pendingMessages(), [])
        try s.rollback()
        XCTAssertEqual(s.pendingMessages().map(\.id), [3])
        XCTAssertEqual(s.message(2)?.deliveredAt, 20)
    }

    func testRolledBackMessageFreesItsKey() throws {
        let s = Fixture.store()
        try s.begin()
        _ = try s.enqueue(message("a"))
        try s.rollback()
        try s.transaction { XCTAssertEqual(try s.enqueue(message("a")), .enqueued(1)) }
    }

    func testAuditIsOrderedAndAppendOnly() throws {
        let s = Fixture.store()
        let r = RecordID(entity: Fixture.lead, number: 1)
        try s.transaction {
            for i in 0 ..< 5 {
                try s.appendAudit(AuditEntry(time: Int64(100 - i), actor: "alice", cause: .rule(Int32(i)), record: r,
                                             change: .field(slot: 2, before: .int(Int64(i)), after: .int(Int64(i + 1)))))
            }
        }
        try s.begin()
        try s.appendAudit(AuditEntry(time: 0, actor: "x", cause: .user, record: r, change: .deleted))
        try s.rollback()
        try s.transaction { try s.appendAudit(AuditEntry(time: 1, actor: "bob", cause: .user, record: r, change: .created)) }
        let all = s.auditEntries()
        XCTAssertEqual(all.map(\.sequence), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(all.last?.actor, "bob")
        XCTAssertEqual(s.auditEntries(from: 5, limit: 10).map(\.sequence), [5, 6])
        XCTAssertEqual(s.auditEntries(from: 99, limit: 10), [])
        XCTAssertEqual(s.auditEntries(from: 0, limit: 2).map(\.sequence), [1, 2])
    }
}
