// crm-bench measures the front end and the checker on a large generated model
// (CRMTools' ModelGenerator) and prints one figure per line. Build it optimised:
// `swift build -c release --product crm-bench`, then run `.build/release/crm-bench`.
//
// Interface (stable; scripts and later issues rely on it):
//
//     crm-bench [--only NAME] [--size N | --sizes N,N,...]
//
//     --size N      lines of the generated model (default 200000); the same N always
//                   generates the same bytes
//     --sizes LIST  measure several sizes in one run (e.g. 50000,100000,200000), to see
//                   how the figures scale; each line is then `NAME@N: VALUE UNIT`
//     --only NAME   measure one figure; an unknown NAME lists the available ones, exit 2
//
// Output: exactly one line per figure (per size) on stdout, `NAME: VALUE UNIT`, in this
// order:
//
//     lex: 5444347 lines/s           lexing only (UTF-8 validation included)
//     lex+parse: 893346 lines/s      Parser.parse: lexing and the syntax tree
//     lex+parse-mb: 27.9 MB/s        the same run in 10^6 source bytes per second
//     check: 512345 lines/s          lex + parse + Checker.check (every stage, lint
//                                    control included) of the whole model
//     lead-routing: 1200000 leads/s  200,000 leads created through the interpreter,
//                                    17 routing/tagging/scoring rules each
//     lead-routing-memory: 250 bytes/lead   peak RSS growth per lead beyond field data
//     timers-1m: 1.80 s              one million timers scheduled and fired
//     store-batch: 500000 events/s   200,000 one-record transactions, group commit
//     store-always: 2000 events/s    5,000 one-record transactions, fdatasync each
//     store-reopen-1m: 0.80 s        opening a durable store of 1,000,000 records
//
// (Example figures only; the issue's closing notes record measured ones with the
// machine and its load.)
//
// VALUE is an integer, or one decimal for MB/s; each figure is the best of 5 runs on
// one core, after the model is generated and its line table built (not timed). The
// clock stops before each run's result (tokens, syntax tree, checked model) is freed,
// so deallocation is never counted (see Clock.swift). Anything else (warnings, e.g.
// that the generated model no longer parses or checks cleanly) goes to stderr. The
// runtime figures are the best of 10 (lead-routing) and 5 (timers-1m) fresh runs;
// `CRM_BENCH_RUNS=N` sets that count (1 under a profiler). Later
// figures (run, ...) are added in the same `NAME: VALUE UNIT` form.
import CRMBase
import CRMSema
import CRMSyntax
import CRMTools
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One figure: its name, unit and how to compute it from the timings of the model.
struct Figure: Sendable {
    let name: String
    let unit: String
    /// The measurement this figure is derived from (figures may share one).
    let measurement: Measurement
    /// Turns (lines, bytes, best seconds) into the printed value.
    let value: @Sendable (Int, Int, Double) -> String
}

/// What is timed.
enum Measurement: Hashable, Sendable {
    case lex, parse, check
}

