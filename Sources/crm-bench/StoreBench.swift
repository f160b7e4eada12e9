// The durable-store figures of crm-bench (issue 5, "Speed"): small transactions (one
// 4-field record each, like a lead arriving) committed to a FileStore under `batch`
// (200,000) and `always` (5,000) sync, and reopening a store of 1,000,000 records.
// Benchmarks/sqlite_reference.py does the same writes with SQLite (WAL) and a bare
// append+fsync loop, for the comparison in the issue's closing note. Files go to
// $CRM_BENCH_DIR (default: the system temporary directory), on the disk being measured.
import CRMStore
import CRMTools
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum StoreBench {
    static let schema = EntitySchema(name: "Lead", slotNames: ["name", "source", "score", "created_at"])
    static let manifest = ModelManifest(entities: [ManifestEntity(id: 0, schema: schema)], rules: [])

    static func directory(_ name: String) -> String {
        let base = ProcessInfo.processInfo.environment["CRM_BENCH_DIR"] ?? NSTemporaryDirectory()
        let dir = (base.hasSuffix("/") ? base : base + "/") + "crm-bench-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    static func slots(_ i: Int) -> [StoredValue] {
        [.text("Lead \(i)"), .enumMember(Int32(i % 6)), .int(Int64(i % 100)), .datetime(1_772_409_600_000_000 + Int64(i) * 1_000_000)]
    }

    /// Commits `n` one-record transactions; returns seconds (the final flush included).
    static func commit(_ n: Int, sync: SyncPolicy, dir: String) -> Double {
        do {
            let store = try FileStore.open(directory: dir, sync: sync, manifest: manifest)
            let input = (0 ..< n).map(slots)
            let t0 = now()
            for s in input {
                try store.begin()
                _ = try store.create(0, slots: s)
                try store.commit()
            }
            try store.flush()
            let elapsed = now() - t0
            try store.close()
            return elapsed
        } catch {
            Terminal.write("error: store bench (\(sync)): \(error)\n", to: .standardError)
            exit(1)
        }
    }

    /// `store-batch`: events/s under group commit.
    static func batch() -> String {
        let n = 200_000
        var best = Double.infinity
        for _ in 0 ..< 3 {
            let dir = directory("batch")
            best = min(best, commit(n, sync: .batch, dir: dir))
            try? FileManager.default.removeItem(atPath: dir)
        }
        return "\(Int(Double(n) / best)) events/s"
    }

    /// `store-always`: events/s with an fdatasync per commit; stderr also shows a bare
    /// write+fdatasync loop of the same frame size on the same disk.
    static func always() -> String {
        let n = 5_000
        let dir = directory("always")
        let seconds = commit(n, sync: .always, dir: dir)
        try? FileManager.default.removeItem(atPath: dir)
        let bare = bareAppendSync(n)
        Terminal.write("store-always: \(Int(Double(n) / seconds)) events/s; bare write+fdatasync loop (\(frameSize) bytes): \(Int(Double(n) / bare)) writes/s\n",
                       to: .standardError)
        return "\(Int(Double(n) / seconds)) events/s"
    }

    /// The size of one bench transaction's journal frame.
    static let frameSize = 120

    static func bareAppendSync(_ n: Int) -> Double {
        let path = directory("bare")
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0o644)
        guard fd >= 0 else { return .infinity }
        defer { close(fd); unlink(path) }
        let record = [UInt8](repeating: 0x42, count: frameSize)
        let t0 = now()
        for _ in 0 ..< n {
            _ = record.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            _ = fdatasync(fd)
        }
        return now() - t0
    }

    /// `store-reopen-1m`: seconds to open a store of 1,000,000 records (snapshot plus
    /// journal tail, as automatic checkpoints leave it), best of 3.
    static func reopen() -> String {
        let n = 1_000_000
        let dir = directory("reopen")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let build = commit(n, sync: .none, dir: dir)
        var best = Double.infinity, bestCPU = Double.infinity
        var detail = ""
        for _ in 0 ..< 3 {
            do {
                let t0 = now(), c0 = cpuTime()
                let store = try FileStore.open(directory: dir, sync: .none, manifest: manifest)
                let elapsed = now() - t0
                bestCPU = min(bestCPU, cpuTime() - c0)
                if store.count(of: 0) != n {
                    Terminal.write("error: reopened \(store.count(of: 0)) records, expected \(n)\n", to: .standardError)
                    exit(1)
                }
                best = min(best, elapsed)
                detail = "generation \(store.generation), \(store.sequence) transactions"
                try store.close()
            } catch {
                Terminal.write("error: store-reopen-1m: \(error)\n", to: .standardError)
                exit(1)
            }
        }
        let size = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).reduce(0) {
            $0 + ((try? FileManager.default.attributesOfItem(atPath: dir + "/" + $1)[.size] as? NSNumber)?.intValue ?? 0)
        }
        Terminal.write("store-reopen-1m: built in \(String(format: "%.2f", build)) s (sync none), \(size) bytes on disk, \(detail); best open \(String(format: "%.3f", bestCPU)) s of CPU time (wall time varies with the machine's load)\n", to: .standardError)
        return "\(String(format: "%.3f", best)) s"
    }

    /// This thread's CPU time in seconds (wall time on a shared machine includes waiting).
    static func cpuTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
