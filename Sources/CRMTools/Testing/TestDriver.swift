// TestDriver owns `crm test` below the command line: load and check the model (errors
// are reported like `crm check` and end the run), pick the tests (`--filter`), run each
// on its own store (TestRun), and render the report — one line per test, then every
// failure as a diagnostic (the expectation's source line with carets, expected versus
// actual in notes), the coverage (`--coverage`), and the summary `N passed, N failed`.
// It also produces the JUnit XML. The crm executable only parses options and writes
// what this returns, so tests drive it directly.
import CRMBase
import CRMRuntime

/// Options of one `crm test` run.
public struct TestOptions: Sendable {
    /// Run only tests whose name contains this text.
    public var filter: String?
    public var coverage: Bool
    /// Fail when coverage is below this percentage (implies `coverage`).
    public var coverageMin: Double?
    public var color: Bool

    public init(filter: String? = nil, coverage: Bool = false, coverageMin: Double? = nil, color: Bool = false) {
        self.filter = filter; self.coverage = coverage; self.coverageMin = coverageMin; self.color = color
    }
}

/// What a `crm test` run printed and how it ended.
public struct TestReport: Sendable {
    /// Per-test lines, failures, coverage and the summary, for stdout.
    public var output = ""
    /// Model diagnostics (the model did not check), for stderr.
    public var errors = ""
    /// JUnit XML of the run (empty if no test ran because the model has errors).
    public var junit = ""
    public var passed = 0
    public var failed = 0
    /// Coverage percentage, when asked for.
    public var coverage: Double?
    public var exitStatus: Int32 = ExitStatus.clean
}

/// The result of one test, for the report and JUnit.
struct TestResult {
    var test: TestCase
    var failures: [Diagnostic]
    var passed: Bool { failures.isEmpty }
}

public enum TestDriver {
    /// `run(paths:options:)` runs the tests of the model at `paths`.
    public static func run(paths: [String], options: TestOptions) -> TestReport {
        var report = TestReport()
        let model: TestModel
        switch TestModel.load(paths: paths) {
        case .problems(let check):
            report.errors = check.humanReport(color: options.color)
            report.exitStatus = check.exitStatus == ExitStatus.usage ? ExitStatus.usage : ExitStatus.problems
            return report
        case .model(let m): model = m
        }
        let selected = model.tests.filter { t in options.filter.map { t.name.contains($0) } ?? true }
        let collector = options.coverage || options.coverageMin != nil ? CoverageCollector() : nil
        var results: [TestResult] = []
        for t in selected {
            let failures: [Diagnostic]
            do {
                let run = try TestRun(model: model, test: t, observer: collector)
                run.run()
                collector?.add(firedCounts: run.interpreter.firedCounts)
                failures = run.failures
            } catch {
                failures = [Diagnostic(.testStepRejected, "the store refused the model's schema: \(error)", at: t.decl.name.span)]
            }
            results.append(TestResult(test: t, failures: failures))
            report.output += "test \(t.name) ... \(failures.isEmpty ? "ok" : "FAILED")\n"
        }
        report.passed = results.filter(\.passed).count
        report.failed = results.count - report.passed
        let failing = results.filter { !$0.passed }
        if !failing.isEmpty {
            report.output += "\nfailures:\n"
            for r in failing {
                report.output += "\n--- \(r.test.name) (\(r.test.file):\(r.test.line):\(r.test.column))\n"
                report.output += render(r.failures, model, color: options.color)
            }
        }
        var belowMinimum = false
        if let collector {
            let c = CoverageReport(collector, model: model)
            report.coverage = c.percent
            report.output += "\n" + c.text
            if let min = options.coverageMin, c.percent < min {
                belowMinimum = true
                report.output += "coverage \(CoverageReport.format(c.percent)) is below the minimum of \(CoverageReport.format(min))\n"
            }
        }
        let filtered = model.tests.count - selected.count
        report.output += "\n\(report.passed) passed, \(report.failed) failed" + (filtered > 0 ? ", \(filtered) filtered out" : "") + "\n"
        report.junit = JUnitWriter.xml(results, model: model)
        report.exitStatus = report.failed > 0 || belowMinimum ? ExitStatus.problems : ExitStatus.clean
        return report
    }

    /// A test's failures as diagnostics, each pointing at its step.
    static func render(_ failures: [Diagnostic], _ model: TestModel, color: Bool) -> String {
        let renderer = HumanRenderer(color: color)
        return failures.map { renderer.render($0, sources: model.sources) }.joined(separator: "\n")
    }
}
