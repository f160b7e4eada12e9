// TestRun owns running ONE `test` block: a fresh MemoryStore, a virtual clock at the
// test's start instant (its first `clock` step, else `TestRun.defaultStart`), and an
// Interpreter; then the steps in order. Commands go through `Interpreter.execute` as
// `crm run`'s events do (values are converted to command inputs; `approve`/`reject` are
// `.decide` commands, by the step's role, with actor `test`), `advance` through
// `Interpreter.advance`, so a test exercises exactly what production runs.
//
// `expect rejected { … }` must leave nothing behind. One step is one transaction, so a
// block whose later step fails after an earlier one committed is undone by REPLAY: the
// run keeps a log of the applied commands and clock moves, and rebuilds the world from
// a fresh store by re-applying the log up to the block (the runtime is deterministic,
// so the replay reproduces the same records, ids, timers and outbox).
//
// Expectations live in TestRun+Expect.swift, their explanations in TestRun+Explain.swift.
import CRMBase
import CRMRuntime
import CRMSema
import CRMStore
import CRMSyntax

/// Why a step did not apply: the runtime's refusal, or a problem in the test itself.
enum StepProblem: Error {
    case rejected(RuntimeFailure, at: Span, what: String)
    case invalid(Diagnostic)
}

/// One test's run.
final class TestRun {
    /// 2026-01-01T09:00 in the model's zone, when a test does not start with `clock`.
    static let defaultStart = "2026-01-01T09:00"
    static let actor = "test"

    let model: TestModel
    let test: TestCase
    let observer: (any InterpreterObserver)?

    var store = MemoryStore()
    var clock = VirtualClock()
    var harness: TestHarness
    var start: Int64 = 0
    /// Records the test named, and their entities.
    var bindings: [String: RecordID] = [:]
    var entities: [String: String] = [:]
    /// Records created by `given` (an `expect created` looks at the others).
    var given: Set<RecordID> = []
    /// What has been applied, for replay.
    enum Applied { case command(RuntimeCommand, id: String), advance(to: Int64) }
    var log: [Applied] = []
    var eventCounter = 0
    /// Failed expectations and the step that ended the test, in order.
    var failures: [Diagnostic] = []

    init(model: TestModel, test: TestCase, observer: (any InterpreterObserver)?) throws {
        self.model = model
        self.test = test
        self.observer = observer
        let interpreter = try Interpreter(program: model.program, store: store, clock: clock)
        harness = TestHarness(interpreter: interpreter, symbols: model.symbols)
    }

    var interpreter: Interpreter { harness.interpreter }

    /// `run()` runs the steps; the failures are in `failures`.
    func run() {
        do throws(StepProblem) {
            start = try startInstant()
            try rebuild()
            try steps(test.decl.steps, first: true)
        } catch {
            switch error {
            case .rejected(let f, let span, let what): failures.append(rejection(f, at: span, what: what))
            case .invalid(let d): failures.append(d)
            }
        }
    }

    /// The first `clock` step's instant, else the default start.
    func startInstant() throws(StepProblem) -> Int64 {
        guard let first = test.decl.steps.first, case .clock(let e) = first.kind else { return defaultMicros }
        let c = ExpressionCompiler(symbols: model.symbols, calendar: model.program.calendar, sourceText: model.text)
        let v: Value
        do throws(EvalError) {
            v = try c.compile(e).evaluate(EvalContext(clock: VirtualClock(micros: defaultMicros), calendar: model.program.calendar))
        } catch {
            throw .invalid(error.diagnostic)
        }
        guard case .datetime(let t) = v else { throw invalid("`clock` needs a datetime", e.span) }
        return t
    }

    var defaultMicros: Int64 { model.program.calendar.parseDateTime(Self.defaultStart) ?? 0 }

