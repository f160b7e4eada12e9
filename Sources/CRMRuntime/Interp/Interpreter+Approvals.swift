// Interpreter+Approvals runs approval flows (`approval A for E { … }`).
//
// Approval and step are kept by name, not by index, so a store reopened with an edited
// model (steps added or reordered) still finds them.
//
// The state of a running approval is a record of the internal store entity `_approval`
// (not part of the model), so it commits and rolls back with the command that changed
// it, is journaled by a durable store, and every change of it is in the audit log:
//   approval (text: its name), record (ref: the record under approval), step (text: the
//   current step's name), pending (list<text>: roles still to decide in this step),
//   status (text: 审批中 pending / approved / rejected), decisions (list<text>: "step:
//   role actor approved|rejected[: comment]"), timer (int: the escalation timer, 0 none).
//
// Semantics (also in the README, "Approvals"):
// - `start approval A` on a record: if A's `when` is false, approval is not needed and A
//   is approved at once (its outcome runs in the same command). A record has at most one
//   pending instance of A; starting it again while pending is an error.
// - The flow enters the first step whose `when` holds (steps without `when` always
//   apply); no step left means approved. Entering a step with a timeout schedules an
//   escalation timer at now + timeout.
// - A decision (`crm run` event `{"approve": "Contract#1", "role": "财务"}` or
//   `"reject"`) names the deciding role; it must be one of the step's pending roles, or
//   a role that extends one (a 管理员 extending 销售经理 may decide for 销售经理). In an
//   `all` step (会签) every role must approve; any rejection rejects. In a single or
//   `any` step (或签) the first decision decides.
// - On the outcome the approval's `on approved` / `on rejected` actions run on the record,
//   then the rules `on E approved A` / `on E rejected A`, in rule order; their writes
//   cascade as usual, all in the deciding command's transaction.
// - Escalation: when a step's timer fires and the step is still undecided, its pending
//   roles are replaced by the `escalate to` role, which then decides alone.
import CRMBase
import CRMStore

extension Interpreter {
    /// The store entity number of approval instances (after the model's entities and
    /// the round-robin cursors).
    var approvalEntity: EntityID { EntityID(entityTables.count + 9) }
    /// The timer `rule` number that marks an escalation timer (its record is the instance).
    static let escalationTimerRule: Int32 = -2

    enum ApprovalSlot {
        static let approval = 0, record = 1, step = 2, pending = 3, status = 4, decisions = 5, timer = 6
        static let names = ["approval", "record", "step", "pending", "status", "decisions", "timer"]
    }

    /// The `rule` number under which an approval's outcome actions run (negative, so
    /// it is never a rule index; audit entries carry it as their cause).
    static func outcomeRule(_ approval: Int) -> Int { -(approval + 1) }

    /// The name of what ran an action: a rule, or an approval's outcome.
    func actionSourceName(_ rule: Int) -> String {
        if rule >= 0 && rule < program.rules.count { return program.rules[rule].name }
        let approval = -rule - 1
        if approval >= 0 && approval < program.extras.approvals.count { return program.extras.approvals[approval].name }
        return "?"
    }

    static let pendingStatus = "pending", approvedStatus = "approved", rejectedStatus = "rejected"

    func declareApprovalEntity() throws {
        guard !program.extras.approvals.isEmpty else { return }
        try store.declareEntity(approvalEntity, EntitySchema(name: "_approval", slotNames: ApprovalSlot.names,
                                                             uniqueSlots: [], indexedSlots: [ApprovalSlot.record]))
    }

    // MARK: Starting

