// FileStore: the durable Store. State lives in a MemoryStore (so reads, indexes and
// transactions behave exactly like the in-memory store); each committed transaction's
// changes are appended to the journal as one checksummed frame before the commit is
// acknowledged (under the sync policy, JournalWriter.swift). Periodic checkpoints write
// the whole state as a snapshot and start a new, empty journal, so opening replays
// only what came after the last checkpoint.
//
// Directory layout: snapshot-N.snap + journal-N.log (generation N), LOCK (the writer's
// pid, StoreLock.swift). Formats: Frames.swift. Recovery rules: Recovery.swift.
//
// Checkpoint (also `crm store compact`), crash-safe at every step:
//   1. journal-(N+1).log with only its header, fsync;
//   2. snapshot-(N+1).snap.tmp, fsync, rename to snapshot-(N+1).snap, fsync directory
//      — the rename is the commit point: before it, generation N is authoritative and
//      the new empty journal is a leftover; after it, generation N+1 is;
//   3. append to the new journal; remove generation N's files, fsync directory.

/// A durable, crash-safe Store in a directory.
public final class FileStore: Store {
    public let directory: String
    public let readOnly: Bool
    public let sync: SyncPolicy
    let memory: MemoryStore
    /// The model the store was written with (or migrated to on open).
    public private(set) var manifest: ModelManifest
    /// What recovery and model migration reported on open (torn tail dropped, …).
    public private(set) var notices: [String]
    public private(set) var generation: UInt64
    /// Committed transactions in the store's whole history.
    public private(set) var sequence: UInt64
    /// Checkpoint automatically once the journal is larger than this and than the last
    /// snapshot (so checkpoint cost stays proportional to the work since the last one).
    public var checkpointBytes = 64 << 20
    private(set) var snapshotBytes: Int
    var writer: JournalWriter?
    var lock: StoreLock?
    var failed: String?
    var frame: [UInt8] = []

    // MARK: Opening

    /// Opens (or, when writable and the directory holds no store, creates) the store in
    /// `directory`.
    ///
    /// - `manifest`: the model about to use the store. nil: use the stored one (tools
    ///   such as `crm store stats`); a new store then starts empty. When it differs from
    ///   the stored one, ModelCompatibility decides: compatible changes migrate the
    ///   data (a checkpoint with the new manifest when writable), incompatible ones throw
    ///   `FileStoreError.incompatibleModel` and nothing is written.
    /// - `readOnly`: no lock, no writes (a torn tail is ignored, not truncated);
    ///   transactions that change something are refused at commit.
    public static func open(directory: String, sync: SyncPolicy = .safeDefault, readOnly: Bool = false,
                            manifest: ModelManifest? = nil) throws -> FileStore {
        if readOnly {
            guard Posix.isDirectory(directory), StoreFiles.isStore(directory) else { throw FileStoreError.notAStore(directory: directory) }
            // A writer may finish a checkpoint between our listing and our reads (its
            // old generation vanishes); the next listing then finds the new one.
            var attempt = 0
            var loaded: Recovered?
            while loaded == nil {
                do { loaded = try Recovery.load(directory) } catch let e as FileStoreError {
                    attempt += 1
                    let vanished: Bool = switch e { case .missing, .io: true; default: false }
                    if !vanished || attempt >= 3 { throw e }
                }
            }
            guard let r = loaded else { throw FileStoreError.notAStore(directory: directory) }
            var notices = r.notices
            var memory = r.memory, stored = r.manifest
            if let manifest, manifest.fingerprint != stored.fingerprint {
                let m = try ModelCompatibility.migrate(memory, from: stored, to: manifest)
                memory = m.store
                stored = manifest
                notices += m.notes.map { "model changed (not written, read-only): \($0)" }
            }
            return FileStore(directory: directory, readOnly: true, sync: sync, memory: memory, manifest: stored,
                             notices: notices, generation: r.generation, sequence: r.sequence, snapshotBytes: r.snapshotBytes)
        }
        try Posix.makeDirectory(directory)
        let lock = try StoreLock.acquire(directory)
        do {
            guard StoreFiles.isStore(directory) else {
                let m = manifest ?? ModelManifest()
                let memory = MemoryStore()
                for e in m.entities { try memory.declareEntity(e.id, e.schema) }
                let store = FileStore(directory: directory, readOnly: false, sync: sync, memory: memory, manifest: m,
                                      notices: [], generation: 0, sequence: 0, snapshotBytes: 0)
                store.lock = lock
                try store.checkpoint()
                return store
            }
            let r = try Recovery.load(directory)
            var memory = r.memory, stored = r.manifest, notices = r.notices
            var migrated = false
            if let manifest, manifest.fingerprint != stored.fingerprint {
                // Checked and migrated in memory first: an incompatible model throws here,
                // before any file is touched.
                let m = try ModelCompatibility.migrate(memory, from: stored, to: manifest)
                memory = m.store
                stored = manifest
                notices += m.notes.map { "model changed: \($0)" }
                migrated = true
            }
            let store = FileStore(directory: directory, readOnly: false, sync: sync, memory: memory, manifest: stored,
                                  notices: notices, generation: r.generation, sequence: r.sequence, snapshotBytes: r.snapshotBytes)
            store.lock = lock
            if migrated {
                // The new snapshot supersedes the old journal, torn tail included.
                try store.checkpoint()
            } else {
                let f = try PosixFile(path: r.journalPath, flags: O_WRONLY | O_APPEND)
                if r.journalValidEnd < FileFormat.headerSize {
                    try f.truncate(to: 0)
                    try f.writeAll(FileHeader(magic: FileFormat.journalMagic, generation: r.generation,
                                              sequence: r.snapshotSequence).encoded())
                    try f.syncData()
                } else if r.journalValidEnd < r.journalBytes {
                    try f.truncate(to: r.journalValidEnd)
                    try f.syncData()
                }
                store.writer = JournalWriter(file: f, length: max(r.journalValidEnd, FileFormat.headerSize), policy: sync)
            }
            for path in r.leftovers { try Posix.remove(path) }
            if !r.leftovers.isEmpty { try Posix.syncDirectory(directory) }
            return store
        } catch {
            lock.release()
            throw error
        }
    }

