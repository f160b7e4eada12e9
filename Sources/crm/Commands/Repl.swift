// Repl owns `crm repl [MODEL] [--store DIR] [--sync MODE] [--now T]`: option parsing,
// starting a CRMTools ReplSession, and choosing how entries arrive — the line editor
// when stdin and stdout are terminals, plain lines otherwise (piped sessions, tests).
// The session itself (commands, undo, reload, explain) is CRMTools/Repl.
import CRMBase
import CRMStore
import CRMTools

/// `crm repl`.
enum ReplCommand {
    static let spec = CommandSpec(
        name: "repl", aliases: [],
        summary: "try a model interactively: create records, move time, see which rules fire and why",
        usage: "crm repl [options] [MODEL]",
        options: [
            OptionSpec("--now", value: "DATETIME", help: "start the virtual clock here (local time, e.g. 2026-03-02T09:00); default: now"),
            OptionSpec("--store", value: "DIR", help: "keep the data in a durable store in DIR (undo is then not available)"),
            OptionSpec("--sync", value: "MODE", choices: SyncPolicy.allCases.map(\.rawValue),
                       help: "with --store: always (default: every change on disk), batch or none"),
            OptionSpec("--actor", value: "NAME", help: "who the session's changes are attributed to in the audit log (default: repl)"),
            .color,
        ],
        details: """
        Example:
          crm repl Playground --now 2026-03-02T09:00
          crm> create Lead l1 { name: "李雷", phone: "13800000001", email: "lilei@example.com", source: 官网注册 }
          crm> advance 7 days
          crm> why nurture l1

        Type `help` in the REPL for its commands. On a terminal: arrow keys, Home/End,
        Ctrl-A/E/K/U/W, history (↑/↓, kept in $CRM_HISTORY or ~/.crm_history), Tab
        completes commands and the model's names, Ctrl-C cancels the entry, Ctrl-D
        leaves. Piped, it reads one entry per line (continued while a `{` is open).

        exit status: 0 done, 1 the model has errors (or, piped, an entry failed),
        2 usage or input problems
        """,
        takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        if arguments.value("--sync") != nil, arguments.value("--store") == nil {
            throw UsageError(message: "`--sync` needs `--store DIR`")
        }
        let interactive = RawTerminal.isTerminal(0) && RawTerminal.isTerminal(1)
        let options = ReplOptions(
            paths: arguments.positionals, now: arguments.value("--now"),
            store: ReplStoreOptions(directory: arguments.value("--store"),
                                    sync: arguments.value("--sync").flatMap(SyncPolicy.init(rawValue:)) ?? .safeDefault),
            color: Console.useColor(arguments, for: .standardError), actor: arguments.value("--actor") ?? "repl")
        let session: ReplSession
        do { session = try ReplSession(options: options) } catch {
            Console.err(error.message)
            return error.status
        }
        defer { session.close() }
        if interactive {
            let history = ReplHistory.defaultPath(environment: Terminal.environment())
            if let status = ReplDriver.runTerminal(session, terminal: RawTerminal(), historyPath: history, writeError: Console.err) {
                return status
            }
        } else {
            for n in session.notices { Console.err("note: \(n)\n") }
        }
        return ReplDriver.runLines(session, next: { readLine(strippingNewline: true) }, write: { chunk in
            if chunk.isError { Console.err(chunk.text) } else { Console.out(chunk.text) }
        })
    }
}
