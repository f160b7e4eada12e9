// The golden-file harness shared by the golden tests: compare exact bytes against a
// snapshot; `CRM_UPDATE_GOLDEN=1` rewrites snapshots instead (never set in CI, so a
// changed snapshot fails the build).
import XCTest
import Foundation

/// The package root, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

let updateGolden = ProcessInfo.processInfo.environment["CRM_UPDATE_GOLDEN"] == "1"

/// `assertGolden` compares `actual` with the file at `path` (relative to the package root).
func assertGolden(_ actual: String, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
    let full = packageRoot + "/" + path
    if updateGolden {
        FileManager.default.createFile(atPath: full, contents: Data(actual.utf8))
        return
    }
    guard let data = FileManager.default.contents(atPath: full) else {
        XCTFail("missing golden file \(path); run with CRM_UPDATE_GOLDEN=1 to create it", file: file, line: line)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let i = Array(zip(e, a)).firstIndex { $0.0 != $0.1 } ?? min(e.count, a.count)
        let exp = i < e.count ? String(e[i]) : "<end>"
        let act = i < a.count ? String(a[i]) : "<end>"
        XCTFail("\(path) differs at line \(i + 1):\n  expected: \(exp)\n  actual:   \(act)", file: file, line: line)
    }
}

/// Files in a directory (relative to the package root) with a suffix, sorted.
func files(in dir: String, suffix: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot + "/" + dir)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.sorted().map { dir + "/" + $0 }
}
