// crm-bench measures the front end on a large generated model (CRMTools' ModelGenerator)
// and prints one figure per line. Build it optimised: `swift run -c release crm-bench`.
//
// Interface (stable; scripts and later issues rely on it):
//
//     crm-bench [--only NAME] [--size N]
//
//     --size N     lines of the generated model (default 200000); the same N always
//                  generates the same bytes
//     --only NAME  measure one figure; an unknown NAME lists the available ones, exit 2
//
// Output: exactly one line per figure on stdout, `NAME: VALUE UNIT`, in this order:
//
//     lex: 5444347 lines/s           lexing only (UTF-8 validation included)
//     lex+parse: 893346 lines/s      Parser.parse: lexing and the syntax tree
//     lex+parse-mb: 27.9 MB/s        the same run in 10^6 source bytes per second
//
// (Those figures: release build, default size, the 2-core CI container, first version.)
//
// VALUE is an integer, or one decimal for MB/s; each figure is the best of 5 runs on
// one core, after the model is generated and its line table built (not timed).
// Anything else (warnings, e.g. that the generated model no longer parses cleanly) goes
// to stderr. Later figures (check, run, ...) are added in the same `NAME: VALUE UNIT` form.
import CRMBase
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
    case lex, parse
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
    ]
}

/// `fail(_:)` prints a usage error to stderr and exits with status 2.
func fail(_ message: String) -> Never {
    Terminal.write("error: \(message)\nusage: crm-bench [--only NAME] [--size N]\n", to: .standardError)
    exit(2)
}

/// `now()` reads the monotonic clock in seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// `bestOf(_:_:)` runs `body` `runs` times and returns the shortest duration. The
/// checksum it folds in keeps the optimiser from dropping work whose result is unused.
func bestOf(_ runs: Int, _ body: () -> Int) -> Double {
    var best = Double.infinity
    var checksum = 0
    for _ in 0..<runs {
        let start = now()
        checksum &+= body()
        best = min(best, now() - start)
    }
    if checksum == Int.min { Terminal.write("", to: .standardError) }
    return max(best, 1e-9)
}

/// `parseArguments(_:)` reads `--only` and `--size` (`--flag value` or `--flag=value`).
func parseArguments(_ args: [String]) -> (only: String?, size: Int) {
    var only: String?, size = 200_000
    var i = 0
    while i < args.count {
        var arg = args[i], value: String?
        if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
            value = String(arg[arg.index(after: eq)...])
            arg = String(arg[..<eq])
        }
        i += 1
        if arg == "-h" || arg == "--help" {
            Terminal.write("usage: crm-bench [--only NAME] [--size N]\nfigures: \(Figure.all.map(\.name).joined(separator: ", "))\n", to: .standardOutput)
            exit(0)
        }
        guard arg == "--only" || arg == "--size" else { fail("unknown argument `\(arg)`") }
        if value == nil, i < args.count { value = args[i]; i += 1 }
        guard let v = value else { fail("`\(arg)` needs a value") }
        if arg == "--only" {
            only = v
        } else {
            guard let n = Int(v), n > 0 else { fail("invalid value `\(v)` for `--size`; expected a positive line count") }
            size = n
        }
    }
    return (only, size)
}

let options = parseArguments(Array(CommandLine.arguments.dropFirst()))
let selected = Figure.all.filter { options.only == nil || $0.name == options.only }
if selected.isEmpty, let name = options.only {
    fail("unknown figure `\(name)`; available: \(Figure.all.map(\.name).joined(separator: ", "))")
}

let sources = SourceSet()
let file = sources.add(path: "bench.crm", text: ModelGenerator.generate(lines: options.size))
let problems = Parser.parse(file).diagnostics
if let first = problems.first {
    Terminal.write("warning: the generated model has \(problems.count) diagnostics; first: \(first.code.id) \(first.message)\n",
                   to: .standardError)
}

var timings: [Measurement: Double] = [:]
for figure in selected {
    let seconds: Double
    if let known = timings[figure.measurement] {
        seconds = known
    } else {
        switch figure.measurement {
        case .lex: seconds = bestOf(5) { Lexer.lex(file).tokens.count }
        case .parse: seconds = bestOf(5) { Parser.parse(file).decls.count }
        }
        timings[figure.measurement] = seconds
    }
    // The line table counts the empty "line" after a final newline; people do not.
    let lines = file.bytes.last == UInt8(ascii: "\n") ? file.lineCount - 1 : file.lineCount
    let value = figure.value(lines, file.bytes.count, seconds)
    Terminal.write("\(figure.name): \(value) \(figure.unit)\n", to: .standardOutput)
}
