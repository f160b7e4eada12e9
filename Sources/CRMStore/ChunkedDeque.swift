// ChunkedDeque: a sequence of plain values in fixed chunks of bulk memory
// (BulkMemory.swift), for the store's large logs and queues: the audit log's rows and
// runs (appended, removed from the back by a rollback) and TimerQueue's window of live
// timers and run of timers in firing order (appended, dropped from the front as timers
// fire, prepended to when a firing is undone).
// Why not Array: an Array that outgrows its buffer copies everything into one twice as
// large, so for a moment both are resident (a log of 100 MB costs 200 MB of peak
// memory at its last growth, and peak RSS is what the lead-routing memory figure
// measures), and a million timers grew and copied their arrays again and again (about
// 70 MB touched and copied for timers-1m, a tenth of its time in page clearing and
// copies); dropping a fired front moved the rest down. Here a chunk is never moved: the
// back gets new chunks, the front drops whole ones, and their memory goes back with
// their block once every chunk carved from it is dropped.
//
// Elements are plain data (BitwiseCopyable), written and read in place. The chunks are
// shared memory, so ChunkedDeque is not a value: one owner changes it in place.

struct ChunkedDeque<Element: BitwiseCopyable> {
    /// 2^10 elements per chunk: a small queue stays small (a chunk is 24–40 KiB here).
    static var shift: Int { 10 }
    static var chunkSize: Int { 1 << shift }
    static var mask: Int { chunkSize - 1 }

    /// Each chunk's elements, and (in step) the pieces that own them. Two arrays: an
    /// element access reads a plain pointer, where a struct holding the piece would be
    /// copied out — a retain and a release of its block per access.
    private var chunks: [UnsafeMutablePointer<Element>] = []
    private var pieces: [BulkPiece] = []
    private var carver = BulkCarver()
    /// Where the first element is in `chunks[0]`.
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    var last: Element? { count == 0 ? nil : self[count - 1] }

    /// `i` must be in `0..<count`.
    subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "ChunkedDeque index out of range")
            let j = head + i
            return chunks[j >> Self.shift][j & Self.mask]
        }
        nonmutating set {
            precondition(i >= 0 && i < count, "ChunkedDeque index out of range")
            let j = head + i
            chunks[j >> Self.shift][j & Self.mask] = newValue
        }
    }

    mutating func append(_ x: Element) {
        let j = head + count
        if j >> Self.shift == chunks.count { addChunk(at: chunks.count) }
        (chunks[j >> Self.shift] + (j & Self.mask)).initialize(to: x)
        count += 1
    }

    /// Appends `xs` in order, a chunk's worth at a time.
    mutating func append(contentsOf xs: [Element]) {
        xs.withUnsafeBufferPointer { buffer in
            guard let source = buffer.baseAddress else { return }
            var done = 0
            while done < buffer.count {
                let j = head + count
                if j >> Self.shift == chunks.count { addChunk(at: chunks.count) }
                let n = min(buffer.count - done, Self.chunkSize - (j & Self.mask))
                (chunks[j >> Self.shift] + (j & Self.mask)).initialize(from: source + done, count: n)
                count += n
                done += n
            }
        }
    }

    /// Removes the last element (no-op when empty); gives back the chunk it empties
    /// (the undo of an append that started one).
    mutating func removeLast() {
        guard count > 0 else { return }
        count -= 1
        let end = head + count
        if end & Self.mask == 0, chunks.count == (end >> Self.shift) + 1,
           chunks.popLast() != nil, let piece = pieces.popLast() {
            piece.giveBack()
            if chunks.isEmpty { head = 0 }
        }
    }

    /// Removes the first `n` elements (`n` ≤ count), dropping the chunks they emptied.
    mutating func removeFirst(_ n: Int) {
        precondition(n >= 0 && n <= count, "ChunkedDeque cannot remove more than it holds")
        if n == count { removeAll(); return }
        head += n
        count -= n
        let emptied = head >> Self.shift
        if emptied > 0 {
            chunks.removeFirst(emptied)
            pieces.removeFirst(emptied)
            head &= Self.mask
        }
    }

    /// Puts `n` copies of `x` before the first element.
    mutating func prepend(_ x: Element, count n: Int) {
        precondition(n >= 0, "ChunkedDeque cannot prepend a negative count")
        for _ in 0 ..< n {
            if head == 0 {
                addChunk(at: 0)
                head = Self.chunkSize
            }
            head -= 1
            count += 1
            (chunks[0] + head).initialize(to: x)
        }
    }

    mutating func removeAll() {
        chunks.removeAll()
        pieces.removeAll()
        head = 0
        count = 0
    }

    /// A new chunk at position `i` of `chunks` (0 or the end).
    private mutating func addChunk(at i: Int) {
        let piece = carver.piece(Self.chunkSize * MemoryLayout<Element>.stride)
        chunks.insert(piece.start.bindMemory(to: Element.self, capacity: Self.chunkSize), at: i)
        pieces.insert(piece, at: i)
    }
}
