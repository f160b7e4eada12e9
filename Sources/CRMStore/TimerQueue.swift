// TimerQueue: pending timers, ordered by (fireAt, id), built for a million of them.
//
// A 4-ary min-heap (half the levels of a binary heap; siblings share a cache line)
// with lazy deletion: cancelling or rescheduling a timer does not
// search the heap; the live table records the heap entry (`seq`) that currently stands
// for the timer, and any other entry is stale and skipped when it surfaces. When stale
// entries outnumber live ones (plus slack), the heap is rebuilt in O(n), so memory stays
// within a constant factor of the live timers. Heap entries are 24-byte structs in one
// array: no per-timer object.
//
// `due(upTo:limit:)` reads the k earliest due timers without mutating the heap, by a
// best-first walk of the heap tree (O(k log k)), so listing is a pure read.

struct TimerQueue {
    struct Item {
        var fireAt: Int64
        var id: TimerID
        /// Which push this is; the live table's `seq` names the valid one.
        var seq: UInt64

        @inline(__always) static func before(_ a: Item, _ b: Item) -> Bool {
            a.fireAt != b.fireAt ? a.fireAt < b.fireAt : (a.id != b.id ? a.id < b.id : a.seq < b.seq)
        }
    }

    struct Live {
        var entry: TimerEntry
        var seq: UInt64
    }

    private(set) var heap: [Item] = []
    private(set) var live: [TimerID: Live] = [:]
    /// Timers per record, for `timers(of:)` and for cancelling them on delete.
    private(set) var byRecord: [RecordID: [TimerID]] = [:]
    private var nextSeq: UInt64 = 0

    var count: Int { live.count }

    func entry(_ id: TimerID) -> TimerEntry? { live[id]?.entry }

    func timers(of record: RecordID) -> [TimerEntry] {
        (byRecord[record] ?? []).compactMap { live[$0]?.entry }
    }

    mutating func insert(_ e: TimerEntry) {
        nextSeq &+= 1
        live[e.id] = Live(entry: e, seq: nextSeq)
        if !e.record.isNone { byRecord[e.record, default: []].append(e.id) }
        push(Item(fireAt: e.fireAt, id: e.id, seq: nextSeq))
    }

    /// Removes a live timer; returns it.
    mutating func remove(_ id: TimerID) -> TimerEntry? {
        guard let l = live.removeValue(forKey: id) else { return nil }
        if !l.entry.record.isNone { unlinkRecord(l.entry.record, id) }
        compactIfNeeded()
        return l.entry
    }

    /// Moves a live timer; returns its previous fireAt.
    mutating func move(_ id: TimerID, to fireAt: Int64) -> Int64? {
        guard var l = live[id] else { return nil }
        let old = l.entry.fireAt
        nextSeq &+= 1
        l.entry.fireAt = fireAt
        l.seq = nextSeq
        live[id] = l
        push(Item(fireAt: fireAt, id: id, seq: nextSeq))
        compactIfNeeded()
        return old
    }

    /// Removes and returns the earliest live timer if it is due by `time`: one hash
    /// lookup and one heap pop per timer (firing is the hot path of `timers-1m`).
    mutating func popFirst(upTo time: Int64) -> TimerEntry? {
        while let top = heap.first {
            if let i = live.index(forKey: top.id), live.values[i].seq == top.seq {
                guard top.fireAt <= time else { return nil }
                let e = live.remove(at: i).value.entry
                popTop()
                if !e.record.isNone { unlinkRecord(e.record, e.id) }
                return e
            }
            popTop()
        }
        return nil
    }

    private mutating func unlinkRecord(_ r: RecordID, _ id: TimerID) {
        guard let i = byRecord.index(forKey: r) else { return }
        byRecord.values[i].removeAll { $0 == id }
        if byRecord.values[i].isEmpty { byRecord.remove(at: i) }
    }

    /// Live timers with fireAt ≤ time, in (fireAt, id) order, without mutating.
    func due(upTo time: Int64, limit: Int) -> [TimerEntry] {
        var out: [TimerEntry] = []
        guard !heap.isEmpty, limit > 0 else { return out }
        // A small heap of indices into `heap`, ordered like the items they point to.
        var frontier: [Int] = [0]
        func less(_ a: Int, _ b: Int) -> Bool { Item.before(heap[a], heap[b]) }
        while let i = frontier.first, out.count < limit {
            // pop frontier min
            let last = frontier.removeLast()
            if !frontier.isEmpty {
                frontier[0] = last
                var k = 0
                while true {
                    let l = 2 * k + 1, r = l + 1
                    var m = k
                    if l < frontier.count && less(frontier[l], frontier[m]) { m = l }
                    if r < frontier.count && less(frontier[r], frontier[m]) { m = r }
                    if m == k { break }
                    frontier.swapAt(k, m); k = m
                }
            }
            let item = heap[i]
            if item.fireAt > time { break }
            if let l = live[item.id], l.seq == item.seq { out.append(l.entry) }
            var c = 4 * i + 1
            while c <= 4 * i + 4 && c < heap.count {
                frontier.append(c)
                c += 1
                var k = frontier.count - 1
                while k > 0 {
                    let p = (k - 1) / 2
                    if !less(frontier[k], frontier[p]) { break }
                    frontier.swapAt(k, p); k = p
                }
            }
        }
        return out
    }

    // MARK: Heap

    private mutating func push(_ item: Item) {
        heap.append(item)
        var k = heap.count - 1
        while k > 0 {
            let p = (k - 1) / 4
            if !Item.before(item, heap[p]) { break }
            heap[k] = heap[p]; k = p
        }
        heap[k] = item
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        if heap.isEmpty { return }
        siftDown(last, from: 0)
    }

    private mutating func siftDown(_ item: Item, from start: Int) {
        var k = start
        let n = heap.count
        while true {
            let first = 4 * k + 1
            if first >= n { break }
            var c = first
            var j = first + 1
            while j < min(first + 4, n) {
                if Item.before(heap[j], heap[c]) { c = j }
                j += 1
            }
            if !Item.before(heap[c], item) { break }
            heap[k] = heap[c]; k = c
        }
        heap[k] = item
    }

    /// Rebuilds the heap from the live table when stale entries dominate.
    private mutating func compactIfNeeded() {
        guard heap.count > 2 * live.count + 1024 else { return }
        heap = live.values.map { Item(fireAt: $0.entry.fireAt, id: $0.entry.id, seq: $0.seq) }
        var i = (heap.count - 2) / 4
        while i >= 0 && !heap.isEmpty { siftDown(heap[i], from: i); i -= 1 }
    }
}