    /// `start approval A` on `record`.
    func startApproval(_ index: Int, record: RecordID, cause: AuditCause, depth: Int, chain: [Int]) throws {
        let a = program.extras.approvals[index]
        if let pending = try pendingInstance(of: record, approval: index) {
            throw RuntimeFailure(.invalidCommand, "\(name(of: record)) already has approval \(a.name) pending (\(instanceName(pending)))",
                                 chain: chain.map { program.rules[$0].name })
        }
        let needed: Bool
        if let c = a.condition { needed = try c.compiled.evaluate(context(record)) == .bool(true) } else { needed = true }
        var slots = [StoredValue](repeating: .null, count: ApprovalSlot.names.count)
        slots[ApprovalSlot.approval] = .text(a.name)
        slots[ApprovalSlot.record] = .ref(record)
        slots[ApprovalSlot.step] = .null
        slots[ApprovalSlot.pending] = .list([])
        slots[ApprovalSlot.status] = .text(Self.pendingStatus)
        slots[ApprovalSlot.decisions] = .list([])
        slots[ApprovalSlot.timer] = .int(0)
        let instance = try store.create(approvalEntity, slots: slots)
        try store.appendAudit(AuditEntry(time: clock.nowMicros(), actor: actor, cause: cause, record: instance, change: .created))
        noteWrite("approval", "\(a.name) started on \(name(of: record))" + (needed ? "" : " (not needed: `\(a.condition?.text ?? "")` is false)"))
        if !needed {
            try finish(instance, approved: true, cause: cause, depth: depth, chain: chain)
            return
        }
        try enterStep(instance, from: 0, cause: cause, depth: depth, chain: chain)
    }

    /// Enters the first applicable step at or after `first`; none left: approved.
    func enterStep(_ instance: RecordID, from first: Int, cause: AuditCause, depth: Int, chain: [Int]) throws {
        guard let (index, record) = instanceHeader(instance) else { return }
        let a = program.extras.approvals[index]
        var next = first
        while next < a.steps.count {
            if let c = a.steps[next].condition, try c.compiled.evaluate(context(record)) != .bool(true) {
                next += 1
                continue
            }
            break
        }
        try cancelEscalation(instance)
        guard next < a.steps.count else {
            try finish(instance, approved: true, cause: cause, depth: depth, chain: chain)
            return
        }
        let step = a.steps[next]
        try setInstance(instance, ApprovalSlot.step, .text(step.name), cause: cause)
        try setInstance(instance, ApprovalSlot.pending, .list(step.approvers.map { .text($0) }), cause: cause)
        if let timeout = step.timeout, case .duration(let d) = try timeout.compiled.evaluate(context(record)) {
            let at: Int64
            do throws(ArithmeticError) { at = try calendar.add(d, toInstant: clock.nowMicros()) } catch {
                throw EvalError.located(error, at: timeout.span, what: "the timeout of step \(step.name)")
            }
            let timer = try store.scheduleTimer(record: instance, rule: Self.escalationTimerRule, fireAt: at)
            try setInstance(instance, ApprovalSlot.timer, .int(Int64(timer)), cause: cause)
        }
        noteWrite("approval", "\(a.name) at step \(step.name), waiting for " + step.approvers.joined(separator: ", "))
    }

    // MARK: Deciding

