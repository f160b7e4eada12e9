// Store.read(_:slots:into:): a reader of a few slots of a record (the straight-line
// cascade on a stored record) gets exactly those, the rest of its buffer untouched.
import CRMStore
import XCTest

final class PartialReadTests: XCTestCase {
    /// The wanted slots are read, the other places left alone; a buffer of another
    /// width gets the whole record; a refused read changes nothing.
    func testReadsOnlyTheWantedSlots() throws {
        let s = Fixture.store(capturesChanges: false)
        try s.begin()
        let a = try s.create(Fixture.lead, slots: [.text("甲"), .null, .int(7)])
        let b = try s.create(Fixture.lead, slots: [.text("乙"), .null, .int(8)])
        try s.delete(b)
        try s.commit()
        let store: any Store = s
        var row: [StoredValue] = [.text("old"), .bool(true), .int(0)]
        XCTAssertTrue(store.read(a, slots: [2], into: &row))
        XCTAssertEqual(row, [.text("old"), .bool(true), .int(7)], "only slot 2 is read")
        XCTAssertTrue(store.read(a, slots: [0, 2], into: &row))
        XCTAssertEqual(row, [.text("甲"), .bool(true), .int(7)])
        var short: [StoredValue] = [.int(1)]
        XCTAssertTrue(store.read(a, slots: [2], into: &short))
        XCTAssertEqual(short, [.text("甲"), .null, .int(7)], "a buffer of another width gets the whole record")
        var kept: [StoredValue] = [.int(1), .int(2), .int(3)]
        XCTAssertFalse(store.read(b, slots: [2], into: &kept), "a deleted record")
        XCTAssertFalse(store.read(a, slots: [3], into: &kept), "a slot out of range")
        XCTAssertFalse(store.read(a, slots: [-1], into: &kept), "a negative slot")
        XCTAssertFalse(store.read(a, slots: [0, 5, 2], into: &kept), "one slot out of range, not at an end")
        XCTAssertEqual(kept, [.int(1), .int(2), .int(3)], "unchanged when refused")
    }
}
