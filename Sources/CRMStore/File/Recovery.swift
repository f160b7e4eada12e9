// Recovery reads a store directory without changing it: the newest snapshot, then its
// journal, replayed into a MemoryStore. It decides what the files mean; FileStore.open
// then applies the fixes (truncating a torn tail, removing leftovers) only when
// writable. The rules (README, "Durable store"):
//
// - The snapshot with the highest generation G is authoritative; it must be complete
//   (its end frame present) and every checksum must match, else a precise error.
// - journal-G.log must exist (else "missing"); its base sequence must equal the
//   snapshot's. Frames replay in order with consecutive sequence numbers.
// - A torn tail (incomplete last frame, zero-filled tail, or a journal cut inside its
//   header) is dropped with a notice: those transactions were never acknowledged
//   under `always`.
// - A complete frame with a bad checksum, an unknown kind or version, a payload that
//   does not decode or does not replay stops the open with file, offset and reason.
// - Journals newer than G (an interrupted checkpoint) must be empty; files older than
//   G and `*.tmp` files are leftovers.

/// Everything recovery learned.
struct Recovered {
    var memory: MemoryStore
    var manifest: ModelManifest
    var generation: UInt64
    var sequence: UInt64
    /// Sequence covered by the snapshot (transactions after it are in the journal).
    var snapshotSequence: UInt64
    var snapshotBytes: Int
    var journalPath: String
    /// Bytes of the journal that are valid (header included); 0 when the header is torn.
    var journalValidEnd: Int
    var journalBytes: Int
    var journalFrames: Int
    var tail: FrameTail
    /// Files an interrupted checkpoint or compaction left behind.
    var leftovers: [String]
    var notices: [String]
}

enum StoreFiles {
    static func snapshotName(_ g: UInt64) -> String { "snapshot-\(padded(g)).snap" }
    static func journalName(_ g: UInt64) -> String { "journal-\(padded(g)).log" }

    static func padded(_ g: UInt64) -> String {
        let s = String(g)
        return s.count >= 8 ? s : String(repeating: "0", count: 8 - s.count) + s
    }

    /// The generation in a `prefix-N.ext` name.
    static func generation(_ name: String, prefix: String, ext: String) -> UInt64? {
        guard name.hasPrefix(prefix), name.hasSuffix(ext) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(ext.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(digits)
    }

    /// Whether `directory` holds a store: a snapshot, or a journal with frames. A
    /// journal of at most a header and no snapshot is a creation that a crash
    /// interrupted before its commit point (the first snapshot's rename): no store.
    static func isStore(_ directory: String) -> Bool {
        guard let names = try? Posix.listDirectory(directory) else { return false }
        return names.contains {
            generation($0, prefix: "snapshot-", ext: ".snap") != nil
                || (generation($0, prefix: "journal-", ext: ".log") != nil && (Posix.fileSize(directory + "/" + $0) ?? 0) > FileFormat.headerSize)
        }
    }
}

enum Recovery {
    static func load(_ directory: String) throws -> Recovered {
        let names = try Posix.listDirectory(directory)
        let snaps = names.compactMap { StoreFiles.generation($0, prefix: "snapshot-", ext: ".snap") }
        let journals = names.compactMap { StoreFiles.generation($0, prefix: "journal-", ext: ".log") }
        guard let g = snaps.max() else {
            if let j = journals.filter({ (Posix.fileSize(directory + "/" + StoreFiles.journalName($0)) ?? 0) > FileFormat.headerSize }).max() {
                throw FileStoreError.missing(file: directory + "/" + StoreFiles.snapshotName(j),
                                             what: "the snapshot that \(StoreFiles.journalName(j)) continues; the journal cannot be replayed without it")
            }
            throw FileStoreError.notAStore(directory: directory)
        }
        var notices: [String] = []
        var leftovers = names.filter { $0.hasSuffix(".tmp") }.map { directory + "/" + $0 }
        for s in snaps where s < g { leftovers.append(directory + "/" + StoreFiles.snapshotName(s)) }
        for j in journals where j < g { leftovers.append(directory + "/" + StoreFiles.journalName(j)) }
        for j in journals where j > g {
            let path = directory + "/" + StoreFiles.journalName(j)
            if (Posix.fileSize(path) ?? 0) > FileFormat.headerSize {
                throw FileStoreError.missing(file: directory + "/" + StoreFiles.snapshotName(j),
                                             what: "the snapshot of \(StoreFiles.journalName(j)), which holds transactions")
            }
            leftovers.append(path)
        }
        if !leftovers.isEmpty {
            notices.append("leftovers of an interrupted checkpoint: " + leftovers.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: ", "))
        }

