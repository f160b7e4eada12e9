// LintOptions is the command-line half of lint control: the codes `crm check --allow`
// and `--deny` name. It is plain data so every driver (check, test, the REPL) can pass it
// to `Checker.check(_:lint:)`; `parse(allow:deny:)` turns the raw flag values into it and
// explains what is wrong with them (the CLI prints that as a usage error, exit 2).
// The inline half (`# crm:allow …` comments) and the precedence rules are in
// Suppressions.swift.
import CRMBase

/// The codes allowed (not reported) and denied (reported as errors) for a whole run.
public struct LintOptions: Sendable, Equatable {
    /// Warning codes not to report. Never holds an error code (`parse` refuses them).
    public var allow: Set<DiagnosticCode>
    /// Codes whose warnings are reported as errors.
    public var deny: Set<DiagnosticCode>

    public init(allow: Set<DiagnosticCode> = [], deny: Set<DiagnosticCode> = []) {
        self.allow = allow
        self.deny = deny
    }

    /// True when the options change nothing.
    public var isEmpty: Bool { allow.isEmpty && deny.isEmpty }
}

/// A mistake in `--allow`/`--deny` values: a message and an optional "did you mean".
public struct LintOptionError: Error, Sendable, Equatable {
    public var message: String
    public var help: String?
}

extension LintOptions {
    /// `parse(allow:deny:)` reads the values of every `--allow` and `--deny` given (each
    /// may be a comma-separated list, `--allow W0901,unused-table`). Codes are ids
    /// (case-insensitive) or kebab-case names. Refused: unknown codes (with a
    /// suggestion), error codes in `--allow` (errors cannot be silenced), and a code
    /// both allowed and denied.
    public static func parse(allow: [String], deny: [String]) throws(LintOptionError) -> LintOptions {
        var options = LintOptions()
        for code in try codes(allow, flag: "--allow") {
            guard code.defaultSeverity != .error else {
                throw LintOptionError(message: "`--allow \(code.id)`: \(code.id) (\(code.name)) is an error, and errors cannot be allowed",
                                      help: "only warnings (W…) can be allowed; fix the error instead")
            }
            options.allow.insert(code)
        }
        options.deny = Set(try codes(deny, flag: "--deny"))
        if let both = options.allow.intersection(options.deny).map(\.id).sorted().first {
            throw LintOptionError(message: "`\(both)` is both allowed and denied", help: "give it to `--allow` or to `--deny`, not both")
        }
        return options
    }

    /// `codes(_:flag:)` splits the values at commas and looks every code up.
    static func codes(_ values: [String], flag: String) throws(LintOptionError) -> [DiagnosticCode] {
        var out: [DiagnosticCode] = []
        for value in values {
            let words = value.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            if words.isEmpty { throw LintOptionError(message: "`\(flag)` needs a diagnostic code, such as W0901") }
            for word in words {
                guard let code = DiagnosticCode.lookup(word) else {
                    throw LintOptionError(message: "unknown diagnostic code `\(word)` for `\(flag)`",
                                          help: suggestion(for: word).map { "did you mean `\($0)`?" }
                                              ?? "`crm explain --list` lists every code")
                }
                out.append(code)
            }
        }
        return out
    }

    /// `suggestion(for:)` is the closest code id or name to a misspelt code.
    public static func suggestion(for word: String) -> String? {
        let all = DiagnosticCode.all
        if let id = Suggest.closest(to: word.uppercased(), among: all.map(\.id), maxDistance: 1) { return id }
        return Suggest.closest(to: word.lowercased(), among: all.map(\.name))
    }
}

fileprivate extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
