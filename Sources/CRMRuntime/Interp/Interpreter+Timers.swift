// Interpreter+Timers owns ARMING timers: keeping the store's timers in step with the
// records, inside the transaction of the event that changed them (so a rolled-back
// command leaves its timers as they were). `armTimers(for:)` runs for every created or
// updated event of the cascade, before the event's rules:
// - `at E.f ± D [yearly]`: on create, and on an update of f, the record's timer for the
//   rule is scheduled, moved, or cancelled (f became null, or the instant is past);
// - `on E inactive for D`: armed at create + D; re-armed at now + D by any update (without
//   `without X`) or by the creation of an X referring to the record (with it);
// - deleting a record cancels its timers (the store does that).
// Fire times follow ZonedCalendar's one rule for local times in DST gaps and overlaps
// (gap → moved forward by the gap; overlap → the earlier instant). Firing is in
// Interpreter+Advance.swift.
import CRMBase
import CRMStore

extension Interpreter {
    /// Schedules the first firing of every schedule rule (`every …`) at or after now.
    /// Called once, when the interpreter is created; a store that already holds a
    /// schedule's timer (reopened) keeps it.
    func armSchedules() throws {
        let rules = program.timeHooks.schedules
        guard !rules.isEmpty else { return }
        var armed = Set<Int32>()
        if store.timerCount > 0 {
            for t in store.dueTimers(upTo: .max) where t.record.isNone { armed.insert(t.rule) }
        }
        try store.begin()
        do {
            for r in rules where !armed.contains(Int32(r)) {
                if let at = nextOccurrence(of: r, after: clock.nowMicros(), inclusive: true) {
                    _ = try store.scheduleTimer(record: .none, rule: Int32(r), fireAt: at)
                }
            }
            try store.commit()
        } catch {
            try? store.rollback()
            throw error
        }
    }

    /// Keeps the timers an event affects in step (see the file header).
    func armTimers(for event: PendingEvent) throws {
        let e = Int(event.record.entity)
        guard e >= 0, e < entityTimers.count else { return }
        let hooks = entityTimers[e]
        // A record a later write of the cascade already deleted gets no timer.
        if case .deleted = event.kind {} else if !store.exists(event.record) { return }
        switch event.kind {
        case .created:
            for r in hooks.anchors { try armAnchor(r, event.record, fresh: true) }
            for r in hooks.inactive { try armInactive(r, event.record, fresh: true) }
            for (r, slot) in hooks.related {
                if case .ref(let target)? = store.value(event.record, slot: slot), store.exists(target) {
                    try armInactive(r, target)
                }
            }
        case .updated(let changes):
            for r in hooks.anchors {
                guard r >= 0, r < anchors.count, let slot = anchors[r]?.slot,
                      changes.contains(where: { $0.slot == slot }) else { continue }
                try armAnchor(r, event.record)
            }
            // Activity is what a command writes (depth 0), not what rules write — else an
            // inactivity rule whose actions update the record would re-arm itself forever.
            for r in hooks.inactive where event.depth == 0 {
                guard case .timed(.inactive(_, nil)) = rules[r].trigger else { continue }
                try armInactive(r, event.record)
            }
            // A ref of an X changed to point at a record: that counts as activity too.
            for (r, slot) in hooks.related where changes.contains(where: { $0.slot == slot }) {
                if case .ref(let target)? = store.value(event.record, slot: slot), store.exists(target) {
                    try armInactive(r, target)
                }
            }
        case .deleted:
            break
        }
    }

    /// Sets the record's timer for rule `r` to `fireAt` (nil: cancels it).
    /// `fresh`: the record was created by this command and this is its `created` event,
    /// so it has no timer yet (nothing before that event can arm one on it) — no lookup.
    func setTimer(_ r: Int, _ record: RecordID, _ fireAt: Int64?, fresh: Bool = false) throws {
        let existing = fresh ? nil : store.timers(of: record).first { $0.rule == Int32(r) }
        switch (existing, fireAt) {
        case (nil, nil): break
        case (let t?, nil): try store.cancelTimer(t.id)
        case (nil, let at?): _ = try store.scheduleTimer(record: record, rule: Int32(r), fireAt: at)
        case (let t?, let at?): if t.fireAt != at { try store.rescheduleTimer(t.id, fireAt: at) }
        }
    }

