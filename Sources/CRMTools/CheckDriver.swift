// CheckDriver owns `crm check`: load the paths, lex and parse every file, run the
// checker (CRMSema) over each model — which also applies lint control, `--allow`/`--deny`
// and `# crm:allow …` comments — gather all diagnostics of the run, order them
// (style R18), apply `--warnings-as-errors` and `--max-errors`, and decide the exit
// status. Rendering is the caller's (CRMBase's renderers).
//
// Which files form one model (one namespace for the checker): each directory argument
// is a model of its own; all file arguments together form one more model, so that
// `crm check *.crm` behaves like checking their directory.
import CRMBase
import CRMSema
import CRMSyntax

/// Options of one `check` run.
public struct CheckOptions: Sendable {
    /// Stop reporting after this many errors; nil or 0 means report everything (the
    /// default: unlike Go or OPA, a CI run should see every problem at once, style R12).
    public var maxErrors: Int?
    /// Report warnings as errors, and fail the run on them. Applied after `lint`, so a
    /// code `--allow`ed there stays silent.
    public var warningsAsErrors: Bool
    /// `--allow`/`--deny` per diagnostic code (CRMSema's lint control, which also reads
    /// the files' `# crm:allow …` comments).
    public var lint: LintOptions

    public init(maxErrors: Int? = nil, warningsAsErrors: Bool = false, lint: LintOptions = LintOptions()) {
        self.maxErrors = maxErrors
        self.warningsAsErrors = warningsAsErrors
        self.lint = lint
    }
}

/// The outcome of one `check` run, ready to render.
public struct CheckResult: Sendable {
    /// Every file read, for resolving spans when rendering.
    public var sources: SourceSet
    /// Number of files checked.
    public var fileCount: Int
    /// The diagnostics to show, sorted, after `--max-errors`.
    public var diagnostics: [Diagnostic]
    /// Errors and warnings found in all (shown or not), after `--warnings-as-errors`.
    public var errorCount: Int
    public var warningCount: Int
    /// How many diagnostics `--max-errors` held back.
    public var omittedCount: Int
    /// The `--max-errors` in effect (nil or 0: unlimited).
    public var maxErrors: Int?
    /// `ExitStatus.clean`, `.problems` or `.usage` (an `E00xx` input problem wins).
    public var exitStatus: Int32
    /// One line per model describing what it declares ("Samples: 11 files, 9 entities, …"),
    /// printed by a clean human run so a newcomer sees what was checked.
    public var contents: [String] = []
}

/// Runs `crm check` over files on disk or over an already-loaded model.
public enum CheckDriver {
    /// `check(paths:options:)` loads `paths` (ModelLoader) and checks them.
    public static func check(paths: [String], options: CheckOptions = CheckOptions()) -> CheckResult {
        check(ModelLoader.load(paths), options: options)
    }

    /// `check(_:options:)` parses every file of `model`, checks each model (see the file
    /// header) and collects all diagnostics.
    public static func check(_ model: LoadedModel, options: CheckOptions = CheckOptions()) -> CheckResult {
        var diagnostics = model.diagnostics
        var looseFiles: [FileSyntax] = []
        var contents: [String] = []
        for root in model.roots {
            let parsed = root.files.map(Parser.parse)
            diagnostics += parsed.flatMap(\.diagnostics)
            if root.isDirectory {
                diagnostics += semanticDiagnostics(parsed, lint: options.lint)
                contents.append("\(root.path): " + ModelContents.describe(parsed))
            } else {
                looseFiles += parsed
            }
        }
        if !looseFiles.isEmpty {
            diagnostics += semanticDiagnostics(looseFiles, lint: options.lint)
            contents.append(ModelContents.describe(looseFiles))
        }
        var result = finish(diagnostics, sources: model.sources, fileCount: model.files.count, options: options)
        result.contents = contents
        return result
    }

    /// `semanticDiagnostics(_:lint:)` runs the checker over one model, but only once every file
    /// of it parses: on a broken tree, name and type errors are mostly echoes of the syntax
    /// error (a missing `:` makes a field vanish, so every use of it is "unknown"). As in
    /// rustc, the second wave appears after the first is fixed.
    static func semanticDiagnostics(_ files: [FileSyntax], lint: LintOptions) -> [Diagnostic] {
        guard !files.contains(where: \.hasErrors) else { return [] }
        return Checker.check(files, lint: lint).diagnostics
    }

    /// `finish(_:sources:fileCount:options:)` turns a run's raw diagnostics into a result:
    /// promote warnings if asked, sort, cut at `maxErrors`, count, pick the exit status.
    /// Public so that other drivers (and tests) apply exactly the same policy.
    public static func finish(_ raw: [Diagnostic], sources: SourceSet, fileCount: Int,
                              options: CheckOptions) -> CheckResult {
        var all = raw
        if options.warningsAsErrors {
            for i in all.indices where all[i].severity == .warning {
                all[i].severity = .error
                all[i].notes.append("reported as an error because of `--warnings-as-errors`")
            }
        }
        all = all.sortedForOutput(in: sources)
        let shown = limit(all, maxErrors: options.maxErrors)
        let status: Int32
        if all.contains(where: \.isInputOutput) {
            status = ExitStatus.usage
        } else if all.errorCount > 0 {
            status = ExitStatus.problems
        } else {
            status = ExitStatus.clean
        }
        return CheckResult(sources: sources, fileCount: fileCount, diagnostics: shown,
                           errorCount: all.errorCount, warningCount: all.warningCount,
                           omittedCount: all.count - shown.count, maxErrors: options.maxErrors,
                           exitStatus: status)
    }

    /// `limit(_:maxErrors:)` keeps the sorted diagnostics up to and including the
    /// `maxErrors`-th error; warnings and notes before that point are kept too.
    static func limit(_ sorted: [Diagnostic], maxErrors: Int?) -> [Diagnostic] {
        guard let max = maxErrors, max > 0 else { return sorted }
        var errors = 0
        for (i, d) in sorted.enumerated() where d.severity == .error {
            errors += 1
            if errors == max { return Array(sorted[...i]) }
        }
        return sorted
    }
}

extension CheckResult {
    /// `humanReport(color:)` is what `crm check` prints on stderr in the human format:
    /// the diagnostics (blank-line separated), a note if `--max-errors` held some back,
    /// the summary line and a pointer to `crm explain` for the first code shown:
    ///
    ///     error[E0201]: expected `:` after field name `name`, found `text`
    ///      --> Samples/errors/expected_token.crm:2:8
    ///     ...
    ///
    ///     2 errors in 1 file
    ///     run `crm explain E0201` for more
    ///
    /// Golden tests call this too, so snapshots show exactly what users see.
    public func humanReport(color: Bool) -> String {
        var text = HumanRenderer(color: color).render(diagnostics, sources: sources)
        if !text.isEmpty { text += "\n" }
        if omittedCount > 0 {
            let n = omittedCount
            text += "note: \(n) more diagnostic\(n == 1 ? "" : "s") not shown (`--max-errors \(maxErrors ?? 0)`)\n"
        }
        if errorCount == 0 { for line in contents { text += line + "\n" } }
        text += HumanRenderer.summary(errors: errorCount, warnings: warningCount, files: fileCount) + "\n"
        if let first = diagnostics.first {
            text += "run `crm explain \(first.code.id)` for more\n"
        }
        return text
    }
}
