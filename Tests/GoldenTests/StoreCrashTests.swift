// The crash harness of the durable store (issue 5): the built `crm` runs a stream of
// events against a store with `--sync always --acks`, printing `ack LINE` after each
// commit; the test SIGKILLs it at a random moment (fixed seeds), reopens the store and
// asserts it equals the in-memory replay of exactly the acknowledged events, or of
// those plus the one in flight — never less, never anything else.
//
// CI runs CRM_CRASH_TRIALS trials (default 16, a few seconds); the full run is
//   CRM_CRASH_TRIALS=200 swift test --filter StoreCrashTests
import CRMBase
import CRMRuntime
import CRMStore
import CRMTools
import Foundation
import XCTest

final class StoreCrashTests: XCTestCase {
    static let model = """
    enum Source { web, shop, fair }

    entity Lead {
      name: text required
      source: Source required
      score: int = 0
      created_at: datetime readonly = now()
      tags: set<text>
      lifecycle status { stages new, contacted, won terminal
        new -> contacted -> won }
    }

    rule web_bonus on Lead created where source == web do {
      set score = score + 10
      tag "web"
    }

    rule nurture at Lead.created_at + 7 days where status == new do { tag "nurture" }
    """

    /// `count` events: creates, updates of recent leads, stage moves (each one transaction).
    static func events(_ count: Int) -> [String] {
        var lines: [String] = [], recent: [String] = []
        for i in 1 ... count {
            let at = "\"id\":\"e\(i)\",\"at\":\"2026-03-02T09:00\""
            if i % 5 == 0, !recent.isEmpty {
                lines.append("{\(at),\"update\":\"\(recent[max(0, recent.count - 2)])\",\"fields\":{\"score\":\(i)}}")
            } else if i % 7 == 0, !recent.isEmpty {
                lines.append("{\(at),\"move\":\"\(recent.removeFirst())\",\"to\":\"contacted\"}")
            } else {
                lines.append("{\(at),\"create\":\"Lead\",\"as\":\"l\(i)\",\"fields\":{\"name\":\"Lead \(i) 线索\",\"source\":\"\(["web", "shop", "fair"][i % 3])\"}}")
                recent.append("l\(i)")
            }
        }
        return lines
    }

    /// A fresh temporary folder holding the model and 250 events; the caller removes it.
    static func workspace(_ prefix: String) throws -> (root: String, model: String, events: String, lines: [String]) {
        let root = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let modelPath = root + "/model.crm", eventsPath = root + "/events.jsonl"
        try model.write(toFile: modelPath, atomically: true, encoding: .utf8)
        let lines = events(250)
        try (lines.joined(separator: "\n") + "\n").write(toFile: eventsPath, atomically: true, encoding: .utf8)
        return (root, modelPath, eventsPath, lines)
    }

    func testKilledWriterLeavesExactlyTheAcknowledgedPrefix() throws {
        let crm = try XCTUnwrap(CLIHarness.binary, "the crm binary is needed (swift build)")
        let trials = Int(ProcessInfo.processInfo.environment["CRM_CRASH_TRIALS"] ?? "") ?? 16
        let (root, modelPath, eventsPath, lines) = try Self.workspace("crm-crash")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (lowered, check) = RunDriver.lower(paths: [modelPath])
        let program = try XCTUnwrap(lowered, "\(check.diagnostics.map(\.message))")
        let options = RunOptions(now: "2026-03-02T09:00", eventsPath: eventsPath)

        // Expected states, memoised by prefix length.
        var expected: [Int: ChangeSet] = [:]
        func replay(_ k: Int) throws -> ChangeSet {
            if let e = expected[k] { return e }
            let store = MemoryStore()
            let report = RunDriver.run(program, events: lines.prefix(k).joined(separator: "\n"), options: options, store: store)
            XCTAssertEqual(report.exitStatus, 0, report.errors)
            let s = try store.snapshot()
            expected[k] = s
            return s
        }

        // How long a full run takes, so kills spread over its whole length.
        let t0 = Date()
        let full = try runChild(crm, modelPath, eventsPath, root + "/calibrate", killAfter: nil)
        let duration = Date().timeIntervalSince(t0)
        XCTAssertEqual(full.acked, lines.count, "an unkilled run acknowledges every event")

        var rng = SeededRandom(seed: 0x5EED_0005)
        var outcomes = (none: 0, exact: 0, inFlight: 0, all: 0)
        for trial in 0 ..< trials {
            let dir = root + "/t\(trial)"
            let delay = Double(rng.next() % 1000) / 1000 * duration * 1.1
            let run = try runChild(crm, modelPath, eventsPath, dir, killAfter: delay)
            let k = run.acked
            let store: FileStore
            do { store = try FileStore.open(directory: dir, readOnly: true) } catch FileStoreError.notAStore {
                // Killed before the store's first snapshot was in place.
                XCTAssertEqual(k, 0, "trial \(trial): \(k) events acknowledged but there is no store")
                outcomes.none += 1
                continue
            }
            // A writable reopen (which drops a torn tail) sees the same.
            let writable = try FileStore.open(directory: dir, sync: .none)
            XCTAssertEqual(try writable.snapshot(), try store.snapshot(), "trial \(trial)")
            try writable.close()
            let state = try store.snapshot()
            if state == (try replay(k)) {
                outcomes.exact += 1
                if k == lines.count { outcomes.all += 1 }
            } else if k < lines.count, state == (try replay(k + 1)) {
                outcomes.inFlight += 1
            } else {
                XCTFail("trial \(trial) (seed delay \(delay) s): the store after \(k) acknowledged events equals neither the replay of \(k) nor of \(k + 1) events")
            }
        }
        print("crash harness: \(trials) trials — \(outcomes.exact) exact acknowledged prefix (\(outcomes.all) complete runs), \(outcomes.inFlight) with the in-flight event, \(outcomes.none) killed before the store existed; full run \(String(format: "%.3f", duration)) s")
    }

