// Run owns `crm run MODEL --events FILE.jsonl`: option parsing, reading the events file,
// and printing what CRMTools' RunDriver reports (summary and trace on stdout, rejected
// events on stderr, JSON-lines effects to `--output`). The event format is in the
// README ("crm run") and CRMTools/RunEvents.swift.
import CRMBase
import CRMStore
import CRMTools
import Foundation

/// `crm run MODEL --events FILE [--now T] [--trace] [--output FILE] [--on-error stop|skip]
/// [--store DIR [--sync always|batch|none]] [--acks]`.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run", aliases: [],
        summary: "run a model on a file of events (in memory, or on a durable store with --store)",
        usage: "crm run [options] MODEL --events FILE.jsonl",
        options: [
            OptionSpec("--events", value: "FILE", help: "the events, one JSON object per line (see the README, \"crm run\")"),
            OptionSpec("--now", value: "DATETIME", help: "start the virtual clock here (local time, e.g. 2026-03-02T09:00); default: the first event's \"at\", else now"),
            OptionSpec("--trace", help: "print, per event, every rule considered: fired or not, the condition's value and the fields it read"),
            OptionSpec("--output", value: "FILE", help: "write the effects of each event as JSON lines to FILE"),
            OptionSpec("--on-error", value: "MODE", choices: ["stop", "skip"],
                       help: "stop (default) at the first rejected event, or skip it and go on"),
            OptionSpec("--store", value: "DIR", help: "run on the durable store in DIR (created if absent) instead of in memory"),
            OptionSpec("--sync", value: "POLICY", choices: ["always", "batch", "none"],
                       help: "with --store: fsync every commit (always, the default), group commits (batch), or never (none)"),
            OptionSpec("--acks", help: "print `ack LINE` on stdout as each event commits (durable under --sync always)"),
            .color,
        ],
        details: """
        Example:
          crm run Playground --events Playground/events.jsonl --now 2026-03-02T09:00

        Each event runs with all the rules it triggers in one transaction: it is kept
        whole or, if anything fails, not at all (the reason and the chain of rules are
        printed). The clock moves to each event's "at" time.

        exit status: 0 every event applied, 1 an event was rejected or malformed (or the
        model has errors), 2 usage or input problems
        """,
        takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "missing MODEL (a directory or .crm file)") }
        guard let eventsPath = arguments.value("--events") else {
            throw UsageError(message: "missing `--events FILE` (one JSON event per line)")
        }
        let color = Console.useColor(arguments, for: .standardError)
        let text: String
        switch FileIO.readFile(eventsPath, limit: 1 << 30) {
        case .success(let bytes): text = String(decoding: bytes, as: UTF8.self)
        case .failure(let failure):
            Console.err("error: cannot read events file `\(eventsPath)`: \(failure)\n")
            return ExitStatus.usage
        }
        let (program, check) = RunDriver.lower(paths: arguments.positionals)
        guard let program else {
            Console.err(check.humanReport(color: color))
            return check.exitStatus == ExitStatus.clean ? ExitStatus.problems : check.exitStatus
        }
        let options = RunOptions(now: arguments.value("--now"), trace: arguments.has("--trace"),
                                 stopOnError: arguments.value("--on-error") != "skip", eventsPath: eventsPath)
        var store: FileStore?
        if let dir = arguments.value("--store") {
            let sync = arguments.value("--sync").flatMap(SyncPolicy.init(rawValue:)) ?? .safeDefault
            do { store = try StoreOpener.open(directory: dir, sync: sync, program: program) } catch {
                Console.err("error: cannot open store `\(dir)`: \(error)\n")
                return ExitStatus.problems
            }
            for n in store?.notices ?? [] { Console.err("note: \(n)\n") }
        } else if arguments.value("--sync") != nil {
            throw UsageError(message: "`--sync` needs `--store DIR`")
        }
        let acks = arguments.has("--acks")
        var report = RunDriver.run(program, events: text, options: options, store: store,
                                   committed: acks ? { line in Console.out("ack \(line)\n") } : nil)
        do { try store?.close() } catch {
            report.errors += "error: the store could not be closed cleanly: \(error)\n"
            report.exitStatus = ExitStatus.problems
        }
        if let output = arguments.value("--output") {
            guard FileManager.default.createFile(atPath: output, contents: Data(report.effects.utf8)) else {
                Console.err("error: cannot write `\(output)`\n")
                return ExitStatus.usage
            }
        }
        Console.out(report.output)
        if !report.errors.isEmpty { Console.err(report.errors) }
        return report.exitStatus
    }
}
