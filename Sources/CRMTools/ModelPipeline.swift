// ModelPipeline owns the one way every running tool (`crm run`, `crm test`, `crm repl`)
// turns model paths into something to run: load the files, check them as `crm check`
// does, and lower the checked model to IR. A model with errors — or one whose
// expressions do not lower — comes back as the check result to report, so every tool
// refuses a broken model with the same diagnostics and exit status.
import CRMBase
import CRMRuntime
import CRMSema
import CRMSyntax

/// A model ready to run: its sources, parsed files, symbols and IR.
public struct LoweredModel {
    public let sources: SourceSet
    public let files: [FileSyntax]
    public let symbols: SymbolTable
    public let program: IRProgram
    /// The check result (clean of errors; may hold warnings).
    public let check: CheckResult
}

public enum ModelPipeline {
    /// `lower(paths:)` loads, checks and lowers the model at `paths`; on problems, the
    /// check result to report.
    public static func lower(paths: [String]) -> Result<LoweredModel, ModelProblems> {
        let loaded = ModelLoader.load(paths)
        let check = CheckDriver.check(loaded)
        guard check.errorCount == 0, check.exitStatus != ExitStatus.usage else { return .failure(ModelProblems(check: check)) }
        let files = loaded.roots.flatMap { $0.files.map(Parser.parse) }
        let checked = Checker.check(files)
        let (program, diagnostics) = Lowering.lower(checked)
        guard let program, diagnostics.isEmpty else {
            var failed = check
            failed.diagnostics += diagnostics
            failed.errorCount += max(1, diagnostics.count)
            failed.exitStatus = ExitStatus.problems
            return .failure(ModelProblems(check: failed))
        }
        return .success(LoweredModel(sources: loaded.sources, files: files, symbols: checked.symbols, program: program, check: check))
    }
}

/// Why a model cannot run: the check result with its diagnostics and exit status.
public struct ModelProblems: Error {
    public var check: CheckResult
}
