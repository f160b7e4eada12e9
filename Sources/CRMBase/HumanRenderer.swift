// HumanRenderer owns the terminal form of diagnostics (rustc/Gleam style): header, source
// snippets with carets placed by display width, secondary labels, notes, help, summary.

/// Renders diagnostics for people reading a terminal:
///
/// ```
/// error[E0201]: expected `:` after field name
///   --> Samples/leads.crm:12:8
///    |
/// 12 |   客户名称 text required
///    |           ^^^^ expected `:`
///    |
///    = help: did you mean `status`?
/// ```
///
/// `file:line:col` uses `Location.column` (Unicode scalars, as editors count); carets are
/// placed by display width (`LineLayout`). The primary label is underlined with `^`,
/// secondary labels with `-`; secondary labels in other files get a `::: path:line:col`
/// section. A span over several lines underlines the rest of its first line and the start
/// of its last line, and carries its label on the last line. ANSI colour is emitted only
/// when `color` is true. Every rendered diagnostic ends with a newline.
public struct HumanRenderer: Sendable {
    /// Emit ANSI colour escapes.
    public var color: Bool
    /// Columns per tab stop when drawing source lines.
    public var tabWidth = 4

    public init(color: Bool) { self.color = color }

    /// One underline drawn under a source line.
    struct Mark {
        var line: Int          // 0-based line index
        var column: Int        // 0-based display column of the first caret
        var count: Int         // number of carets, at least 1
        var primary: Bool
        var text: String?
    }

    /// The marks of one file, with the location used for its `-->` / `:::` header.
    struct Section {
        var file: SourceFile
        var header: Location
        var marks: [Mark]
    }

