// StoreDriver owns `crm store stats|verify|repair|compact|export|import` below the
// command line: each returns what to print and the exit status (0 fine, 1 the store
// has a problem, 2 usage or I/O), so tests drive it directly.
import CRMBase
import CRMStore
import Foundation

/// What a store command printed and how it ended.
public struct StoreReport: Sendable {
    public var output = ""
    public var errors = ""
    public var exitStatus: Int32 = ExitStatus.clean
}

public enum StoreDriver {
    static func failure(_ error: any Error) -> StoreReport {
        var r = StoreReport()
        r.errors = "error: \(error)\n"
        if case .io? = error as? FileStoreError { r.exitStatus = ExitStatus.usage } else { r.exitStatus = ExitStatus.problems }
        return r
    }

    static func notes(_ store: FileStore) -> String { store.notices.map { "note: \($0)\n" }.joined() }

    /// `crm store stats DIR`.
    public static func stats(_ directory: String) -> StoreReport {
        do {
            let s = try FileStore.open(directory: directory, readOnly: true)
            var r = StoreReport()
            r.errors = notes(s)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            var out = "store \(directory)\n"
            out += "  generation \(s.generation), \(s.sequence) transactions committed\n"
            for f in files.sorted() where f != "LOCK" {
                let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + f)[.size] as? NSNumber)?.intValue ?? 0
                out += "  \(f): \(size) bytes\n"
            }
            out += "  model fingerprint \(s.manifest.fingerprintText) (\(s.manifest.entities.count) entities, \(s.manifest.rules.count) rules)\n"
            out += "records:\n"
            for e in s.manifest.entities {
                out += "  \(e.schema.name): \(s.count(of: e.id)) live, \(s.allocated(e.id) - s.count(of: e.id)) deleted\n"
            }
            let messages = s.allMessages
            out += "timers: \(s.timerCount) pending\n"
            out += "outbox: \(messages.count) messages, \(messages.filter(\.isPending).count) pending\n"
            out += "audit: \(s.auditCount) entries\n"
            r.output = out
            return r
        } catch { return failure(error) }
    }

    /// `crm store verify DIR`: reads every frame, checks every checksum, replays everything.
    public static func verify(_ directory: String) -> StoreReport {
        do {
            let s = try FileStore.open(directory: directory, readOnly: true)
            var r = StoreReport()
            r.errors = s.notices.map { "warning: \($0) (the next writable open drops it)\n" }.joined()
            r.output = "ok: \(directory): generation \(s.generation), \(s.sequence) transactions, every checksum matches and the journal replays\n"
            return r
        } catch { return failure(error) }
    }

    /// `crm store repair DIR [--yes]`: shows what truncation would drop; does it with `yes`.
    public static func repair(_ directory: String, yes: Bool) -> StoreReport {
        var r = StoreReport()
        do {
            guard let plan = try FileStore.planRepair(directory: directory) else {
                let s = try FileStore.open(directory: directory, readOnly: true)
                r.output = "nothing to repair: \(directory) opens cleanly (\(s.sequence) transactions)\n"
                    + s.notices.map { "note: \($0) (the next writable open drops it)\n" }.joined()
                return r
            }
            if !yes {
                r.output = "would \(plan)\nrun again with --yes to do it\n"
                r.exitStatus = ExitStatus.problems
                return r
            }
            try FileStore.repair(directory: directory, plan)
            r.output = "repaired: did \(plan)\n"
            return r
        } catch { return failure(error) }
    }

    /// `crm store compact DIR`: a checkpoint — snapshot the state, start an empty journal.
    public static func compact(_ directory: String) -> StoreReport {
        do {
            let s = try FileStore.open(directory: directory)
            let before = size(directory)
            try s.checkpoint()
            try s.close()
            var r = StoreReport()
            r.errors = notes(s)
            r.output = "compacted \(directory): generation \(s.generation), \(before) → \(size(directory)) bytes\n"
            return r
        } catch { return failure(error) }
    }

    static func size(_ directory: String) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: directory + "/" + $1)[.size] as? NSNumber)?.intValue ?? 0) }
    }

    /// `crm store export DIR`: JSON lines on `output`.
    public static func export(_ directory: String) -> StoreReport {
        do {
            let s = try FileStore.open(directory: directory, readOnly: true)
            var r = StoreReport()
            r.errors = notes(s)
            r.output = try StoreExport.export(s)
            return r
        } catch { return failure(error) }
    }

    /// `crm store import DIR FILE`: a new store from an export.
    public static func importStore(_ directory: String, text: String) -> StoreReport {
        do {
            let s = try StoreExport.importStore(text, into: directory)
            try s.close()
            var r = StoreReport()
            r.output = "imported into \(directory): the state after transaction \(s.sequence) (generation \(s.generation))\n"
            return r
        } catch { return failure(error) }
    }
}
