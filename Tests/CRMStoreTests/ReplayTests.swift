// Replay: the committed ChangeSets of a store, applied to a fresh store with the same
// schema (directly and through the binary encoding), reproduce it exactly — a property
// test over random operations, random refusals and random rollbacks, fixed seeds.

import CRMBase
@testable import CRMStore
import XCTest

final class ReplayTests: XCTestCase {
    /// One random operation; refused ones (unique violations, missing records) are
    /// part of the test: they must leave no trace either.
    private func randomOperation(_ s: MemoryStore, _ rng: inout SeededRandom) throws {
        let customers = s.records(of: Fixture.customer)
        let leads = s.records(of: Fixture.lead)
        func anyCustomer() -> StoredValue { customers.randomElement(using: &rng).map { .ref($0) } ?? .null }
        func email() -> StoredValue { Bool.random(using: &rng) ? .text("e\(Int.random(in: 0 ..< 30, using: &rng))") : .null }
        switch Int.random(in: 0 ..< 12, using: &rng) {
        case 0, 1:
            _ = try s.create(Fixture.customer, slots: [.text("c"), email()])
        case 2, 3:
            _ = try s.create(Fixture.lead, slots: [.text("l"), anyCustomer(), .int(Int64.random(in: 0 ..< 9, using: &rng))])
        case 4:
            if let l = leads.randomElement(using: &rng) {
                try s.update(l, [(slot: 1, value: anyCustomer()), (slot: 2, value: .list([.int(1), .decimal(StoredDecimal(-5, scale: 2))]))])
            }
        case 5:
            if let c = customers.randomElement(using: &rng) { try s.update(c, slot: 1, to: email()) }
        case 6:
            if let r = (customers + leads).randomElement(using: &rng) { try s.delete(r) }
        case 7:
            let owner = leads.randomElement(using: &rng) ?? .none
            _ = try s.scheduleTimer(record: owner, rule: 1, fireAt: Int64.random(in: 0 ..< 100, using: &rng))
        case 8:
            if let t = s.dueTimers(upTo: .max).randomElement(using: &rng) {
                if Bool.random(using: &rng) { try s.cancelTimer(t.id) } else { try s.rescheduleTimer(t.id, fireAt: Int64.random(in: 0 ..< 100, using: &rng)) }
            }
        case 9:
            _ = try s.popDueTimer(upTo: Int64.random(in: 0 ..< 100, using: &rng))
        case 10:
            let k = "k\(Int.random(in: 0 ..< 40, using: &rng))"
            _ = try s.enqueue(OutboxMessage(idempotencyKey: k, channel: "sms", recipient: "138", template: "t",
                                            payload: [OutboxField(name: "n", value: .money(StoredDecimal(995, scale: 2), currency: "CNY"))],
                                            record: leads.first ?? .none, createdAt: 3))
            if let p = s.pendingMessages(limit: 3).randomElement(using: &rng) { try s.acknowledge(p.id, at: 9) }
        default:
            try s.appendAudit(AuditEntry(time: 5, actor: "张三", cause: .rule(2), record: leads.first ?? .none,
                                         change: .field(slot: 2, before: .null, after: .bool(true))))
        }
    }

    func testReplayReproducesTheStore() throws {
        for seed: UInt64 in [1, 2, 3, 4, 5] {
            var rng = SeededRandom(seed: seed)
            let original = Fixture.store()
            var journal: [ChangeSet] = []
            for _ in 0 ..< 300 {
                try original.begin()
                for _ in 0 ..< Int.random(in: 1 ... 6, using: &rng) {
                    do { try randomOperation(original, &rng) } catch is StoreError {}
                }
                if Int.random(in: 0 ..< 4, using: &rng) == 0 {
                    try original.rollback()
                } else {
                    journal.append(try original.commit())
                }
            }
            let direct = Fixture.store()
            let decoded = Fixture.store()
            for set in journal {
                try direct.apply(set)
                try decoded.apply(try ChangeSet(decoding: set.encoded()))
            }
            XCTAssertEqual(StoreState(direct), StoreState(original), "seed \(seed)")
            XCTAssertEqual(StoreState(decoded), StoreState(original), "seed \(seed) via encoding")
            // A snapshot reproduces the same state, and the journal continues on top of it.
            let half = journal.count / 2
            let prefix = Fixture.store()
            for set in journal[..<half] { try prefix.apply(set) }
            let restored = Fixture.store()
            try restored.apply(try ChangeSet(decoding: try prefix.snapshot().encoded()))
            XCTAssertEqual(StoreState(restored), StoreState(prefix), "seed \(seed) snapshot")
            for set in journal[half...] { try restored.apply(set) }
            XCTAssertEqual(StoreState(restored), StoreState(original), "seed \(seed) snapshot + journal")
        }
    }

    func testReplayOnTheWrongStateIsRefusedWhole() throws {
        let s = Fixture.store()
        let (_, set) = try s.transaction {
            _ = try s.create(Fixture.customer, slots: [.text("a"), .text("a")])
            _ = try s.create(Fixture.customer, slots: [.text("b"), .text("b")])
        }
        // Applying it twice: the emails are taken (and so would the ids be).
        XCTAssertThrowsError(try s.apply(set)) { XCTAssertNotNil($0 as? StoreError) }
        XCTAssertEqual(s.count(of: Fixture.customer), 2)
        XCTAssertFalse(s.inTransaction)
        // Without unique slots in the way, the id check catches it.
        let t = Fixture.store()
        let (_, timerSet) = try t.transaction { _ = try t.scheduleTimer(record: .none, rule: 0, fireAt: 1) }
        XCTAssertThrowsError(try t.apply(timerSet)) {
            XCTAssertEqual($0 as? StoreError, .replayMismatch("timer id: recorded 1, allocated 2"))
        }
        XCTAssertEqual(t.timerCount, 1)
    }
}
