// ChunkedDequeTests: the store's chunked deque behaves as an Array — appends at the
// back (one by one and in batches), removals at the front (dropping whole chunks) and
// at the back (an audit rollback), prepends (the undo of a firing below the timer
// window), writes in place and emptying — across many chunk boundaries, compared with
// an Array after every step.
import CRMBase
@testable import CRMStore
import XCTest

final class ChunkedDequeTests: XCTestCase {
    func testBehavesAsAnArrayQueue() {
        var random = SeededRandom(seed: 11)
        var deque = ChunkedDeque<Int64>()
        var model: [Int64] = []
        var next: Int64 = 0
        let chunk = ChunkedDeque<Int64>.chunkSize
        for step in 0 ..< 3_000 {
            switch random.below(10) {
            case 0 ... 4:
                for _ in 0 ..< random.below(2 * chunk) { deque.append(next); model.append(next); next += 1 }
            case 5, 6:
                let n = random.below(model.count + 1)
                deque.removeFirst(n)
                model.removeFirst(n)
            case 7:
                let n = random.below(chunk + 3)
                deque.prepend(-next, count: n)
                model.insert(contentsOf: Array(repeating: -next, count: n), at: 0)
                next += 1
            case 8 where !model.isEmpty:
                let i = random.below(model.count)
                deque[i] = 7 * next
                model[i] = 7 * next
            case 9 where random.below(2) == 0:
                // The audit log's ways: rows appended a batch at a time, undone one by one.
                let batch = (0 ..< random.below(chunk + 5)).map { Int64($0) + next }
                next += Int64(batch.count)
                deque.append(contentsOf: batch)
                model.append(contentsOf: batch)
                for _ in 0 ..< random.below(chunk) where !model.isEmpty { deque.removeLast(); model.removeLast() }
            default:
                if random.below(20) == 0 { deque.removeAll(); model.removeAll() }
            }
            XCTAssertEqual(deque.count, model.count, "step \(step)")
            XCTAssertEqual(deque.last, model.last, "step \(step)")
            if !model.isEmpty {
                for i in [0, model.count / 2, model.count - 1] { XCTAssertEqual(deque[i], model[i], "step \(step) at \(i)") }
            }
            if step % 300 == 0 {
                XCTAssertEqual((0 ..< deque.count).map { deque[$0] }, model, "step \(step): every element")
            }
        }
        XCTAssertGreaterThan(next, Int64(20 * chunk), "many chunks went through")
    }
}
