// Reading lint-control comments: which `# crm:…` comments a file has, what they name and
// which line they apply to. Only `#` line comments count (not `##` doc comments, not
// `#| … |#` blocks). The grammar of one comment:
//
//     # crm:DIRECTIVE CODE[, CODE | CODE]... [-- reason] [# another comment]
//     DIRECTIVE = allow | allow-file | deny | deny-file
//     CODE      = an id (W0901, case-insensitive) or a name (unused-template)
//
// Mistakes (unknown directive or code, no code) become W0003 findings here; the
// decisions are Suppressions.swift's.
import CRMBase
import CRMSyntax

/// What one code of one directive asks for, and where.
struct LintEntry {
    enum Action { case allow, deny }
    var action: Action
    var code: DiagnosticCode
    /// The code word inside the comment (where W0001/W0002 point).
    var span: Span
    /// Index of the file in the model's `files`.
    var file: Int
    /// The 0-based line the entry controls, or nil for the whole file (`-file`) or for an
    /// own-line comment with no code after it (then it controls nothing).
    var line: Int?
    var isFileWide: Bool
    /// 1-based line of the comment, for notes.
    var commentLine: Int
    /// How the directive was spelt (`crm:deny-file`), for notes.
    var directive: String
    /// Set when the entry suppressed at least one diagnostic.
    var used = false
}

/// The directives of one model, read from its files' comments.
struct LintDirectives {
    var entries: [LintEntry] = []
    /// W0001 and W0003 findings met while reading.
    var findings: [Diagnostic] = []

    /// The file being read: comment end offsets by start offset, built on first need.
    private var commentEnds: [Int: Int]?

    /// `read(_:)` scans every file's comments; cheap when no comment starts with `crm:`.
    static func read(_ files: [FileSyntax]) -> LintDirectives {
        var out = LintDirectives()
        for (index, syntax) in files.enumerated() {
            out.commentEnds = nil
            for comment in syntax.comments where comment.kind == .line {
                out.read(comment, of: syntax, file: index)
            }
        }
        return out
    }

    /// `read(_:of:file:)` parses one comment if it is a `# crm:` directive.
    mutating func read(_ comment: Comment, of syntax: FileSyntax, file index: Int) {
        let file = syntax.file
        let start = file.offset(comment.span.start), end = file.offset(comment.span.end)
        let bytes = file.bytes
        // `#`, not `##`; then optional blanks; then `crm:`.
        guard start < end, bytes[start] == UInt8(ascii: "#"), start + 1 < end, bytes[start + 1] != UInt8(ascii: "#") else { return }
        var i = start + 1
        while i < end && isBlank(bytes[i]) { i += 1 }
        guard end - i >= 4, bytes[i] == UInt8(ascii: "c"), bytes[i + 1] == UInt8(ascii: "r"),
              bytes[i + 2] == UInt8(ascii: "m"), bytes[i + 3] == UInt8(ascii: ":") else { return }
        let words = Self.words(bytes, from: i, to: end)
        // `# crm: the tool …` is prose, not a directive.
        guard let head = words.first, head.count > 4 else { return }
        let directive = String(decoding: bytes[head], as: UTF8.self)
        let kinds: [String: (LintEntry.Action, Bool)] = [
            "crm:allow": (.allow, false), "crm:allow-file": (.allow, true),
            "crm:deny": (.deny, false), "crm:deny-file": (.deny, true),
        ]
        guard let (action, fileWide) = kinds[directive] else {
            let guess = Suggest.closest(to: directive, among: kinds.keys.sorted())
            findings.append(Diagnostic(.invalidLintComment, "unknown lint-control directive `\(directive)`",
                                       at: span(file, head), label: "not a directive",
                                       help: guess.map { "did you mean `\($0)`?" } ?? "use crm:allow, crm:allow-file, crm:deny or crm:deny-file"))
            return
        }
        let commentLine = file.lineIndex(ofOffset: start)
        var line: Int? = commentLine
        if fileWide {
            line = nil
        } else if !comment.trailing {
            if commentEnds == nil {
                commentEnds = Dictionary(syntax.comments.map { (file.offset($0.span.start), file.offset($0.span.end)) }) { a, _ in a }
            }
            line = Self.nextCodeLine(after: commentLine, in: file, commentEnds: commentEnds ?? [:])
        }
        var named = 0
        for word in words.dropFirst() {
            let text = String(decoding: bytes[word], as: UTF8.self)
            if text.hasPrefix("#") || text.hasPrefix("--") { break }
            named += 1
            guard let code = DiagnosticCode.lookup(text) else {
                findings.append(Diagnostic(.invalidLintComment, "unknown diagnostic code `\(text)` in `\(directive)`",
                                           at: span(file, word), label: "not a code",
                                           help: LintOptions.suggestion(for: text).map { "did you mean `\($0)`?" }
                                               ?? "write a reason after `--`; `crm explain --list` lists every code"))
                continue
            }
            if action == .allow && code.defaultSeverity == .error {
                findings.append(Diagnostic(.cannotAllowError, "`\(code.id)` is an error, and errors cannot be allowed",
                                           at: span(file, word), label: "still reported",
                                           help: "only warnings (W…) can be allowed; fix the error instead"))
                continue
            }
            entries.append(LintEntry(action: action, code: code, span: span(file, word), file: index, line: line,
                                     isFileWide: fileWide, commentLine: commentLine + 1, directive: directive))
        }
        if named == 0 {
            findings.append(Diagnostic(.invalidLintComment, "`\(directive)` names no diagnostic code",
                                       at: span(file, head), help: "name one or more codes: `# \(directive) W0901`"))
        }
    }

    /// `words(_:from:to:)` splits a comment's text at blanks and commas.
    static func words(_ bytes: [UInt8], from: Int, to end: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = from
        while i < end {
            while i < end && (isBlank(bytes[i]) || bytes[i] == UInt8(ascii: ",")) { i += 1 }
            let s = i
            while i < end && !isBlank(bytes[i]) && bytes[i] != UInt8(ascii: ",") { i += 1 }
            if i > s { out.append(s..<i) }
        }
        return out
    }

    /// `nextCodeLine(after:in:commentEnds:)` is the first line below `line` holding
    /// something other than blanks and comments, or nil at the end of the file.
    static func nextCodeLine(after line: Int, in file: SourceFile, commentEnds: [Int: Int]) -> Int? {
        var next = line + 1
        while next < file.lineCount {
            var range = file.lineRange(next)
            var i = range.lowerBound
            while i < range.upperBound {
                if isBlank(file.bytes[i]) { i += 1; continue }
                // Skip a comment starting here; a block comment may end lines further down.
                guard let commentEnd = commentEnds[i] else { return next }
                i = commentEnd
                if i > range.upperBound {
                    next = file.lineIndex(ofOffset: i)
                    range = file.lineRange(next)
                }
            }
            next += 1
        }
        return nil
    }

    func span(_ file: SourceFile, _ range: Range<Int>) -> Span {
        Span(start: file.pos(range.lowerBound), end: file.pos(range.upperBound))
    }
}

/// A space, tab or carriage return.
private func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
