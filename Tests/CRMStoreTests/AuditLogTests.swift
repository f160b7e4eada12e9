// The compact audit log (MemoryStore+AuditLog.swift) gives back exactly the entries
// appended, whatever the store did in between: audited and unaudited writes, befores
// that are not the slot's true value, deletes with and without their entry, entries
// about records that do not exist, rollbacks to savepoints and whole rollbacks. A
// property test against a plain list of the appended entries, fixed seeds.

import CRMBase
@testable import CRMStore
import XCTest

final class AuditLogTests: XCTestCase {
    func testInterpreterShapeIsCompactAndExact() throws {
        let s = Fixture.store()
        var expected: [AuditEntry] = []
        func audit(_ e: AuditEntry) throws {
            var e = e
            e.sequence = try s.appendAudit(e)
            expected.append(e)
        }
        try s.transaction {
            let slots: [StoredValue] = [.text("lead"), .null, .int(0)]
            let id = try s.create(Fixture.lead, slots: slots)
            try audit(AuditEntry(time: 5, actor: "bench", cause: .user, record: id, change: .created))
            for (i, v) in slots.enumerated() where !v.isNull {
                try audit(AuditEntry(time: 5, actor: "bench", cause: .user, record: id, change: .field(slot: Int32(i), before: .null, after: v)))
            }
            for n in 1 ... 3 {
                let old = try s.update(id, slot: 2, to: .int(Int64(n * 10)))
                try audit(AuditEntry(time: 5, actor: "bench", cause: .rule(Int32(n)), record: id,
                                     change: .field(slot: 2, before: old, after: .int(Int64(n * 10)))))
            }
            let old = try s.update(id, slot: 0, to: .text("renamed"))
            try audit(AuditEntry(time: 5, actor: "bench", cause: .system, record: id, change: .field(slot: 0, before: old, after: .text("renamed"))))
        }
        XCTAssertEqual(s.auditEntries(), expected)
        XCTAssertEqual(s.audit.rows.count, 5, "one creation row, four change rows")
        XCTAssertEqual(s.audit.overrides.count, 0)
        XCTAssertEqual(s.auditEntries(from: 4, limit: 2), Array(expected[3 ..< 5]))
    }

    /// `appendCreationAudit` leaves what the entry-by-entry appends leave: entries, rows,
    /// ChangeSet (the journal's input) and undo — also for a cause no row holds.
    func testCreationAuditInOneCallMatchesEntryByEntry() throws {
        let slots: [StoredValue] = [.text("lead"), .null, .int(7)]
        for cause in [AuditCause.user, .rule(2), .rule(-3)] {
            let one = Fixture.store(), each = Fixture.store()
            let (_, c1) = try one.transaction {
                let id = try one.create(Fixture.lead, slots: slots)
                try one.appendCreationAudit(time: 5, actor: "bench", cause: cause, record: id, slots: slots)
                // Rolled back, it leaves nothing behind.
                let sp = try one.savepoint()
                let gone = try one.create(Fixture.lead, slots: slots)
                try one.appendCreationAudit(time: 6, actor: "x", cause: cause, record: gone, slots: slots)
                try one.rollback(to: sp)
            }
            let (_, c2) = try each.transaction {
                let id = try each.create(Fixture.lead, slots: slots)
                try each.appendAudit(AuditEntry(time: 5, actor: "bench", cause: cause, record: id, change: .created))
                for (i, v) in slots.enumerated() where !v.isNull {
                    try each.appendAudit(AuditEntry(time: 5, actor: "bench", cause: cause, record: id,
                                                    change: .field(slot: Int32(i), before: .null, after: v)))
                }
            }
            XCTAssertEqual(one.auditEntries(), each.auditEntries())
            XCTAssertEqual(one.auditEntries().count, 3)
            XCTAssertEqual(c1.changes, c2.changes)
            XCTAssertEqual(one.audit.rows.count, each.audit.rows.count)
            XCTAssertEqual(one.audit.overrides.count, each.audit.overrides.count)
        }
    }

