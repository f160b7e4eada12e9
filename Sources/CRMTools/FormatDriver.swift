// FormatDriver owns `crm fmt`: parse each file, refuse files with syntax errors (they
// are reported and left byte-identical), format the rest with CRMSyntax's Formatter,
// and either list what would change (`--check`) or rewrite changed files atomically.
// The layout itself is the Formatter's; this file only decides what to do with it.
import CRMBase
import CRMSyntax

/// Options of one `fmt` run.
public struct FormatOptions: Sendable {
    /// List files whose layout would change instead of rewriting them.
    public var check: Bool
    public init(check: Bool = false) { self.check = check }
}

/// The outcome of one `fmt` run over files on disk.
public struct FormatResult: Sendable {
    /// Every file read, for resolving spans when rendering.
    public var sources: SourceSet
    /// Number of files read.
    public var fileCount: Int
    /// I/O problems and the syntax errors of refused files, sorted.
    public var diagnostics: [Diagnostic]
    /// Display paths whose layout differs from the canonical one: rewritten, or (with
    /// `--check`) that would be. In load order.
    public var changed: [String]
    /// Display paths left alone because they have syntax errors.
    public var refused: [String]
    /// One message per file left alone because the formatted text would not parse (a
    /// formatter bug caught by `formatText`), e.g. "`a.crm`: E0201 at 3:5 of the output: …".
    public var formatterFailures: [String]
    /// `ExitStatus.clean`; `.problems` for refused files or (with `--check`) changes;
    /// `.usage` for an `E00xx` input problem or a failed write.
    public var exitStatus: Int32
}

/// What formatting one text produced.
public enum FormatOutcome: Sendable {
    /// The canonical text (possibly equal to the input).
    case formatted(String)
    /// The input has syntax errors; nothing was formatted.
    case syntaxErrors([Diagnostic])
    /// The Formatter produced text that does not parse: a formatter bug. The input is
    /// left alone; the payload describes the first error of the output, e.g.
    /// "E0201 at 3:5 of the output: expected `:` after field name".
    case invalidOutput(String)
}

/// Runs `crm fmt` over files on disk or over one text.
public enum FormatDriver {
    /// `formatText(_:)` formats one parsed-from-disk (or stdin) file. The output is parsed
    /// again before it is trusted, so a formatter bug can never replace a valid file with
    /// a broken one; the extra parse costs about as much as the first.
    public static func formatText(_ file: SourceFile) -> FormatOutcome {
        let syntax = Parser.parse(file)
        let errors = syntax.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { return .syntaxErrors(errors) }
        let output = CRMSyntax.Formatter.format(syntax)
        let check = SourceSet()
        let outputFile = check.add(path: file.path, text: output)
        let reparsed = Parser.parse(outputFile)
        if let first = reparsed.diagnostics.first(where: { $0.severity == .error }) {
            let at = outputFile.location(of: first.primary.span.start)
            return .invalidOutput("\(first.code.id) at \(at.line):\(at.column) of the output: \(first.message)")
        }
        return .formatted(output)
    }

    /// `format(paths:options:)` loads `paths` (ModelLoader) and formats every file.
    public static func format(paths: [String], options: FormatOptions = FormatOptions()) -> FormatResult {
        let model = ModelLoader.load(paths)
        var diagnostics = model.diagnostics
        var changed: [String] = [], refused: [String] = [], failures: [String] = []
        var writeFailed = false
        for file in model.files {
            switch formatText(file) {
            case .syntaxErrors(let errors):
                diagnostics += errors
                refused.append(file.path)
            case .invalidOutput(let why):
                failures.append("`\(file.path)`: \(why)")
            case .formatted(let text):
                let bytes = Array(text.utf8)
                if bytes == file.bytes { continue }
                if !options.check, let reason = FileIO.replaceFile(file.path, with: bytes) {
                    diagnostics.append(Diagnostic(.fileUnwritable, "cannot write `\(file.path)`: \(reason)", at: .none))
                    writeFailed = true
                    continue
                }
                changed.append(file.path)
            }
        }
        let status: Int32
        if writeFailed || diagnostics.contains(where: \.isInputOutput) {
            status = ExitStatus.usage
        } else if !refused.isEmpty || !failures.isEmpty || (options.check && !changed.isEmpty) {
            status = ExitStatus.problems
        } else {
            status = ExitStatus.clean
        }
        return FormatResult(sources: model.sources, fileCount: model.files.count,
                            diagnostics: diagnostics.sortedForOutput(in: model.sources),
                            changed: changed, refused: refused, formatterFailures: failures,
                            exitStatus: status)
    }
}
