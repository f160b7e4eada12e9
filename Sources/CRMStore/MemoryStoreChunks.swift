// ChunkedArray: an append-mostly array stored as fixed-size chunks, for the store's
// large logs (the audit rows). Why not Array: an Array that outgrows its buffer copies
// everything into one twice as large, so for a moment both are resident — a log of
// 100 MB costs 200 MB of peak memory at its last growth, and peak RSS is what the
// lead-routing memory figure measures. Chunks never move; the last one is allocated
// whole but its pages only become resident as they are written.

struct ChunkedArray<Element> {
    /// 2^12 elements per chunk: small enough that the unused tail of the last chunk is
    /// negligible, large enough that the chunk table stays tiny.
    static var shift: Int { 12 }
    static var chunkSize: Int { 1 << shift }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ x: Element) {
        let c = count >> Self.shift
        if c == chunks.count {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[c].append(x)
        count += 1
    }

    /// `i` must be in `0..<count` (callers index what they appended).
    subscript(i: Int) -> Element {
        get { chunks[i >> Self.shift][i & (Self.chunkSize - 1)] }
        set { chunks[i >> Self.shift][i & (Self.chunkSize - 1)] = newValue }
    }

    var last: Element? { count == 0 ? nil : self[count - 1] }

    /// Removes the last element (no-op when empty); frees a chunk that becomes empty.
    mutating func removeLast() {
        guard count > 0 else { return }
        count -= 1
        let c = count >> Self.shift
        chunks[c].removeLast()
        if chunks[c].isEmpty { chunks.removeLast() }
    }
}
