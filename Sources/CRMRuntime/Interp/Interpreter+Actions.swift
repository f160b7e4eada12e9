// Interpreter+Actions owns running a fired rule's actions on its record: set, add, tag
// and untag, move to, create with a field mapping, notify and webhook (into the
// outbox), and if/else. Every outbox message gets a deterministic idempotency key,
// `eventID/rule/record/actionPath` (the action path numbers actions 1, 2, … and
// nested `if` branches 2.then.1), so replaying the same event never adds it twice.
import CRMBase
import CRMStore

extension Interpreter {
    func runActions(_ actions: [IRAction], path: String, rule: Int, record: RecordID, depth: Int, chain: [Int]) throws {
        let cause = AuditCause.rule(Int32(rule))
        for (i, action) in actions.enumerated() {
            lazy var here = path.isEmpty ? "\(i + 1)" : "\(path).\(i + 1)"   // spelled only if used
            switch action {
            case .set(let slot, let x):
                try write(record, slot, try x.compiled.evaluate(context(record)), cause: cause, depth: depth, chain: chain)
            case .add(let slot, let x):
                let amount = try x.compiled.evaluate(context(record))
                let current = read(record, slot)
                let sum: Value
                do throws(ArithmeticError) {
                    sum = try Arithmetic.binary(.add, current.isNull ? zero(like: amount) : current, amount, calendar: calendar)
                } catch {
                    throw EvalError.located(error, at: x.span, what: "`add \(x.text)`")
                }
                try write(record, slot, sum, cause: cause, depth: depth, chain: chain)
            case .tag(let x), .untag(let x):
                guard let slot = entity(of: record).tagsSlot else { continue }
                guard case .text(let tag) = try x.compiled.evaluate(context(record)) else { continue }
                var tags: [Value] = if case .list(let xs) = read(record, slot) { xs } else { [] }
                if case .tag = action {
                    if tags.contains(.text(tag)) { continue }
                    tags.append(.text(tag))
                } else {
                    tags.removeAll { $0 == .text(tag) }
                }
                try write(record, slot, .list(tags), cause: cause, depth: depth, chain: chain)
            case .move(let slot, let stage):
                guard let l = entity(of: record).lifecycle(slot: slot) else { continue }
                try move(record, lifecycle: l, to: stage, cause: cause, depth: depth, chain: chain)
            case .create(let target, let mapping):
                var values: [(slot: Int, value: Value)] = []
                for (slot, x) in mapping { values.append((slot, try x.compiled.evaluate(context(record)))) }
                let id = try createRecord(entityTables[target], values, cause: cause, depth: depth, chain: chain)
                noteWrite("created", name(of: id))
            case .notify(let channel, let to, let template, let parts, let with):
                let recipient = try to.compiled.evaluate(context(record))
                var payload: [OutboxField] = []
                for (name, x) in parts + with {
                    payload.append(OutboxField(name: name, value: payloadValue(try x.compiled.evaluate(context(record)))))
                }
                try enqueue(channel: channel, recipient: recipient, template: template, payload: payload,
                            rule: rule, record: record, path: here)
            case .webhook(let url, let with):
                let target = try url.compiled.evaluate(context(record))
                var payload: [OutboxField] = []
                for (name, x) in with {
                    payload.append(OutboxField(name: name, value: payloadValue(try x.compiled.evaluate(context(record)))))
                }
                try enqueue(channel: "webhook", recipient: target, template: "", payload: payload,
                            rule: rule, record: record, path: here)
            case .ifThen(let c, let then, let otherwise):
                let taken = try c.compiled.evaluate(context(record)) == .bool(true)
                try runActions(taken ? then : otherwise, path: here + (taken ? ".then" : ".else"),
                               rule: rule, record: record, depth: depth, chain: chain)
            case .extended(let x):
                try runExtended(x, path: here, rule: rule, record: record, depth: depth, chain: chain)
            }
        }
    }

    /// The zero an `add` starts from when the field is empty.
    func zero(like v: Value) -> Value {
        switch v {
        case .decimal: .decimal(ExactDecimal(0))
        case .money(_, let c): .money(ExactDecimal(0), currency: c)
        case .duration: .duration(CalendarDuration())
        default: .int(0)
        }
    }

    func noteWrite(_ field: String, _ after: String) {
        guard var last = result.trace.popLast() else { return }
        last.writes.append((field, "", after))
        result.trace.append(last)
    }

    func enqueue(channel: String, recipient: Value, template: String, payload: [OutboxField],
                 rule: Int, record: RecordID, path: String) throws {
        let to = address(of: recipient)
        let key = "\(eventID)/\(actionSourceName(rule))/\(name(of: record))/\(path)"
        let message = OutboxMessage(idempotencyKey: key, channel: channel, recipient: to, template: template,
                                    payload: payload, record: record, createdAt: clock.nowMicros())
        let r = try store.enqueue(message)
        if case .enqueued(let id) = r, let m = store.message(id) { result.messages.append(m) }
        noteWrite("outbox", "\(channel) to \(to)" + (template.isEmpty ? "" : " template \(template)"))
    }

    /// A payload value as it leaves the system: null, booleans, integers and text stay
    /// typed; everything else is spelled as in traces (`180000.00 CNY`, `2026-03-02`,
    /// `普通`, `Customer#1`), since an enum ordinal or a record number means nothing to
    /// the receiver.
    func payloadValue(_ v: Value) -> StoredValue {
        switch v {
        case .null, .bool, .int, .text: return stored(v)
        case .list(let xs): return .list(xs.map(payloadValue))
        default: return .text(show(v))
        }
    }

    /// Where a message goes: text as written; a User record by its e-mail (users are
    /// identified by e-mail, as team members are); any other record by its name.
    func address(of recipient: Value) -> String {
        switch recipient {
        case .text(let s): return s
        case .record(let e, let n):
            if let user = program.extras.user, entityTables[user.entity].name == e,
               case .text(let email)? = store.value(RecordID(entity: EntityID(user.entity), number: UInt32(clamping: n)), slot: user.email) {
                return email
            }
            return show(recipient)
        default: return show(recipient)
        }
    }

    // MARK: Validation

    /// Checks every record the command created or changed: required fields, `check`
    /// and `validate` constraints (unique is enforced by the store as it is written).
    func validateTouched() throws {
        for id in touched where store.exists(id) {
            if try validateRequiredOnly(id) { continue }   // Interpreter+Cascade.swift
            let e = entity(of: id)
            for f in e.fields {
                if f.required, store.value(id, slot: f.slot)?.isNull ?? true {
                    throw RuntimeFailure(.validationFailed, "\(name(of: id)): `\(f.name)` is required")
                }
                for (check, message) in f.checks where read(id, f.slot) != .null {
                    try require(check, message, id)
                }
            }
            for (v, message) in e.validations { try require(v, message, id) }
        }
    }

    func require(_ x: IRExpr, _ message: String, _ id: RecordID) throws {
        let value = try x.compiled.evaluate(context(id))
        guard value == .bool(true) else {
            let env = RecordEnvironment(interpreter: self, record: id, entity: entity(of: id))
            let reads = x.reads.map { "\(entity(of: id).fields[$0].name) = \(show(env.value(atSlot: $0) ?? .null))" }
            throw RuntimeFailure(.validationFailed, "\(name(of: id)): \(message) (`\(x.text)` is \(show(value))"
                                 + (reads.isEmpty ? "" : "; " + reads.joined(separator: ", ")) + ")")
        }
    }
}
