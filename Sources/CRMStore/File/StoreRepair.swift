// Repair: the one destructive fix, and only with consent. A journal damaged in the
// middle (or at a complete last frame) stops every open; `crm store repair` computes
// exactly what truncating the journal at the start of the first bad frame would drop,
// shows it, and truncates only when told to. Damaged snapshots and missing files are
// not repairable by truncation; the plan says so.

/// What `repair` would do.
public struct RepairPlan: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// The journal is cut to this length (the first bad frame's offset).
    public var truncateAt: Int
    public var droppedBytes: Int
    /// Transactions kept (the store's sequence after the repair).
    public var keptTransactions: UInt64
    /// Frames after the cut whose checksums are still valid (lost with it).
    public var droppedIntactFrames: Int
    public var reason: String

    public var description: String {
        "truncate \(file) at byte \(truncateAt): drops \(droppedBytes) bytes — the damaged frame"
            + (droppedIntactFrames > 0 ? " and \(droppedIntactFrames) intact frame\(droppedIntactFrames == 1 ? "" : "s") after it" : "")
            + " (\(reason)); the store keeps transactions 1…\(keptTransactions)"
    }
}

extension FileStore {
    /// nil when the store opens cleanly (a torn tail needs no repair: the next
    /// writable open drops it). Throws when the damage is not a journal's.
    public static func planRepair(directory: String) throws -> RepairPlan? {
        let error: FileStoreError
        do { _ = try Recovery.load(directory); return nil } catch let e as FileStoreError { error = e }
        guard case let .corrupt(file, offset, what) = error, file.hasSuffix(".log"),
              let g = StoreFiles.generation(String(file.split(separator: "/").last ?? ""), prefix: "journal-", ext: ".log") else {
            throw FileStoreError.invalid("not repairable by truncating the journal: \(error)\nrestore the store from an export (`crm store import`) or a backup")
        }
        let bytes = try Posix.readFile(file)
        var cut = 0
        let snap = directory + "/" + StoreFiles.snapshotName(g)
        var kept = (try? FileHeader.decode(Posix.readFile(snap), file: snap, magic: FileFormat.snapshotMagic))?.sequence ?? 0
        if offset >= FileFormat.headerSize, let h = try? FileHeader.decode(bytes, file: file, magic: FileFormat.journalMagic), h.generation == g {
            kept = h.sequence
            var at = FileFormat.headerSize
            cut = at
            while case .success(let f) = Frames.read(bytes, at: at), f.end <= offset {
                if f.kind == .transaction { kept = f.sequence }
                at = f.end
                cut = at
            }
            // The frame holding `offset` may itself read fine (a payload that does not
            // replay): it goes too, since `cut` is its start.
        }
        var intact = 0
        var at = cut
        if case .success(let f) = Frames.read(bytes, at: at) { at = f.end } else {
            // Skip the damaged frame by its announced length when that is plausible.
            if bytes.count - at >= FileFormat.frameHeaderSize {
                let len = Int(Frames.load(bytes, at))
                at = at + FileFormat.frameHeaderSize + len
            } else { at = bytes.count }
        }
        while at < bytes.count, case .success(let f) = Frames.read(bytes, at: at) { intact += 1; at = f.end }
        return RepairPlan(file: file, truncateAt: cut, droppedBytes: bytes.count - cut, keptTransactions: kept,
                          droppedIntactFrames: intact, reason: what)
    }

    /// Carries out a plan (under the writer's lock), then checks the store opens.
    public static func repair(directory: String, _ plan: RepairPlan) throws {
        let lock = try StoreLock.acquire(directory)
        defer { lock.release() }
        guard try planRepair(directory: directory) == plan else {
            throw FileStoreError.invalid("the store changed since the repair was planned; run repair again")
        }
        let f = try PosixFile(path: plan.file, flags: O_WRONLY)
        try f.truncate(to: plan.truncateAt)
        try f.sync()
        f.closeNow()
        _ = try Recovery.load(directory)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