    /// Under `batch` an ack is not yet durable, but a killed writer still leaves some
    /// committed prefix: never a gap, never a half transaction.
    func testKilledBatchWriterLeavesAPrefix() throws {
        let crm = try XCTUnwrap(CLIHarness.binary)
        let (root, modelPath, eventsPath, lines) = try Self.workspace("crm-crash-batch")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let program = try XCTUnwrap(RunDriver.lower(paths: [modelPath]).program)
        let options = RunOptions(now: "2026-03-02T09:00", eventsPath: eventsPath)
        var rng = SeededRandom(seed: 0xBA7C)
        for trial in 0 ..< 4 {
            let dir = root + "/t\(trial)"
            let run = try runChild(crm, modelPath, eventsPath, dir, killAfter: 0.05 + Double(rng.next() % 100) / 400, sync: "batch")
            guard let store = try? FileStore.open(directory: dir, readOnly: true) else {
                XCTAssertFalse(StoreFilesProbeForTests.isStore(dir), "trial \(trial): a store that does not open")
                continue
            }
            let state = try store.snapshot()
            // The store's transactions are exactly the first `sequence` events' (one each).
            let k = Int(store.sequence)
            XCTAssertLessThanOrEqual(k, min(lines.count, run.acked + 1), "trial \(trial)")
            let replayed = MemoryStore()
            _ = RunDriver.run(program, events: lines.prefix(k).joined(separator: "\n"), options: options, store: replayed)
            XCTAssertEqual(state, try replayed.snapshot(), "trial \(trial): \(k) transactions on disk, \(run.acked) acked")
        }
    }

    /// Runs `crm run … --store dir --sync always --acks`, SIGKILLs it after `killAfter`
    /// seconds (nil: lets it finish) and returns the last acknowledged event line.
    func runChild(_ crm: String, _ model: String, _ events: String, _ dir: String, killAfter: Double?,
                  sync: String = "always") throws -> (acked: Int, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: crm)
        p.arguments = ["run", model, "--events", events, "--store", dir, "--sync", sync, "--now", "2026-03-02T09:00", "--acks"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Read concurrently so a full pipe never blocks the child.
        let collected = DataBox()
        let reader = Thread {
            let d = out.fileHandleForReading.readDataToEndOfFile()
            collected.set(d)
        }
        reader.start()
        if let killAfter {
            Thread.sleep(forTimeInterval: killAfter)
            kill(p.processIdentifier, SIGKILL)
        }
        p.waitUntilExit()
        let text = String(decoding: collected.wait(), as: UTF8.self)
        var last = 0
        for line in text.split(separator: "\n") where line.hasPrefix("ack ") {
            if let n = Int(line.dropFirst(4)) {
                XCTAssertEqual(n, last + 1, "acks come in order")
                last = n
            }
        }
        return (last, p.terminationStatus)
    }
}

/// The pipe's bytes, handed from the reader thread.
final class DataBox: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()
    func set(_ d: Data) { data = d; done.signal() }
    func wait() -> Data { done.wait(); return data }
}

enum StoreFilesProbeForTests {
    static func isStore(_ dir: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasSuffix(".snap") }
    }
}
