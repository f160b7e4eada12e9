// Check owns `crm check` (alias `crm lint`): option parsing and choosing the renderer.
// The run itself is CRMTools' CheckDriver. Human output goes to stderr, like compilers;
// machine formats (json, sarif, github) go to stdout with nothing else mixed in.
import CRMBase
import CRMSema
import CRMTools

/// `crm check|lint [options] [PATHS...]`.
enum CheckCommand {
    static let formats = ["human", "json", "sarif", "github"]

    static let spec = CommandSpec(
        name: "check", aliases: ["lint"],
        summary: "report every error and warning in .crm files",
        usage: "crm check [options] [PATHS...]",
        options: [
            OptionSpec("--format", value: "FORMAT", choices: formats,
                       help: "human (default, on stderr), json, sarif or github (on stdout)"),
            OptionSpec("--warnings-as-errors", help: "report warnings as errors and fail on them"),
            OptionSpec("--allow", value: "CODES", help: "do not report these warnings (repeatable; W0901,unused-table)"),
            OptionSpec("--deny", value: "CODES", help: "report these warnings as errors (repeatable)"),
            OptionSpec("--max-errors", value: "N", help: "stop reporting after N errors (default 0: all)"),
            .color,
        ],
        details: """
        PATHS are .crm files or directories; a directory is one model: every *.crm file
        below it, in sorted order, minus hidden entries and what `.crmignore` files list.
        Without PATHS, the current directory is checked.

        CODES are diagnostic ids (W0901) or names (unused-template), comma-separated;
        errors cannot be allowed. In a file, `# crm:allow W0901` trailing a line allows it
        on that line, on a line of its own on the next line of code; `# crm:allow-file`
        for the whole file; `crm:deny`/`crm:deny-file` likewise. A comment beats the
        command line; `--allow` beats `--warnings-as-errors`.

        exit status: 0 clean, 1 errors found, 2 usage or input problems
        """,
        takesArguments: true)

    /// `run(_:)` checks the paths and prints the result in the chosen format.
    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        let maxErrors = try count(arguments.value("--max-errors"), option: "--max-errors")
        let lint: LintOptions
        do {
            lint = try LintOptions.parse(allow: arguments.values("--allow"), deny: arguments.values("--deny"))
        } catch {
            throw UsageError(message: error.message, help: error.help)
        }
        let options = CheckOptions(maxErrors: maxErrors,
                                   warningsAsErrors: arguments.has("--warnings-as-errors"), lint: lint)
        let paths = arguments.positionals.isEmpty ? ["."] : arguments.positionals
        let result = CheckDriver.check(paths: paths, options: options)
        switch arguments.value("--format") ?? "human" {
        case "json":
            Console.out(JSONRenderer().render(result.diagnostics, sources: result.sources,
                                              fileCount: result.fileCount))
        case "sarif":
            Console.out(SARIFRenderer(toolVersion: CRMVersion.string)
                .render(result.diagnostics, sources: result.sources))
        case "github":
            Console.out(GitHubRenderer().render(result.diagnostics, sources: result.sources))
        default:
            Console.err(result.humanReport(color: Console.useColor(arguments, for: .standardError)))
        }
        return result.exitStatus
    }

    /// `count(_:option:)` parses a non-negative integer option value.
    static func count(_ value: String?, option: String) throws(UsageError) -> Int? {
        guard let value else { return nil }
        guard let n = Int(value), n >= 0 else {
            throw UsageError(message: "invalid value `\(value)` for `\(option)`; expected a whole number (0 or more)")
        }
        return n
    }
}
