// Helpers for checker tests: check a model given as text, list diagnostics compactly.
import Foundation
import CRMBase
import CRMSyntax
@testable import CRMSema

/// The package root, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// `checkText` parses and checks one in-memory file.
func checkText(_ text: String) -> (CheckedModel, SourceSet) {
    let set = SourceSet()
    let syntax = Parser.parse(set.add(path: "model.crm", text: text))
    return (Checker.check([syntax]), set)
}

/// `codes` lists diagnostics as `line code` sorted, e.g. "3 E0401".
func codes(_ text: String) -> [String] {
    let (m, set) = checkText(text)
    return m.diagnostics.sortedForOutput(in: set).map { d in
        let loc = set.file(containing: d.primary.span.start)?.location(of: d.primary.span.start)
        return "\(loc?.line ?? 0) \(d.code.id)"
    }
}

/// Checks every .crm file of a directory (relative to the package root) as one model.
func checkDirectory(_ dir: String) -> (CheckedModel, SourceSet) {
    let set = SourceSet()
    let root = packageRoot + "/" + dir
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasSuffix(".crm") }.sorted()
    let files = names.map { Parser.parse(set.add(path: dir + "/" + $0, bytes: Array(FileManager.default.contents(atPath: root + "/" + $0) ?? Data()))) }
    return (Checker.check(files), set)
}
