// LintControl decides, per warning, whether it is reported as is, not reported (allowed)
// or reported as an error (denied). `Checker.check` applies it last, so every driver and
// the golden fixtures honour inline comments; `crm check --allow/--deny` arrive as
// `LintOptions`.
//
// Inline comments (parsed in Suppressions+Directives.swift):
//
//     rule r on Lead created where false do tag "x"   # crm:allow W0902
//     # crm:allow W0901, unused-table -- kept for the May campaign
//     template 催付提醒 for Lead { body "…" }
//     # crm:allow-file W0903
//     # crm:deny W0902          (or crm:deny-file) report the warning as an error
//
// A trailing comment controls diagnostics whose primary span starts on its own line; a
// comment on a line of its own controls the next line that has code; `-file` controls
// the whole file it is in. Codes are ids or names, separated by commas or spaces.
//
// Precedence, most specific first: a line comment, then a file comment, then the
// command line (`--deny`, `--allow`), then the code's default. At one level, deny wins
// over allow. `--warnings-as-errors` (CheckDriver) sees only what is still a warning
// afterwards, so an allowed code stays silent under it.
//
// Errors are never silenced: an allow naming an error code is reported (W0001) and
// ignored; a deny of an error changes nothing. An inline allow that suppressed nothing
// is reported (W0002), but only for a complete check of a model without errors, since
// some lints run only then. The W00xx findings themselves obey the same rules.
import CRMBase
import CRMSyntax

/// Applies lint control to a model's diagnostics.
public enum LintControl {
    /// `apply(_:files:options:reportUnused:)` returns `diagnostics` with allowed warnings
    /// removed, denied ones turned into errors (with a note saying why), and the lint
    /// comments' own findings (W0001–W0003) appended. Order is kept; callers sort.
    /// `reportUnused: false` skips W0002 (for partial checks, `Checker.check(upTo:)`).
    public static func apply(_ diagnostics: [Diagnostic], files: [FileSyntax], options: LintOptions = .init(),
                             reportUnused: Bool = true) -> [Diagnostic] {
        var directives = LintDirectives.read(files)
        if options.isEmpty && directives.entries.isEmpty && directives.findings.isEmpty { return diagnostics }
        let index = LintIndex(files: files, entries: directives.entries)
        var out: [Diagnostic] = []
        out.reserveCapacity(diagnostics.count)
        for d in diagnostics {
            if let kept = index.resolve(d, options: options, entries: &directives.entries) { out.append(kept) }
        }
        let hasErrors = diagnostics.contains { $0.severity == .error } || files.contains(where: \.hasErrors)
        var findings = directives.findings
        if reportUnused && !hasErrors {
            findings += directives.entries.filter { $0.action == .allow && !$0.used }.map(unused)
        }
        for d in findings {
            if let kept = index.resolve(d, options: options, entries: &directives.entries) { out.append(kept) }
        }
        return out
    }

    /// `unused(_:)` is the W0002 finding for an allow entry that suppressed nothing.
    static func unused(_ e: LintEntry) -> Diagnostic {
        let label: String
        if e.isFileWide {
            label = "no \(e.code.id) warning in this file"
        } else if let line = e.line {
            label = "no \(e.code.id) warning starts on line \(line + 1)"
        } else {
            label = "no code follows this comment"
        }
        return Diagnostic(.unusedAllow, "`# \(e.directive) \(e.code.id)` suppressed nothing", at: e.span, label: label,
                          help: "remove it, or move it to the line where the warning's caret starts")
    }
}

/// The entries of one model indexed by file and line, and the position-to-line lookup.
struct LintIndex {
    /// (file base, file) sorted by base, to find the file of a position.
    let files: [(base: UInt32, index: Int, file: SourceFile)]
    /// Entry indices by file index and 0-based line.
    let byLine: [Int: [Int: [Int]]]
    /// File-wide entry indices by file index.
    let byFile: [Int: [Int]]

    init(files syntax: [FileSyntax], entries: [LintEntry]) {
        files = syntax.enumerated().map { (base: $0.element.file.base, index: $0.offset, file: $0.element.file) }
            .sorted { $0.base < $1.base }
        var byLine: [Int: [Int: [Int]]] = [:], byFile: [Int: [Int]] = [:]
        for (i, e) in entries.enumerated() {
            if e.isFileWide {
                byFile[e.file, default: []].append(i)
            } else if let line = e.line {
                byLine[e.file, default: [:]][line, default: []].append(i)
            }
        }
        self.byLine = byLine
        self.byFile = byFile
    }

    /// `locate(_:)` is the file index and 0-based line where `pos` is, if in the model.
    func locate(_ pos: SourcePos) -> (file: Int, line: Int)? {
        guard pos.isValid else { return nil }
        var lo = 0, hi = files.count - 1, found: Int?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if files[mid].base <= pos.raw { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard let f = found, files[f].file.contains(pos) else { return nil }
        let file = files[f].file
        return (files[f].index, file.lineIndex(ofOffset: file.offset(pos)))
    }

    /// `resolve(_:options:entries:)` returns the diagnostic to report (possibly denied),
    /// or nil when it is allowed; allow entries that decided are marked used.
    func resolve(_ d: Diagnostic, options: LintOptions, entries: inout [LintEntry]) -> Diagnostic? {
        guard d.severity == .warning else { return d }
        var lineHits: [Int] = [], fileHits: [Int] = []
        if let at = locate(d.primary.span.start) {
            lineHits = (byLine[at.file]?[at.line] ?? []).filter { entries[$0].code == d.code }
            fileHits = (byFile[at.file] ?? []).filter { entries[$0].code == d.code }
        }
        for level in [lineHits, fileHits] where !level.isEmpty {
            if let deny = level.first(where: { entries[$0].action == .deny }) {
                let e = entries[deny]
                return denied(d, note: "denied by `# \(e.directive) \(e.code.id)` on line \(e.commentLine)")
            }
            for i in lineHits + fileHits where entries[i].action == .allow { entries[i].used = true }
            return nil
        }
        if options.deny.contains(d.code) { return denied(d, note: "denied by `--deny \(d.code.id)`") }
        if options.allow.contains(d.code) { return nil }
        return d
    }

    func denied(_ d: Diagnostic, note: String) -> Diagnostic {
        var d = d
        d.severity = .error
        d.notes.append(note)
        return d
    }
}
