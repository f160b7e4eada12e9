// FileStore: durability round trips under each sync policy, checkpoints, torn tails at
// every byte offset, single-byte corruption anywhere, missing files, unknown versions,
// the writer lock and read-only opens.

@testable import CRMStore
import Foundation
import XCTest

final class FileStoreTests: FileStoreTestCase {
    func testCRC32CStandardVectors() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        // Slicing-by-8 and the byte loop agree on every length and alignment.
        let data = (0 ..< 100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for start in 0 ..< 9 {
            for end in start ... data.count {
                var c: UInt32 = 0xFFFF_FFFF
                for b in data[start ..< end] {
                    c ^= UInt32(b)
                    for _ in 0 ..< 8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
                }
                XCTAssertEqual(CRC32C.checksum(data, start ..< end), ~c, "\(start)..<\(end)")
            }
        }
    }

    func testEachSyncPolicyRoundTrips() throws {
        for policy in SyncPolicy.allCases {
            let d = try makeStore(policy.rawValue, count: 60, sync: policy)
            let s = try FileStore.open(directory: d, sync: policy)
            assertSameState(s, try FileFixture.expected(60), "\(policy)")
            XCTAssertEqual(s.sequence, 60)
            XCTAssertEqual(s.notices, [])
            XCTAssertEqual(s.manifest, FileFixture.manifest)
            try s.close()
        }
    }

    func testBatchFlushMakesCommitsDurableWithoutClose() throws {
        let s = try FileStore.open(directory: dir(), sync: .batch, manifest: FileFixture.manifest)
        for n in 0 ..< 40 { try FileFixture.transaction(n, on: s) }
        try s.flush()
        // A reader sees everything flushed while the writer is still open.
        let r = try FileStore.open(directory: dir(), readOnly: true)
        assertSameState(r, try FileFixture.expected(40))
        try s.close()
    }

    func testCheckpointsKeepStateAndRemoveTheOldGeneration() throws {
        let s = try FileStore.open(directory: dir(), sync: .none, manifest: FileFixture.manifest)
        s.checkpointBytes = 2_000
        for n in 0 ..< 200 { try FileFixture.transaction(n, on: s) }
        XCTAssertGreaterThan(s.generation, 2, "automatic checkpoints happened")
        try s.checkpoint()
        let g = s.generation
        try s.close()
        XCTAssertEqual(try files(dir()), ["LOCK", StoreFiles.journalName(g), StoreFiles.snapshotName(g)])
        let r = try FileStore.open(directory: dir())
        assertSameState(r, try FileFixture.expected(200))
        XCTAssertEqual(r.sequence, 200)
        // Writing continues after the checkpointed state.
        for n in 200 ..< 230 { try FileFixture.transaction(n, on: r) }
        try r.close()
        assertSameState(try FileStore.open(directory: dir(), readOnly: true), try FileFixture.expected(230))
    }

    /// The journal of a small store truncated at every byte offset: each open succeeds
    /// with the transactions whose frames are complete, and reports a torn tail exactly
    /// when the cut is not on a frame boundary.
    func testTruncationAtEveryByteOffset() throws {
        let count = 14
        let base = try makeStore(count: count)
        let path = try journal(base)
        let full = try bytes(path)
        // Frame boundaries, from the format.
        var ends = [FileFormat.headerSize]
        while let last = ends.last, case .success(let f) = Frames.read(full, at: last) { ends.append(f.end) }
        XCTAssertEqual(ends.count, count + 1)
        XCTAssertEqual(ends.last, full.count)
        let expected = try (0 ... count).map { try StoreState(FileFixture.expected($0)) }
        // One copy, re-cut each time: the snapshot never changes here (no checkpoint).
        let d = try copyStore(base, to: "cut")
        let cutPath = try journal(d)
        for cut in 0 ... full.count {
            try write(Array(full[0 ..< cut]), cutPath)
            let s: FileStore
            do { s = try FileStore.open(directory: d) } catch {
                XCTFail("cut at \(cut): open failed: \(error)"); continue
            }
            let complete = ends.lastIndex { $0 <= cut } ?? 0
            XCTAssertEqual(StoreState(s.memory), expected[complete], "cut at \(cut)")
            XCTAssertEqual(s.sequence, UInt64(complete))
            let boundary = ends.contains(cut)
            XCTAssertEqual(s.notices.contains { $0.contains("torn tail") }, !boundary, "cut at \(cut): \(s.notices)")
            // The torn part is gone from disk and the store keeps working.
            XCTAssertEqual(try bytes(try journal(d)).count, max(ends[complete], FileFormat.headerSize))
            try FileFixture.transaction(complete, on: s)
            try s.close()
            let again = try FileStore.open(directory: d, readOnly: true)
            XCTAssertEqual(again.notices, [])
            XCTAssertEqual(StoreState(again.memory), StoreState(try FileFixture.expected(complete + 1)), "cut at \(cut), reopened")
        }
    }