        // Snapshot.
        let snapPath = directory + "/" + StoreFiles.snapshotName(g)
        let snap = try Posix.readFile(snapPath)
        let sh = try FileHeader.decode(snap, file: snapPath, magic: FileFormat.snapshotMagic)
        guard sh.generation == g else {
            throw FileStoreError.corrupt(file: snapPath, offset: 12, what: "header says generation \(sh.generation), the file name \(g)")
        }
        var memory = MemoryStore()
        var manifest: ModelManifest?
        var offset = FileFormat.headerSize
        var chunks: UInt64 = 0
        var ended = false
        while !ended {
            let frame: Frame
            switch Frames.read(snap, at: offset) {
            case .success(let f): frame = f
            case .failure(let e):
                switch e.tail {
                case .clean, .torn:
                    throw FileStoreError.corrupt(file: snapPath, offset: offset, what: "snapshot is incomplete (no end frame)")
                case let .corrupt(at, reason): throw FileStoreError.corrupt(file: snapPath, offset: at, what: reason)
                }
            }
            switch frame.kind {
            case .manifest:
                guard manifest == nil else { throw FileStoreError.corrupt(file: snapPath, offset: offset, what: "a second manifest frame") }
                let m = try decodeManifest(snap, frame, file: snapPath)
                manifest = m
                memory = MemoryStore()
                for e in m.entities { try declare(memory, e, file: snapPath, offset: offset) }
            case .chunk:
                guard manifest != nil else { throw FileStoreError.corrupt(file: snapPath, offset: offset, what: "snapshot data before the manifest") }
                try load(memory, snap, frame, file: snapPath, what: "snapshot chunk \(chunks + 1)")
                chunks += 1
            case .end:
                var r = BinaryReader(snap, offset: frame.payload.lowerBound)
                let n = try? r.u64()
                guard frame.payload.count == 8, n == chunks else {
                    throw FileStoreError.corrupt(file: snapPath, offset: offset, what: "end frame counts \(n.map(String.init) ?? "?") chunks, the snapshot has \(chunks)")
                }
                guard frame.end == snap.count else {
                    throw FileStoreError.corrupt(file: snapPath, offset: frame.end, what: "\(snap.count - frame.end) bytes after the end frame")
                }
                ended = true
            case .transaction:
                throw FileStoreError.corrupt(file: snapPath, offset: offset, what: "a journal frame inside a snapshot")
            }
            offset = frame.end
        }
        guard var current = manifest else {
            throw FileStoreError.corrupt(file: snapPath, offset: FileFormat.headerSize, what: "snapshot has no manifest")
        }