    func testRandomHistoriesReadBackExactly() throws {
        for seed in 1 ... 12 as ClosedRange<UInt64> {
            var rng = SeededRandom(seed: seed)
            let s = Fixture.store()
            var expected: [AuditEntry] = []
            for _ in 0 ..< 60 {
                try s.begin()
                let mark = expected.count
                var savepoint: (Savepoint, Int)?
                for _ in 0 ..< Int.random(in: 1 ... 8, using: &rng) {
                    if savepoint == nil, Int.random(in: 0 ..< 6, using: &rng) == 0 { savepoint = (try s.savepoint(), expected.count) }
                    try step(s, &expected, &rng)
                }
                if let (sp, n) = savepoint, Bool.random(using: &rng) {
                    try s.rollback(to: sp)
                    expected.removeSubrange(n...)
                }
                if Int.random(in: 0 ..< 5, using: &rng) == 0 {
                    try s.rollback()
                    expected.removeSubrange(mark...)
                } else {
                    try s.commit()
                }
                if Int.random(in: 0 ..< 4, using: &rng) == 0 {
                    XCTAssertEqual(s.auditEntries(), expected, "seed \(seed)")
                }
            }
            XCTAssertEqual(s.auditEntries(), expected, "seed \(seed)")
            let from = UInt64.random(in: 1 ... UInt64(max(1, expected.count)), using: &rng)
            XCTAssertEqual(s.auditEntries(from: from, limit: 7), Array(expected.dropFirst(Int(from) - 1).prefix(7)), "seed \(seed)")
            // A replay of the snapshot reproduces the log too.
            let copy = Fixture.store()
            try copy.apply(try s.snapshot())
            XCTAssertEqual(copy.auditEntries(), expected, "seed \(seed)")
        }
    }

    /// One random operation, audited like the interpreter does or not at all, or an
    /// arbitrary entry.
    private func step(_ s: MemoryStore, _ expected: inout [AuditEntry], _ rng: inout SeededRandom) throws {
        let leads = s.records(of: Fixture.lead)
        let time = Int64.random(in: 0 ..< 3, using: &rng)
        let actor = ["ann", "bob", "é", "e\u{301}"].randomElement(using: &rng) ?? "ann"
        let cause: AuditCause = [.user, .system, .rule(Int32.random(in: -2 ..< 3, using: &rng))].randomElement(using: &rng) ?? .user
        let audited = Int.random(in: 0 ..< 4, using: &rng) != 0
        func value() -> StoredValue {
            [.null, .int(Int64.random(in: -2 ..< 3, using: &rng)), .text(["a", "b", "é"].randomElement(using: &rng) ?? "a"),
             .list([]), .list([.text("t")]), .bool(true), .decimal(StoredDecimal(7, scale: 1))].randomElement(using: &rng) ?? .null
        }
        func audit(_ record: RecordID, _ change: AuditChange) throws {
            var e = AuditEntry(time: time, actor: actor, cause: cause, record: record, change: change)
            e.sequence = try s.appendAudit(e)
            expected.append(e)
        }
        switch Int.random(in: 0 ..< 6, using: &rng) {
        case 0:
            let slots = [value(), .null, value()]
            let id = try s.create(Fixture.lead, slots: slots)
            if audited {
                try audit(id, .created)
                for (i, v) in slots.enumerated() where !v.isNull { try audit(id, .field(slot: Int32(i), before: .null, after: v)) }
            }
        case 1, 2:
            guard let id = leads.randomElement(using: &rng) else { return }
            let slot = [0, 2].randomElement(using: &rng) ?? 0
            let new = value()
            let old = try s.update(id, slot: slot, to: new)
            if audited { try audit(id, .field(slot: Int32(slot), before: old, after: new)) }
        case 3:
            guard let id = leads.randomElement(using: &rng) else { return }
            try s.delete(id)
            if audited { try audit(id, .deleted) }
        default:
            // An arbitrary entry: any record (maybe none, maybe gone), any values.
            let record = leads.randomElement(using: &rng) ?? RecordID(entity: Fixture.lead, number: UInt32.random(in: 1 ..< 9, using: &rng))
            let change: AuditChange = [.created, .deleted, .field(slot: Int32.random(in: -1 ..< 4, using: &rng), before: value(), after: value()),
                                       .field(slot: 2, before: s.value(record, slot: 2) ?? .null, after: s.value(record, slot: 2) ?? .null)]
                .randomElement(using: &rng) ?? .created
            try audit(record, change)
        }
    }
}
