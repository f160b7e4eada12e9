// BulkMemory: where the store's bulk storage lives — the chunks of records (Rows) and
// of the audit log and the timer queue (ChunkedDeque). Memory comes from the system in
// 2 MiB blocks aligned for huge pages (mmap, then madvise MADV_HUGEPAGE on Linux) and
// is carved into pieces, a chunk each.
//
// Why: a store that takes a million records writes hundreds of MB of fresh memory. With
// 4 KiB pages, every 4 KiB of it is a page fault when first written: on the VM hosts we
// run on, about 3 µs each, a quarter of the lead-routing benchmark's time. A huge page
// is one fault per 2 MiB. Where the system gives no huge pages (transparent huge pages
// off or `never`, another OS), or mmap fails, a block is ordinary memory (the advice is
// only advice, and a failed mmap falls back to the allocator): nothing else changes.
//
// What it costs: a block is resident as a whole once touched (when it is a huge page),
// so each carving owner (a table's rows, the audit rows, the audit runs) may hold up
// to 2 MiB it has not used yet, and a block's tail too small for one more piece is
// never used. Pieces larger than half a block get a block of their own.
//
// Ownership: a piece keeps its block alive (BulkPiece holds the block); a block is
// returned to the system when its last piece and its carver let go of it. Giving a
// piece back (`BulkPiece.giveBack`) reclaims its bytes only when it was the last one
// carved from its block — the pattern of a chunk dropped by a rollback right after
// being added; otherwise they are reclaimed with the block.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One block of memory, mapped (aligned to its size, advised for huge pages) or, if
/// mapping failed, allocated.
final class BulkBlock {
    static let size = 2 << 20
    /// Pieces are aligned to this (StoredValue and the audit rows need at most 8).
    static let alignment = 16

    let start: UnsafeMutableRawPointer
    let size: Int
    /// Whether it is a mapping (huge-page advised) rather than an ordinary allocation.
    let mapped: Bool
    /// Bytes carved so far, from `start`.
    var used = 0

    /// A huge-page block of at least `bytes` (a multiple of `BulkBlock.size`), or, not
    /// `huge`, an ordinary allocation of exactly `bytes`.
    init(bytes: Int, huge: Bool) {
        if huge {
            let size = max(Self.size, (bytes + Self.size - 1) / Self.size * Self.size)
            if let p = Self.map(size) {
                self.size = size
                start = p
                mapped = true
                return
            }
        }
        size = max(Self.alignment, (bytes + Self.alignment - 1) / Self.alignment * Self.alignment)
        start = .allocate(byteCount: size, alignment: Self.alignment)
        mapped = false
    }

    deinit {
        if mapped {
            #if canImport(Glibc) || canImport(Darwin)
            munmap(start, size)
            #endif
        } else {
            start.deallocate()
        }
    }

    /// `size` bytes mapped at an address that is a multiple of `BulkBlock.size` (so
    /// that each 2 MiB of it can be one huge page), advised for huge pages; nil if the
    /// system refuses. Maps `size` + 2 MiB and unmaps the unaligned ends.
    private static func map(_ size: Int) -> UnsafeMutableRawPointer? {
        #if canImport(Glibc) || canImport(Darwin)
        let span = size + Self.size
        guard let raw = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else { return nil }
        let address = UInt(bitPattern: raw)
        let aligned = (address + UInt(Self.size) - 1) / UInt(Self.size) * UInt(Self.size)
        let head = Int(aligned - address)
        if head > 0 { munmap(raw, head) }
        let tail = span - head - size
        let start = raw + head
        if tail > 0 { munmap(start + size, tail) }
        #if canImport(Glibc)
        _ = madvise(start, size, Int32(MADV_HUGEPAGE))
        #endif
        return start
        #else
        return nil
        #endif
    }

    /// Carves `bytes` (rounded up to the alignment) from the unused part; nil if they
    /// do not fit.
    func carve(_ bytes: Int) -> UnsafeMutableRawPointer? {
        let rounded = (bytes + Self.alignment - 1) / Self.alignment * Self.alignment
        guard rounded <= size - used else { return nil }
        defer { used += rounded }
        return start + used
    }
}

/// A piece of a block: its memory and the block that owns it.
struct BulkPiece {
    let block: BulkBlock
    let start: UnsafeMutableRawPointer
    let bytes: Int

    /// Reclaims the piece's bytes if it was the last carved from its block (see the
    /// header); the piece must not be used after.
    func giveBack() {
        let rounded = (bytes + BulkBlock.alignment - 1) / BulkBlock.alignment * BulkBlock.alignment
        if start + rounded == block.start + block.used { block.used -= rounded }
    }
}

/// Carves pieces for one owner from its current block, starting a new block when the
/// current one is full. An owner's first `BulkBlock.size` bytes are ordinary
/// allocations, a piece each: a small store (a test, a REPL session, an entity with
/// few records) does not hold 2 MiB per table.
struct BulkCarver {
    private var current: BulkBlock?
    private var taken = 0

    mutating func piece(_ bytes: Int) -> BulkPiece {
        let bytes = max(1, bytes)
        taken += bytes
        if taken <= BulkBlock.size || bytes > BulkBlock.size / 2 {
            let own = BulkBlock(bytes: bytes, huge: taken > BulkBlock.size)
            return BulkPiece(block: own, start: own.carve(bytes) ?? own.start, bytes: bytes)
        }
        if let block = current, let start = block.carve(bytes) {
            return BulkPiece(block: block, start: start, bytes: bytes)
        }
        let block = BulkBlock(bytes: BulkBlock.size, huge: true)
        current = block
        return BulkPiece(block: block, start: block.carve(bytes) ?? block.start, bytes: bytes)
    }
}