    /// `render(_:sources:)` renders one diagnostic; the text ends with a newline.
    public func render(_ d: Diagnostic, sources: SourceSet) -> String {
        var sections: [Section] = []
        var looseLabels: [String] = []   // secondary labels that point at no file
        add(d.primary, primary: true, sources: sources, to: &sections)
        for label in orderedSecondary(d, sources: sources) {
            if !add(label, primary: false, sources: sources, to: &sections), let text = label.text {
                looseLabels.append(text)
            }
        }
        let maxLine = sections.flatMap { $0.marks.map(\.line) }.max() ?? 0
        let gutter = max(1, String(maxLine + 1).count)
        let pad = String(repeating: " ", count: gutter)
        let bar = style(pad + " |", .gutter)

        var out: [String] = [header(d)]
        for (i, section) in sections.enumerated() {
            if i > 0 { out.append(bar) }
            let arrow = i == 0 ? "-->" : ":::"
            let place = "\(section.file.path):\(section.header.line):\(section.header.column)"
            out.append(pad + style(arrow, .gutter) + " " + place)
            out.append(bar)
            out += snippet(section, gutter: gutter, severity: d.severity)
        }
        let notes = looseLabels.map { ("note", $0) } + d.notes.map { ("note", $0) }
            + (d.help.map { [("help", $0)] } ?? [])
        if !notes.isEmpty && !sections.isEmpty { out.append(bar) }
        for (kind, text) in notes {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let lead = pad + " " + style("=", .gutter) + " " + style(kind, .note) + ": "
            let hang = String(repeating: " ", count: gutter + 3 + kind.count + 2)
            for (j, line) in lines.enumerated() { out.append(trimEnd((j == 0 ? lead : hang) + line)) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `render(_:sources:)` renders diagnostics in the given order, separated by blank lines.
    public func render(_ ds: [Diagnostic], sources: SourceSet) -> String {
        ds.map { render($0, sources: sources) }.joined(separator: "\n")
    }

    /// `summary(errors:warnings:files:)` returns e.g. "2 errors, 1 warning in 3 files" or
    /// "no problems in 1 file".
    public static func summary(errors: Int, warnings: Int, files: Int) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts: [String] = []
        if errors > 0 { parts.append(count(errors, "error")) }
        if warnings > 0 { parts.append(count(warnings, "warning")) }
        let what = parts.isEmpty ? "no problems" : parts.joined(separator: ", ")
        return "\(what) in \(count(files, "file"))"
    }

    // MARK: - Layout

    /// Secondary labels in the primary's file keep their order; other files follow in
    /// `SourceSet` order (stable within a file), so sections come out deterministically.
    func orderedSecondary(_ d: Diagnostic, sources: SourceSet) -> [Label] {
        let home = sources.fileIndex(of: d.primary.span.start)
        let keyed = d.secondary.enumerated().map { (i, label) -> (Int, Int, Label) in
            let f = sources.fileIndex(of: label.span.start)
            return (f == home ? -2 : f, i, label)
        }
        return keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// `add(_:primary:sources:to:)` turns `label` into marks in the section of its file,
    /// creating the section if needed. Returns false when the label points at no file.
    @discardableResult
    func add(_ label: Label, primary: Bool, sources: SourceSet, to sections: inout [Section]) -> Bool {
        guard let r = ResolvedSpan(label.span, in: sources) else { return false }
        let marks = self.marks(for: r, primary: primary, text: label.text)
        if let i = sections.firstIndex(where: { $0.file === r.file }) {
            sections[i].marks += marks
        } else {
            sections.append(Section(file: r.file, header: r.start, marks: marks))
        }
        return true
    }

    /// `marks(for:primary:text:)` computes the underlines of one resolved span.
    func marks(for r: ResolvedSpan, primary: Bool, text: String?) -> [Mark] {
        let file = r.file
        let startLine = file.lineIndex(ofOffset: r.startOffset)
        var endLine = file.lineIndex(ofOffset: r.endOffset)
        var endOffset = r.endOffset
        // A span that ends right after a newline ends on the previous line.
        if endLine > startLine && file.lineStarts[endLine] == endOffset {
            endLine -= 1
            endOffset = max(r.startOffset, file.lineRange(endLine).upperBound)
        }
        let first = layout(file, startLine)
        let lineStart = file.lineStarts[startLine]
        let startColumn = first.column(atByte: r.startOffset - lineStart)
        if endLine == startLine {
            let endColumn = first.column(atByte: endOffset - lineStart)
            return [Mark(line: startLine, column: startColumn, count: max(1, endColumn - startColumn),
                         primary: primary, text: text)]
        }
        let last = layout(file, endLine)
        let endColumn = last.column(atByte: endOffset - file.lineStarts[endLine])
        let from = min(last.indentWidth, max(0, endColumn - 1))
        return [
            Mark(line: startLine, column: startColumn, count: max(1, first.width - startColumn),
                 primary: primary, text: nil),
            Mark(line: endLine, column: from, count: max(1, endColumn - from), primary: primary, text: text),
        ]
    }

    func layout(_ file: SourceFile, _ line: Int) -> LineLayout {
        LineLayout(bytes: file.bytes[file.lineRange(line)], tabWidth: tabWidth)
    }

    /// `snippet(_:gutter:severity:)` draws the marked lines of one section: each line once,
    /// its marks below it (primary first, then by column), a one-line gap drawn in full and
    /// longer gaps as `...`.
    func snippet(_ section: Section, gutter: Int, severity: Severity) -> [String] {
        let byLine = Dictionary(grouping: section.marks, by: \.line)
        var out: [String] = []
        var previous: Int?
        let pad = String(repeating: " ", count: gutter)
        for line in byLine.keys.sorted() {
            if let p = previous, line - p == 2 {
                out.append(sourceLine(section.file, p + 1, gutter: gutter))
            } else if let p = previous, line - p > 2 {
                out.append(style("...", .gutter))
            }
            previous = line
            out.append(sourceLine(section.file, line, gutter: gutter))
            let marks = (byLine[line] ?? []).sorted {
                ($0.primary ? 0 : 1, $0.column) < ($1.primary ? 0 : 1, $1.column)
            }
            for mark in marks {
                let role: Role = mark.primary ? .severity(severity) : .secondary
                let underline = String(repeating: mark.primary ? "^" : "-", count: mark.count)
                let indent = String(repeating: " ", count: mark.column)
                let textLines = (mark.text ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                let hang = String(repeating: " ", count: mark.column + mark.count + 1)
                for (j, t) in textLines.enumerated() {
                    let body = j == 0 ? indent + underline + (t.isEmpty ? "" : " " + t) : hang + t
                    out.append(trimEnd(style(pad + " |", .gutter) + " " + style(trimEnd(body), role)))
                }
            }
        }
        return out
    }

    /// `sourceLine(_:_:gutter:)` draws `12 | text` with the number left-aligned in the gutter.
    func sourceLine(_ file: SourceFile, _ line: Int, gutter: Int) -> String {
        let number = String(line + 1)
        let label = number + String(repeating: " ", count: max(0, gutter - number.count)) + " |"
        let text = trimEnd(layout(file, line).text)
        return style(label, .gutter) + (text.isEmpty ? "" : " " + text)
    }

    /// `header(_:)` draws `error[E0201]: message`.
    func header(_ d: Diagnostic) -> String {
        style("\(d.severity.rawValue)[\(d.code.id)]", .severity(d.severity)) + style(": " + d.message, .bold)
    }

    // MARK: - Colour

    /// What a piece of output is, which decides its colour.
    enum Role {
        case severity(Severity), secondary, gutter, note, bold
    }

    /// `style(_:_:)` wraps `s` in the ANSI escape of `role` when colour is on; returns `s`
    /// untouched otherwise (and for empty strings).
    func style(_ s: String, _ role: Role) -> String {
        guard color, !s.isEmpty else { return s }
        let code: String
        switch role {
        case .severity(.error): code = "1;31"
        case .severity(.warning): code = "1;33"
        case .severity(.note), .note: code = "1;36"
        case .secondary, .gutter: code = "1;34"
        case .bold: code = "1"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }

    /// `trimEnd(_:)` drops trailing spaces so golden files carry no invisible whitespace.
    func trimEnd<S: StringProtocol>(_ s: S) -> String {
        var scalars = Substring(s).unicodeScalars
        while let last = scalars.last, last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
