// ModelContents summarises what a model declares, for the line a clean `crm check`
// prints ("Samples: 11 files, 9 entities, 8 enums, 31 rules, …").
import CRMSyntax

public enum ModelContents {
    /// `describe(_:)` counts declarations by kind, in a fixed order, skipping zeros.
    public static func describe(_ files: [FileSyntax]) -> String {
        var counts: [String: Int] = [:]
        var lifecycles = 0
        for decl in files.flatMap(\.decls) {
            let kind: String
            switch decl.kind {
            case .entity(let e):
                kind = "entity"
                lifecycles += e.members.filter { if case .lifecycle = $0.kind { true } else { false } }.count
            case .enumDecl: kind = "enum"
            case .rule: kind = "rule"
            case .table: kind = "decision table"
            case .score: kind = "score"
            case .approval: kind = "approval"
            case .template: kind = "template"
            case .team: kind = "team"
            case .pool: kind = "pool"
            case .role: kind = "role"
            case .segment: kind = "segment"
            case .report: kind = "report"
            case .test: kind = "test"
            case .settings, .error: continue
            }
            counts[kind, default: 0] += 1
        }
        counts["lifecycle"] = lifecycles
        let order = ["entity", "lifecycle", "enum", "rule", "decision table", "score", "approval", "template",
                     "team", "pool", "role", "segment", "report", "test"]
        var parts = ["\(files.count) file\(files.count == 1 ? "" : "s")"]
        for k in order { if let n = counts[k], n > 0 { parts.append("\(n) \(plural(k, n))") } }
        return parts.joined(separator: ", ")
    }

    static func plural(_ word: String, _ n: Int) -> String {
        guard n != 1 else { return word }
        if word == "entity" { return "entities" }
        return word + "s"
    }
}