    init(directory: String, readOnly: Bool, sync: SyncPolicy, memory: MemoryStore, manifest: ModelManifest,
         notices: [String], generation: UInt64, sequence: UInt64, snapshotBytes: Int) {
        self.directory = directory; self.readOnly = readOnly; self.sync = sync; self.memory = memory
        self.manifest = manifest; self.notices = notices; self.generation = generation
        self.sequence = sequence; self.snapshotBytes = snapshotBytes
    }

    deinit { try? close() }

    /// Makes everything committed durable and releases the lock. Further writes fail.
    public func close() throws {
        defer {
            lock?.release()
            lock = nil
            if failed == nil { failed = "the store is closed" }
        }
        if let w = writer {
            writer = nil
            try w.close()
        }
    }

    /// Waits until every committed transaction is on disk (`batch`: the group commit in
    /// flight; `none`: written, not synced).
    public func flush() throws { try writer?.flush() }

    /// Journal bytes (header included) handed to the writer so far.
    public var journalBytes: Int { writer?.length ?? 0 }

    // MARK: Commit

    @discardableResult public func commit() throws -> ChangeSet {
        guard memory.open else { throw StoreError.noTransaction }
        if memory.redo.isEmpty { return try memory.commit() }
        guard let writer, failed == nil, !readOnly else {
            try memory.rollback()
            if readOnly { throw FileStoreError.readOnly(directory: directory) }
            throw FileStoreError.failed(failed ?? "no journal is open")
        }
        frame.removeAll(keepingCapacity: true)
        // The open transaction's redo log (MemoryStore's own, same module): journaled
        // BEFORE the in-memory commit, so a failed write can still roll back.
        let changes = memory.redo
        Frames.append(kind: .transaction, sequence: sequence + 1, to: &frame) { out in
            var w = BinaryWriter(capacity: 16 + changes.count * 48)
            w.u8(StoreFormat.version)
            w.count(changes.count)
            for c in changes { w.change(c) }
            out.append(contentsOf: w.bytes)
        }
        do {
            try writer.append(frame)
        } catch {
            // Not on disk, so not committed: undo it in memory too.
            try memory.rollback()
            failed = "\(error)"
            throw error
        }
        sequence += 1
        let set = try memory.commit()
        if frame.capacity > 1 << 20 { frame = [] }
        if writer.length > checkpointBytes && writer.length > snapshotBytes {
            do { try checkpoint() } catch {
                notices.append("automatic checkpoint failed (the journal keeps growing): \(error)")
            }
        }
        return set
    }

    // MARK: Schema

