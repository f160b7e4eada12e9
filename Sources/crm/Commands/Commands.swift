// Commands owns the table of subcommands: their names for dispatch and the order in
// which `crm --help` lists them. A future subcommand (test, run, repl) is one file
// in this folder plus one line here.

/// A subcommand: its spec (names, options, help) and what it does.
struct Command: Sendable {
    let spec: CommandSpec
    /// Runs the command on its parsed arguments; returns the exit status or throws a
    /// usage error found after parsing (for example a malformed number).
    let run: @Sendable (ParsedArguments) throws(UsageError) -> Int32
}

/// The subcommand table.
enum Commands {
    /// Every subcommand, in help order.
    static let all: [Command] = [
        Command(spec: CheckCommand.spec, run: CheckCommand.run),
        Command(spec: FmtCommand.spec, run: FmtCommand.run),
        Command(spec: ExplainCommand.spec, run: ExplainCommand.run),
        Command(spec: EvalCommand.spec, run: EvalCommand.run),
        Command(spec: RunCommand.spec, run: RunCommand.run),
        Command(spec: TestCommand.spec, run: TestCommand.run),
        Command(spec: ReplCommand.spec, run: ReplCommand.run),
        Command(spec: IRCommand.spec, run: IRCommand.run),
        Command(spec: StoreCommand.spec, run: StoreCommand.run),
        Command(spec: HelpCommand.spec, run: HelpCommand.run),
        Command(spec: VersionCommand.spec, run: VersionCommand.run),
    ]

    /// `find(_:)` looks a subcommand up by name or alias.
    static func find(_ name: String) -> Command? {
        all.first { $0.spec.name == name || $0.spec.aliases.contains(name) }
    }

    /// Every name and alias, for "did you mean".
    static var names: [String] { all.flatMap { [$0.spec.name] + $0.spec.aliases } }
}
