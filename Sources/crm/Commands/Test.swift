// Test owns `crm test [MODEL] [--filter TEXT] [--junit FILE] [--coverage] [--coverage-min N]`:
// option parsing and writing what CRMTools' TestDriver reports (per-test lines,
// failures, coverage and the summary on stdout; model diagnostics on stderr; the JUnit
// XML to `--junit`). The language of `test` blocks is in the README ("crm test").
import CRMBase
import CRMTools
import Foundation

enum TestCommand {
    static let spec = CommandSpec(
        name: "test", aliases: [],
        summary: "run the model's `test` blocks, each on a fresh in-memory store",
        usage: "crm test [options] [MODEL]",
        options: [
            OptionSpec("--filter", value: "TEXT", help: "run only the tests whose name contains TEXT"),
            OptionSpec("--junit", value: "FILE", help: "also write the results as JUnit XML to FILE (for CI)"),
            OptionSpec("--coverage", help: "report which rules fired and which conditions and table rows were never true or never false"),
            OptionSpec("--coverage-min", value: "N", help: "fail (exit 1) when coverage is below N percent; implies --coverage"),
            .color,
        ],
        details: """
        Example:
          crm test Samples --coverage --junit build/crm-tests.xml

        Each test starts from an empty store with a virtual clock at its first `clock`
        step (default 2026-01-01T09:00 in the model's time zone). MODEL defaults to the
        current directory.

        exit status: 0 every test passed (and coverage reached --coverage-min), 1 a test
        failed, coverage was too low or the model has errors, 2 usage or I/O problems
        """,
        takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        var min: Double?
        if let text = arguments.value("--coverage-min") {
            guard let n = Double(text), n >= 0, n <= 100 else {
                throw UsageError(message: "invalid value `\(text)` for `--coverage-min`; expected a percentage from 0 to 100")
            }
            min = n
        }
        let paths = arguments.positionals.isEmpty ? ["."] : arguments.positionals
        let options = TestOptions(filter: arguments.value("--filter"), coverage: arguments.has("--coverage"), coverageMin: min,
                                  color: Console.useColor(arguments, for: .standardOutput))
        let report = TestDriver.run(paths: paths, options: options)
        if !report.errors.isEmpty { Console.err(report.errors) }
        Console.out(report.output)
        if let junit = arguments.value("--junit"), !report.junit.isEmpty {
            guard FileManager.default.createFile(atPath: junit, contents: Data(report.junit.utf8)) else {
                Console.err("error: cannot write `\(junit)`\n")
                return ExitStatus.usage
            }
        }
        return report.exitStatus
    }
}