    /// Every single-byte change anywhere in the journal or the snapshot is reported as
    /// corruption (or an unknown version) naming the file — never opened silently.
    func testSingleByteFlipsAnywhereAreDetected() throws {
        let base = try makeStore(count: 12)
        for file in [try journal(base), try snapshotFile(base)] {
            let name = String(file.split(separator: "/").last ?? "")
            let original = try bytes(file)
            let d = try copyStore(base, to: "flip-\(name)")
            for i in 0 ..< original.count {
                for mask: UInt8 in [0x01, 0xA5] {
                    var b = original
                    b[i] ^= mask
                    try write(b, d + "/" + name)
                    do {
                        _ = try FileStore.open(directory: d, readOnly: true)
                        XCTFail("\(name) byte \(i) ^ \(mask): opened without an error")
                    } catch let e as FileStoreError {
                        switch e {
                        case let .corrupt(f, offset, _):
                            XCTAssertTrue(f.hasSuffix(name), "\(e)")
                            XCTAssertLessThanOrEqual(offset, original.count)
                        case .unknownVersion(let f, _, _, _): XCTAssertTrue(f.hasSuffix(name))
                        default: XCTFail("\(name) byte \(i): unexpected \(e)")
                        }
                    }
                }
            }
        }
    }

    func testCorruptionInTheMiddleNamesFileAndOffset() throws {
        let d = try makeStore(count: 10)
        let path = try journal(d)
        var b = try bytes(path)
        let full = b
        var ends = [FileFormat.headerSize]
        while let last = ends.last, case .success(let f) = Frames.read(full, at: last) { ends.append(f.end) }
        b[ends[3] + 20] ^= 0x10   // inside the body of the 4th frame
        try write(b, path)
        XCTAssertThrowsError(try FileStore.open(directory: d)) { error in
            XCTAssertEqual(error as? FileStoreError, .corrupt(file: path, offset: ends[3], what: "frame checksum mismatch"))
            XCTAssertTrue("\(error)".contains("corrupt at byte \(ends[3])"), "\(error)")
        }
        // Nothing was truncated by the failed open.
        XCTAssertEqual(try bytes(path), b)
    }

    func testMissingSnapshotOrJournalAndUnknownVersion() throws {
        let d = try makeStore(count: 5)
        let snap = try snapshotFile(d), jour = try journal(d)
        let snapBytes = try bytes(snap)
        try FileManager.default.removeItem(atPath: snap)
        XCTAssertThrowsError(try FileStore.open(directory: d)) { error in
            guard case .missing(let f, _)? = error as? FileStoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(f, snap)
        }
        try write(snapBytes, snap)
        let journalBytes = try bytes(jour)
        try FileManager.default.removeItem(atPath: jour)
        XCTAssertThrowsError(try FileStore.open(directory: d)) { error in
            XCTAssertEqual(error as? FileStoreError, .missing(file: jour, what: "the journal of snapshot \(snap.split(separator: "/").last ?? "")"))
        }
        // A future version with a valid header checksum is "unknown version", not corrupt.
        var future = journalBytes
        future[8] = 2
        Frames.store(CRC32C.checksum(future, 0 ..< 28), in: &future, at: 28)
        try write(future, jour)
        XCTAssertThrowsError(try FileStore.open(directory: d)) { error in
            XCTAssertEqual(error as? FileStoreError, .unknownVersion(file: jour, offset: 8, found: 2, supported: 1))
        }
        try write(journalBytes, jour)
        XCTAssertNoThrow(try FileStore.open(directory: d).close())
    }

