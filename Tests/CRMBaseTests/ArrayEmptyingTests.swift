// ArrayEmptyingTests: `emptyKeepingCapacity` empties an array of any size and keeps its
// buffer (the reason it exists), and the elements it drops are released.
import CRMBase
import XCTest

final class ArrayEmptyingTests: XCTestCase {
    final class Token {}

    func testEmptiesAndKeepsTheBuffer() {
        for n in [0, 1, 8, 9, 1000] {
            var a = Array(0 ..< n)
            a.reserveCapacity(2000)
            let capacity = a.capacity
            a.emptyKeepingCapacity()
            XCTAssertTrue(a.isEmpty, "\(n)")
            XCTAssertEqual(a.capacity, capacity, "\(n)")
        }
    }

    func testReleasesWhatItDrops() {
        for n in [3, 30] {
            weak var probe: Token?
            var a: [Token] = []
            a.reserveCapacity(64)
            do {
                let t = Token()
                probe = t
                for _ in 0 ..< n { a.append(t) }
            }
            XCTAssertNotNil(probe)
            a.emptyKeepingCapacity()
            XCTAssertNil(probe, "\(n) references dropped")
        }
    }
}
