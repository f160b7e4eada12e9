// JournalWriter appends frames to the open journal file under a sync policy:
//
// - `always`: the committing thread writes the frame and fdatasyncs before `commit`
//   returns — an acknowledged transaction survives power loss. One fsync per commit.
// - `batch` (group commit): commits append to a buffer and return; a flusher thread
//   writes whatever has accumulated and fdatasyncs it, while new commits keep
//   accumulating. Throughput is bounded by CPU, not by the disk; a commit reaches the
//   disk within about two fsync times (the bounded delay). A crash loses at most the
//   transactions of that window, never a prefix-violating subset: frames are written in
//   order, so recovery still yields a committed prefix. `flush()` waits until all is
//   durable (close, checkpoint, end of `crm run`).
// - `none`: buffered writes, no fsync (tests, bulk loads); the OS decides. A process
//   crash loses nothing that was written, a power loss may lose any suffix.
//
// A failed write or fsync poisons the writer: later appends throw, so no commit is ever
// acknowledged after an earlier one was lost.
import Foundation

/// When a commit is forced to disk.
public enum SyncPolicy: String, Sendable, CaseIterable {
    case always, batch, none

    /// The default: every acknowledged transaction is on disk.
    public static let safeDefault = SyncPolicy.always
}

final class JournalWriter: @unchecked Sendable {
    let policy: SyncPolicy
    private(set) var file: PosixFile
    /// Bytes handed to `append` so far (the file's logical length).
    private(set) var length: Int

    // Batch/none state. `pending` is guarded by `condition` in batch mode.
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var writing = false
    private var failure: FileStoreError?
    private var stopping = false
    private var thread: Thread?
    /// Bound on unflushed bytes in batch mode (back-pressure on the committer).
    private let maxPending = 16 << 20

    init(file: PosixFile, length: Int, policy: SyncPolicy) {
        self.file = file
        self.length = length
        self.policy = policy
        pending.reserveCapacity(1 << 16)
        if policy == .batch {
            let t = Thread { self.flushLoop() }
            t.name = "crm-journal-flush"
            thread = t
            t.start()
        }
    }

    /// Appends frames (one commit's worth).
    func append(_ frame: [UInt8]) throws {
        switch policy {
        case .always:
            if let failure { throw failure }
            do {
                try file.writeAll(frame)
                try file.syncData()
            } catch let e as FileStoreError {
                failure = e
                throw e
            }
            length += frame.count
        case .none:
            if let failure { throw failure }
            pending.append(contentsOf: frame)
            length += frame.count
            if pending.count >= 1 << 18 { try writePending() }
        case .batch:
            condition.lock()
            defer { condition.unlock() }
            while pending.count >= maxPending && failure == nil { condition.wait() }
            if let failure { throw failure }
            pending.append(contentsOf: frame)
            length += frame.count
            condition.broadcast()
        }
    }

    /// `none` mode: writes the buffer (no fsync).
    private func writePending() throws {
        guard !pending.isEmpty else { return }
        do { try file.writeAll(pending) } catch let e as FileStoreError { failure = e; throw e }
        pending.removeAll(keepingCapacity: true)
    }

    /// Waits until everything appended is written (and, unless `none`, synced).
    func flush() throws {
        switch policy {
        case .always:
            if let failure { throw failure }
        case .none:
            try writePending()
        case .batch:
            condition.lock()
            defer { condition.unlock() }
            while (!pending.isEmpty || writing) && failure == nil { condition.wait() }
            if let failure { throw failure }
        }
    }

    /// Flushes, fsyncs (also under `none`: a clean close leaves a durable store), stops
    /// the flusher and closes the file.
    func close() throws {
        defer {
            condition.lock(); stopping = true; condition.broadcast(); condition.unlock()
            file.closeNow()
        }
        try flush()
        if policy == .none { try file.syncData() }
    }

    private func flushLoop() {
        condition.lock()
        while true {
            while pending.isEmpty && !stopping { condition.wait() }
            if pending.isEmpty && stopping { break }
            var batch: [UInt8] = []
            swap(&batch, &pending)
            pending.reserveCapacity(batch.count)
            writing = true
            condition.unlock()
            var error: FileStoreError?
            do {
                try file.writeAll(batch)
                try file.syncData()
            } catch let e as FileStoreError { error = e } catch { }
            condition.lock()
            writing = false
            if let error, failure == nil { failure = error }
            condition.broadcast()
            if failure != nil { pending.removeAll(); if stopping { break } }
        }
        condition.unlock()
    }
}
