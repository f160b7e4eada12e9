// RunDriver owns `crm run` and `crm ir` below the command line: load and check a model,
// lower it to IR, run an event file through an Interpreter over a MemoryStore with a
// virtual clock that follows the events' `at` times (firing due timers on the way,
// RunDriver+Timers.swift), and render the readable summary,
// the trace and the JSON-lines effects. The crm executable only parses options and
// prints what this returns, so tests drive it directly.
import CRMBase
import CRMRuntime
import CRMSema
import CRMStore
import CRMSyntax

/// Options of one run.
public struct RunOptions: Sendable {
    /// Initial local datetime of the virtual clock (`--now`); nil: the wall clock's now.
    public var now: String?
    public var trace: Bool
    /// Stop at the first rejected or malformed event (`--on-error stop`, the default).
    public var stopOnError: Bool
    /// The events file's name, for messages.
    public var eventsPath: String

    public init(now: String? = nil, trace: Bool = false, stopOnError: Bool = true, eventsPath: String = "events.jsonl") {
        self.now = now; self.trace = trace; self.stopOnError = stopOnError; self.eventsPath = eventsPath
    }
}

/// What a run printed and how it ended.
public struct RunReport: Sendable {
    /// The summary (and trace, with `--trace`), for stdout.
    public var output = ""
    /// Rejected and malformed events, and warnings about applied ones, for stderr.
    public var errors = ""
    /// One JSON object per event (`--output`).
    public var effects = ""
    public var exitStatus: Int32 = ExitStatus.clean
}

public enum RunDriver {
    /// `lower(paths:)` loads, checks and lowers a model; on problems returns the
    /// check result (to report) and no program.
    public static func lower(paths: [String]) -> (program: IRProgram?, check: CheckResult) {
        switch ModelPipeline.lower(paths: paths) {
        case .success(let model): return (model.program, model.check)
        case .failure(let problems): return (nil, problems.check)
        }
    }

    /// The instant of the first event that has a valid `at`, if any.
    static func firstInstant(_ events: [Result<RunEvent, EventLineError>], _ calendar: ZonedCalendar) -> Int64? {
        for case .success(let event) in events {
            guard let at = event.at else { continue }
            if let micros = calendar.parseDateTime(at.contains("T") ? at : at + "T00:00") { return micros }
        }
        return nil
    }

    /// `run(_:events:options:)` applies the events in order and renders the report.
    /// `store`: where to run (default: a fresh MemoryStore; `crm run --store` passes a
    /// FileStore from StoreOpener). `committed` is called with each event's line once
    /// its transaction(s) committed — durably, under `--sync always` (`--acks`).
    public static func run(_ program: IRProgram, events text: String, options: RunOptions,
                           store given: (any Store)? = nil, committed: ((Int) -> Void)? = nil) -> RunReport {
        var report = RunReport()
        // In memory, nothing journals or replays the commits: keep no redo log.
        let store: any Store = given ?? MemoryStore(capturesChanges: false)
        let parsedEvents = RunEvents.parse(text)
        let calendar = program.calendar
        let clock: VirtualClock
        if let now = options.now {
            guard let micros = calendar.parseDateTime(now.contains("T") ? now : now + "T00:00") else {
                report.errors = "error: invalid value `\(now)` for `--now`; expected a local datetime such as 2026-03-02T09:00\n"
                report.exitStatus = ExitStatus.usage
                return report
            }
            clock = VirtualClock(micros: micros)
        } else if let first = firstInstant(parsedEvents, calendar) {
            // Virtual time follows the events: it starts at the first event's `at`, so a
            // run does not depend on the day it is made (timers and schedules are armed
            // from the events' own time, never from a wall-clock "now" after them).
            clock = VirtualClock(micros: first)
        } else {
            clock = VirtualClock(micros: WallClock().nowMicros())
        }
        let interpreter: Interpreter
        do { interpreter = try Interpreter(program: program, store: store, clock: clock) } catch {
            report.errors = "error: the store refused the model's schema: \(error)\n"
            report.exitStatus = ExitStatus.problems
            return report
        }
        interpreter.tracing = options.trace
        var applied = 0, rejected = 0
        var tally = TimerTally()
        eventLoop: for parsed in parsedEvents {
            let event: RunEvent
            switch parsed {
            case .failure(let e):
                rejected += 1
                report.errors += "\(options.eventsPath):\(e.line): error[E1010]: malformed event, not applied: "
                    + (e.field.map { "field `\($0)`: " } ?? "") + e.message + "\n"
                report.effects += "{\"line\": \(e.line), \"status\": \"malformed\", \"error\": \(JSONWriter.quote(e.message))}\n"
                if options.stopOnError { break eventLoop } else { continue }
            case .success(let ev): event = ev
            }
            if let at = event.at {
                guard let micros = calendar.parseDateTime(at.contains("T") ? at : at + "T00:00") else {
                    rejected += 1
                    report.errors += "\(options.eventsPath):\(event.line): error[E1010]: malformed event, not applied: field `at`: expected a local datetime such as 2026-03-02T09:00\n"
                    if options.stopOnError { break eventLoop } else { continue }
                }
                // Due timers fire first (RunDriver+Timers.swift). The clock never goes back:
                // an earlier `at` is applied at the clock's time, and said so (W1011).
                let now = clock.nowMicros()
                if micros > now {
                    advance(interpreter, to: micros, actor: "system", line: event.line, options: options, report: &report, tally: &tally)
                } else if micros < now {
                    report.errors += "\(options.eventsPath):\(event.line): warning[W1011]: field `at`: "
                        + "\(calendar.format(instant: micros)) is before the clock (\(calendar.format(instant: now))); "
                        + "applied at the clock's time\n"
                }
            }
            if let move = event.advance {
                switch target(of: move, interpreter) {
                case .failure(let e):
                    rejected += 1
                    report.errors += "\(options.eventsPath):\(event.line): error[E1010]: malformed event, not applied: "
                        + (e.field.map { "field `\($0)`: " } ?? "") + e.message + "\n"
                    if options.stopOnError { break eventLoop } else { continue }
                case .success(let to):
                    advance(interpreter, to: to, actor: event.actor, line: event.line, options: options, report: &report, tally: &tally)
                    applied += 1
                    committed?(event.line)
                    report.effects += "{\"line\": \(event.line), \"id\": \(JSONWriter.quote(event.id)), \"status\": \"advanced\", \"now\": "
                        + JSONWriter.quote(calendar.formatRFC3339(instant: clock.nowMicros())) + "}\n"
                    continue
                }
            }
            guard let command = event.command else { continue }
            let result = interpreter.execute(command, actor: event.actor, eventID: event.id)
            report.effects += effects(event, result, calendar: calendar) + "\n"
            if options.trace {
                report.output += "event \(event.id) (line \(event.line))" + (result.record.map { " \($0)" } ?? "")
                    + (result.committed ? "" : " REJECTED") + "\n"
                for entry in result.trace { report.output += "  " + entry.text.replacingOccurrences(of: "\n", with: "\n  ") + "\n" }
            }
            if let f = result.failure {
                rejected += 1
                let via = f.chain.isEmpty ? "" : " (rule chain: " + f.chain.joined(separator: " → ") + ")"
                report.errors += "\(options.eventsPath):\(event.line): error[\(f.code.id)]: event \(event.id) rejected, nothing applied: \(f.message)\(via)\n"
                if options.stopOnError { break eventLoop }
            } else {
                applied += 1
                committed?(event.line)
            }
        }
        if options.trace { report.output += "\n" }
        report.output += summary(interpreter, applied: applied, rejected: rejected, timers: tally)
        report.exitStatus = rejected > 0 ? ExitStatus.problems : ExitStatus.clean
        return report
    }