        // Journal.
        let journalPath = directory + "/" + StoreFiles.journalName(g)
        guard Posix.exists(journalPath) else {
            throw FileStoreError.missing(file: journalPath, what: "the journal of snapshot \(StoreFiles.snapshotName(g))")
        }
        let journal = try Posix.readFile(journalPath)
        var sequence = sh.sequence
        var frames = 0
        var tail = FrameTail.clean
        var validEnd = 0
        if journal.count < FileFormat.headerSize {
            tail = .torn(offset: 0, reason: "journal header incomplete (\(journal.count) of \(FileFormat.headerSize) bytes)")
        } else {
            let jh = try FileHeader.decode(journal, file: journalPath, magic: FileFormat.journalMagic)
            guard jh.generation == g else {
                throw FileStoreError.corrupt(file: journalPath, offset: 12, what: "header says generation \(jh.generation), the file name \(g)")
            }
            guard jh.sequence == sh.sequence else {
                throw FileStoreError.corrupt(file: journalPath, offset: 20, what: "journal starts after transaction \(jh.sequence), the snapshot covers \(sh.sequence)")
            }
            offset = FileFormat.headerSize
            validEnd = offset
            scan: while true {
                switch Frames.read(journal, at: offset) {
                case .failure(let e):
                    tail = e.tail
                    break scan
                case .success(let frame):
                    switch frame.kind {
                    case .transaction:
                        guard frame.sequence == sequence + 1 else {
                            throw FileStoreError.corrupt(file: journalPath, offset: offset, what: "transaction \(frame.sequence) where \(sequence + 1) was expected")
                        }
                        try load(memory, journal, frame, file: journalPath, what: "transaction \(frame.sequence)")
                        sequence += 1
                    case .manifest:
                        let m = try decodeManifest(journal, frame, file: journalPath)
                        for e in m.entities where current.entity(e.id) == nil {
                            try declare(memory, e, file: journalPath, offset: offset)
                        }
                        for e in current.entities where m.entity(e.id) != e {
                            throw FileStoreError.corrupt(file: journalPath, offset: offset, what: "manifest frame changes entity \(e.schema.name)")
                        }
                        current = m
                    case .chunk, .end:
                        throw FileStoreError.corrupt(file: journalPath, offset: offset, what: "a snapshot frame inside a journal")
                    }
                    frames += 1
                    offset = frame.end
                    validEnd = offset
                }
            }
        }
        switch tail {
        case let .corrupt(at, reason): throw FileStoreError.corrupt(file: journalPath, offset: at, what: reason)
        case let .torn(at, reason):
            notices.append("\(journalPath): torn tail at byte \(at) (\(reason)): \(journal.count - validEnd) bytes of an unfinished transaction dropped; the store holds transactions 1…\(sequence)")
        case .clean: break
        }
        return Recovered(memory: memory, manifest: current, generation: g, sequence: sequence, snapshotSequence: sh.sequence,
                         snapshotBytes: snap.count, journalPath: journalPath, journalValidEnd: validEnd,
                         journalBytes: journal.count, journalFrames: frames, tail: tail, leftovers: leftovers, notices: notices)
    }

    static func declare(_ memory: MemoryStore, _ e: ManifestEntity, file: String, offset: Int) throws {
        do { try memory.declareEntity(e.id, e.schema) } catch {
            throw FileStoreError.corrupt(file: file, offset: offset, what: "manifest declares an invalid entity: \(error)")
        }
    }

    static func decodeManifest(_ bytes: [UInt8], _ frame: Frame, file: String) throws -> ModelManifest {
        var r = BinaryReader(bytes, offset: frame.payload.lowerBound)
        do {
            let m = try r.manifest()
            if r.offset != frame.payload.upperBound {
                throw r.fail("\(frame.payload.upperBound - r.offset) trailing bytes after the manifest")
            }
            return m
        } catch let e as StoreDecodingError {
            throw FileStoreError.corrupt(file: file, offset: e.offset, what: "manifest: \(e.reason)")
        }
    }

    /// Decodes and applies one frame's change set; errors name the file and offset.
    static func load(_ memory: MemoryStore, _ bytes: [UInt8], _ frame: Frame, file: String, what: String) throws {
        do { try memory.load(bytes, frame.payload) } catch let e as StoreDecodingError {
            throw FileStoreError.corrupt(file: file, offset: e.offset, what: e.reason)
        } catch {
            throw FileStoreError.corrupt(file: file, offset: frame.offset, what: "\(what) does not replay: \(error)")
        }
    }
}
