// BulkMemoryTests: the store's bulk memory (BulkMemory.swift) — an owner's first 2 MiB
// are ordinary allocations, later pieces are carved from 2 MiB-aligned blocks, a piece
// given back is reclaimed only when it was the last carved — and the storage built on
// it: audit-log chunks (ChunkedDeque) and record chunks past the first 2 MiB, read,
// removed and rolled back across chunk and block boundaries.
import CRMBase
@testable import CRMStore
import XCTest

final class BulkMemoryTests: XCTestCase {
    func testCarverHandsOutDisjointAlignedPieces() {
        var carver = BulkCarver()
        let pieceBytes = 100_000   // not a multiple of the alignment
        var pieces: [BulkPiece] = []
        for _ in 0 ..< 60 { pieces.append(carver.piece(pieceBytes)) }   // ~6 MB: ordinary, then carved
        var ranges: [(UInt, UInt)] = []
        for p in pieces {
            let start = UInt(bitPattern: p.start)
            XCTAssertEqual(start % UInt(BulkBlock.alignment), 0)
            XCTAssertGreaterThanOrEqual(p.start, p.block.start)
            XCTAssertLessThanOrEqual(p.start + pieceBytes, p.block.start + p.block.size, "a piece lies inside its block")
            ranges.append((start, start + UInt(pieceBytes)))
        }
        ranges.sort { $0.0 < $1.0 }
        for i in 1 ..< ranges.count { XCTAssertLessThanOrEqual(ranges[i - 1].1, ranges[i].0, "pieces overlap") }
        // The first 2 MiB: a block per piece, of the piece's size (rounded to the alignment).
        let ordinary = BulkBlock.size / pieceBytes
        for p in pieces.prefix(ordinary) {
            XCTAssertFalse(p.block.mapped)
            XCTAssertEqual(p.block.size, (pieceBytes + 15) / 16 * 16)
        }
        // After: several pieces per 2 MiB block (aligned to 2 MiB when it is a mapping).
        let carved = pieces.dropFirst(ordinary + 1)
        XCTAssertTrue(carved.contains { $0.block === carved.first?.block && $0.start != carved.first?.start })
        for p in carved where p.block.mapped {
            XCTAssertEqual(UInt(bitPattern: p.block.start) % UInt(BulkBlock.size), 0)
            XCTAssertEqual(p.block.size, BulkBlock.size)
        }
        // Writing every byte of every piece leaves the others intact.
        for (i, p) in pieces.enumerated() { p.start.initializeMemory(as: UInt8.self, repeating: UInt8(i), count: pieceBytes) }
        for (i, p) in pieces.enumerated() {
            let bytes = UnsafeBufferPointer(start: p.start.assumingMemoryBound(to: UInt8.self), count: pieceBytes)
            XCTAssertTrue(bytes.allSatisfy { $0 == UInt8(i) }, "piece \(i)")
        }
    }

    func testGivingBackReclaimsOnlyTheLastPiece() {
        var carver = BulkCarver()
        _ = carver.piece(BulkBlock.size)   // the ordinary allocations are used up
        let a = carver.piece(1000), b = carver.piece(1000)
        XCTAssertTrue(a.block === b.block)
        a.giveBack()   // not the last: nothing reclaimed
        let c = carver.piece(1000)
        XCTAssertEqual(c.start, b.start + 1008, "after b, not over it")
        c.giveBack()   // the last: its bytes come back
        let d = carver.piece(1000)
        XCTAssertEqual(d.start, c.start)
        // A piece larger than half a block has a block of its own, of whole 2 MiB.
        let big = carver.piece(BulkBlock.size + 1)
        XCTAssertFalse(big.block === d.block)
        XCTAssertGreaterThanOrEqual(big.block.size, BulkBlock.size + 1)
        if big.block.mapped { XCTAssertEqual(big.block.size, 2 * BulkBlock.size) }
    }

    func testAuditChunksAcrossChunksAndBlocks() {
        var log = ChunkedDeque<AuditLog.Row>()
        // 16-byte rows, 4,096 per chunk (64 KiB): 3.5 MiB crosses from ordinary pieces into blocks.
        let n = 3 * BulkBlock.size / 16 / 2 + 17
        func row(_ i: Int) -> AuditLog.Row { AuditLog.Row(payload: UInt64(i), cause: Int32(i % 7), slot: UInt16(i % 9), kind: .field, tag: 3) }
        for i in 0 ..< n { log.append(row(i)) }
        XCTAssertEqual(log.count, n)
        for i in stride(from: 0, to: n, by: 997) { XCTAssertEqual(log[i].payload, UInt64(i)) }
        XCTAssertEqual(log.last?.payload, UInt64(n - 1))
        // Remove back across a chunk boundary, then grow again: the new rows read back.
        let chunk = ChunkedDeque<AuditLog.Row>.chunkSize
        let keep = (n / chunk - 1) * chunk - 5
        while log.count > keep { log.removeLast() }
        XCTAssertEqual(log.last?.payload, UInt64(keep - 1))
        for i in keep ..< n + chunk { log.append(row(i + 1_000_000)) }
        for i in stride(from: keep, to: n + chunk, by: 331) { XCTAssertEqual(log[i].payload, UInt64(i + 1_000_000)) }
        for i in stride(from: 0, to: keep, by: 1009) { XCTAssertEqual(log[i].payload, UInt64(i)) }
        log[7].payload = 42
        XCTAssertEqual(log[7].payload, 42)
        while !log.isEmpty { log.removeLast() }
        XCTAssertNil(log.last)
    }

    /// Enough records that the table's chunks come from blocks (past its first 2 MiB),
    /// with the audit log past its own; a rollback across chunks restores the state.
    func testRecordsInBlocksRollBack() throws {
        let s = Fixture.store(capturesChanges: false)
        let n = 2 * BulkBlock.size / (3 * MemoryLayout<StoredValue>.stride) + 1000
        func lead(_ i: Int) -> [StoredValue] { [.text("lead number \(i) with a long title"), .null, .int(Int64(i))] }
        try s.begin()
        for i in 1 ... n {
            let id = try s.create(Fixture.lead, slots: lead(i))
            try s.appendCreationAudit(time: Int64(i), actor: "tester", cause: .user, record: id, slots: lead(i))
        }
        try s.commit()
        let before = StoreState(s)
        try s.begin()
        for i in n + 1 ... n + 3 * Rows.perChunk { _ = try s.create(Fixture.lead, slots: lead(i)) }
        try s.update(RecordID(entity: Fixture.lead, number: 5), slot: 2, to: .int(-5))
        try s.rollback()
        XCTAssertEqual(StoreState(s), before)
        for i in [1, Rows.perChunk + 1, n / 2, n] {
            XCTAssertEqual(s.read(RecordID(entity: Fixture.lead, number: UInt32(i))), lead(i))
        }
        XCTAssertEqual(s.auditCount, 3 * n)
    }
}