    /// One JSON object describing an event's effects.
    static func effects(_ event: RunEvent, _ result: CommandResult, calendar: ZonedCalendar) -> String {
        var parts = ["\"line\": \(event.line)", "\"id\": \(JSONWriter.quote(event.id))",
                     "\"status\": \"\(result.committed ? "committed" : "rejected")\""]
        if let r = result.record { parts.append("\"record\": \(JSONWriter.quote(r))") }
        parts.append("\"fired\": [" + result.fired.map(JSONWriter.quote).joined(separator: ", ") + "]")
        let outbox = result.messages.map {
            "{\"key\": \(JSONWriter.quote($0.idempotencyKey)), \"channel\": \(JSONWriter.quote($0.channel)), \"to\": \(JSONWriter.quote($0.recipient)), \"template\": \(JSONWriter.quote($0.template)), \"payload\": \(payloadJSON($0.payload))}"
        }
        parts.append("\"outbox\": [" + outbox.joined(separator: ", ") + "]")
        if let f = result.failure {
            parts.append("\"error\": {\"code\": \"\(f.code.id)\", \"message\": \(JSONWriter.quote(f.message)), \"chain\": ["
                         + f.chain.map(JSONWriter.quote).joined(separator: ", ") + "]}")
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The readable summary: events, records per entity and stage, rules fired, outbox.
    static func summary(_ interpreter: Interpreter, applied: Int, rejected: Int, timers: TimerTally = TimerTally()) -> String {
        let p = interpreter.program, store = interpreter.store
        var out = "events: \(applied) applied, \(rejected) rejected\n"
        out += "records:\n"
        for e in p.entities {
            let ids = store.records(of: EntityID(e.id))
            guard !ids.isEmpty else { continue }
            out += "  \(e.name): \(ids.count)"
            for l in e.lifecycles {
                var counts = [Int](repeating: 0, count: l.stages.count)
                for id in ids { if case .enumMember(let o)? = store.value(id, slot: l.slot), o >= 0, Int(o) < counts.count { counts[Int(o)] += 1 } }
                let shown = zip(l.stages, counts).filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }
                if !shown.isEmpty { out += " (\(e.fields[l.slot].name): " + shown.joined(separator: ", ") + ")" }
            }
            out += "\n"
        }
        let fired = p.rules.filter { interpreter.firedCounts[$0.index] > 0 }
        out += "rules fired:" + (fired.isEmpty ? " none\n" : "\n")
        for r in fired { out += "  \(r.name): \(interpreter.firedCounts[r.index])\n" }
        if timers.fired + timers.failed + timers.idle + store.timerCount > 0 {
            out += "timers: \(timers.fired) fired" + (timers.failed > 0 ? ", \(timers.failed) rolled back" : "")
                + (timers.idle > 0 ? " (+\(timers.idle) schedule runs with no record)" : "") + ", \(store.timerCount) pending\n"
        }
        let messages = store.pendingMessages()
        out += "outbox: \(messages.count) message\(messages.count == 1 ? "" : "s")\n"
        for m in messages {
            out += "  \(m.channel) to \(m.recipient)" + (m.template.isEmpty ? "" : " template \(m.template)") + "  [\(m.idempotencyKey)]\n"
        }
        if !p.skipped.isEmpty {
            out += "not run yet:\n"
            for s in p.skipped { out += "  \(s.name): \(s.reason)\n" }
        }
        return out
    }
}