    public func declareEntity(_ id: EntityID, _ schema: EntitySchema) throws {
        if let existing = memory.schema(of: id) {
            // The store declared it from its manifest on open; the model declaring it
            // again with the same layout is expected.
            if existing.sameLayout(as: schema) { return }
            throw StoreError.entityAlreadyDeclared(id, name: schema.name)
        }
        try memory.declareEntity(id, schema)
        var m = manifest
        m.entities.append(ManifestEntity(id: id, schema: schema))
        manifest = ModelManifest(entities: m.entities, rules: m.rules)
        // Journaled before any record of the entity can be, so replay knows its layout.
        if let writer, !readOnly {
            var bytes: [UInt8] = []
            Frames.append(kind: .manifest, sequence: sequence, payload: manifest.encoded(), to: &bytes)
            try writer.append(bytes)
            try writer.flush()
        }
    }

    // MARK: Checkpoint

    /// Writes the whole state as a new snapshot and starts a new journal (see the file
    /// header for the steps). `crm store compact` calls this.
    /// `sequence`: continue the numbering from there (an import keeps its source's
    /// count); it may not go backwards.
    public func checkpoint(sequence newSequence: UInt64? = nil) throws {
        if readOnly { throw FileStoreError.readOnly(directory: directory) }
        if let newSequence {
            guard newSequence >= sequence else {
                throw FileStoreError.invalid("sequence \(newSequence) is below the store's \(sequence)")
            }
            sequence = newSequence
        }
        if memory.open { throw StoreError.transactionAlreadyOpen }
        if let failed { throw FileStoreError.failed(failed) }
        try writer?.flush()
        let next = generation + 1
        let journalPath = directory + "/" + StoreFiles.journalName(next)
        let snapPath = directory + "/" + StoreFiles.snapshotName(next)
        let tmp = snapPath + ".tmp"
        let journal: PosixFile
        var written = 0
        do {
            journal = try PosixFile(path: journalPath, flags: O_WRONLY | O_CREAT | O_TRUNC | O_APPEND)
            try journal.writeAll(FileHeader(magic: FileFormat.journalMagic, generation: next, sequence: sequence).encoded())
            try journal.syncData()
            written = try writeSnapshot(tmp, generation: next)
            try Posix.rename(tmp, snapPath)
        } catch {
            try? Posix.remove(tmp)
            try? Posix.remove(journalPath)
            throw error
        }
        // Past the commit point: generation `next` is the store now.
        do {
            try Posix.syncDirectory(directory)
            let old = writer
            writer = JournalWriter(file: journal, length: FileFormat.headerSize, policy: sync)
            try old?.close()
            if generation > 0 {
                try Posix.remove(directory + "/" + StoreFiles.snapshotName(generation))
                try Posix.remove(directory + "/" + StoreFiles.journalName(generation))
                try Posix.syncDirectory(directory)
            }
        } catch {
            failed = "checkpoint to generation \(next) could not finish: \(error)"
            throw error
        }
        generation = next
        snapshotBytes = written
    }

    /// Streams the snapshot file: header, manifest, chunks of at most 65,536 changes,
    /// end frame. Returns its size.
    private func writeSnapshot(_ path: String, generation: UInt64) throws -> Int {
        let f = try PosixFile(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var out = FileHeader(magic: FileFormat.snapshotMagic, generation: generation, sequence: sequence).encoded()
        Frames.append(kind: .manifest, sequence: sequence, payload: manifest.encoded(), to: &out)
        let all = try memory.snapshot().changes
        var total = 0, chunks: UInt64 = 0, start = 0
        while start < all.count {
            let end = min(start + 65_536, all.count)
            Frames.append(kind: .chunk, sequence: sequence, to: &out) { out in
                var w = BinaryWriter(capacity: (end - start) * 40)
                w.u8(StoreFormat.version)
                w.count(end - start)
                for c in all[start ..< end] { w.change(c) }
                out.append(contentsOf: w.bytes)
            }
            chunks += 1
            start = end
            if out.count > 4 << 20 { try f.writeAll(out); total += out.count; out.removeAll(keepingCapacity: true) }
        }
        var n = BinaryWriter(capacity: 8)
        n.u64(chunks)
        Frames.append(kind: .end, sequence: sequence, payload: n.bytes, to: &out)
        try f.writeAll(out)
        total += out.count
        try f.sync()
        f.closeNow()
        return total
    }
}

extension EntitySchema {
    /// Same name, slots and indexes (index lists compared as sets).
    func sameLayout(as other: EntitySchema) -> Bool {
        name == other.name && slotNames == other.slotNames
            && Set(uniqueSlots) == Set(other.uniqueSlots) && Set(indexedSlots) == Set(other.indexedSlots)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
