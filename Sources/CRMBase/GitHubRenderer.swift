// GitHubRenderer owns the GitHub Actions annotation form of diagnostics
// (`--format github`): one `::error file=...::message` workflow command per diagnostic.

/// Renders diagnostics as GitHub Actions workflow commands, one line each:
///
/// ```
/// ::error file=Samples/leads.crm,line=12,col=8,endLine=12,endColumn=12,title=E0201 expected-token::expected `:`
/// ```
///
/// Severity maps to `::error`, `::warning` and `::notice`. Columns are Unicode-scalar
/// columns; `endColumn` is the column just after the span. The help, if any, follows the
/// message on a new line (`%0Ahelp: ...`). A diagnostic with no position has only a
/// `title` property. Escaping follows the runner's rules: in the message `%`, CR and LF
/// become `%25`, `%0D`, `%0A`; in property values `:` and `,` also become `%3A`, `%2C`.
/// The output ends with a newline unless there are no diagnostics.
public struct GitHubRenderer: Sendable {
    public init() {}

    /// `render(_:sources:)` returns one workflow command line per diagnostic.
    public func render(_ diagnostics: [Diagnostic], sources: SourceSet) -> String {
        diagnostics.map { render($0, sources: sources) + "\n" }.joined()
    }

    /// `render(_:sources:)` returns the workflow command for one diagnostic, without newline.
    public func render(_ d: Diagnostic, sources: SourceSet) -> String {
        let command: String
        switch d.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties: [(String, String)] = []
        if let r = ResolvedSpan(d.primary.span, in: sources) {
            properties += [
                ("file", r.file.path),
                ("line", String(r.start.line)),
                ("col", String(r.start.column)),
                ("endLine", String(r.end.line)),
                ("endColumn", String(r.end.column)),
            ]
        }
        properties.append(("title", "\(d.code.id) \(d.code.name)"))
        var message = d.message
        if let help = d.help { message += "\nhelp: " + help }
        let props = properties.map { "\($0)=\(Self.escapeProperty($1))" }.joined(separator: ",")
        return "::\(command) \(props)::\(Self.escapeData(message))"
    }

    /// `escapeData(_:)` escapes a message: `%` → `%25`, CR → `%0D`, LF → `%0A`.
    public static func escapeData(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `escapeProperty(_:)` escapes a property value: as `escapeData(_:)`, plus
    /// `:` → `%3A` and `,` → `%2C`.
    public static func escapeProperty(_ s: String) -> String {
        var out = ""
        for scalar in escapeData(s).unicodeScalars {
            switch scalar {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