    /// A decision command: `role` approves or rejects the pending approval of `record`.
    func decideCommand(_ record: RecordID, approval name: String?, role: String, approve: Bool, comment: String?) throws {
        noteRecord(record)
        var candidates: [RecordID] = []
        for id in try store.find(approvalEntity, slot: ApprovalSlot.record, equals: .ref(record))
        where store.value(id, slot: ApprovalSlot.status) == .text(Self.pendingStatus) {
            guard let (index, _) = instanceHeader(id) else { continue }
            if let name, program.extras.approvals[index].name != name { continue }
            candidates.append(id)
        }
        guard let instance = candidates.first else {
            throw RuntimeFailure(.invalidCommand, "\(self.name(of: record)) has no pending approval" + (name.map { " \($0)" } ?? ""))
        }
        guard candidates.count == 1 else {
            let names = candidates.compactMap { instanceHeader($0).map { program.extras.approvals[$0.0].name } }
            throw RuntimeFailure(.invalidCommand, "\(self.name(of: record)) has several pending approvals (\(names.joined(separator: ", "))); name one with \"approval\"")
        }
        guard let (index, _) = instanceHeader(instance) else { return }
        let a = program.extras.approvals[index]
        guard let s = currentStep(instance, a) else {
            throw RuntimeFailure(.invalidCommand, "approval \(a.name) on \(self.name(of: record)) is at a step the model no longer has")
        }
        let step = a.steps[s]
        var pending = pendingRoles(instance)
        guard let slot = pending.firstIndex(where: { $0 == role || program.extras.roleAncestors[role]?.contains($0) == true }) else {
            throw RuntimeFailure(.invalidCommand, "role \(role) cannot decide step \(step.name) of \(a.name) on \(self.name(of: record)); waiting for "
                                 + pending.joined(separator: ", "))
        }
        let decided = pending[slot]
        let line = "\(step.name): \(role)" + (role == decided ? "" : " for \(decided)") + " \(actor) "
            + (approve ? "approved" : "rejected") + (comment.map { ": \($0)" } ?? "")
        var decisions: [StoredValue] = if case .list(let xs)? = store.value(instance, slot: ApprovalSlot.decisions) { xs } else { [] }
        decisions.append(.text(line))
        try setInstance(instance, ApprovalSlot.decisions, .list(decisions), cause: .user)
        noteApproval(rule: "decision", record: record, event: "\(a.name)/\(line)")
        if !approve {
            try finish(instance, approved: false, cause: .user, depth: 0, chain: [])
            return
        }
        pending.remove(at: slot)
        // 会签 waits for the other roles; an escalated step waits for its one role only,
        // so its pending list is empty now.
        if step.signOff == .all && !pending.isEmpty {
            try setInstance(instance, ApprovalSlot.pending, .list(pending.map { .text($0) }), cause: .user)
            return
        }
        try enterStep(instance, from: s + 1, cause: .user, depth: 0, chain: [])
    }

    /// Ends an instance and runs the outcome: the approval's actions, then the rules
    /// triggered by it.
    func finish(_ instance: RecordID, approved: Bool, cause: AuditCause, depth: Int, chain: [Int]) throws {
        guard let (index, record) = instanceHeader(instance) else { return }
        try cancelEscalation(instance)
        try setInstance(instance, ApprovalSlot.pending, .list([]), cause: cause)
        try setInstance(instance, ApprovalSlot.status, .text(approved ? Self.approvedStatus : Self.rejectedStatus), cause: cause)
        let a = program.extras.approvals[index]
        let what = (approved ? "approved " : "rejected ") + a.name
        noteApproval(rule: "approval \(a.name)", record: record, event: approved ? "approved" : "rejected")
        guard store.exists(record) else { return }
        try runActions(approved ? a.onApproved : a.onRejected, path: "", rule: Self.outcomeRule(index), record: record,
                       depth: depth + 1, chain: chain)
        for r in approved ? a.approvedRules : a.rejectedRules {
            try runTriggeredRule(r, on: record, what: what, depth: depth, chain: chain)
        }
    }

    /// Evaluates a rule's condition on a record (traced with the values read) and, if
    /// it holds, runs its actions one level deeper. Used for rules that no record event
    /// triggers: approval outcomes and timers.
    func runTriggeredRule(_ index: Int, on record: RecordID, what: @autoclosure () -> String, depth: Int, chain: [Int]) throws {
        // No `let rule = rules[index]`: copying the IRRule per firing retains all its parts.
        let chain = self.chain(chain, index)
        result.considered += 1
        var fired = true
        var value = Value.null
        if let c = conditions[index] {
            do { value = try c(context(record)) } catch { throw failure(error, chain: chain) }
            fired = value == .bool(true)
            observer?.conditionEvaluated(rule: index, value: fired)
        }
        if tracing {   // the entry's strings only when someone reads the trace
            let rule = rules[index]
            var entry = TraceEntry(depth: depth, rule: rule.name, record: name(of: record), event: what(),
                                   fired: true, condition: nil, conditionValue: nil, reads: [], writes: [])
            if let c = rule.condition { explain(c, value: value, record: record, into: &entry) }
            result.trace.append(entry)
        }
        guard fired else { return }
        if depth + 1 > depthLimit { throw depthFailure(chain) }
        result.fired.append(rules[index].name)
        firedIndexes.append(index)
        do {
            try runActions(rules[index].actions, path: "", rule: index, record: record, depth: depth + 1, chain: chain)
        } catch let f as RuntimeFailure {
            throw f
        } catch {
            throw failure(error, chain: chain)
        }
    }