    /// A fresh store, clock and interpreter, with the log re-applied (observer off while
    /// replaying, so coverage counts each evaluation once).
    func rebuild() throws(StepProblem) {
        store = MemoryStore()
        clock = VirtualClock(micros: start)
        let interpreter: Interpreter
        do { interpreter = try Interpreter(program: model.program, store: store, clock: clock) } catch {
            throw StepProblem.invalid(Diagnostic(.testStepRejected, "the store refused the model's schema: \(error)", at: test.decl.name.span))
        }
        harness = TestHarness(interpreter: interpreter, symbols: model.symbols)
        for entry in log {
            switch entry {
            case .command(let c, let id): _ = interpreter.execute(c, actor: Self.actor, eventID: id)
            case .advance(let to): _ = interpreter.advance(to: to, actor: "system")
            }
        }
        interpreter.observer = observer
    }

    // MARK: Steps

    func steps(_ steps: [TestStep], first: Bool = false) throws(StepProblem) {
        for (i, s) in steps.enumerated() {
            if first && i == 0, case .clock = s.kind { continue }   // the start instant
            try step(s)
        }
    }

    func step(_ s: TestStep) throws(StepProblem) {
        switch s.kind {
        case .error: return
        case .clock(let e):
            guard case .datetime(let t) = try evaluate(e) else { throw invalid("`clock` needs a datetime", e.span) }
            guard t >= clock.nowMicros() else {
                throw invalid("the clock cannot go back to \(model.program.calendar.format(instant: t)) (it is \(model.program.calendar.format(instant: clock.nowMicros())))", e.span)
            }
            try advance(to: t, at: s.span)
        case .advance(let e):
            guard case .duration(let d) = try evaluate(e) else { throw invalid("`advance` needs a duration", e.span) }
            let to: Int64
            do { to = try model.program.calendar.add(d, toInstant: clock.nowMicros()) } catch {
                throw invalid("cannot advance by \(d): \(error)", e.span)
            }
            try advance(to: to, at: s.span)
        case .given(let entity, let binding, let inits):
            let fields = try values(inits, entity: entity.text)
            let id = try execute(.create(entity: entity.text, fields: fields, alias: nil), at: s.span, what: "given \(entity.text) \(binding.text)")
            if let id {
                bindings[binding.text] = id
                entities[binding.text] = entity.text
                given.insert(id)
            }
        case .update(let binding, let inits):
            let id = try record(binding)
            let fields = try values(inits, entity: entities[binding.text] ?? "")
            _ = try execute(.update(record: interpreter.name(of: id), fields: fields), at: s.span, what: "update \(binding.text)")
        case .move(let binding, let stage):
            let id = try record(binding)
            _ = try execute(.move(record: interpreter.name(of: id), stage: stage.text), at: s.span, what: "move \(binding.text) to \(stage.text)")
        case .delete(let binding):
            let id = try record(binding)
            _ = try execute(.delete(record: interpreter.name(of: id)), at: s.span, what: "delete \(binding.text)")
        case .decide(let d):
            let id = try record(d.record)
            var comment: String?
            if let c = d.comment {
                guard case .text(let t) = try evaluate(Expr(.string(c), c.span), expecting: .text) else {
                    throw invalid("a comment is text", c.span)
                }
                comment = t
            }
            let what = d.verb + " " + d.record.text + (d.approval.map { " for " + $0.text } ?? "") + " as " + d.role.text
            _ = try execute(.decide(record: interpreter.name(of: id), approval: d.approval?.text, role: d.role.text,
                                    approve: d.approve, comment: comment), at: s.span, what: what)
        case .expectRejected(let message, let inner):
            expectRejected(message, inner, at: s.span)
        case .expect, .expectOutbox, .expectCreated, .expectAudit:
            expect(s)   // TestRun+Expect.swift
        }
    }

    /// Runs one command; returns the record it created or worked on.
    func execute(_ c: RuntimeCommand, at span: Span, what: String) throws(StepProblem) -> RecordID? {
        eventCounter += 1
        let id = "step-\(eventCounter)"
        let result = interpreter.execute(c, actor: Self.actor, eventID: id)
        if let f = result.failure { throw StepProblem.rejected(f, at: span, what: what) }
        log.append(.command(c, id: id))
        return result.record.flatMap(interpreter.resolve)
    }

