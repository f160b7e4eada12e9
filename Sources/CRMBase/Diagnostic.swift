// A diagnostic is data (rustc, swift-syntax, Elm): a stable code, a severity, a terse
// message, labelled spans, notes, help. Rendering lives in the renderer files.

public enum Severity: String, Sendable, Comparable {
    case error, warning, note
    var rank: Int { switch self { case .error: 0; case .warning: 1; case .note: 2 } }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A labelled span: where, and optionally a short text drawn next to the caret.
public struct Label: Hashable, Sendable {
    public var span: Span
    public var text: String?
    public init(_ span: Span, _ text: String? = nil) { self.span = span; self.text = text }
}

/// A machine-applicable edit: replace `span` with `replacement`.
public struct FixIt: Hashable, Sendable {
    public var span: Span
    public var replacement: String
    public init(span: Span, replacement: String) { self.span = span; self.replacement = replacement }
}

/// One finding of any stage. `code` is stable (see `DiagnosticCode`), `message` is one
/// line without a trailing period, `notes` are longer explanations, `help` a suggestion.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var primary: Label
    public var secondary: [Label]
    public var notes: [String]
    public var help: String?
    public var fixIts: [FixIt]

    public init(_ code: DiagnosticCode, _ message: String, at span: Span, label: String? = nil,
                severity: Severity? = nil, secondary: [Label] = [], notes: [String] = [],
                help: String? = nil, fixIts: [FixIt] = []) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.primary = Label(span, label)
        self.secondary = secondary
        self.notes = notes
        self.help = help
        self.fixIts = fixIts
    }
}

extension Array where Element == Diagnostic {
    /// `sortedForOutput(in:)` orders diagnostics by (file order, offset, code, message),
    /// so every renderer and every golden file sees the same stable order (Go ErrorList.Sort).
    public func sortedForOutput(in sources: SourceSet) -> [Diagnostic] {
        sorted { a, b in
            let fa = sources.fileIndex(of: a.primary.span.start)
            let fb = sources.fileIndex(of: b.primary.span.start)
            if fa != fb { return fa < fb }
            if a.primary.span.start != b.primary.span.start { return a.primary.span.start < b.primary.span.start }
            if a.code.id != b.code.id { return a.code.id < b.code.id }
            return a.message < b.message
        }
    }
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }
}
