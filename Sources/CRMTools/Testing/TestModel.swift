// TestModel owns what `crm test` prepares once per model: the model loaded, checked
// (any error stops here and is reported like `crm check`), lowered to IR, and its
// `test` blocks collected in file and declaration order with their names and places.
// Every test then runs its own Interpreter over this one (read-only) program.
import CRMBase
import CRMRuntime
import CRMSema
import CRMSyntax

/// One `test` block.
struct TestCase {
    var decl: TestDecl
    /// The whole declaration.
    var span: Span
    var name: String
    /// `Samples/tests.crm`, and the 1-based line of `test`.
    var file: String
    var line: Int
    var column: Int
}

/// A checked and lowered model with its tests.
final class TestModel {
    let sources: SourceSet
    let program: IRProgram
    let symbols: SymbolTable
    let tests: [TestCase]

    init(sources: SourceSet, program: IRProgram, symbols: SymbolTable, files: [FileSyntax]) {
        self.sources = sources
        self.program = program
        self.symbols = symbols
        var tests: [TestCase] = []
        for f in files {
            for d in f.decls {
                guard case .test(let t) = d.kind else { continue }
                let loc = f.file.location(of: d.span.start)
                tests.append(TestCase(decl: t, span: d.span, name: t.name.plainValue ?? t.name.raw,
                                      file: f.file.path, line: loc.line, column: loc.column))
            }
        }
        self.tests = tests
    }

    /// The source text of a span (for quoting expressions in messages).
    func text(_ span: Span) -> String? {
        guard let f = sources.file(containing: span.start), f.contains(span.end) else { return nil }
        let s = f.offset(span.start), e = f.offset(span.end)
        guard s >= 0, e >= s, e <= f.bytes.count else { return nil }
        return String(decoding: f.bytes[s..<e], as: UTF8.self)
    }

    /// Loading, checking and lowering; on problems, the check result to report.
    enum Loaded {
        case model(TestModel)
        case problems(CheckResult)
    }

    static func load(paths: [String]) -> Loaded {
        switch ModelPipeline.lower(paths: paths) {
        case .failure(let problems): return .problems(problems.check)
        case .success(let m): return .model(TestModel(sources: m.sources, program: m.program, symbols: m.symbols, files: m.files))
        }
    }
}
