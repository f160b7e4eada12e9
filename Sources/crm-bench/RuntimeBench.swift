// The runtime figures of crm-bench (issue 4, "Speed and memory"): the lead-routing
// workload and one million timers, run through the Interpreter over a MemoryStore
// (audit log always on there) with a VirtualClock, exactly as `crm run` builds it
// (check → lower → Interpreter, no trace and no redo log unless asked for; see
// CRMTools' RunDriver). The models are in
// LeadRoutingModel.swift. They do not depend on `--size`.
import CRMBase
import CRMRuntime
import CRMSema
import CRMStore
import CRMSyntax
import CRMTools
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum RuntimeBench {
    static let leads = 200_000
    static let timerCount = 1_000_000
    /// 2026-03-02T00:00Z in microseconds; any fixed instant would do.
    static let start: Int64 = 1_772_409_600_000_000

    /// `program(_:name:)` checks and lowers a bench model; any diagnostic is fatal.
    static func program(_ text: String, name: String) -> IRProgram {
        let sources = SourceSet()
        let file = sources.add(path: name, text: text)
        let checked = Checker.check([Parser.parse(file)])
        if let first = checked.diagnostics.first {
            Terminal.write("error: the bench model \(name) does not check cleanly (\(checked.diagnostics.count) diagnostics); first: \(first.code.id) \(first.message)\n",
                           to: .standardError)
            exit(1)
        }
        let (program, diagnostics) = Lowering.lower(checked)
        guard let program, diagnostics.isEmpty else {
            Terminal.write("error: the bench model \(name) does not lower: \(diagnostics.first.map { "\($0.code.id) \($0.message)" } ?? "no program")\n",
                           to: .standardError)
            exit(1)
        }
        return program
    }

    static func leadProgram() -> IRProgram { program(LeadRoutingModel.leadRouting, name: "lead-routing.crm") }

    /// The create commands and their event ids (input, prepared before any clock or RSS
    /// reading). Two arrays, not one of pairs: the timed loop passes `commands[i]` and
    /// `ids[i]` as they are, where reading a pair out of an array copies it (a retain and
    /// release of each part) — harness cost, not the interpreter's.
    struct Commands {
        var commands: [RuntimeCommand] = []
        var ids: [String] = []
        var count: Int { commands.count }
    }

    static func leadCommands(_ n: Int) -> Commands {
        var out = Commands()
        for i in 0 ..< n {
            out.commands.append(.create(entity: "Lead", fields: [("name", .text("Lead \(i)")),
                                                                 ("region", .text(LeadRoutingModel.regions[i % 8])),
                                                                 ("source", .text(LeadRoutingModel.sources[(i / 8) % 6]))],
                                        alias: nil))
            out.ids.append("e\(i)")
        }
        return out
    }

    /// A fresh store, virtual clock and interpreter for `program`, built as `crm run`
    /// builds them without `--trace` (RunDriver): no change capture, no trace.
    static func runner(_ program: IRProgram) -> (MemoryStore, VirtualClock, Interpreter) {
        let store = MemoryStore(capturesChanges: false)
        let clock = VirtualClock(micros: start)
        do {
            let interpreter = try Interpreter(program: program, store: store, clock: clock)
            interpreter.tracing = false
            return (store, clock, interpreter)
        } catch {
            Terminal.write("error: the store refused the bench model: \(error)\n", to: .standardError)
            exit(1)
        }
    }

    /// One lead-routing run on a fresh store; returns its seconds and the store,
    /// interpreter and results (kept alive until after the clock stops).
    static func routeLeads(_ input: Commands, program: IRProgram) -> (Double, (MemoryStore, Interpreter, Int)) {
        let (store, _, interpreter) = runner(program)
        var failures = 0
        let t0 = now()
        let commands = input.commands, ids = input.ids
        for i in commands.indices {
            let result = interpreter.execute(commands[i], actor: "bench", eventID: ids[i])
            if result.failure != nil { failures += 1 }
        }
        let elapsed = now() - t0
        if failures > 0 {
            Terminal.write("error: \(failures) of \(input.count) lead creations failed\n", to: .standardError)
            exit(1)
        }
        return (elapsed, (store, interpreter, failures))
    }

    /// Fresh runs per runtime figure; the figure is the best, as for the front-end
    /// figures (main.swift): on a shared host the others measure its neighbours. Every
    /// run's time, and the median, goes to stderr. Ten runs of lead-routing (0.15 s
    /// each), five of timers-1m: the shared host we measure on has slow spells of
    /// seconds in which every run of untouched code takes up to twice as long.
    static let runs = repeats(10)
    /// Fresh runs of `timers-1m` (each builds a million records).
    static let timerRuns = repeats(5)

    /// `label: runs a, b, … s (median m s)` on stderr.
    static func reportRuns(_ label: String, _ seconds: [Double]) {
        let sorted = seconds.sorted()
        let median = sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let each = seconds.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        Terminal.write("\(label): runs \(each) s (median \(String(format: "%.3f", median)) s)\n", to: .standardError)
    }

    /// `CRM_BENCH_RUNS` overrides the number of fresh runs (`1` under a profiler, where
    /// one run is what is looked at); otherwise `standard`.
    static func repeats(_ standard: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment["CRM_BENCH_RUNS"] else { return standard }
        guard let n = Int(text), n >= 1, n <= 100 else {
            Terminal.write("warning: CRM_BENCH_RUNS=\(text) is not a count from 1 to 100; using \(standard)\n",
                           to: .standardError)
            return standard
        }
        return n
    }

    /// `lead-routing`: leads per second, best of `runs` fresh runs.
    static func leadRouting() -> String {
        let commands = leadCommands(leads)
        let program = leadProgram()
        var best = Double.infinity
        var each: [Double] = []
        defer { reportRuns("lead-routing", each) }
        for _ in 0..<runs {
            let (seconds, kept) = routeLeads(commands, program: program)
            withExtendedLifetime(kept) { best = min(best, seconds) }
            each.append(seconds)
            let hot = kept.0.records(of: EntityID(0)).count
            if hot != leads { Terminal.write("warning: \(hot) leads stored, expected \(leads)\n", to: .standardError) }
        }
        return "\(Int(Double(leads) / best)) leads/s"
    }

    /// Reads a `Vm…:` line of /proc/self/status in bytes (0 where there is none).
    static func procStatus(_ key: String) -> Int {
        guard let f = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let s = String(cString: line)
            if s.hasPrefix(key + ":") {
                let digits = s.dropFirst(key.count + 1).filter(\.isNumber)
                return (Int(String(digits)) ?? 0) * 1024
            }
        }
        return 0
    }

    /// `lead-routing-memory`: bytes of peak resident memory per lead beyond the field data.
    ///
    /// Method: this runs FIRST in the process (main.swift computes it before any other
    /// figure and prints it in its place), so the heap holds no freed memory from
    /// earlier work that the run could reuse unseen. The 200,000 create commands are
    /// built first (input, not counted). Then the peak-RSS mark is reset (writing "5"
    /// to /proc/self/clear_refs resets VmHWM on Linux), VmRSS is read as the
    /// baseline, one lead-routing run creates all leads (store, audit log, interpreter
    /// state and every CommandResult alive until the end of the run's scope), and
    /// VmHWM — the peak during the run — is read while they are still alive.
    /// growth = VmHWM − baseline. The field data is what a lead's values need at
    /// minimum: 8 bytes per field slot (a fixed-width value) plus the UTF-8 bytes of
    /// its text values (name, queue, tags). The figure is (growth − field data) / N.
    /// If clear_refs cannot be written, VmHWM is the process peak so far, which (run
    /// first) is still close to the baseline. Totals go to stderr.
    static func leadRoutingMemory() -> String {
        let commands = leadCommands(leads)
        let program = leadProgram()
        if let f = fopen("/proc/self/clear_refs", "w") { fputs("5", f); fclose(f) }
        let before = procStatus("VmRSS")
        var peak = 0, fieldData = 0
        do {
            let (_, kept) = routeLeads(commands, program: program)
            peak = max(procStatus("VmHWM"), procStatus("VmRSS"))
            let store = kept.0
            for id in store.records(of: EntityID(0)) {
                guard let values = store.read(id) else { continue }
                fieldData += 8 * values.count
                for v in values { fieldData += textBytes(v) }
            }
            withExtendedLifetime(kept) {}
        }
        let growth = peak - before
        Terminal.write("lead-routing-memory: baseline RSS \(before) B, peak \(peak) B, growth \(growth) B, field data \(fieldData) B for \(leads) leads\n",
                       to: .standardError)
        return "\(max(0, growth - fieldData) / leads) bytes/lead"
    }

    static func textBytes(_ v: StoredValue) -> Int {
        switch v {
        case .text(let s): return s.utf8.count
        case .list(let l): return l.reduce(0) { $0 + textBytes($1) }
        default: return 0
        }
    }

    /// `timers-1m`: seconds to schedule one million timers THROUGH THE INTERPRETER
    /// (creating 1,000,000 leads of the timer model, each arming its
    /// `at Lead.created_at + 7 days` timer; the clock moves one second per lead, so no
    /// instant holds more than a few firings) plus firing them all by advancing the
    /// clock 20 days, each firing handed over as it happens (`advance(to:each:)`, as
    /// `crm run` uses it). The creation work is inside the figure; stderr shows the split
    /// of every run. Best of `timerRuns` (5) fresh runs (a store, clock and interpreter each; the
    /// commands are built once).
    static func timers() -> String {
        let program = program(LeadRoutingModel.timers, name: "timers.crm")
        var input = Commands()
        for i in 0 ..< timerCount {
            input.commands.append(.create(entity: "Lead", fields: [("name", .text("Lead \(i)"))], alias: nil))
            input.ids.append("t\(i)")
        }
        var each: [Double] = []
        for _ in 0 ..< timerRuns { each.append(timersRun(input, program: program)) }
        reportRuns("timers-1m", each)
        return "\(String(format: "%.2f", each.min() ?? .infinity)) s"
    }

    /// One timers-1m run on a fresh store; returns its seconds.
    static func timersRun(_ input: Commands, program: IRProgram) -> Double {
        let commands = input.commands, ids = input.ids
        let (store, clock, interpreter) = runner(program)
        let t0 = now()
        var failures = 0
        for i in commands.indices {
            clock.set(micros: start + Int64(i) * 1_000_000)
            if interpreter.execute(commands[i], actor: "bench", eventID: ids[i]).failure != nil { failures += 1 }
        }
        let scheduled = store.timerCount
        let t1 = now()
        // Streaming, as `crm run` takes them (RunDriver+Timers.swift): each firing is
        // looked at (counted) as it happens, not collected.
        var fired = 0
        interpreter.advance(to: start + Int64(timerCount) * 1_000_000 + 20 * 86_400_000_000) { fire in
            if fire.result.failure == nil { fired += 1 }
        }
        let fireEnd = now(), elapsed = fireEnd - t0
        Terminal.write("timers-1m: \(scheduled) scheduled in \(String(format: "%.3f", t1 - t0)) s (1,000,000 lead creations through the interpreter), \(fired) fired in \(String(format: "%.3f", fireEnd - t1)) s, \(store.timerCount) pending, \(failures) failed creations\n",
                       to: .standardError)
        if scheduled != timerCount || fired != timerCount || failures > 0 {
            Terminal.write("error: expected \(timerCount) timers scheduled and fired\n", to: .standardError)
            exit(1)
        }
        return elapsed
    }
}