extension Figure {
    /// Every figure, in output order.
    static let all: [Figure] = [
        Figure(name: "lex", unit: "lines/s", measurement: .lex) { lines, _, s in String(Int(Double(lines) / s)) },
        Figure(name: "lex+parse", unit: "lines/s", measurement: .parse) { lines, _, s in String(Int(Double(lines) / s)) },
        Figure(name: "lex+parse-mb", unit: "MB/s", measurement: .parse) { _, bytes, s in
            let tenths = Int((Double(bytes) / 1e6 / s * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        },
        Figure(name: "check", unit: "lines/s", measurement: .check) { lines, _, s in String(Int(Double(lines) / s)) },
    ]
}

let usage = "usage: crm-bench [--only NAME] [--size N | --sizes N,N,...]"

/// `fail(_:)` prints a usage error to stderr and exits with status 2.
func fail(_ message: String) -> Never {
    Terminal.write("error: \(message)\n\(usage)\n", to: .standardError)
    exit(2)
}

/// `parseArguments(_:)` reads `--only`, `--size` and `--sizes` (`--flag value` or
/// `--flag=value`). `list` is true when `--sizes` was given.
func parseArguments(_ args: [String]) -> (only: String?, sizes: [Int], list: Bool) {
    var only: String?, sizes = [200_000], list = false
    var i = 0
    while i < args.count {
        var arg = args[i], value: String?
        if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
            value = String(arg[arg.index(after: eq)...])
            arg = String(arg[..<eq])
        }
        i += 1
        if arg == "-h" || arg == "--help" {
            Terminal.write("\(usage)\nfigures: \(allNames.joined(separator: ", "))\n", to: .standardOutput)
            exit(0)
        }
        guard ["--only", "--size", "--sizes"].contains(arg) else { fail("unknown argument `\(arg)`") }
        if value == nil, i < args.count { value = args[i]; i += 1 }
        guard let v = value else { fail("`\(arg)` needs a value") }
        if arg == "--only" {
            only = v
            continue
        }
        let parts = arg == "--sizes" ? v.split(separator: ",").map(String.init) : [v]
        sizes = parts.map { part in
            guard let n = Int(part), n > 0 else { fail("invalid value `\(part)` for `\(arg)`; expected a positive line count") }
            return n
        }
        if sizes.isEmpty { fail("`--sizes` needs at least one line count") }
        list = arg == "--sizes"
    }
    return (only, sizes, list)
}

/// `measure(_:of:)` times one measurement on `file` (best of 5).
func measure(_ measurement: Measurement, of file: SourceFile) -> Double {
    switch measurement {
    case .lex:
        return bestOf(5, { Lexer.lex(file) }, checksum: { $0.tokens.count })
    case .parse:
        return bestOf(5, { Parser.parse(file) }, checksum: { $0.decls.count })
    case .check:
        return bestOf(5, { Checker.check([Parser.parse(file)]) }, checksum: { $0.diagnostics.count })
    }
}

/// `run(size:label:)` generates the model of `size` lines and prints the selected
/// figures, named `NAME` or, with `label`, `NAME@SIZE`.
func run(size: Int, label: Bool, figures: [Figure]) {
    let sources = SourceSet()
    let file = sources.add(path: "bench.crm", text: ModelGenerator.generate(lines: size))
    let syntax = Parser.parse(file)
    var problems = syntax.diagnostics
    if problems.isEmpty && figures.contains(where: { $0.measurement == .check }) {
        problems = Checker.check([syntax]).diagnostics
    }
    if let first = problems.first {
        Terminal.write("warning: the generated model has \(problems.count) diagnostics; first: \(first.code.id) \(first.message)\n",
                       to: .standardError)
    }
    // The line table counts the empty "line" after a final newline; people do not.
    let lines = file.bytes.last == UInt8(ascii: "\n") ? file.lineCount - 1 : file.lineCount
    var timings: [Measurement: Double] = [:]
    for figure in figures {
        let seconds = timings[figure.measurement] ?? measure(figure.measurement, of: file)
        timings[figure.measurement] = seconds
        let name = label ? "\(figure.name)@\(size)" : figure.name
        Terminal.write("\(name): \(figure.value(lines, file.bytes.count, seconds)) \(figure.unit)\n", to: .standardOutput)
    }
}

/// The runtime figures (RuntimeBench.swift): fixed workloads, independent of `--size`,
/// printed after the front-end figures in this order.
let runtimeFigures: [(name: String, compute: () -> String)] = [
    ("lead-routing", RuntimeBench.leadRouting),
    ("lead-routing-memory", RuntimeBench.leadRoutingMemory),
    ("timers-1m", RuntimeBench.timers),
    // StoreBench.swift (durable store, issue 5); files under $CRM_BENCH_DIR.
    ("store-batch", StoreBench.batch),
    ("store-always", StoreBench.always),
    ("store-reopen-1m", StoreBench.reopen),
]
let allNames = Figure.all.map(\.name) + runtimeFigures.map(\.name)

/// The entry point (a function, not top-level code: the optimiser miscompiled the
/// top-level form of this logic in Swift 6.3.1, "Found ownership error").
@MainActor func main() {
    let options = parseArguments(Array(CommandLine.arguments.dropFirst()))
    let selected = Figure.all.filter { options.only == nil || $0.name == options.only }
    let selectedRuntime = runtimeFigures.filter { options.only == nil || $0.name == options.only }
    if selected.isEmpty && selectedRuntime.isEmpty, let name = options.only {
        fail("unknown figure `\(name)`; available: \(allNames.joined(separator: ", "))")
    }
    // The memory figure must be measured before anything else has grown the heap (see
    // RuntimeBench.leadRoutingMemory); it is printed in its place below.
    var memoryFigure: String?
    if selectedRuntime.contains(where: { $0.name == "lead-routing-memory" }) {
        memoryFigure = RuntimeBench.leadRoutingMemory()
    }
    for size in options.sizes where !selected.isEmpty { run(size: size, label: options.list, figures: selected) }
    for figure in selectedRuntime {
        let value = figure.name == "lead-routing-memory" ? (memoryFigure ?? figure.compute()) : figure.compute()
        Terminal.write("\(figure.name): \(value)\n", to: .standardOutput)
    }
}

main()
