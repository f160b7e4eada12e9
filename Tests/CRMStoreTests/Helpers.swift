// Shared fixtures for the store tests: a small two-entity schema (customers with a
// unique email, leads with an indexed owner reference) and a full-state snapshot used
// to compare stores. Random tests draw from CRMBase's SeededRandom.

import CRMBase
@testable import CRMStore
import XCTest

enum Fixture {
    static let customer: EntityID = 0
    static let lead: EntityID = 1
    /// customer: name, email (unique)
    static let customerSchema = EntitySchema(name: "Customer", slotNames: ["name", "email"], uniqueSlots: [1])
    /// lead: title, owner (ref Customer, indexed), score
    static let leadSchema = EntitySchema(name: "Lead", slotNames: ["title", "owner", "score"], indexedSlots: [1])

    static func store(capturesChanges: Bool = true) -> MemoryStore {
        let s = MemoryStore(capturesChanges: capturesChanges)
        // The schema is valid by construction; a failure here is a test bug.
        XCTAssertNoThrow(try s.declareEntity(customer, customerSchema))
        XCTAssertNoThrow(try s.declareEntity(lead, leadSchema))
        return s
    }
}

/// Everything observable about a store, for equality checks.
struct StoreState: Equatable {
    var records: [RecordID: [StoredValue]] = [:]
    var allocated: [UInt32] = []
    var timers: [TimerEntry] = []
    var nextTimer: TimerID = 0
    var messages: [OutboxMessage] = []
    var audit: [AuditEntry] = []
    var unique: [[[StoredValue: UInt32]]] = []
    var related: [[[StoredValue: [UInt32]]]] = []

    init(_ s: MemoryStore) {
        for t in s.entities.compactMap({ $0 }) {
            for id in s.records(of: t.id) { records[id] = s.read(id) }
            allocated.append(t.allocated)
            unique.append(t.unique)
            related.append(t.related)
        }
        timers = s.dueTimers(upTo: .max)
        nextTimer = s.nextTimer
        messages = s.messages
        audit = s.auditEntries()
    }
}
