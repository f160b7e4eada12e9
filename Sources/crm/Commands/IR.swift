// IR owns `crm ir MODEL`: check and lower a model and print its IR (slot layouts, enum
// ordinals, rules in run order, the trigger index, rules not run yet). A debugging
// view of what `crm run` executes; the format is pinned by Tests/GoldenTests/ir.
import CRMBase
import CRMRuntime
import CRMTools

/// `crm ir MODEL`.
enum IRCommand {
    static let spec = CommandSpec(
        name: "ir", aliases: [],
        summary: "print the lowered IR of a model (what `crm run` executes)",
        usage: "crm ir [options] MODEL",
        options: [.color],
        details: """
        exit status: 0 printed, 1 the model has errors, 2 usage or input problems
        """,
        takesArguments: true)

    static func run(_ arguments: ParsedArguments) throws(UsageError) -> Int32 {
        guard !arguments.positionals.isEmpty else { throw UsageError(message: "missing MODEL (a directory or .crm file)") }
        let (program, check) = RunDriver.lower(paths: arguments.positionals)
        guard let program else {
            Console.err(check.humanReport(color: Console.useColor(arguments, for: .standardError)))
            return check.exitStatus == ExitStatus.clean ? ExitStatus.problems : check.exitStatus
        }
        Console.out(IRPrinter.print(program))
        return ExitStatus.clean
    }
}