    func testSecondWriterIsRefusedNamingThePidAndReadersMayOpen() throws {
        let w = try FileStore.open(directory: dir(), sync: .always, manifest: FileFixture.manifest)
        for n in 0 ..< 8 { try FileFixture.transaction(n, on: w) }
        XCTAssertThrowsError(try FileStore.open(directory: dir())) { error in
            XCTAssertEqual(error as? FileStoreError, .locked(directory: dir(), pid: getpid()))
            XCTAssertTrue("\(error)".contains("process \(getpid())"))
        }
        let r = try FileStore.open(directory: dir(), readOnly: true)
        assertSameState(r, try FileFixture.expected(8))
        // A reader cannot write; the refused transaction leaves no trace.
        XCTAssertThrowsError(try FileFixture.transaction(8, on: r)) { error in
            XCTAssertEqual(error as? FileStoreError, .readOnly(directory: dir()))
        }
        assertSameState(r, try FileFixture.expected(8))
        XCTAssertThrowsError(try r.checkpoint())
        try w.close()
        let w2 = try FileStore.open(directory: dir())
        XCTAssertEqual(w2.sequence, 8)
        try w2.close()
    }

    func testReadOnlyOpenOfNothingIsNotAStore() throws {
        XCTAssertThrowsError(try FileStore.open(directory: dir("empty"), readOnly: true)) { error in
            XCTAssertEqual(error as? FileStoreError, .notAStore(directory: dir("empty")))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir("empty")), "a read-only open creates nothing")
    }

    func testLeftoversOfAnInterruptedCheckpointAreIgnoredAndRemoved() throws {
        let d = try makeStore(count: 10)
        let s = try FileStore.open(directory: d, readOnly: true)
        let g = s.generation
        // Step 1 done (empty next journal), step 2 interrupted (temporary snapshot).
        try write(FileHeader(magic: FileFormat.journalMagic, generation: g + 1, sequence: 10).encoded(), d + "/" + StoreFiles.journalName(g + 1))
        try write([1, 2, 3], d + "/" + StoreFiles.snapshotName(g + 1) + ".tmp")
        let w = try FileStore.open(directory: d)
        assertSameState(w, try FileFixture.expected(10))
        XCTAssertTrue(w.notices.contains { $0.contains("leftovers") }, "\(w.notices)")
        try w.close()
        XCTAssertEqual(try files(d), ["LOCK", StoreFiles.journalName(g), StoreFiles.snapshotName(g)])
    }

    func testEntitiesDeclaredLaterAreJournaled() throws {
        let s = try FileStore.open(directory: dir(), manifest: ModelManifest())
        try s.declareEntity(Fixture.customer, Fixture.customerSchema)
        try s.declareEntity(Fixture.lead, Fixture.leadSchema)
        for n in 0 ..< 10 { try FileFixture.transaction(n, on: s) }
        try s.close()
        let r = try FileStore.open(directory: dir())
        XCTAssertEqual(r.manifest.entities.map(\.schema), [Fixture.customerSchema, Fixture.leadSchema])
        assertSameState(r, try FileFixture.expected(10))
        // Declaring the same layout again (as the interpreter does) is accepted; another is not.
        XCTAssertNoThrow(try r.declareEntity(Fixture.lead, Fixture.leadSchema))
        XCTAssertThrowsError(try r.declareEntity(Fixture.lead, Fixture.customerSchema))
        try r.close()
    }
}
