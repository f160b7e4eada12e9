// Console owns how the `crm` executable talks to its user outside of diagnostics:
// plain output, usage errors (stderr, with the usage line, exit status 2) and the
// colour decision for a subcommand's `--color` value.
import CRMTools

/// Output helpers for subcommands.
enum Console {
    /// `out(_:)` writes to stdout.
    static func out(_ text: String) { Terminal.write(text, to: .standardOutput) }
    /// `err(_:)` writes to stderr.
    static func err(_ text: String) { Terminal.write(text, to: .standardError) }

    /// `report(_:usage:helpCommand:)` prints a usage error in the compiler style and
    /// returns `ExitStatus.usage`:
    ///
    ///     error: unknown option `--fromat` for `crm check`
    ///     help: did you mean `--format`?
    ///
    ///     usage: crm check [options] [PATHS...]
    ///     run `crm check --help` for more
    static func report(_ error: UsageError, usage: String, helpCommand: String) -> Int32 {
        var text = "error: \(error.message)\n"
        if let help = error.help { text += "help: \(help)\n" }
        text += "\nusage: \(usage)\nrun `\(helpCommand)` for more\n"
        err(text)
        return ExitStatus.usage
    }

    /// `useColor(_:for:)` reads `--color` (default `auto`) and decides for `stream`.
    static func useColor(_ arguments: ParsedArguments, for stream: Terminal.Stream) -> Bool {
        let mode = arguments.value("--color").flatMap(ColorMode.init(rawValue:)) ?? .auto
        return Terminal.useColor(mode, for: stream, environment: Terminal.environment())
    }
}
