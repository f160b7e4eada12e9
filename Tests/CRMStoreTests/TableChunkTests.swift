// TableChunkTests: an entity's records live in chunks of 1,024 (EntityTable's Rows);
// records on both sides of chunk boundaries read, update, delete and roll back like
// any other, and a rollback across boundaries leaves exactly the state before.
@testable import CRMStore
import XCTest

final class TableChunkTests: XCTestCase {
    func lead(_ i: Int) -> [StoredValue] { [.text("lead \(i)"), .null, .int(Int64(i))] }

    func testRecordsAcrossChunkBoundaries() throws {
        let s = Fixture.store()
        let n = Rows.perChunk * 2 + 3
        try s.begin()
        for i in 1 ... n { _ = try s.create(Fixture.lead, slots: lead(i)) }
        try s.commit()
        for i in [1, Rows.perChunk, Rows.perChunk + 1, 2 * Rows.perChunk, n] {
            XCTAssertEqual(s.read(RecordID(entity: Fixture.lead, number: UInt32(i))), lead(i), "record \(i)")
        }
        let before = StoreState(s)
        // Updates, deletes and more creates across the boundaries, rolled back.
        try s.begin()
        for i in [Rows.perChunk, Rows.perChunk + 1] {
            try s.update(RecordID(entity: Fixture.lead, number: UInt32(i)), slot: 2, to: .int(-1))
        }
        try s.delete(RecordID(entity: Fixture.lead, number: UInt32(2 * Rows.perChunk)))
        for i in n + 1 ... n + Rows.perChunk { _ = try s.create(Fixture.lead, slots: lead(i)) }
        XCTAssertEqual(s.count(of: Fixture.lead), n - 1 + Rows.perChunk)
        try s.rollback()
        XCTAssertEqual(StoreState(s), before)
        // And the table goes on growing where it stopped.
        try s.begin()
        let next = try s.create(Fixture.lead, slots: lead(n + 1))
        try s.commit()
        XCTAssertEqual(next.number, UInt32(n + 1))
        XCTAssertEqual(s.read(next), lead(n + 1))
    }
}