    /// (Re)arms an `at` rule's timer from the record's anchor field.
    func armAnchor(_ r: Int, _ record: RecordID, fresh: Bool = false) throws {
        try setTimer(r, record, try anchorFireTime(r, record, notBefore: clock.nowMicros(), strictly: false), fresh: fresh)
    }

    /// (Re)arms an inactivity rule's timer at now + D (a non-positive D arms nothing).
    func armInactive(_ r: Int, _ record: RecordID, fresh: Bool = false) throws {
        guard case .timed(.inactive(let d, _)) = rules[r].trigger else { return }
        guard case .duration(let span) = try d.compiled.evaluate(context(record)), span.months >= 0, span.micros >= 0,
              span.months > 0 || span.micros > 0 else {
            try setTimer(r, record, nil, fresh: fresh)
            return
        }
        try setTimer(r, record, try calendar.add(span, toInstant: clock.nowMicros()), fresh: fresh)
    }

    /// The instant an `at` rule fires for a record: the anchor (a date at 00:00 local)
    /// moved by the offset; for `yearly` the first anniversary at or after `notBefore`
    /// (after it, when `strictly`). Nil when the anchor is null or the instant is past.
    func anchorFireTime(_ r: Int, _ record: RecordID, notBefore: Int64, strictly: Bool) throws -> Int64? {
        guard r >= 0, r < anchors.count, let anchor = anchors[r] else { return nil }
        let cal = calendar
        func due(_ t: Int64) -> Bool { strictly ? t > notBefore : t >= notBefore }
        let days: Int64, tod: Int64
        switch store.value(record, slot: anchor.slot) {
        case .date(let d)?: (days, tod) = (d, 0)
        case .datetime(let t)?:
            if !anchor.yearly, let offset = anchor.constantOffset, let at = Self.plainFireTime(t, offset, cal) {
                return due(at) ? at : nil
            }
            (days, tod) = cal.local(ofInstant: t)
        default: return nil
        }
        var offset = CalendarDuration()
        if let constant = anchor.constantOffset {
            offset = constant   // `+ 7 days`, the usual case: no evaluation
        } else if let offsetExpr = anchor.offset {
            guard case .duration(let d) = try offsetExpr.evaluate(context(record)) else { return nil }
            offset = anchor.negative ? try d.negated() : d
        }
        func fire(onDay day: Int64) throws -> Int64 {
            try cal.add(offset, toInstant: cal.instant(days: day, microsOfDay: tod))
        }
        guard anchor.yearly else {
            let t = try fire(onDay: days)
            return due(t) ? t : nil
        }
        // Anniversaries from the anchor's own year on; start a couple of years before
        // `notBefore`'s so that offsets of up to a year either way are covered.
        let anchorDate = CivilDate(days: days)
        let nowYear = CivilDate(days: cal.local(ofInstant: notBefore).days).year
        var year = max(anchorDate.year, nowYear - 2)
        while year <= nowYear + 3 {
            if let d = anchorDate.addingMonths((year - anchorDate.year) * 12) {
                let t = try fire(onDay: d.days)
                if due(t) { return t }
            }
            year += 1
        }
        return nil
    }

    /// The fire time of a non-yearly `at` rule with a constant offset of days, hours or
    /// less (`created_at + 7 days`) from datetime `t`, when the zone keeps one offset
    /// from two days before `t` to two days after the result: then the general way's
    /// steps (local date and time of `t`, back to an instant, plus the exact part) are
    /// the identity and an addition, so this is that addition. Nil where it may differ
    /// (months, an offset expression, a transition near, a result out of range): the
    /// general way then computes (or refuses) it.
    static func plainFireTime(_ t: Int64, _ offset: CalendarDuration, _ cal: ZonedCalendar) -> Int64? {
        guard offset.months == 0 else { return nil }
        let (at, overflow) = t.addingReportingOverflow(offset.micros)
        let margin = 2 * ZonedCalendar.microsPerDay
        guard !overflow, at == ZonedCalendar.clampInstant(at), t == ZonedCalendar.clampInstant(t),
              let seconds = cal.fixedOffsetSeconds(from: min(t, at) - margin, to: max(t, at) + margin) else { return nil }
        let day = ZonedCalendar.floorDiv(at + seconds * ZonedCalendar.microsPerSecond, ZonedCalendar.microsPerDay).0
        return CivilDate.dayRange.contains(day) ? at : nil
    }

