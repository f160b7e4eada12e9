// The binary encoding: round trips of every value and change kind, precise errors for
// malformed input, and fuzzing (random bytes, every truncation, single-byte mutations)
// with fixed seeds — decoding must throw or succeed, never trap.

import CRMBase
@testable import CRMStore
import XCTest

final class EncodingTests: XCTestCase {
    static let values: [StoredValue] = [
        .null, .bool(false), .bool(true), .int(0), .int(.min), .int(.max),
        .decimal(StoredDecimal(12345, scale: 2)), .decimal(StoredDecimal(high: .min, low: .max, scale: 38)),
        .money(StoredDecimal(-1, scale: 0), currency: "CNY"), .text(""), .text("客户名称 ✓ e\u{301}"),
        .date(-719_162), .datetime(1_700_000_000_000_000), .time(86_399), .duration(months: -1, micros: 5),
        .enumMember(3), .ref(RecordID(entity: 2, number: 7)), .ref(.none), .list([]),
        .list([.int(1), .list([.text("a"), .null])]),
    ]

    static let sample = ChangeSet([
        .create(RecordID(entity: 1, number: 1), values),
        .update(RecordID(entity: 1, number: 1), slot: 3, .text("x")),
        .delete(RecordID(entity: 1, number: 1)),
        .scheduleTimer(TimerEntry(id: 9, record: .none, rule: -1, fireAt: .min)),
        .rescheduleTimer(9, fireAt: 12), .cancelTimer(9), .fireTimer(10),
        .enqueue(OutboxMessage(id: 1, idempotencyKey: "k", channel: "email", recipient: "r", template: "t",
                               payload: [OutboxField(name: "a", value: .int(1))], record: RecordID(entity: 0, number: 1),
                               createdAt: 5, deliveredAt: 6)),
        .enqueue(OutboxMessage(id: 2, idempotencyKey: "", channel: "", recipient: "", template: "", createdAt: 0)),
        .acknowledge(1, at: 7),
        .audit(AuditEntry(sequence: 1, time: 2, actor: "alice", cause: .user, record: .none, change: .created)),
        .audit(AuditEntry(sequence: 2, time: 2, actor: "", cause: .rule(4), record: .none, change: .deleted)),
        .audit(AuditEntry(sequence: 3, time: 2, actor: "sys", cause: .system, record: RecordID(entity: 3, number: 2),
                          change: .field(slot: 1, before: .null, after: .list([.bool(true)])))),
    ])

    func testValueRoundTrips() throws {
        for v in Self.values {
            XCTAssertEqual(try StoredValue(decoding: v.encoded()), v, "\(v)")
        }
        XCTAssertEqual(StoredValue.int(1).encoded(), [3, 1, 0, 0, 0, 0, 0, 0, 0], "little-endian")
    }

    func testChangeSetRoundTrips() throws {
        XCTAssertEqual(try ChangeSet(decoding: Self.sample.encoded()), Self.sample)
        XCTAssertEqual(try ChangeSet(decoding: ChangeSet().encoded()), ChangeSet())
        XCTAssertEqual(ChangeSet().encoded(), [StoreFormat.version, 0, 0, 0, 0])
    }

    func testPreciseErrors() {
        func error(_ bytes: [UInt8]) -> StoreDecodingError? {
            do { _ = try ChangeSet(decoding: bytes); return nil } catch { return error as? StoreDecodingError }
        }
        XCTAssertEqual(error([]), StoreDecodingError(offset: 0, reason: "truncated format version: needs 1 bytes, 0 left"))
        XCTAssertEqual(error([9, 0, 0, 0, 0])?.reason, "unknown format version 9 (this build reads 1)")
        XCTAssertEqual(error([1, 1, 0, 0, 0, 99, 0]), StoreDecodingError(offset: 5, reason: "unknown change tag 99"))
        XCTAssertEqual(error([1, 0xFF, 0xFF, 0xFF, 0xFF])?.reason, "change count 4294967295 exceeds the 0 bytes left")
        XCTAssertEqual(error([1, 0, 0, 0, 0, 7])?.reason, "1 trailing bytes after 0 changes")
        // update of 0#1 slot 0 with a value tag 14
        let update: [UInt8] = [1, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 14]
        XCTAssertEqual(error(update), StoreDecodingError(offset: 18, reason: "unknown value tag 14"))
        // the same with a text of invalid UTF-8
        let text: [UInt8] = Array(update.dropLast()) + [6, 2, 0, 0, 0, 0xC3, 0x28]
        XCTAssertEqual(error(text), StoreDecodingError(offset: 23, reason: "text is not valid UTF-8"))
        // a record id that is neither a record nor `none`
        let badRef: [UInt8] = [1, 1, 0, 0, 0, 3, 5, 0, 0, 0, 0, 0, 0, 0]
        XCTAssertEqual(error(badRef), StoreDecodingError(offset: 6, reason: "record id 5#0 is neither a record nor `none`"))
        var deep = [UInt8]()
        for _ in 0 ... StoreFormat.maxListDepth { deep += [13, 1, 0, 0, 0] }
        deep.append(0)
        XCTAssertThrowsError(try StoredValue(decoding: deep)) {
            XCTAssertEqual(($0 as? StoreDecodingError)?.reason, "lists nested deeper than 64")
        }
    }

    func testEveryTruncationIsRefused() {
        let bytes = Self.sample.encoded()
        for n in 0 ..< bytes.count {
            XCTAssertThrowsError(try ChangeSet(decoding: Array(bytes.prefix(n))), "prefix \(n)")
        }
    }

    func testFuzzNeverTraps() {
        var rng = SeededRandom(seed: 7)
        let base = Self.sample.encoded()
        var decodedSomething = 0
        for _ in 0 ..< 20_000 {
            var bytes = base
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &rng) {
                bytes[Int.random(in: 0 ..< bytes.count, using: &rng)] = UInt8.random(in: 0 ... 255, using: &rng)
            }
            if (try? ChangeSet(decoding: bytes)) != nil { decodedSomething += 1 }
        }
        for _ in 0 ..< 20_000 {
            let n = Int.random(in: 0 ..< 64, using: &rng)
            var bytes = (0 ..< n).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            if Bool.random(using: &rng), !bytes.isEmpty { bytes[0] = StoreFormat.version }
            _ = try? ChangeSet(decoding: bytes)
            _ = try? StoredValue(decoding: bytes)
        }
        // Mutations of payload bytes (numbers, text) often still decode; that is fine —
        // catching them is the journal checksum's job. The decoder only must not trap.
        XCTAssertGreaterThan(decodedSomething, 0)
    }
}
