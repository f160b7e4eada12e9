// Timers: (fireAt, id) order, reschedule and cancel (lazy deletion must never let a
// stale entry fire), popping inside transactions, deletes cancelling a record's timers,
// a 100,000-timer smoke test against a sorted reference, and timers scheduled mostly
// in firing order (TimerQueue's run) mixed with others (its heap).

import CRMBase
@testable import CRMStore
import XCTest

final class TimerTests: XCTestCase {
    func testOrderIsFireTimeThenID() throws {
        let s = Fixture.store()
        try s.begin()
        let a = try s.scheduleTimer(record: .none, rule: 0, fireAt: 30)
        let b = try s.scheduleTimer(record: .none, rule: 1, fireAt: 10)
        let c = try s.scheduleTimer(record: .none, rule: 2, fireAt: 30)
        let d = try s.scheduleTimer(record: .none, rule: 3, fireAt: 10)
        try s.commit()
        XCTAssertEqual(s.dueTimers(upTo: 30).map(\.id), [b, d, a, c])
        XCTAssertEqual(s.dueTimers(upTo: 29).map(\.id), [b, d])
        XCTAssertEqual(s.dueTimers(upTo: 30, limit: 3).map(\.id), [b, d, a])
        XCTAssertEqual(s.dueTimers(upTo: 9), [])
        XCTAssertEqual(s.timerCount, 4, "listing is a pure read")
    }

    func testRescheduleAndCancel() throws {
        let s = Fixture.store()
        try s.begin()
        let a = try s.scheduleTimer(record: .none, rule: 0, fireAt: 10)
        let b = try s.scheduleTimer(record: .none, rule: 0, fireAt: 20)
        let c = try s.scheduleTimer(record: .none, rule: 0, fireAt: 30)
        try s.rescheduleTimer(a, fireAt: 40)
        try s.rescheduleTimer(a, fireAt: 25)
        try s.rescheduleTimer(a, fireAt: 40)   // back to an earlier time: old entries stay stale
        try s.cancelTimer(b)
        XCTAssertEqual(s.dueTimers(upTo: 100).map(\.id), [c, a])
        XCTAssertEqual(try s.popDueTimer(upTo: 35)?.id, c)
        XCTAssertNil(try s.popDueTimer(upTo: 35))
        XCTAssertEqual(try s.popDueTimer(upTo: 40)?.id, a)
        XCTAssertNil(try s.popDueTimer(upTo: .max))
        XCTAssertThrowsError(try s.rescheduleTimer(b, fireAt: 1)) { XCTAssertEqual($0 as? StoreError, .noSuchTimer(b)) }
        let set = try s.commit()
        XCTAssertEqual(set.changes.last, .fireTimer(a))
    }

    func testPopIsUndoneByRollback() throws {
        let s = Fixture.store()
        try s.transaction { _ = try s.scheduleTimer(record: .none, rule: 4, fireAt: 5) }
        try s.begin()
        XCTAssertEqual(try s.popDueTimer(upTo: 5)?.rule, 4)
        try s.rollback()
        XCTAssertEqual(s.dueTimers(upTo: 5).map(\.rule), [4])
    }

    func testDeleteCancelsTheRecordsTimers() throws {
        let s = Fixture.store()
        try s.begin()
        let c = try s.create(Fixture.customer, slots: [.null, .null])
        let t1 = try s.scheduleTimer(record: c, rule: 0, fireAt: 5)
        let t2 = try s.scheduleTimer(record: c, rule: 1, fireAt: 6)
        XCTAssertEqual(s.timers(of: c).map(\.id), [t1, t2])
        try s.delete(c)
        XCTAssertEqual(s.timerCount, 0)
        let set = try s.commit()
        XCTAssertEqual(Array(set.changes.suffix(3)), [.cancelTimer(t1), .cancelTimer(t2), .delete(c)])
        try s.begin()
        XCTAssertThrowsError(try s.scheduleTimer(record: c, rule: 0, fireAt: 1)) {
            XCTAssertEqual($0 as? StoreError, .noSuchRecord(c))
        }
        try s.rollback()
    }

