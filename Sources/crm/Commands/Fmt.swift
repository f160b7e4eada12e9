// Fmt owns `crm fmt`: option parsing and reporting. FormatDriver does the work; this
// file decides what goes to stdout (file lists, formatted stdin) and stderr (errors).
import CRMBase
import CRMTools

/// `crm fmt [--check] [PATHS...]` and `crm fmt -` / `crm fmt --stdin`.
enum FmtCommand {
    static let spec = CommandSpec(
        name: "fmt", aliases: [],
        summary: "rewrite .crm files in the one canonical layout",
        usage: "crm fmt [--check] [PATHS...]  |  crm fmt [--check] (- | --stdin)",
        options: [
            OptionSpec("--check", help: "list files whose layout would change; rewrite nothing"),
            OptionSpec("--stdin", help: "format standard input to standard output (same as `-`)"),
            .color,
        ],
        details: """
        PATHS are files or directories, as for `crm check` (default: the current
        directory). Files with syntax errors are reported and left unchanged. Changed
        files are replaced atomically.

        exit status: 0 done (or nothing to change with --check), 1 syntax errors or
        (with --check) files to reformat, 2 usage or input problems
        """,
        takesArguments: true)

    /// `run(_:)` dispatches to the stdin or the files form.
    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        let dash = arguments.positionals.contains("-")
        if dash || arguments.has("--stdin") {
            if arguments.positionals.contains(where: { $0 != "-" }) {
                throw UsageError(message: "`crm fmt` reads either standard input or PATHS, not both")
            }
            return formatStandardInput(arguments)
        }
        let paths = arguments.positionals.isEmpty ? ["."] : arguments.positionals
        let result = FormatDriver.format(paths: paths, options: FormatOptions(check: arguments.has("--check")))
        report(result, arguments)
        return result.exitStatus
    }

    /// `report(_:_:)` prints diagnostics and skipped files to stderr, then either the
    /// `would reformat PATH` lines (`--check`) or `formatted N files` to stdout.
    static func report(_ result: FormatResult, _ arguments: ParsedArguments) {
        var errors = HumanRenderer(color: Console.useColor(arguments, for: .standardError))
            .render(result.diagnostics, sources: result.sources)
        if !errors.isEmpty { errors += "\n" }
        for path in result.refused { errors += "skipped \(path): it has syntax errors\n" }
        for failure in result.formatterFailures {
            errors += "error: internal formatter error, file left unchanged: \(failure)\n"
        }
        Console.err(errors)
        if arguments.has("--check") {
            Console.out(result.changed.map { "would reformat \($0)\n" }.joined())
        } else {
            let n = result.changed.count
            Console.out("formatted \(n) file\(n == 1 ? "" : "s")\n")
        }
    }

    /// `formatStandardInput(_:)` formats stdin as one file named `<stdin>`: the result
    /// goes to stdout, or with `--check` only `would reformat <stdin>` when it differs.
    static func formatStandardInput(_ arguments: ParsedArguments) -> Int32 {
        let name = "<stdin>"
        let bytes: [UInt8]
        switch FileIO.readStandardInput(limit: ModelLoader.maxFileSize) {
        case .failure(let failure):
            let sources = SourceSet()
            Console.err(HumanRenderer(color: false)
                .render([ModelLoader.diagnostic(for: failure, path: name)], sources: sources))
            return ExitStatus.usage
        case .success(let b):
            bytes = b
        }
        let sources = SourceSet()
        let file = sources.add(path: name, bytes: bytes)
        switch FormatDriver.formatText(file) {
        case .syntaxErrors(let diagnostics):
            let color = Console.useColor(arguments, for: .standardError)
            Console.err(HumanRenderer(color: color).render(diagnostics.sortedForOutput(in: sources), sources: sources))
            return ExitStatus.problems
        case .invalidOutput(let why):
            Console.err("error: internal formatter error, input left unchanged: \(why)\n")
            return ExitStatus.problems
        case .formatted(let text):
            guard arguments.has("--check") else {
                Console.out(text)
                return ExitStatus.clean
            }
            if Array(text.utf8) == bytes { return ExitStatus.clean }
            Console.out("would reformat \(name)\n")
            return ExitStatus.problems
        }
    }
}
