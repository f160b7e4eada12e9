// Interpreter+Advance owns FIRING timers: `advance(to:)` moves the virtual clock
// forward, popping due timers in (fireAt, id) order. Each firing is its own store
// transaction with its whole cascade (like a command): the clock is set to the timer's
// instant, the rule's `where` is evaluated NOW (a lead followed up on day 6 reads
// status 已联系 on day 7, so nothing happens), and the actions run. Timers that a
// cascade schedules at or before the target fire too, in order. After a firing,
// `yearly` timers and schedules are re-armed for their next occurrence (in the same
// transaction). A schedule runs its rule for every record of its entity whose `where`
// holds, in record order. A firing that fails is rolled back and reported; its timer is
// then dropped (re-armed for the next occurrence if it repeats), so advancing always
// terminates.
import CRMBase
import CRMStore

/// One timer firing and what it did.
public struct TimerFire: Sendable {
    public var timer: TimerID
    /// The rule's name.
    public var rule: String
    /// The record (`Lead#1`), or nil for a schedule. Spelled when asked: a million
    /// firings need not build a million names nobody reads.
    public var record: String? { recordEntity.map { "\($0)#\(recordNumber)" } }
    /// The record's entity name (nil for a schedule) and number.
    public var recordEntity: String?
    public var recordNumber: UInt32
    /// The instant it fired.
    public var at: Int64
    /// Trace, rules fired, outbox messages, failure — as for a command.
    public var result: CommandResult
}

extension Interpreter {
    /// Upper bound of firings at one instant, against rules that re-arm themselves at
    /// "now" forever (`at E.f do set f = now()`).
    static let firingsPerInstantLimit = 10_000

    /// `advance(to:actor:)` fires every timer due up to `target` (in order, each in its
    /// own transaction) and leaves the clock at `target` (never moves it backwards).
    public func advance(to target: Int64, actor: String = "system") -> [TimerFire] {
        var fires: [TimerFire] = []
        advance(to: target, actor: actor) { fires.append($0) }
        return fires
    }

    /// `advance(to:actor:each:)` is `advance(to:actor:)` handing each firing to `each`
    /// as it happens instead of collecting them: `crm run` renders firings one by one,
    /// and a million firings need not be held at once.
    public func advance(to target: Int64, actor: String = "system", each: (TimerFire) -> Void) {
        var lastInstant = Int64.min, atInstant = 0
        let virtual = clock as? VirtualClock
        while let next = store.nextDueTimer(upTo: target) {
            if next.fireAt == lastInstant { atInstant += 1 } else { lastInstant = next.fireAt; atInstant = 1 }
            if atInstant > Self.firingsPerInstantLimit { break }
            if let virtual, virtual.nowMicros() < next.fireAt { virtual.set(micros: next.fireAt) }
            guard let fire = fire(next, actor: actor) else { break }
            each(fire)
        }
        if clock.nowMicros() < target, let virtual { virtual.set(micros: target) }
    }

    /// `advance(by:actor:)` advances by a calendar duration in the model's zone.
    public func advance(by d: CalendarDuration, actor: String = "system") throws(ArithmeticError) -> [TimerFire] {
        advance(to: try calendar.add(d, toInstant: clock.nowMicros()), actor: actor)
    }

    /// Fires one due timer; nil if the store would not even drop it.
    func fire(_ timer: TimerEntry, actor: String) -> TimerFire? {
        resetCommandState()
        defer { releaseScratch() }
        self.actor = actor
        eventID = ""
        eventTimer = timer.id
        /// The firing's report, built once with its result (taken, not copied: a copy
        /// retained each of its parts and a destroy released them, per firing).
        func firing(_ result: consuming CommandResult) -> TimerFire {
            let r = Int(timer.rule)
            let ruleName = r >= 0 && r < singleFired.count ? singleFired[r][0] : "?"
            let e = Int(timer.record.entity)
            let entityName = timer.record.isNone ? nil : (e >= 0 && e < entityTables.count ? entityTables[e].name : "?")
            return TimerFire(timer: timer.id, rule: ruleName, recordEntity: entityName, recordNumber: timer.record.number,
                             at: timer.fireAt, result: result)
        }
        do {
            try store.begin()
            guard let popped = try store.popDueTimer(upTo: timer.fireAt) else { try store.commit(); return nil }
            if popped.rule >= 0 && Int(popped.rule) < rules.count {
                try runTimer(popped)
                try rearm(popped)
            } else if popped.rule == Self.escalationTimerRule {
                try escalate(popped)   // Interpreter+Approvals.swift
            }
            try runCascade()
            try validateTouched()
            try store.commit()
        } catch {
            try? store.rollback()
            let failure = self.failure(error, chain: [])
            // Drop the failed timer (re-arming a repeating one) so advancing goes on.
            do {
                try store.begin()
                if let popped = try store.popDueTimer(upTo: timer.fireAt), Int(popped.rule) < program.rules.count, popped.rule >= 0 {
                    try rearm(popped)
                }
                try store.commit()
            } catch {
                try? store.rollback()
                return nil
            }
            var failed = CommandResult()
            failed.failure = failure
            failed.trace = takeResult().trace
            return firing(failed)
        }
        countFired()
        return firing(takeResult())
    }

    /// Re-arms a repeating timer after it fired: `yearly` → the next anniversary,
    /// schedules → the next occurrence.
    func rearm(_ t: TimerEntry) throws {
        let r = Int(t.rule)
        if r < anchors.count, let anchor = anchors[r] {
            guard anchor.yearly, store.exists(t.record) else { return }
            try setTimer(r, t.record, try anchorFireTime(r, t.record, notBefore: t.fireAt, strictly: true))
            return
        }
        switch rules[r].trigger {
        case .timed(.every):
            if let next = nextOccurrence(of: r, after: t.fireAt, inclusive: false) {
                _ = try store.scheduleTimer(record: .none, rule: t.rule, fireAt: next)
            }
        default: break
        }
    }

    /// Runs the timer's rule: for its record, or for every record of a schedule's entity.
    func runTimer(_ t: TimerEntry) throws {
        let r = Int(t.rule)
        if r >= anchors.count || anchors[r] == nil, case .timed(.every) = rules[r].trigger {
            for id in store.records(of: EntityID(rules[r].entity)) {
                try runTimedRule(r, on: id, what: "schedule at \(calendar.format(instant: t.fireAt))")
            }
        } else if store.exists(t.record) {
            try runTimedRule(r, on: t.record, what: "timer at \(calendar.format(instant: t.fireAt))")
        }
    }

    /// Evaluates a timed rule's condition on a record (traced with the values read) and,
    /// if it holds, runs its actions at depth 1 (Interpreter+Approvals.swift). `what`
    /// is spelled only when traced.
    func runTimedRule(_ index: Int, on record: RecordID, what: @autoclosure () -> String) throws {
        if try runStraightTimedRule(index, on: record) { return }   // Interpreter+Straight.swift
        try runTriggeredRule(index, on: record, what: what(), depth: 0, chain: [])
    }
}
