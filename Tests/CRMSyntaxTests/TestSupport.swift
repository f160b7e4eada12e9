// Helpers shared by the syntax tests: parse a string, list diagnostics as "line:code".
import CRMBase
@testable import CRMSyntax

func parseText(_ text: String, path: String = "test.crm") -> FileSyntax {
    let set = SourceSet()
    return Parser.parse(set.add(path: path, text: text))
}

/// `diagnosticLines` renders diagnostics as `line:col code` for compact assertions.
func diagnosticLines(_ syntax: FileSyntax) -> [String] {
    syntax.diagnostics.map { d in
        let loc = syntax.file.location(of: d.primary.span.start)
        return "\(loc.line):\(loc.column) \(d.code.id)"
    }.sorted { a, b in
        let la = Int(a.split(separator: ":")[0]) ?? 0, lb = Int(b.split(separator: ":")[0]) ?? 0
        return la != lb ? la < lb : a < b
    }
}

/// The package root, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()
