// RunDriver+Timers owns how `crm run` moves time: before each event with an `at` later
// than the clock, and on `{"advance": …}` / `{"advance_to": …}` events, the interpreter
// fires the due timers (Interpreter+Advance.swift) and this file renders each firing as
// trace lines (`timer #3 nurture on Lead#1 at 2026-03-09T09:30`), one JSON effects line
// (`{"timer": 3, "rule": …, "at": …}`) and, when a firing was rolled back, an error line.
// Firings that considered no record print nothing (they are only counted).
import CRMBase
import CRMRuntime
import CRMStore

/// Counts of timer firings during one run, for the summary.
struct TimerTally {
    var fired = 0
    var failed = 0
    /// Firings that considered no record (a schedule over an empty entity).
    var idle = 0
}

extension RunDriver {
    /// Moves the clock to `target` through the interpreter, firing due timers, and
    /// renders the firings into `report`. `line` is the event line that moved time.
    static func advance(_ interpreter: Interpreter, to target: Int64, actor: String, line: Int,
                        options: RunOptions, report: inout RunReport, tally: inout TimerTally) {
        let calendar = interpreter.program.calendar
        interpreter.advance(to: target, actor: actor) { fire in
            render(fire, calendar: calendar, line: line, options: options, report: &report, tally: &tally)
        }
    }

    /// Renders one timer firing into `report` (see the header).
    static func render(_ fire: TimerFire, calendar: ZonedCalendar, line: Int, options: RunOptions,
                       report: inout RunReport, tally: inout TimerTally) {
        let when = calendar.format(instant: fire.at)
        let result = fire.result
        // A firing that considered no record (a schedule over an empty entity) is
        // counted but not printed: `every 30 minutes` would otherwise flood the output.
        guard result.considered > 0 || !result.trace.isEmpty || !result.committed else { tally.idle += 1; return }
        if options.trace {
            report.output += "timer #\(fire.timer) \(fire.rule)" + (fire.record.map { " on \($0)" } ?? "")
                + " at \(when)" + (result.committed ? "" : " ROLLED BACK") + "\n"
            for entry in result.trace { report.output += "  " + entry.text.replacingOccurrences(of: "\n", with: "\n  ") + "\n" }
        }
        var parts = ["\"timer\": \(fire.timer)", "\"rule\": \(JSONWriter.quote(fire.rule))"]
        if let r = fire.record { parts.append("\"record\": \(JSONWriter.quote(r))") }
        parts.append("\"at\": \(JSONWriter.quote(calendar.formatRFC3339(instant: fire.at)))")
        parts.append("\"status\": \"\(result.committed ? "committed" : "rolled back")\"")
        parts.append("\"fired\": [" + result.fired.map(JSONWriter.quote).joined(separator: ", ") + "]")
        let outbox = result.messages.map {
            "{\"key\": \(JSONWriter.quote($0.idempotencyKey)), \"channel\": \(JSONWriter.quote($0.channel)), \"to\": \(JSONWriter.quote($0.recipient)), \"template\": \(JSONWriter.quote($0.template))}"
        }
        parts.append("\"outbox\": [" + outbox.joined(separator: ", ") + "]")
        if let f = result.failure {
            tally.failed += 1
            parts.append("\"error\": {\"code\": \"\(f.code.id)\", \"message\": \(JSONWriter.quote(f.message))}")
            let via = f.chain.isEmpty ? "" : " (rule chain: " + f.chain.joined(separator: " → ") + ")"
            report.errors += "\(options.eventsPath):\(line): error[\(f.code.id)]: timer #\(fire.timer) (\(fire.rule)"
                + (fire.record.map { " on \($0)" } ?? "") + " at \(when)) rolled back: \(f.message)\(via)\n"
        } else {
            tally.fired += 1
        }
        report.effects += "{" + parts.joined(separator: ", ") + "}\n"
    }

    /// The local instant an `advance`/`advance_to` event moves to, or an error text.
    static func target(of advance: RunAdvance, _ interpreter: Interpreter) -> Result<Int64, EventLineError> {
        let calendar = interpreter.program.calendar
        switch advance {
        case .by(let d):
            do { return .success(try calendar.add(d, toInstant: interpreter.clock.nowMicros())) } catch {
                return .failure(EventLineError(line: 0, field: "advance", message: "\(error)"))
            }
        case .to(let text):
            guard let t = calendar.parseDateTime(text.contains("T") ? text : text + "T00:00") else {
                return .failure(EventLineError(line: 0, field: "advance_to", message: "expected a local datetime such as 2026-03-10T09:00"))
            }
            return .success(t)
        }
    }
}