    /// 100,000 timers with random times and random reschedules/cancels, fired in order:
    /// the sequence must equal a sort of the survivors by (fireAt, id).
    func testHundredThousandTimers() throws {
        var rng = SeededRandom(seed: 42)
        let s = Fixture.store(capturesChanges: false)
        var expected: [TimerID: Int64] = [:]
        try s.begin()
        for _ in 0 ..< 100_000 {
            let at = Int64.random(in: 0 ..< 1_000_000, using: &rng)
            expected[try s.scheduleTimer(record: .none, rule: 0, fireAt: at)] = at
        }
        for _ in 0 ..< 30_000 {
            let id = TimerID.random(in: 1 ... 100_000, using: &rng)
            guard expected[id] != nil else { continue }
            if Bool.random(using: &rng) {
                try s.cancelTimer(id)
                expected[id] = nil
            } else {
                let at = Int64.random(in: 0 ..< 1_000_000, using: &rng)
                try s.rescheduleTimer(id, fireAt: at)
                expected[id] = at
            }
        }
        try s.commit()
        let order = expected.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
        XCTAssertEqual(s.dueTimers(upTo: 500_000).map(\.id), Array(order.prefix { expected[$0]! <= 500_000 }))
        var fired: [TimerID] = []
        try s.begin()
        while let t = try s.popDueTimer(upTo: .max) { fired.append(t.id) }
        try s.commit()
        XCTAssertEqual(fired, order)
        XCTAssertEqual(s.timerCount, 0)
    }

    /// Timers scheduled mostly in the order they fire (TimerQueue keeps those in its run)
    /// and sometimes not (its heap), with reschedules, cancels, pops between batches and
    /// rolled-back pops: listing and firing always follow (fireAt, id) over the live ones.
    func testTimersInFiringOrderMixedWithOthers() throws {
        var rng = SeededRandom(seed: 7)
        let s = Fixture.store(capturesChanges: false)
        var expected: [TimerID: Int64] = [:]
        var clock: Int64 = 0
        func order(upTo t: Int64) -> [TimerID] {
            expected.filter { $0.value <= t }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
        }
        for round in 0 ..< 40 {
            try s.begin()
            for _ in 0 ..< 500 {
                clock += Int64(rng.below(4))
                let at = rng.below(10) == 0 ? clock + Int64(rng.below(600)) - 60 : clock + 100
                expected[try s.scheduleTimer(record: .none, rule: 0, fireAt: at)] = at
            }
            let ids = expected.keys.sorted()
            for _ in 0 ..< 60 where !ids.isEmpty {
                let id = ids[rng.below(ids.count)]
                guard expected[id] != nil else { continue }
                if rng.below(2) == 0 {
                    try s.cancelTimer(id)
                    expected[id] = nil
                } else {
                    let at = clock + Int64(rng.below(300)) - 30
                    try s.rescheduleTimer(id, fireAt: at)
                    expected[id] = at
                }
            }
            try s.commit()
            XCTAssertEqual(s.dueTimers(upTo: clock).map(\.id), order(upTo: clock), "round \(round): listing")
            try s.begin()
            var fired: [TimerID] = []
            while true {
                // The peek (advance's) and the pop (the firing's) name the same timer.
                let peeked = s.nextDueTimer(upTo: clock)
                let popped = try s.popDueTimer(upTo: clock)
                XCTAssertEqual(peeked, popped, "round \(round): peek and pop")
                guard let popped else { break }
                fired.append(popped.id)
            }
            XCTAssertEqual(fired, order(upTo: clock), "round \(round): firing")
            if round % 5 == 2 {
                try s.rollback()   // the popped timers come back
            } else {
                try s.commit()
                for id in fired { expected[id] = nil }
            }
            XCTAssertEqual(s.timerCount, expected.count, "round \(round)")
        }
        try s.begin()
        var rest: [TimerID] = []
        while let t = try s.popDueTimer(upTo: .max) { rest.append(t.id) }
        try s.commit()
        XCTAssertEqual(rest, order(upTo: .max))
    }
}
