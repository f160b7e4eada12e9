// Every broken file in Samples/errors/ produces exactly its golden diagnostics (the
// human rendering `crm check` prints, without colour), and together the files cover
// every lexer and parser diagnostic code.
import XCTest
import Foundation
import CRMBase
import CRMSyntax
import CRMTools

final class SampleErrorsGoldenTests: XCTestCase {
    /// Renders exactly what `crm check <file>` prints for a single file on stderr,
    /// colour off, with the path as given relative to the package root.
    static func renderCheck(_ path: String) -> (text: String, codes: Set<String>) {
        FileManager.default.changeCurrentDirectoryPath(packageRoot)
        let result = CheckDriver.check(paths: [path])
        return (result.humanReport(color: false), Set(result.diagnostics.map(\.code.id)))
    }

    func testEachErrorSampleMatchesItsGoldenFile() {
        let samples = files(in: "Samples/errors", suffix: ".crm")
        XCTAssertGreaterThanOrEqual(samples.count, 22)
        for path in samples {
            let (text, codes) = Self.renderCheck(path)
            XCTAssertFalse(codes.isEmpty, "\(path) has no diagnostics")
            assertGolden(text, String(path.dropLast(4)) + ".expected")
        }
    }

    func testErrorSamplesCoverEverySyntaxCode() {
        var seen: Set<String> = []
        for path in files(in: "Samples/errors", suffix: ".crm") { seen.formUnion(Self.renderCheck(path).codes) }
        let syntaxCodes = DiagnosticCode.all.map(\.id).filter { $0.hasPrefix("E01") || $0.hasPrefix("E02") }
        XCTAssertEqual(Set(syntaxCodes).subtracting(seen).sorted(), [], "codes without an error sample")
    }

    /// One snapshot per machine format, over a file with many errors and CJK text.
    func testMachineFormatSnapshots() {
        for name in ["many_errors_one_run", "full_width_punctuation"] {
            let path = "Samples/errors/\(name).crm"
            let sources = SourceSet()
            let bytes = Array(FileManager.default.contents(atPath: packageRoot + "/" + path) ?? Data())
            let ds = Parser.parse(sources.add(path: path, bytes: bytes)).diagnostics.sortedForOutput(in: sources)
            assertGolden(JSONRenderer().render(ds, sources: sources, fileCount: 1), "Tests/GoldenTests/render/\(name).json")
            assertGolden(SARIFRenderer().render(ds, sources: sources), "Tests/GoldenTests/render/\(name).sarif")
            assertGolden(GitHubRenderer().render(ds, sources: sources), "Tests/GoldenTests/render/\(name).github")
        }
    }
}