    // MARK: Escalation

    /// An escalation timer fired: if its step is still undecided, the step now waits
    /// for the `escalate to` role alone.
    func escalate(_ timer: TimerEntry) throws {
        let instance = timer.record
        guard store.exists(instance), store.value(instance, slot: ApprovalSlot.status) == .text(Self.pendingStatus),
              store.value(instance, slot: ApprovalSlot.timer) == .int(Int64(timer.id)),
              let (index, record) = instanceHeader(instance) else { return }
        let a = program.extras.approvals[index]
        guard let s = currentStep(instance, a) else { return }
        let step = a.steps[s]
        try setInstance(instance, ApprovalSlot.timer, .int(0), cause: .system)
        guard let to = step.escalateTo else { return }
        try setInstance(instance, ApprovalSlot.pending, .list([.text(to)]), cause: .system)
        result.trace.append(TraceEntry(depth: 0, rule: a.name, record: name(of: record), event: "step \(step.name) timed out",
                                       fired: true, condition: nil, conditionValue: nil, reads: [],
                                       writes: [("approval", "", "escalated to \(to)")]))
    }

    func cancelEscalation(_ instance: RecordID) throws {
        guard case .int(let t)? = store.value(instance, slot: ApprovalSlot.timer), t != 0 else { return }
        let id = TimerID(t)
        if store.timer(id) != nil { try store.cancelTimer(id) }
        try setInstance(instance, ApprovalSlot.timer, .int(0), cause: .system)
    }

    // MARK: Reading instances

    /// The pending instance of approval `index` on `record`, if any.
    func pendingInstance(of record: RecordID, approval index: Int) throws -> RecordID? {
        try store.find(approvalEntity, slot: ApprovalSlot.record, equals: .ref(record)).first { id in
            store.value(id, slot: ApprovalSlot.status) == .text(Self.pendingStatus) && instanceHeader(id)?.0 == index
        }
    }

    /// The approval index and the record of an instance.
    func instanceHeader(_ instance: RecordID) -> (Int, RecordID)? {
        guard case .text(let name)? = store.value(instance, slot: ApprovalSlot.approval),
              case .ref(let record)? = store.value(instance, slot: ApprovalSlot.record),
              let i = program.extras.approvalIndex[name] else { return nil }
        return (i, record)
    }

    /// The index of the instance's current step in `a`, found by name.
    func currentStep(_ instance: RecordID, _ a: IRApproval) -> Int? {
        guard case .text(let name)? = store.value(instance, slot: ApprovalSlot.step) else { return nil }
        return a.steps.firstIndex { $0.name == name }
    }

    func pendingRoles(_ instance: RecordID) -> [String] {
        guard case .list(let xs)? = store.value(instance, slot: ApprovalSlot.pending) else { return [] }
        return xs.compactMap { if case .text(let t) = $0 { t } else { nil } }
    }

    func instanceName(_ instance: RecordID) -> String { "_approval#\(instance.number)" }

    /// Writes one slot of an instance, audited (instances are internal: no rules fire).
    func setInstance(_ instance: RecordID, _ slot: Int, _ value: StoredValue, cause: AuditCause) throws {
        guard let old = store.value(instance, slot: slot), old != value else { return }
        try store.update(instance, slot: slot, to: value)
        try store.appendAudit(AuditEntry(time: clock.nowMicros(), actor: actor, cause: cause, record: instance,
                                         change: .field(slot: Int32(slot), before: old, after: value)))
    }

    /// Adds a line about the approval to the trace (as a write of the current firing, or
    /// as its own entry for a decision command).
    func noteApproval(rule: String, record: RecordID, event: String) {
        result.trace.append(TraceEntry(depth: 0, rule: rule, record: name(of: record), event: event,
                                       fired: true, condition: nil, conditionValue: nil, reads: [], writes: []))
    }
}
