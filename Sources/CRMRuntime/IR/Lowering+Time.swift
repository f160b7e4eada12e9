// Lowering+Time lowers the time-based triggers to `IRTrigger.timed`:
// - `at E.f [+|- D] [yearly]` → `.at`: one timer per (record, rule), at the anchor
//   field's instant (a `date` anchor means 00:00 local that day) moved by the offset;
//   `yearly`: the next anniversary of the anchor (Feb 29 → Feb 28 in other years).
// - `on E inactive for D [without X]` → `.inactive`: one timer per (record, rule) at the
//   last activity + D; activity is any update of the record, or with `without X` the
//   creation of an X whose ref field points at the record (every such ref slot of X).
// - `every day|week on W|month on N|D [at HH:MM] for E` → `.every`: one store-level
//   timer per rule (`RecordID.none`); when it fires the rule runs over E's records.
// It also fills `IRProgram.timeHooks`, the index the interpreter consults on every
// created/updated event (entity → rules whose timers the event arms), so a model
// without time rules pays one Bool test per event. Offsets and inactivity durations are
// compiled expressions (evaluated against the record when the timer is armed); schedule
// intervals and times of day must be literals.
import CRMBase
import CRMSema
import CRMSyntax

/// When a schedule fires.
public enum IRSchedule: Sendable, Equatable {
    case day
    /// ISO weekday 1 = Monday … 7 = Sunday.
    case week(Int64)
    /// Day of the month 1…31 (clamped to the month's last day).
    case month(Int64)
    /// A fixed positive interval from the previous firing.
    case interval(CalendarDuration)
}

/// A time-based trigger.
public enum IRTimeTrigger {
    case at(slot: Int, offset: IRExpr?, negative: Bool, yearly: Bool)
    /// `without`: the entity X whose creation counts as activity, and its ref slots to E.
    case inactive(duration: IRExpr, without: (entity: Int, slots: [Int])?)
    /// `timeOfDay` in seconds after local midnight (00:00 when not given).
    case every(IRSchedule, timeOfDay: Int64)

    /// How `crm ir` and traces show it.
    public func describe(_ e: IREntity, _ p: IRProgram) -> String {
        switch self {
        case .at(let s, let offset, let negative, let yearly):
            return "at slot \(s)" + (offset.map { (negative ? " - `" : " + `") + $0.text + "`" } ?? "") + (yearly ? " yearly" : "")
        case .inactive(let d, let without):
            return "inactive for `\(d.text)`" + (without.map { " without \(p.entities[$0.entity].name) slots \($0.slots)" } ?? "")
        case .every(let s, let tod):
            let what: String
            switch s {
            case .day: what = "day"
            case .week(let w): what = "week on weekday \(w)"
            case .month(let d): what = "month on \(d)"
            case .interval(let d): what = "\(d)"
            }
            return "every \(what) at \(CivilDate.timeText(tod))"
        }
    }
}

/// Which rules' timers an event arms, by entity number.
public struct TimeHooks {
    /// `at` rules by the entity of their anchor.
    var anchors: [Int: [Int]] = [:]
    /// `inactive` rules by their entity (armed on create; re-armed on update when they
    /// have no `without`).
    var inactive: [Int: [Int]] = [:]
    /// `inactive … without X` rules by X: (rule, ref slot of X pointing at the record).
    var related: [Int: [(rule: Int, slot: Int)]] = [:]
    /// Schedule rules.
    public internal(set) var schedules: [Int] = []
    /// True when the model has no time rule at all.
    public internal(set) var isEmpty = true

    mutating func add(_ rule: IRRule, _ t: IRTimeTrigger) {
        isEmpty = false
        switch t {
        case .at: anchors[rule.entity, default: []].append(rule.index)
        case .inactive(_, let without):
            inactive[rule.entity, default: []].append(rule.index)
            if let w = without { for s in w.slots { related[w.entity, default: []].append((rule.index, s)) } }
        case .every: schedules.append(rule.index)
        }
    }
}

