// Explain owns `crm explain CODE` and `crm explain --list`: the long form of a
// diagnostic code from the catalog in CRMBase (rustc's `--explain`).
import CRMBase
import CRMTools

/// `crm explain CODE` / `crm explain --list`.
enum ExplainCommand {
    static let spec = CommandSpec(
        name: "explain", aliases: [],
        summary: "explain a diagnostic code, with a wrong and a right example",
        usage: "crm explain CODE  |  crm explain --list",
        options: [OptionSpec("--list", help: "list every code with its name and summary")],
        details: "CODE is an id such as E0103 (any case) or a name such as unterminated-string.",
        takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        if arguments.has("--list") {
            guard arguments.positionals.isEmpty else {
                throw UsageError(message: "`--list` takes no CODE")
            }
            Console.out(list())
            return ExitStatus.clean
        }
        guard arguments.positionals.count == 1, let key = arguments.positionals.first else {
            throw UsageError(message: arguments.positionals.isEmpty
                ? "missing CODE (for example `crm explain E0103`)" : "expected one CODE")
        }
        guard let code = DiagnosticCode.lookup(key) else {
            let all = DiagnosticCode.all
            let guess = Suggest.closest(to: key.uppercased(), among: all.map(\.id))
                ?? Suggest.closest(to: key.lowercased(), among: all.map(\.name))
            var text = "error: unknown diagnostic code `\(key)`\n"
            if let guess { text += "help: did you mean `\(guess)`?\n" }
            text += "run `crm explain --list` for every code\n"
            Console.err(text)
            return ExitStatus.usage
        }
        Console.out(explanation(of: code))
        return ExitStatus.clean
    }

    /// `explanation(of:)` is the page for one code:
    ///
    ///     E0103 unterminated-string (error)
    ///     a string literal without its closing quote
    ///
    ///     <explanation, with its wrong and right examples>
    static func explanation(of code: DiagnosticCode) -> String {
        "\(code.id) \(code.name) (\(code.defaultSeverity.rawValue))\n\(code.summary)\n\n\(code.explanation)\n"
    }

    /// `list()` is one aligned line per code: id, name, severity, summary.
    static func list() -> String {
        let codes = DiagnosticCode.all
        let width = (codes.map(\.name.count).max() ?? 0) + 2
        return codes.map { code in
            let name = code.name + String(repeating: " ", count: width - code.name.count)
            let severity = code.defaultSeverity.rawValue
            return "\(code.id)  \(name)\(severity)\(String(repeating: " ", count: 9 - severity.count))\(code.summary)\n"
        }.joined()
    }
}
