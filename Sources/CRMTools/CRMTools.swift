// CRMTools owns what sits between the pipeline and a user: loading a model from disk
// (ModelLoader, DirectoryWalker, IgnoreFile for `.crmignore`), driving `check` (parser,
// then CRMSema's Checker) and `fmt` over it (CheckDriver, FormatDriver), file and
// terminal plumbing (FileIO, Terminal), and the benchmark model (ModelGenerator). The
// `crm` and `crm-bench` executables, the REPL (later) and the tests share it, so none of
// them re-implements path walking, exit codes or output ordering. Drivers never print:
// they return results, and the executables decide where text goes (Terminal gives them
// the means).
import CRMBase

/// Process exit statuses shared by every `crm` subcommand (charter, "Tooling"; style R17).
/// This is the sysexits idea narrowed to what CI needs.
public enum ExitStatus {
    /// Nothing to report (warnings allowed unless `--warnings-as-errors`).
    public static let clean: Int32 = 0
    /// Diagnostics were found: errors, promoted warnings, or files `fmt --check` would change.
    public static let problems: Int32 = 1
    /// A usage mistake (unknown flag, bad value) or an I/O problem (any `E00xx`).
    public static let usage: Int32 = 2
}

/// The version printed by `crm --version` and written into SARIF output.
public enum CRMVersion {
    public static let string = "0.1.0"
}

extension Diagnostic {
    /// True for the input/output codes (`E00xx`: unreadable path, empty model directory,
    /// file too large), which make a run exit with `ExitStatus.usage` rather than
    /// `ExitStatus.problems`: the model was not fully read, so its findings are incomplete.
    public var isInputOutput: Bool { code.id.hasPrefix("E00") }
}