    /// Moves the clock, firing due timers; a firing that is rolled back is a rejection.
    func advance(to t: Int64, at span: Span) throws(StepProblem) {
        let fires = interpreter.advance(to: t, actor: "system")
        log.append(.advance(to: t))
        if let bad = fires.first(where: { $0.result.failure != nil }), let f = bad.result.failure {
            let when = model.program.calendar.format(instant: bad.at)
            throw StepProblem.rejected(f, at: span, what: "timer of rule \(bad.rule)" + (bad.record.map { " on \($0)" } ?? "") + " at \(when)")
        }
    }

    /// `expect rejected ["text"] { steps }`: some step must be rejected (with `text` in its
    /// code or message); whatever the block applied is undone.
    func expectRejected(_ message: StringLit?, _ inner: [TestStep], at span: Span) {
        let mark = log.count, savedBindings = bindings, savedEntities = entities, savedGiven = given
        var refusal: RuntimeFailure?
        var problem: Diagnostic?
        do throws(StepProblem) { try steps(inner) } catch {
            switch error {
            case .rejected(let f, _, _): refusal = f
            case .invalid(let d): problem = d
            }
        }
        if let problem { failures.append(problem) }
        if let f = refusal {
            let wanted = message.map { $0.plainValue ?? $0.raw } ?? ""
            if !wanted.isEmpty && f.code.id != wanted && !f.message.contains(wanted) {
                failures.append(Diagnostic(.testExpectationFailed, "rejected, but not with \(Value.quoted(wanted))", at: span,
                                           label: "rejected with \(f.code.id)",
                                           notes: ["expected: an error with \(Value.quoted(wanted)) in its message (or that code)\nactual:   \(f.text)"]))
            }
        } else if problem == nil {
            failures.append(Diagnostic(.testExpectationFailed, "expected a rejection, but every step applied", at: span,
                                       label: "nothing was rejected"))
        }
        bindings = savedBindings; entities = savedEntities; given = savedGiven
        if log.count > mark {
            log.removeSubrange(mark...)
            do throws(StepProblem) { try rebuild() } catch {
                if case .invalid(let d) = error { failures.append(d) }
            }
        }
    }

    // MARK: Helpers

    func invalid(_ message: String, _ span: Span) -> StepProblem {
        .invalid(Diagnostic(.testStepRejected, message, at: span))
    }

    func rejection(_ f: RuntimeFailure, at span: Span, what: String) -> Diagnostic {
        var notes = ["\(f.code.id) \(f.code.name): \(f.message)"]
        if !f.chain.isEmpty { notes.append("rule chain: " + f.chain.joined(separator: " → ")) }
        return Diagnostic(.testStepRejected, "step rejected: \(what)", at: span, label: "rejected with \(f.code.id)", notes: notes,
                          help: "to test a refusal, write `expect rejected { … }` around the step")
    }

    func record(_ binding: Name) throws(StepProblem) -> RecordID {
        guard let id = bindings[binding.text] else { throw invalid("no record named `\(binding.text)` in this test", binding.span) }
        return id
    }

    /// Evaluates a test expression now.
    func evaluate(_ e: Expr, expecting: CRMType? = nil) throws(StepProblem) -> Value {
        do throws(EvalError) {
            let c = try harness.compile(e, bindings: entities, expecting: expecting, sourceText: model.text)
            return try harness.evaluate(c, bindings: bindings)
        } catch {
            throw .invalid(error.diagnostic)
        }
    }

    /// A record literal's values as command inputs.
    func values(_ inits: [FieldInit], entity: String) throws(StepProblem) -> [(String, FieldInput)] {
        var out: [(String, FieldInput)] = []
        for i in inits {
            out.append((i.name.text, harness.input(try evaluate(i.value, expecting: harness.fieldType(entity, i.name.text)))))
        }
        return out
    }
}
