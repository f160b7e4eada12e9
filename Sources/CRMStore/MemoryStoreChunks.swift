// ChunkedArray: an append-mostly array stored as fixed-size chunks, for the store's
// large logs (the audit rows and runs). Why not Array: an Array that outgrows its
// buffer copies everything into one twice as large, so for a moment both are resident
// — a log of 100 MB costs 200 MB of peak memory at its last growth, and peak RSS is
// what the lead-routing memory figure measures. Chunks never move; their memory is
// carved from huge-page blocks (BulkMemory.swift), and a chunk's pages only become
// resident as it is written (a huge page as a whole).
//
// Elements are plain data (BitwiseCopyable): a chunk is raw memory, written and read
// in place, with nothing to release. The chunks are shared memory, so ChunkedArray is
// not a value: one owner (the MemoryStore's AuditLog) changes it in place.

struct ChunkedArray<Element: BitwiseCopyable> {
    /// 2^12 elements per chunk: small enough that the unused tail of the last chunk is
    /// negligible, large enough that the chunk table stays tiny.
    static var shift: Int { 12 }
    static var chunkSize: Int { 1 << shift }

    /// Each chunk's elements, and (in step) the pieces that own them. Two arrays: an
    /// element access reads a plain pointer, where a struct holding the piece would be
    /// copied out — a retain and a release of its block per access.
    private var chunks: [UnsafeMutablePointer<Element>] = []
    private var pieces: [BulkPiece] = []
    private var carver = BulkCarver()
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ x: Element) {
        let c = count >> Self.shift
        if c == chunks.count { addChunk() }
        (chunks[c] + (count & (Self.chunkSize - 1))).initialize(to: x)
        count += 1
    }

    private mutating func addChunk() {
        let piece = carver.piece(Self.chunkSize * MemoryLayout<Element>.stride)
        chunks.append(piece.start.bindMemory(to: Element.self, capacity: Self.chunkSize))
        pieces.append(piece)
    }

    /// Appends `xs` in order, a chunk's worth at a time.
    mutating func append(contentsOf xs: [Element]) {
        xs.withUnsafeBufferPointer { buffer in
            guard let source = buffer.baseAddress else { return }
            var done = 0
            while done < buffer.count {
                let c = count >> Self.shift
                if c == chunks.count { addChunk() }
                let offset = count & (Self.chunkSize - 1)
                let n = min(buffer.count - done, Self.chunkSize - offset)
                (chunks[c] + offset).initialize(from: source + done, count: n)
                count += n
                done += n
            }
        }
    }

    /// `i` must be in `0..<count` (callers index what they appended).
    subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "ChunkedArray index out of range")
            return chunks[i >> Self.shift][i & (Self.chunkSize - 1)]
        }
        nonmutating set {
            precondition(i >= 0 && i < count, "ChunkedArray index out of range")
            chunks[i >> Self.shift][i & (Self.chunkSize - 1)] = newValue
        }
    }

    var last: Element? { count == 0 ? nil : self[count - 1] }

    /// Removes the last element (no-op when empty); frees a chunk that becomes empty.
    mutating func removeLast() {
        guard count > 0 else { return }
        count -= 1
        if count & (Self.chunkSize - 1) == 0, chunks.popLast() != nil, let piece = pieces.popLast() { piece.giveBack() }
    }
}
