// Shared fixtures for the file-store tests: a temporary directory per test, the
// Fixture schemas as a manifest, a deterministic transaction workload that can run on
// any Store (so the expected state is the same workload on a MemoryStore), and file
// helpers (copy a store, patch bytes).

import CRMBase
@testable import CRMStore
import Foundation
import XCTest

enum FileFixture {
    static let manifest = ModelManifest(entities: [
        ManifestEntity(id: Fixture.customer, schema: Fixture.customerSchema),
        ManifestEntity(id: Fixture.lead, schema: Fixture.leadSchema),
    ], rules: ["r0", "r1", "r2"])

    /// Transaction number `n` (0-based) of the workload: creates, updates, deletes,
    /// timers, outbox and audit, chosen by `n` alone so any prefix can be replayed.
    static func transaction(_ n: Int, on s: any Store) throws {
        try s.transaction {
            var rng = SeededRandom(seed: UInt64(n) &* 7919 &+ 1)
            let customers = s.records(of: Fixture.customer)
            let leads = s.records(of: Fixture.lead)
            switch n % 7 {
            case 0, 3:
                _ = try s.create(Fixture.customer, slots: [.text("客户 \(n)"), .text("c\(n)@example.com")])
            case 1, 4:
                let owner: StoredValue = customers.randomElement(using: &rng).map { .ref($0) } ?? .null
                let lead = try s.create(Fixture.lead, slots: [.text("lead \(n)"), owner, .int(Int64(n))])
                _ = try s.scheduleTimer(record: lead, rule: Int32(n % 3), fireAt: Int64(n) * 1000)
            case 2:
                if let l = leads.randomElement(using: &rng) {
                    try s.update(l, [(slot: 2, value: .list([.int(Int64(n)), .decimal(StoredDecimal(-5, scale: 2))]))])
                }
                _ = try s.enqueue(OutboxMessage(idempotencyKey: "k\(n)", channel: "sms", recipient: "138", template: "t",
                                                payload: [OutboxField(name: "n", value: .money(StoredDecimal(995, scale: 2), currency: "CNY"))],
                                                createdAt: Int64(n)))
            case 5:
                if n % 2 == 1, let l = leads.randomElement(using: &rng) { try s.delete(l) }
                if let p = s.pendingMessages(limit: 1).first { try s.acknowledge(p.id, at: Int64(n)) }
            default:
                _ = try s.popDueTimer(upTo: Int64(n) * 500)
                try s.appendAudit(AuditEntry(time: Int64(n), actor: "张三", cause: .rule(1), record: leads.first ?? .none,
                                             change: .field(slot: 2, before: .null, after: .bool(true))))
            }
        }
    }

    /// The expected state after the first `count` transactions.
    static func expected(_ count: Int) throws -> MemoryStore {
        let m = Fixture.store()
        for n in 0 ..< count { try transaction(n, on: m) }
        return m
    }
}

class FileStoreTestCase: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        // RAM-backed when available: these tests fsync thousands of times and check
        // logic, not the disk (the crash harness and the benchmark use the real disk).
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        root = base + "crm-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func dir(_ name: String = "s") -> String { root + "/" + name }

    /// A store with the first `count` workload transactions, closed.
    @discardableResult
    func makeStore(_ name: String = "s", count: Int, sync: SyncPolicy = .none) throws -> String {
        let s = try FileStore.open(directory: dir(name), sync: sync, manifest: FileFixture.manifest)
        for n in 0 ..< count { try FileFixture.transaction(n, on: s) }
        try s.close()
        return dir(name)
    }

    func files(_ d: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: d).sorted()
    }

    func journal(_ d: String) throws -> String {
        let name = try XCTUnwrap(files(d).first { $0.hasPrefix("journal-") })
        return d + "/" + name
    }

    func snapshotFile(_ d: String) throws -> String {
        let name = try XCTUnwrap(files(d).first { $0.hasPrefix("snapshot-") && $0.hasSuffix(".snap") })
        return d + "/" + name
    }

    func copyStore(_ from: String, to name: String) throws -> String {
        let to = dir(name)
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
        return to
    }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    func write(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// Asserts that `store` holds exactly what `expected` holds.
    func assertSameState(_ store: FileStore, _ expected: MemoryStore, _ message: String = "",
                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(StoreState(store.memory), StoreState(expected), message, file: file, line: line)
        XCTAssertEqual(try store.snapshot(), try expected.snapshot(), message, file: file, line: line)
    }
}
