// Arguments owns the command line grammar shared by every subcommand: option specs,
// parsing (`--flag`, `--flag value`, `--flag=value`, `-h`/`--help`, `--` ends options;
// an option given twice keeps its last value and, for repeatable ones, all values),
// generated help text, and usage errors with "did you mean" (style R17). It knows no
// subcommand; each Commands/*.swift file declares its own `CommandSpec`.
import CRMBase
import CRMTools

/// One option a subcommand accepts.
struct OptionSpec: Sendable {
    /// The long name with its dashes: `--format`.
    let name: String
    /// A one-letter alias with its dash (`-h`), or nil.
    let short: String?
    /// The value's placeholder in help (`FORMAT`); nil for a boolean flag.
    let value: String?
    /// The allowed values; empty means any value.
    let choices: [String]
    /// One line of help.
    let help: String

    init(_ name: String, short: String? = nil, value: String? = nil, choices: [String] = [], help: String) {
        self.name = name
        self.short = short
        self.value = value
        self.choices = choices
        self.help = help
    }

    /// `-h, --help`, accepted by every subcommand.
    static let help = OptionSpec("--help", short: "-h", help: "show this help")
    /// `--color`, shared by the subcommands that render diagnostics.
    static let color = OptionSpec("--color", value: "WHEN", choices: ColorMode.allCases.map(\.rawValue),
                                  help: "auto (default: colour on a terminal unless NO_COLOR is set), always or never")
}

/// What one subcommand looks like to the parser and to `--help`.
struct CommandSpec: Sendable {
    let name: String
    /// Other spellings that run the same command (`lint` for `check`).
    let aliases: [String]
    /// One line for `crm --help`.
    let summary: String
    /// The usage line without `usage: `, e.g. `crm check [options] [PATHS...]`.
    let usage: String
    let options: [OptionSpec]
    /// Paragraphs printed after the options in `--help`.
    let details: String
    /// Whether positional arguments are accepted.
    let takesArguments: Bool

    /// `helpText` is the full `--help` output, ending with a newline.
    var helpText: String {
        var lines = ["\(summary)", "", "usage: \(usage)"]
        let all = options + [.help]
        if !all.isEmpty {
            lines += ["", "options:"]
            let labels = all.map { o -> String in
                let names = (o.short.map { $0 + ", " } ?? "    ") + o.name
                return o.value.map { names + " " + $0 } ?? names
            }
            let width = (labels.map(\.count).max() ?? 0) + 2
            for (label, o) in zip(labels, all) {
                lines.append("  " + label + String(repeating: " ", count: width - label.count) + o.help)
            }
        }
        if !details.isEmpty { lines += ["", details] }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The parsed command line of one subcommand.
struct ParsedArguments: Sendable {
    /// Option values by long name; the last occurrence wins.
    var values: [String: String] = [:]
    /// Every value of each option, in command-line order, for repeatable options
    /// (`--allow W0901 --allow W0902`).
    var allValues: [String: [String]] = [:]
    /// Boolean flags present, by long name.
    var flags: Set<String> = []
    /// Arguments that are not options, in order (`-` alone is one: stdin).
    var positionals: [String] = []

    func has(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name] }
    /// `values(_:)` is every value given to option `name`, in order (empty if none).
    func values(_ name: String) -> [String] { allValues[name] ?? [] }
}

/// A mistake on the command line: printed with the usage line, exit status 2.
struct UsageError: Error, Sendable {
    let message: String
    var help: String?
}

/// The hand-written option parser.
enum ArgumentParser {
    /// `parse(_:spec:)` parses the arguments after the subcommand name.
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if optionsEnded || arg == "-" || !arg.hasPrefix("-") {
                result.positionals.append(arg)
                continue
            }
            if arg == "--" { optionsEnded = true; continue }
            let (name, inline) = split(arg)
            guard let option = lookup(name, in: spec) else { throw unknownOption(name, spec: spec) }
            guard let placeholder = option.value else {
                if inline != nil { throw UsageError(message: "`\(option.name)` takes no value") }
                result.flags.insert(option.name)
                continue
            }
            var value = inline
            if value == nil, i < arguments.count { value = arguments[i]; i += 1 }
            guard let given = value else {
                throw UsageError(message: "`\(option.name)` needs a value (\(placeholder))")
            }
            try check(given, for: option)
            result.values[option.name] = given
            result.allValues[option.name, default: []].append(given)
        }
        if !spec.takesArguments, let first = result.positionals.first {
            throw UsageError(message: "unexpected argument `\(first)`")
        }
        return result
    }

    /// `split(_:)` separates `--flag=value` into its name and inline value.
    static func split(_ arg: String) -> (String, String?) {
        guard arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") else { return (arg, nil) }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }

    static func lookup(_ name: String, in spec: CommandSpec) -> OptionSpec? {
        (spec.options + [.help]).first { $0.name == name || $0.short == name }
    }

    /// `unknownOption(_:spec:)` builds the error for an unknown flag, suggesting the
    /// closest known one (compared without dashes, so `-format` finds `--format`).
    static func unknownOption(_ name: String, spec: CommandSpec) -> UsageError {
        let known = (spec.options + [.help]).map(\.name)
        let bare = known.map { String($0.drop { $0 == "-" }) }
        let guess = Suggest.closest(to: String(name.drop { $0 == "-" }), among: bare)
        return UsageError(message: "unknown option `\(name)` for `crm \(spec.name)`",
                          help: guess.map { "did you mean `--\($0)`?" })
    }

    /// `check(_:for:)` rejects a value outside an option's choices.
    static func check(_ value: String, for option: OptionSpec) throws(UsageError) {
        guard !option.choices.isEmpty, !option.choices.contains(value) else { return }
        let guess = Suggest.closest(to: value, among: option.choices)
        throw UsageError(
            message: "invalid value `\(value)` for `\(option.name)`; expected one of \(option.choices.joined(separator: ", "))",
            help: guess.map { "did you mean `\($0)`?" })
    }
}
