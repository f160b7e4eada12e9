// Version owns `crm --version` / `crm version` and `crm help [COMMAND]` / `crm --help`:
// the texts that describe the tool itself rather than a model.
import CRMBase
import CRMTools

/// `crm version` and `crm --version`.
enum VersionCommand {
    static let spec = CommandSpec(
        name: "version", aliases: [], summary: "print the version of crm",
        usage: "crm version  |  crm --version", options: [], details: "", takesArguments: false)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        Console.out(text)
        return ExitStatus.clean
    }

    /// `crm 0.1.0`, with a newline.
    static var text: String { "crm \(CRMVersion.string)\n" }
}

/// `crm help [COMMAND]`, `crm --help`, `crm COMMAND --help`.
enum HelpCommand {
    static let spec = CommandSpec(
        name: "help", aliases: [], summary: "show help for crm or for one command",
        usage: "crm help [COMMAND]", options: [], details: "", takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        guard let name = arguments.positionals.first else {
            Console.out(general)
            return ExitStatus.clean
        }
        guard arguments.positionals.count == 1 else { throw UsageError(message: "expected one COMMAND") }
        guard let command = Commands.find(name) else { throw unknownCommand(name) }
        Console.out(command.spec.helpText)
        return ExitStatus.clean
    }

    /// `unknownCommand(_:)` is the usage error for a subcommand that does not exist.
    static func unknownCommand(_ name: String) -> UsageError {
        UsageError(message: "unknown command `\(name)`",
                   help: Suggest.closest(to: name, among: Commands.names).map { "did you mean `\($0)`?" })
    }

    /// The text of `crm --help`, ending with a newline.
    static var general: String {
        let rows = Commands.all.map { c in ([c.spec.name] + c.spec.aliases).joined(separator: ", ") }
        let width = (rows.map(\.count).max() ?? 0) + 3
        var lines = [
            "crm — a declarative rule-and-workflow language for customer processes",
            "",
            "usage: crm COMMAND [options] [arguments]",
            "",
            "commands:",
        ]
        for (row, c) in zip(rows, Commands.all) {
            lines.append("  " + row + String(repeating: " ", count: width - row.count) + c.spec.summary)
        }
        lines += [
            "",
            "options:",
            "  -h, --help   show this help",
            "  --version    print the version",
            "",
            "run `crm help COMMAND` (or `crm COMMAND --help`) for a command's options",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
