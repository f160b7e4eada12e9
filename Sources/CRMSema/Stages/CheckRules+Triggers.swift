// Triggers of rules: `on E event`, `at E.f [± duration] [yearly]` and `every … for E`.
// Each names the entity whose fields the rule's condition and actions see. A change
// trigger on a lifecycle field from one stage to another must follow a transition
// (E0601); a time trigger hangs on a date or datetime field (E0602, E0603); schedules
// name real days (E0608).
import CRMBase
import CRMSyntax

extension DeclChecker {
    /// `triggerEntity` checks a trigger and returns its entity, or nil if it names none.
    mutating func triggerEntity(_ trigger: Trigger) -> EntitySymbol? {
        switch trigger.kind {
        case .error:
            return nil
        case .on(let name, let event):
            guard let e = entity(name) else { return nil }
            checkEvent(event, e)
            return e
        case .at(let name, let fieldName, let offset, _, let yearly):
            guard let e = entity(name) else {
                if let offset { expectDuration(offset, Scope(), what: "offset") }
                return nil
            }
            checkTimeAnchor(e, fieldName, offset, yearly: yearly)
            return e
        case .every(let schedule, let time, let name):
            checkSchedule(schedule, trigger.span)
            if let time { tc.expect(time, .time, in: Scope(), what: "time of day") }
            return entity(name)
        }
    }

    mutating func checkEvent(_ event: Trigger.Event, _ e: EntitySymbol) {
        switch event {
        case .created, .updated, .deleted: break
        case .changed(let fieldName, let from, let to): checkChange(e, fieldName, from, to)
        case .enters(let stage): requireStage(stage, of: e)
        case .inactive(let period, let without):
            expectDuration(period, Scope(), what: "inactivity period")
            if let without { checkActivityEntity(without, of: e) }
        case .approved(let a), .rejected(let a): approval(a, for: e)
        }
    }

    /// `on E.f changed [from x] [to y]`: `x` and `y` are values of `f`'s type; on a
    /// lifecycle field, a transition must lead from `x` to `y`.
    mutating func checkChange(_ e: EntitySymbol, _ fieldName: Name, _ from: Expr?, _ to: Expr?) {
        guard let f = field(fieldName, of: e) else {
            for x in [from, to].compactMap({ $0 }) { _ = tc.check(x, in: Scope(entity: e)) }
            return
        }
        let scope = Scope(entity: e)
        if let from { tc.expect(from, f.type, in: scope, what: "`from` value") }
        if let to { tc.expect(to, f.type, in: scope, what: "`to` value") }
        guard f.isLifecycle, let l = e.lifecycle(f.name), let from, let to,
              case .name(let a) = from.kind, case .name(let b) = to.kind,
              l.stageIndex(a) != nil, l.stageIndex(b) != nil, !l.allows(from: a, to: b) else { return }
        ctx.report(.stageChangeNotAllowed, "no transition of `\(e.name).\(f.name)` leads from `\(a)` to `\(b)`, so this trigger never fires",
                   at: from.span.to(to.span), secondary: [Label(l.span, "lifecycle declared here")],
                   help: Self.allowedTargets(l, a))
    }

    /// `without X`: `X` must refer back to the rule's entity through a `ref` field.
    mutating func checkActivityEntity(_ name: Name, of e: EntitySymbol) {
        guard let x = entity(name) else { return }
        if x.fields.contains(where: { $0.type.unwrapped == .ref(e.name) }) { return }
        ctx.report(.inactivityEntityUnrelated, "`\(x.name)` has no field that refers to `\(e.name)`, so its records cannot count as activity on one",
                   at: name.span, secondary: [Label(x.span, "declared here")],
                   help: "add a field such as `\(e.name.lowercased()): ref \(e.name)?` to `\(x.name)`")
    }

    /// `at E.f [± d] [yearly]`: `f` is a date or datetime (optional allowed), `d` a
    /// duration, and `yearly` needs a date.
    mutating func checkTimeAnchor(_ e: EntitySymbol, _ fieldName: Name, _ offset: Expr?, yearly: Bool) {
        if let offset { expectDuration(offset, Scope(entity: e), what: "offset") }
        guard let f = field(fieldName, of: e), !f.type.isError else { return }
        let t = f.type.unwrapped
        guard t == .date || t == .datetime else {
            let dates = e.fields.filter { $0.type.unwrapped == .date || $0.type.unwrapped == .datetime }.map(\.name)
            ctx.report(.timeAnchorNotDate, "a time trigger needs a date or datetime field, but `\(e.name).\(f.name)` is `\(f.type)`",
                       at: fieldName.span, secondary: [Label(f.span, "declared here")],
                       help: dates.isEmpty ? "add a date or datetime field, or use `every … for \(e.name)`" : "date fields of `\(e.name)`: \(dates.map { "`\($0)`" }.joined(separator: ", "))")
            return
        }
        if yearly && t == .datetime {
            ctx.report(.yearlyNeedsDate, "`yearly` repeats on a calendar day, but `\(e.name).\(f.name)` is a `datetime`",
                       at: fieldName.span, secondary: [Label(f.span, "declared here")],
                       help: "hang it on a `date` field, or drop `yearly`")
        }
    }

    /// `every week on D` needs a weekday, `every month on N` a day from 1 to 31, and an
    /// interval a duration.
    mutating func checkSchedule(_ schedule: Trigger.Schedule, _ span: Span) {
        switch schedule {
        case .day: break
        case .week(let day):
            guard !day.isMissing, !TypeChecker.weekdays.contains(day.text) else { return }
            ctx.report(.invalidSchedule, "`\(day.text)` is not a weekday", at: day.span, help: Self.weekdayHelp(day.text))
        case .month(let n):
            if let day = Int(n.filter { $0 != "_" }), (1...31).contains(day) { return }
            ctx.report(.invalidSchedule, "`every month on \(n)`: a day of the month is 1 to 31", at: span)
        case .interval(let d):
            expectDuration(d, Scope(), what: "interval")
        }
    }
}
