// TimerQueue: pending timers, ordered by (fireAt, id), built for a million of them.
//
// A 4-ary min-heap (half the levels of a binary heap; siblings share a cache line)
// with lazy deletion: cancelling or rescheduling a timer does not
// search the heap; the live table (a window indexed by timer id, in a ChunkedDeque
// that grows at the back and drops fired chunks at the front) records the
// heap entry (`seq`) that currently stands for the timer, and any other entry is stale
// and skipped when it surfaces. A record's timers form a list through the table. When stale
// entries outnumber live ones (plus slack), the heap is rebuilt in O(n), so memory stays
// within a constant factor of the live timers. Heap entries are 24-byte structs in one
// array: no per-timer object.
//
// `due(upTo:limit:)` reads the k earliest due timers without mutating the heap, by a
// best-first walk of the heap tree (O(k log k)), so listing is a pure read.
//
// Most timers are scheduled in the order they will fire (`created_at + 7 days` for
// records created one after another): those go to `run`, a queue kept in (fireAt, id)
// order, instead of the heap — a push that is not before the run's last entry is an
// append, and the earliest timer is the smaller of the run's head and the heap's top.
// A million such timers then fire with no sifting through a heap of a million (each
// pop a walk down ten levels, mostly cache misses). Timers out of that order (a
// reschedule, an earlier anchor) go to the heap as before.

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

    /// A live timer, in the table indexed by id. `seq` 0 marks an empty place.
    struct Slot {
        var fireAt: Int64
        var seq: UInt64
        var record: RecordID
        /// The next timer of the same record (0: none): a list per record, no array.
        var nextOfRecord: TimerID
        var rule: Int32
    }

    private(set) var heap: [Item] = []
    /// Entries pushed in (fireAt, id) order; `run[runStart...]` are still queued.
    private var run = ChunkedDeque<Item>()
    private var runStart = 0
    /// Live timers by id: `slots[id - base]`. Ids are allocated in increasing order and
    /// fired roughly in that order, so a window over the live ids (leading empty places
    /// are dropped as timers fire) replaces a hash table: no hashing per timer.
    private var slots = ChunkedDeque<Slot>()
    private var base: TimerID = 1
    /// Leading places of `slots` known to be empty.
    private var front = 0
    /// Per entity, per record number − 1: the record's first timer (0: none). Dense,
    /// like the records themselves, instead of a dictionary of arrays per record.
    /// Chunked, as the window is: an array of a million heads grew by doubling, copying
    /// and touching fresh pages each time.
    private var heads: [ChunkedDeque<TimerID>] = []
    private var nextSeq: UInt64 = 0
    private(set) var count = 0

    @inline(__always) private func index(_ id: TimerID) -> Int? {
        guard id >= base, id - base < TimerID(slots.count) else { return nil }
        let i = Int(id - base)
        return slots[i].seq != 0 ? i : nil
    }

    func entry(_ id: TimerID) -> TimerEntry? {
        guard let i = index(id) else { return nil }
        let s = slots[i]
        return TimerEntry(id: id, record: s.record, rule: s.rule, fireAt: s.fireAt)
    }

    /// Pending timers of a record, by id.
    func timers(of record: RecordID) -> [TimerEntry] {
        var out: [TimerEntry] = []
        var t = head(record)
        while t != 0, let i = index(t) {
            let s = slots[i]
            out.append(TimerEntry(id: t, record: s.record, rule: s.rule, fireAt: s.fireAt))
            t = s.nextOfRecord
        }
        if out.count > 1 { out.sort { $0.id < $1.id } }
        return out
    }

    private func head(_ r: RecordID) -> TimerID {
        guard !r.isNone, r.entity < Int32(heads.count), r.number >= 1, Int(r.number) <= heads[Int(r.entity)].count else { return 0 }
        return heads[Int(r.entity)][Int(r.number) - 1]
    }

    private mutating func setHead(_ r: RecordID, _ t: TimerID) {
        guard !r.isNone, r.number >= 1 else { return }
        let e = Int(r.entity), n = Int(r.number) - 1
        while e >= heads.count { heads.append(ChunkedDeque()) }
        if n >= heads[e].count {
            if t == 0 { return }
            // Records get timers in number order: usually one append, no temporary array.
            while heads[e].count < n { heads[e].append(0) }
            heads[e].append(t)
            return
        }
        heads[e][n] = t
    }

    mutating func insert(_ e: TimerEntry) {
        nextSeq &+= 1
        if slots.isEmpty { base = e.id }
        if e.id < base {
            // Re-inserting a timer below the window (undo of a firing): widen it.
            let gap = Int(base - e.id)
            slots.prepend(Slot(fireAt: 0, seq: 0, record: .none, nextOfRecord: 0, rule: 0), count: gap)
            base = e.id
            front = 0
        }
        let i = Int(e.id - base)
        if i < front { front = i }
        // Usually the next place: one append (appending a repeated element is generic),
        // of the timer itself.
        while i > slots.count { slots.append(Slot(fireAt: 0, seq: 0, record: .none, nextOfRecord: 0, rule: 0)) }
        let next = e.record.isNone ? 0 : head(e.record)
        let slot = Slot(fireAt: e.fireAt, seq: nextSeq, record: e.record, nextOfRecord: next, rule: e.rule)
        if i == slots.count { slots.append(slot) } else { slots[i] = slot }
        if !e.record.isNone { setHead(e.record, e.id) }
        count += 1
        push(Item(fireAt: e.fireAt, id: e.id, seq: nextSeq))
    }

    /// Removes a live timer; returns it.
    mutating func remove(_ id: TimerID) -> TimerEntry? {
        guard let e = take(id) else { return nil }
        compactIfNeeded()
        return e
    }

    /// Empties a live timer's place and unlinks it from its record's list.
    private mutating func take(_ id: TimerID) -> TimerEntry? {
        guard let i = index(id) else { return nil }
        return take(id, at: i)
    }

    /// `take` of the live timer `id` at place `i` of the window (found by the caller).
    private mutating func take(_ id: TimerID, at i: Int) -> TimerEntry {
        let s = slots[i]
        slots[i].seq = 0
        count -= 1
        if !s.record.isNone { unlinkRecord(s.record, id, next: s.nextOfRecord) }
        trimFront()
        return TimerEntry(id: id, record: s.record, rule: s.rule, fireAt: s.fireAt)
    }

    /// Drops leading empty places once they are many (the window follows the firing).
    /// `front` counts the leading empty places seen so far, so each place is stepped
    /// over once, not once per firing.
    private mutating func trimFront() {
        if count == 0 { slots.removeAll(); front = 0; return }
        while front < slots.count && slots[front].seq == 0 { front += 1 }
        // A chunk's worth: dropping the front of a ChunkedDeque moves nothing.
        guard front >= ChunkedDeque<Slot>.chunkSize else { return }
        slots.removeFirst(front)
        base += TimerID(front)
        front = 0
    }

    /// Moves a live timer; returns its previous fireAt.
    mutating func move(_ id: TimerID, to fireAt: Int64) -> Int64? {
        guard let i = index(id) else { return nil }
        let old = slots[i].fireAt
        nextSeq &+= 1
        slots[i].fireAt = fireAt
        slots[i].seq = nextSeq
        push(Item(fireAt: fireAt, id: id, seq: nextSeq))
        compactIfNeeded()
        return old
    }

    /// Removes and returns the earliest live timer if it is due by `time`: one table
    /// lookup and one heap pop per timer (firing is the hot path of `timers-1m`).
    mutating func popFirst(upTo time: Int64) -> TimerEntry? {
        // The top and its place are looked up once: this runs once per firing.
        while let (top, inRun) = topAndSource() {
            if let i = index(top.id), slots[i].seq == top.seq {
                guard top.fireAt <= time else { return nil }
                popTop(inRun: inRun)
                return take(top.id, at: i)
            }
            popTop(inRun: inRun)
        }
        return nil
    }

    /// The earliest entry, live or stale: the run's head or the heap's top.
    private func top() -> Item? { topAndSource()?.item }

    /// `top()` and whether it is the run's head (else the heap's top).
    private func topAndSource() -> (item: Item, inRun: Bool)? {
        let head = runStart < run.count ? run[runStart] : nil
        guard let h = heap.first else { return head.map { ($0, true) } }
        guard let head else { return (h, false) }
        return Item.before(h, head) ? (h, false) : (head, true)
    }

    /// The earliest live timer if due by `time`, without mutating (stale entries on
    /// top are stepped over by `due`). Declared `mutating` only so that the store calls
    /// it in place: a non-mutating call on its `timers` property copied the whole queue
    /// (retaining each part) once per firing.
    mutating func first(upTo time: Int64) -> TimerEntry? {
        if let top = top(), let i = index(top.id), slots[i].seq == top.seq {
            guard top.fireAt <= time else { return nil }
            let s = slots[i]
            return TimerEntry(id: top.id, record: s.record, rule: s.rule, fireAt: s.fireAt)
        }
        return due(upTo: time, limit: 1).first
    }

    private mutating func unlinkRecord(_ r: RecordID, _ id: TimerID, next: TimerID) {
        var t = head(r)
        if t == id { setHead(r, next); return }
        while t != 0, let i = index(t) {
            if slots[i].nextOfRecord == id { slots[i].nextOfRecord = next; return }
            t = slots[i].nextOfRecord
        }
    }

    /// Live timers with fireAt ≤ time, in (fireAt, id) order, without mutating: the
    /// heap's and the run's, merged.
    func due(upTo time: Int64, limit: Int) -> [TimerEntry] {
        let fromHeap = heapDue(upTo: time, limit: limit)
        var fromRun: [TimerEntry] = []
        var k = runStart
        while k < run.count && fromRun.count < limit && run[k].fireAt <= time {
            let item = run[k]
            if let j = index(item.id), slots[j].seq == item.seq, let e = entry(item.id) { fromRun.append(e) }
            k += 1
        }
        if fromRun.isEmpty { return fromHeap }
        if fromHeap.isEmpty { return fromRun }
        var out: [TimerEntry] = []
        var a = 0, b = 0
        while out.count < limit && (a < fromHeap.count || b < fromRun.count) {
            if b >= fromRun.count || (a < fromHeap.count && (fromHeap[a].fireAt, fromHeap[a].id) < (fromRun[b].fireAt, fromRun[b].id)) {
                out.append(fromHeap[a]); a += 1
            } else {
                out.append(fromRun[b]); b += 1
            }
        }
        return out
    }

    /// The heap's part of `due`: a best-first walk of the heap tree.
    private func heapDue(upTo time: Int64, limit: Int) -> [TimerEntry] {
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
            if let j = index(item.id), slots[j].seq == item.seq, let e = entry(item.id) { out.append(e) }
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

    // The sifts work on the heap's buffer: through the array, each step would check
    // bounds and the buffer's uniqueness, about half the cost of a pop from a million.
    private mutating func push(_ item: Item) {
        if runStart == run.count {
            // The run is used up: start it again with this entry.
            if !run.isEmpty { run.removeAll() }
            runStart = 0
            run.append(item)
            return
        }
        if let last = run.last, !Item.before(item, last) {
            run.append(item)
            return
        }
        heap.append(item)
        heap.withUnsafeMutableBufferPointer { h in
            var k = h.count - 1
            while k > 0 {
                let p = (k - 1) / 4
                if !Item.before(item, h[p]) { break }
                h[k] = h[p]; k = p
            }
            h[k] = item
        }
    }

    /// Removes the earliest entry (`top()`; `inRun`: it is the run's head).
    private mutating func popTop(inRun: Bool) {
        if inRun {
            runStart += 1
            // Drop the consumed front now and then, so the run's memory follows the live part.
            if runStart >= ChunkedDeque<Item>.chunkSize {
                run.removeFirst(runStart)
                runStart = 0
            }
            return
        }
        guard let last = heap.popLast() else { return }
        if heap.isEmpty { return }
        siftDown(last, from: 0)
    }

    private mutating func siftDown(_ item: Item, from start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            guard start >= 0, start < n else { return }
            var k = start
            while true {
                let first = 4 * k + 1
                if first >= n { break }
                var c = first
                var j = first + 1
                let end = min(first + 4, n)
                while j < end {
                    if Item.before(h[j], h[c]) { c = j }
                    j += 1
                }
                if !Item.before(h[c], item) { break }
                h[k] = h[c]; k = c
            }
            h[k] = item
        }
    }

    /// Rebuilds the heap from the live table when stale entries dominate.
    private mutating func compactIfNeeded() {
        guard heap.count + (run.count - runStart) > 2 * count + 1024 else { return }
        run.removeAll()
        runStart = 0
        var fresh: [Item] = []
        fresh.reserveCapacity(count)
        for i in 0 ..< slots.count where slots[i].seq != 0 {
            fresh.append(Item(fireAt: slots[i].fireAt, id: base + TimerID(i), seq: slots[i].seq))
        }
        heap = fresh
        var i = (heap.count - 2) / 4
        while i >= 0 && !heap.isEmpty { siftDown(heap[i], from: i); i -= 1 }
    }
}
