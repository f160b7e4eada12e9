// Unique indexes and relation lookups, kept incrementally through creates, updates,
// deletes and rollbacks.

@testable import CRMStore
import XCTest

final class IndexTests: XCTestCase {
    func testUniqueViolationNamesEverything() throws {
        let s = Fixture.store()
        try s.begin()
        let a = try s.create(Fixture.customer, slots: [.text("A"), .text("a@x.cn")])
        let expected = StoreError.uniqueViolation(entity: "Customer", slot: "email", value: .text("a@x.cn"), existing: a)
        XCTAssertThrowsError(try s.create(Fixture.customer, slots: [.text("B"), .text("a@x.cn")])) {
            XCTAssertEqual($0 as? StoreError, expected)
            XCTAssertEqual("\($0)", "Customer.email must be unique: \"a@x.cn\" is already used by 0#1")
        }
        let b = try s.create(Fixture.customer, slots: [.text("B"), .text("b@x.cn")])
        XCTAssertThrowsError(try s.update(b, slot: 1, to: .text("a@x.cn"))) { XCTAssertEqual($0 as? StoreError, expected) }
        // Setting a record's own value again is not a conflict; nulls never conflict.
        try s.update(a, slot: 1, to: .text("a@x.cn"))
        _ = try s.create(Fixture.customer, slots: [.text("C"), .null])
        _ = try s.create(Fixture.customer, slots: [.text("D"), .null])
        // Freed by an update, then by a delete: the value is usable again.
        try s.update(a, slot: 1, to: .text("a2@x.cn"))
        try s.update(b, slot: 1, to: .text("a@x.cn"))
        try s.delete(b)
        _ = try s.create(Fixture.customer, slots: [.text("E"), .text("a@x.cn")])
        try s.commit()
    }

    func testUniqueComparesTextByScalars() throws {
        let s = Fixture.store()
        try s.begin()
        _ = try s.create(Fixture.customer, slots: [.null, .text("caf\u{E9}")])
        // Canonically equivalent but different scalars: distinct, as in the language.
        XCTAssertNoThrow(try s.create(Fixture.customer, slots: [.null, .text("cafe\u{301}")]))
        try s.commit()
    }

    func testUniqueRestoredByRollback() throws {
        let s = Fixture.store()
        let (a, _) = try s.transaction { try s.create(Fixture.customer, slots: [.null, .text("a")]) }
        try s.begin()
        try s.update(a, slot: 1, to: .text("b"))
        _ = try s.create(Fixture.customer, slots: [.null, .text("a")])
        try s.rollback()
        XCTAssertEqual(try s.lookupUnique(Fixture.customer, slot: 1, value: .text("a")), a)
        XCTAssertNil(try s.lookupUnique(Fixture.customer, slot: 1, value: .text("b")))
    }

    func testRelationLookupFollowsUpdatesAndDeletes() throws {
        let s = Fixture.store()
        try s.begin()
        let c1 = try s.create(Fixture.customer, slots: [.text("1"), .null])
        let c2 = try s.create(Fixture.customer, slots: [.text("2"), .null])
        var leads: [RecordID] = []
        for i in 0 ..< 6 { leads.append(try s.create(Fixture.lead, slots: [.int(Int64(i)), .ref(i % 2 == 0 ? c1 : c2), .null])) }
        XCTAssertEqual(try s.find(Fixture.lead, slot: 1, equals: .ref(c1)), [leads[0], leads[2], leads[4]])
        try s.update(leads[0], slot: 1, to: .ref(c2))
        try s.update(leads[3], slot: 1, to: .null)
        try s.delete(leads[4])
        XCTAssertEqual(try s.find(Fixture.lead, slot: 1, equals: .ref(c1)), [leads[2]])
        XCTAssertEqual(try s.find(Fixture.lead, slot: 1, equals: .ref(c2)), [leads[0], leads[1], leads[5]], "in number order")
        try s.commit()
        try s.begin()
        try s.update(leads[2], slot: 1, to: .ref(c2))
        try s.delete(leads[0])
        try s.rollback()
        XCTAssertEqual(try s.find(Fixture.lead, slot: 1, equals: .ref(c1)), [leads[2]])
        XCTAssertEqual(try s.find(Fixture.lead, slot: 1, equals: .ref(c2)), [leads[0], leads[1], leads[5]])
        XCTAssertThrowsError(try s.find(Fixture.lead, slot: 2, equals: .null)) {
            XCTAssertEqual($0 as? StoreError, .notIndexed(entity: "Lead", slot: "score"))
        }
    }

    func testSchemaErrors() {
        let s = Fixture.store()
        XCTAssertThrowsError(try s.declareEntity(Fixture.lead, Fixture.leadSchema)) {
            XCTAssertEqual($0 as? StoreError, .entityAlreadyDeclared(Fixture.lead, name: "Lead"))
        }
        XCTAssertThrowsError(try s.declareEntity(5, EntitySchema(name: "X", slotNames: ["a"], uniqueSlots: [1])))
        XCTAssertThrowsError(try s.declareEntity(-1, EntitySchema(name: "X", slotNames: [])))
    }
}
