// The on-disk framing shared by journal and snapshot files.
//
// File header (32 bytes):
//   8  magic "CRMJRNL\0" (journal) or "CRMSNAP\0" (snapshot)
//   4  u32 format version (FileFormat.version)
//   8  u64 generation (the N of journal-N.log / snapshot-N.snap)
//   8  u64 sequence: transactions before this journal / covered by this snapshot
//   4  u32 CRC32C of the 28 bytes above
//
// Frame (little-endian):
//   4  u32 body length L
//   4  u32 CRC32C of those 4 length bytes — a damaged length is caught as corruption
//      instead of being mistaken for a short (torn) last frame
//   4  u32 CRC32C of the body
//   L  body: u8 kind, u64 sequence, payload
//
// Kinds: 1 transaction (payload: ChangeSet encoding; sequence = its number, 1, 2, 3 …),
// 2 manifest (ModelManifest encoding; replaces the current one), 3 snapshot chunk
// (ChangeSet encoding), 4 snapshot end (u64 chunk count; a snapshot without it is
// incomplete). Never renumber; bump FileFormat.version on any change.

public enum FileFormat {
    public static let version: UInt32 = 1
    static let headerSize = 32
    static let frameHeaderSize = 12
    static let bodyPrefix = 9
    /// No frame is larger; a longer length with a valid length checksum is refused.
    static let maxFrame = 1 << 30
    static let journalMagic: [UInt8] = Array("CRMJRNL\0".utf8)
    static let snapshotMagic: [UInt8] = Array("CRMSNAP\0".utf8)
}

enum FrameKind: UInt8 {
    case transaction = 1, manifest = 2, chunk = 3, end = 4
}

/// A decoded, checksum-verified frame: where it is and where its payload lies.
struct Frame {
    var offset: Int
    var kind: FrameKind
    var sequence: UInt64
    var payload: Range<Int>
    var end: Int
}

/// How a file's frames end.
enum FrameTail: Equatable {
    case clean
    /// An incomplete last frame (or a zero-filled tail): a write a crash cut short.
    case torn(offset: Int, reason: String)
    /// Damage: a frame that is complete but wrong.
    case corrupt(offset: Int, reason: String)
}

struct FileHeader: Equatable {
    var magic: [UInt8]
    var generation: UInt64
    var sequence: UInt64

    func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: FileFormat.headerSize)
        for b in magic { w.u8(b) }
        w.u32(FileFormat.version)
        w.u64(generation)
        w.u64(sequence)
        w.u32(CRC32C.checksum(w.bytes))
        return w.bytes
    }

    /// Reads and checks a header; errors name `file` and the offset.
    static func decode(_ bytes: [UInt8], file: String, magic: [UInt8]) throws -> FileHeader {
        guard bytes.count >= FileFormat.headerSize else {
            throw FileStoreError.corrupt(file: file, offset: bytes.count,
                                         what: "file header is \(bytes.count) bytes, needs \(FileFormat.headerSize)")
        }
        guard Array(bytes[0 ..< 8]) == magic else {
            throw FileStoreError.corrupt(file: file, offset: 0, what: "bad magic: not a crm \(magic == FileFormat.journalMagic ? "journal" : "snapshot") file")
        }
        var r = BinaryReader(bytes, offset: 8)
        // Offsets are in range: the length was checked above.
        let version = (try? r.u32()) ?? 0
        let generation = (try? r.u64()) ?? 0
        let sequence = (try? r.u64()) ?? 0
        let stored = (try? r.u32()) ?? 0
        guard CRC32C.checksum(bytes, 0 ..< 28) == stored else {
            throw FileStoreError.corrupt(file: file, offset: 28, what: "file header checksum mismatch")
        }
        guard version == FileFormat.version else {
            throw FileStoreError.unknownVersion(file: file, offset: 8, found: version, supported: FileFormat.version)
        }
        return FileHeader(magic: magic, generation: generation, sequence: sequence)
    }
}

enum Frames {
    /// Appends one frame to `out`.
    static func append(kind: FrameKind, sequence: UInt64, payload: [UInt8], to out: inout [UInt8]) {
        append(kind: kind, sequence: sequence, to: &out) { $0.append(contentsOf: payload) }
    }

