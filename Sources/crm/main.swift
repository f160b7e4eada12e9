// main.swift owns dispatch only: pick the subcommand named by the first argument, parse
// its options, run it, and exit with its status (0 clean, 1 problems found, 2 usage or
// I/O). Everything else lives in Commands/ and in CRMTools.
import CRMBase
import CRMTools
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dispatch(_:)` runs `crm` on the arguments after the program name.
func dispatch(_ arguments: [String]) -> Int32 {
    guard let name = arguments.first else {
        Console.err(HelpCommand.general)
        return ExitStatus.usage
    }
    switch name {
    case "-h", "--help":
        Console.out(HelpCommand.general)
        return ExitStatus.clean
    case "--version":
        Console.out(VersionCommand.text)
        return ExitStatus.clean
    default:
        break
    }
    guard let command = Commands.find(name) else {
        let error = name.hasPrefix("-")
            ? UsageError(message: "unknown option `\(name)`",
                         help: Suggest.closest(to: name, among: ["--help", "--version"]).map { "did you mean `\($0)`?" })
            : HelpCommand.unknownCommand(name)
        return Console.report(error, usage: "crm COMMAND [options] [arguments]", helpCommand: "crm --help")
    }
    let spec = command.spec
    do {
        let parsed = try ArgumentParser.parse(Array(arguments.dropFirst()), spec: spec)
        if parsed.has("--help") {
            Console.out(spec.helpText)
            return ExitStatus.clean
        }
        return try command.run(parsed)
    } catch {
        return Console.report(error, usage: spec.usage, helpCommand: "crm \(spec.name) --help")
    }
}

exit(dispatch(Array(CommandLine.arguments.dropFirst())))
