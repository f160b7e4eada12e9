// DiagnosticCode is the stable identity of a kind of finding: an id ("E0103") that CI
// configs and `crm explain` refer to, a kebab-case name, a default severity, a one-line
// summary and a longer explanation with a wrong and a right example. The catalog is
// split by stage (Codes+IO.swift, Codes+Lexer.swift, Codes+Parser.swift); ids are never
// reused once published.

public struct DiagnosticCode: Hashable, Sendable {
    /// "E0103": E for errors, W for warnings; the first two digits name the stage
    /// (00 I/O, 01 lexer, 02 parser).
    public let id: String
    /// "unterminated-string".
    public let name: String
    public let defaultSeverity: Severity
    /// One line for listings (`crm explain --list`).
    public let summary: String
    /// The long form for `crm explain`: what it means, a wrong and a right example.
    public let explanation: String

    public init(_ id: String, _ name: String, _ severity: Severity, summary: String, explanation: String) {
        self.id = id
        self.name = name
        self.defaultSeverity = severity
        self.summary = summary
        self.explanation = explanation
    }

    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }

    /// Every code, in id order. Extended as stages add catalogs.
    public static var all: [DiagnosticCode] {
        (ioCodes + lexerCodes + parserCodes + nameCodes + typeCodes + extraCodes).sorted { $0.id < $1.id }
    }

    /// `lookup(_:)` finds a code by id ("E0103", case-insensitive) or by name.
    public static func lookup(_ key: String) -> DiagnosticCode? {
        let k = key.uppercased()
        return all.first { $0.id == k || $0.name == key.lowercased() }
    }
}

extension DiagnosticCode {
    /// Catalogs of later stages register here (lifecycles, rules, tables, cascades, lints).
    static var extraCodes: [DiagnosticCode] {
        lifecycleCodes + ruleCodes + tableCodes + cascadeCodes + lintCodes + controlCodes + runtimeCodes
            + testingCodes
    }
}
