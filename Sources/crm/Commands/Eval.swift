// Eval owns `crm eval EXPR`: option parsing, loading the optional model (its enums and
// settings come into scope), the clock (`--now` for a fixed virtual instant, the wall
// clock otherwise) and printing `VALUE : TYPE` or `{"value": …, "type": "…"}`. Parsing,
// typing and evaluating are CRMRuntime's StandaloneEval.
import CRMBase
import CRMRuntime
import CRMSyntax
import CRMTools

/// `crm eval EXPR [--model PATH] [--format human|json] [--now T] [--timezone Z]`.
enum EvalCommand {
    static let spec = CommandSpec(
        name: "eval", aliases: [],
        summary: "evaluate one expression and print its value and type",
        usage: "crm eval [options] EXPR",
        options: [
            OptionSpec("--model", value: "PATH", help: "a model (directory or .crm file) whose enums and settings are in scope"),
            OptionSpec("--format", value: "FORMAT", choices: ["human", "json"],
                       help: "human (default: `VALUE : TYPE`) or json (`{\"value\": …, \"type\": …}`)"),
            OptionSpec("--now", value: "DATETIME", help: "the clock for now() and today(), e.g. 2026-03-02T09:00 (local time)"),
            OptionSpec("--timezone", value: "ZONE", help: "IANA time zone (default: the model's, else Asia/Shanghai)"),
            .color,
        ],
        details: """
        Examples:
          crm eval '0.1 + 0.2 == 0.3'                 true : bool
          crm eval '2026-01-31 + 1 month'             2026-02-28 : date
          crm eval 'round(10.005 CNY, 2)'             10.00 CNY : money(CNY)
          crm eval --model Samples '渠道.淘宝 in [淘宝, 抖音广告]'

        Integers are 64-bit (overflow is an error), decimals and money exact, `and`/`or`
        absorb errors as in CEL, dates follow the calendar in the zone; see the README
        section "crm eval and expression semantics". Write `--` before an expression that
        starts with `-`.

        exit status: 0 evaluated, 1 syntax, type or run-time error, 2 usage or input problems
        """,
        takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        guard arguments.positionals.count == 1, let expression = arguments.positionals.first else {
            throw UsageError(message: arguments.positionals.isEmpty
                ? "missing EXPR (for example `crm eval '1 + 2'`)"
                : "expected one EXPR; quote the expression so the shell passes it as one argument")
        }
        let json = arguments.value("--format") == "json"
        let color = Console.useColor(arguments, for: .standardError)
        var sources = SourceSet()
        var files: [FileSyntax] = []
        if let path = arguments.value("--model") {
            let loaded = ModelLoader.load([path])
            let checked = CheckDriver.check(loaded)
            if checked.errorCount > 0 || checked.exitStatus != ExitStatus.clean {
                report(checked.diagnostics, sources: loaded.sources, json: json, color: color, files: loaded.files.count)
                return checked.exitStatus == ExitStatus.clean ? ExitStatus.problems : checked.exitStatus
            }
            sources = loaded.sources
            files = loaded.roots.flatMap { $0.files.map(Parser.parse) }
        }
        let zone = arguments.value("--timezone")
        if let zone, ZonedCalendar(identifier: zone) == nil {
            throw UsageError(message: "unknown time zone `\(zone)` for `--timezone`", help: "use an IANA name such as Asia/Shanghai or UTC")
        }
        let clock: any Clock
        if let now = arguments.value("--now") {
            let zoneName = zone ?? StandaloneEval.modelTimeZone(files) ?? ZonedCalendar.defaultIdentifier
            guard let calendar = ZonedCalendar(identifier: zoneName),
                  let micros = calendar.parseDateTime(now.contains("T") ? now : now + "T00:00") else {
                throw UsageError(message: "invalid value `\(now)` for `--now`; expected a local datetime such as 2026-03-02T09:00")
            }
            clock = VirtualClock(micros: micros)
        } else {
            clock = WallClock()
        }
        let request = EvalRequest(expression: expression, model: files, clock: clock, timezone: zone)
        switch StandaloneEval.run(request, sources: sources) {
        case .value(let value, let type, let calendar):
            if json {
                Console.out("{\"value\": \(value.jsonText(in: calendar)), \"type\": \(JSONWriter.quote(type.description))}\n")
            } else {
                Console.out("\(value.display(in: calendar)) : \(type)\n")
            }
            return ExitStatus.clean
        case .failed(let diagnostics):
            report(diagnostics, sources: sources, json: json, color: color, files: 1)
            return ExitStatus.problems
        }
    }

    /// Diagnostics go where `crm check` puts them: human on stderr, JSON on stdout.
    static func report(_ diagnostics: [Diagnostic], sources: SourceSet, json: Bool, color: Bool, files: Int) {
        if json {
            Console.out(JSONRenderer().render(diagnostics, sources: sources, fileCount: files))
        } else {
            var text = HumanRenderer(color: color).render(diagnostics, sources: sources)
            if let first = diagnostics.first { text += "\nrun `crm explain \(first.code.id)` for more\n" }
            Console.err(text)
        }
    }
}