    /// Appends one frame whose payload `write` appends (no intermediate array).
    static func append(kind: FrameKind, sequence: UInt64, to out: inout [UInt8], _ write: (inout [UInt8]) -> Void) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: FileFormat.frameHeaderSize))
        out.append(kind.rawValue)
        var s = sequence.littleEndian
        withUnsafeBytes(of: &s) { out.append(contentsOf: $0) }
        write(&out)
        let bodyStart = start + FileFormat.frameHeaderSize
        let length = UInt32(truncatingIfNeeded: out.count - bodyStart)
        let bodyCRC = CRC32C.checksum(out, bodyStart ..< out.count)
        store(length, in: &out, at: start)
        store(CRC32C.checksum(out, start ..< start + 4), in: &out, at: start + 4)
        store(bodyCRC, in: &out, at: start + 8)
    }

    static func store(_ v: UInt32, in out: inout [UInt8], at i: Int) {
        out[i] = UInt8(truncatingIfNeeded: v); out[i + 1] = UInt8(truncatingIfNeeded: v >> 8)
        out[i + 2] = UInt8(truncatingIfNeeded: v >> 16); out[i + 3] = UInt8(truncatingIfNeeded: v >> 24)
    }

    static func load(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    /// Reads the frame at `offset`: `.success(frame)`, or the tail state if none can be
    /// read there. Never reads outside `bytes`.
    static func read(_ bytes: [UInt8], at offset: Int) -> Result<Frame, FrameTailError> {
        let left = bytes.count - offset
        if left <= 0 { return .failure(FrameTailError(tail: .clean)) }
        if left < FileFormat.frameHeaderSize {
            return .failure(FrameTailError(tail: .torn(offset: offset, reason: "incomplete frame header (\(left) of \(FileFormat.frameHeaderSize) bytes)")))
        }
        let length = Int(load(bytes, offset))
        if CRC32C.checksum(bytes, offset ..< offset + 4) != load(bytes, offset + 4) {
            if allZero(bytes, from: offset) {
                return .failure(FrameTailError(tail: .torn(offset: offset, reason: "zero-filled tail of \(left) bytes")))
            }
            return .failure(FrameTailError(tail: .corrupt(offset: offset, reason: "frame length checksum mismatch")))
        }
        if length < FileFormat.bodyPrefix || length > FileFormat.maxFrame {
            return .failure(FrameTailError(tail: .corrupt(offset: offset, reason: "impossible frame length \(length)")))
        }
        let bodyStart = offset + FileFormat.frameHeaderSize
        if length > bytes.count - bodyStart {
            return .failure(FrameTailError(tail: .torn(offset: offset, reason: "incomplete frame: \(length) body bytes announced, \(bytes.count - bodyStart) present")))
        }
        let end = bodyStart + length
        if CRC32C.checksum(bytes, bodyStart ..< end) != load(bytes, offset + 8) {
            let last = end == bytes.count ? " (the last frame: a torn write after power loss, or damage; `crm store repair` can drop it)" : ""
            return .failure(FrameTailError(tail: .corrupt(offset: offset, reason: "frame checksum mismatch" + last)))
        }
        guard let kind = FrameKind(rawValue: bytes[bodyStart]) else {
            return .failure(FrameTailError(tail: .corrupt(offset: bodyStart, reason: "unknown frame kind \(bytes[bodyStart])")))
        }
        var seq: UInt64 = 0
        for i in 0 ..< 8 { seq |= UInt64(bytes[bodyStart + 1 + i]) << (8 * UInt64(i)) }
        return .success(Frame(offset: offset, kind: kind, sequence: seq,
                              payload: bodyStart + FileFormat.bodyPrefix ..< end, end: end))
    }

    static func allZero(_ bytes: [UInt8], from offset: Int) -> Bool {
        var i = offset
        while i < bytes.count { if bytes[i] != 0 { return false }; i += 1 }
        return true
    }
}

struct FrameTailError: Error { var tail: FrameTail }