extension Lowering {
    /// Lowers a rule with an `at`, `every` or `inactive` trigger. An expression the
    /// run-time compiler cannot compile yet (`status in [未联系, 已联系]`) makes the rule
    /// "not run yet" with the compiler's message, instead of failing the whole model.
    mutating func lowerTimeRule(_ r: RuleDecl, order: Int) throws(Unsupported) -> IRRule? {
        let mark = diagnostics.count
        do throws(Unsupported) {
            return try lowerTimeRuleBody(r, order: order)
        } catch {
            let why = diagnostics.count > mark ? "an expression does not compile for running yet: " + diagnostics[mark].message : error.reason
            diagnostics.removeSubrange(mark...)
            throw Unsupported(reason: why)
        }
    }

    mutating func lowerTimeRuleBody(_ r: RuleDecl, order: Int) throws(Unsupported) -> IRRule? {
        let entityName: Name
        let trigger: IRTimeTrigger
        switch r.trigger.kind {
        case .at(let en, let field, let offset, let negative, let yearly):
            guard let entity = program.entity(named: en.text) else { return nil }
            let s = try slot(field, entity)
            switch entity.fields[s].type.unwrapped {
            case .date, .datetime: break
            default: throw Unsupported(reason: "`at` needs a date or datetime field, not `\(field.text)`")
            }
            entityName = en
            trigger = .at(slot: s, offset: try offset.map { x throws(Unsupported) in try expr(x, entity) }, negative: negative, yearly: yearly)
        case .every(let schedule, let time, let en):
            entityName = en
            trigger = .every(try lowerSchedule(schedule), timeOfDay: try lowerTimeOfDay(time))
        case .on(let en, .inactive(let d, let without)):
            guard let entity = program.entity(named: en.text) else { return nil }
            entityName = en
            trigger = try lowerInactive(d, without, entity)
        case .on, .error:
            throw Unsupported(reason: "a broken trigger")
        }
        guard let entity = program.entity(named: entityName.text) else { return nil }
        var condition: IRExpr?
        if let c = r.condition {
            guard let compiled = ruleCondition(c, entity) else { throw Unsupported(reason: "the condition did not compile") }
            condition = compiled
        }
        let actions = try lowerBlock(r.actions, entity)
        return IRRule(index: 0, name: r.header.name.text, priority: r.priority.flatMap { Int($0) } ?? 0,
                      declarationOrder: order, entity: entity.id, trigger: .timed(trigger), condition: condition, actions: actions)
    }

    /// `inactive for D [without X]`.
    mutating func lowerInactive(_ d: Expr, _ without: Name?, _ entity: IREntity) throws(Unsupported) -> IRTimeTrigger {
        let duration = try expr(d, entity)
        guard let without else { return .inactive(duration: duration, without: nil) }
        guard let x = program.entity(named: without.text) else { throw Unsupported(reason: "no entity `\(without.text)`") }
        let slots = x.fields.filter {
            if case .ref(let target, _) = $0.kind { return target == entity.id }
            return false
        }.map(\.slot)
        guard !slots.isEmpty else { throw Unsupported(reason: "`\(x.name)` has no field referring to `\(entity.name)`") }
        return .inactive(duration: duration, without: (x.id, slots))
    }

    func lowerSchedule(_ s: Trigger.Schedule) throws(Unsupported) -> IRSchedule {
        switch s {
        case .day: return .day
        case .week(let name):
            let names = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日",
                         "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            guard let i = names.firstIndex(of: name.text.lowercased()) else { throw Unsupported(reason: "unknown weekday `\(name.text)`") }
            return .week(Int64(i % 7 + 1))
        case .month(let text):
            guard let d = Int64(text), (1...31).contains(d) else { throw Unsupported(reason: "day of the month `\(text)` is not 1 to 31") }
            return .month(d)
        case .interval(let e):
            guard case .literal(.duration, let text) = e.kind, let d = CalendarDuration.literal(text),
                  d.months >= 0, d.micros >= 0, d.months > 0 || d.micros > 0 else {
                throw Unsupported(reason: "a schedule interval must be a positive duration literal")
            }
            return .interval(d)
        }
    }

    func lowerTimeOfDay(_ e: Expr?) throws(Unsupported) -> Int64 {
        guard let e else { return 0 }
        guard case .literal(.time, let text) = e.kind, let s = CivilDate.parseTime(Substring(text)) else {
            throw Unsupported(reason: "a schedule's `at` must be a time of day literal such as 09:00")
        }
        return s
    }
}