    /// The next firing of schedule rule `r` at or after `t` (strictly after, unless
    /// `inclusive`), in the model's zone.
    func nextOccurrence(of r: Int, after t: Int64, inclusive: Bool) -> Int64? {
        guard case .timed(.every(let schedule, let tod)) = program.rules[r].trigger else { return nil }
        let cal = calendar
        func ok(_ x: Int64) -> Bool { inclusive ? x >= t : x > t }
        let micros = tod * 1_000_000
        if case .interval(let d) = schedule {
            return try? cal.add(d, toInstant: t)   // the first firing is one interval after start
        }
        let today = cal.local(ofInstant: t).days
        // At most 62 days ahead covers every day, week and month rule.
        for day in (today - 1)...(today + 62) {
            let date = CivilDate(days: day)
            switch schedule {
            case .day: break
            case .week(let w): if CivilDate.weekday(ofDays: day) != w { continue }
            case .month(let n): if date.day != min(n, CivilDate.daysInMonth(date.year, date.month)) { continue }
            case .interval: continue
            }
            let x = cal.instant(days: day, microsOfDay: micros)
            if ok(x) { return x }
        }
        return nil
    }
}

extension Interpreter {
    /// Per rule, its `at` trigger's parts (nil for other rules), read once: matching
    /// `rules[r].trigger` copies the whole trigger, offset expression included, on every
    /// timer armed or fired.
    static func anchorTriggers(_ program: IRProgram) -> [AnchorTrigger?] {
        program.rules.map { rule in
            guard case .timed(.at(let slot, let offset, let negative, let yearly)) = rule.trigger else { return nil }
            return AnchorTrigger(slot: slot, offset: offset?.compiled, negative: negative, yearly: yearly)
        }
    }

    /// One entity's time hooks (TimeHooks, by entity), read on every event that may arm
    /// a timer: arrays in an object instead of three dictionary lookups (and a copy of
    /// the dictionaries) per event.
    final class EntityTimers {
        /// `at` rules anchored on the entity, its `inactive` rules, and the `inactive …
        /// without` rules of other entities whose ref slot of this entity counts.
        let anchors: [Int]
        let inactive: [Int]
        let related: [(rule: Int, slot: Int)]
        /// Per slot, whether its change is looked at by `armTimers` (an `at` rule's anchor,
        /// or a ref counted by an `inactive … without` rule): see `updateArmsTimers`.
        let watchedSlots: [Bool]

        /// `width`: the entity's slot count; `triggers`: every rule's `at` trigger.
        init(_ hooks: TimeHooks, entity e: Int, width: Int, triggers: [AnchorTrigger?]) {
            anchors = hooks.anchors[e] ?? []
            inactive = hooks.inactive[e] ?? []
            related = hooks.related[e] ?? []
            var watched = [Bool](repeating: false, count: width)
            for r in anchors {
                if r >= 0, r < triggers.count, let s = triggers[r]?.slot, s >= 0, s < width { watched[s] = true }
            }
            for (_, s) in related where s >= 0 && s < width { watched[s] = true }
            watchedSlots = watched
        }
    }

    /// An `at` trigger's parts. A class: a struct holding the compiled offset would be
    /// copied, with a retain per part of it, each time a timer is armed.
    final class AnchorTrigger {
        let slot: Int
        let offset: CompiledExpr?
        /// The offset when it is a constant duration, negated if the trigger subtracts it
        /// (nil if negating it overflows: then it is computed, and fails, when armed).
        let constantOffset: CalendarDuration?
        let negative: Bool
        let yearly: Bool

        init(slot: Int, offset: CompiledExpr?, negative: Bool, yearly: Bool) {
            self.slot = slot
            self.offset = offset
            self.negative = negative
            self.yearly = yearly
            if case .duration(let d)? = offset?.constant {
                constantOffset = negative ? try? d.negated() : d
            } else {
                constantOffset = nil
            }
        }
    }
}
