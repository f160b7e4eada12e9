// Store owns `crm store ACTION DIR`: stats, verify, repair, compact, export, import of a
// durable store (README, "Durable store"). The work is in CRMTools' StoreDriver.
import CRMBase
import CRMTools
import Foundation

enum StoreCommand {
    static let actions = ["stats", "verify", "repair", "compact", "export", "import"]

    static let spec = CommandSpec(
        name: "store", aliases: [],
        summary: "inspect, check, repair, compact, export or import a durable store",
        usage: "crm store stats|verify|repair|compact|export|import DIR [FILE]",
        options: [
            OptionSpec("--yes", help: "repair: truncate without asking (otherwise it only says what it would drop)"),
            OptionSpec("--output", value: "FILE", help: "export: write the JSON lines to FILE instead of stdout"),
        ],
        details: """
        Actions:
          stats DIR          generation, transactions, file sizes, records, timers, outbox
          verify DIR         read every frame, check every checksum, replay the journal
          repair DIR [--yes] say exactly what truncating the damaged journal would drop;
                             do it only with --yes
          compact DIR        checkpoint: write a snapshot, start an empty journal
          export DIR         the whole store as JSON lines (stdout or --output FILE)
          import DIR FILE    a new store in DIR from an export

        exit status: 0 fine, 1 the store is damaged, locked or refused the action,
        2 usage or I/O problems
        """,
        takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        let p = arguments.positionals
        guard let action = p.first else { throw UsageError(message: "missing ACTION (\(actions.joined(separator: ", ")))") }
        guard actions.contains(action) else {
            throw UsageError(message: "unknown action `\(action)`; expected one of \(actions.joined(separator: ", "))")
        }
        guard p.count >= 2 else { throw UsageError(message: "missing DIR (the store's directory)") }
        let dir = p[1]
        let wanted = action == "import" ? 3 : 2
        guard p.count == wanted else {
            throw UsageError(message: action == "import" ? "import needs DIR and FILE" : "unexpected argument `\(p[wanted])`")
        }
        let report: StoreReport
        switch action {
        case "stats": report = StoreDriver.stats(dir)
        case "verify": report = StoreDriver.verify(dir)
        case "repair": report = StoreDriver.repair(dir, yes: arguments.has("--yes"))
        case "compact": report = StoreDriver.compact(dir)
        case "export":
            var r = StoreDriver.export(dir)
            if let out = arguments.value("--output"), r.exitStatus == ExitStatus.clean {
                guard FileManager.default.createFile(atPath: out, contents: Data(r.output.utf8)) else {
                    Console.err("error: cannot write `\(out)`\n")
                    return ExitStatus.usage
                }
                r.output = ""
            }
            report = r
        default:
            switch FileIO.readFile(p[2], limit: 1 << 34) {
            case .success(let bytes): report = StoreDriver.importStore(dir, text: String(decoding: bytes, as: UTF8.self))
            case .failure(let failure):
                Console.err("error: cannot read `\(p[2])`: \(failure)\n")
                return ExitStatus.usage
            }
        }
        Console.out(report.output)
        if !report.errors.isEmpty { Console.err(report.errors) }
        return report.exitStatus
    }
}
