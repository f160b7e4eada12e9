// Stage collectDeclarations: registers every top-level name of the model in one
// namespace, reporting duplicates against the first declaration, and records enums,
// templates, tables, approvals, teams, pools and roles for later lookups.
import CRMBase
import CRMSyntax

extension Checker {
    static func collectDeclarations(_ ctx: CheckContext) {
        let sym = ctx.symbols
        var testNames: [String: Span] = [:]
        for decl in ctx.decls {
            switch decl.kind {
            case .enumDecl(let e):
                guard declare(ctx, e.header.name, .enum) else { continue }
                var members: [String] = []
                var spans: [Span] = []
                for m in e.members where !m.name.isMissing {
                    if let i = members.firstIndex(of: m.name.text) {
                        ctx.report(.duplicateMember, "`\(m.name.text)` is already a member of `\(e.header.name.text)`",
                                   at: m.name.span, secondary: [Label(spans[i], "first declared here")])
                        continue
                    }
                    members.append(m.name.text)
                    spans.append(m.name.span)
                    sym.enumsByMember[m.name.text, default: []].append(e.header.name.text)
                }
                sym.enums[e.header.name.text] = EnumSymbol(name: e.header.name.text, members: members, memberSpans: spans, span: e.header.name.span)
            case .entity(let e):
                guard declare(ctx, e.header.name, .entity) else { continue }
                sym.entities[e.header.name.text] = EntitySymbol(name: e.header.name.text, span: e.header.name.span)
                sym.entityOrder.append(e.header.name.text)
            case .rule(let r): declare(ctx, r.header.name, .rule)
            case .table(let t): if declare(ctx, t.header.name, .table) { sym.tables[t.header.name.text] = t }
            case .score(let s): declare(ctx, s.header.name, .score)
            case .approval(let a): if declare(ctx, a.header.name, .approval) { sym.approvals[a.header.name.text] = a }
            case .template(let t): if declare(ctx, t.header.name, .template) { sym.templates[t.header.name.text] = t }
            case .team(let t): if declare(ctx, t.header.name, .team) { sym.teams.insert(t.header.name.text) }
            case .pool(let p): if declare(ctx, p.header.name, .pool) { sym.pools[p.header.name.text] = p.entity.text }
            case .role(let r): if declare(ctx, r.header.name, .role) { sym.roles[r.header.name.text] = r }
            case .segment(let s): declare(ctx, s.header.name, .segment)
            case .report(let r): declare(ctx, r.header.name, .report)
            case .test(let t):
                let name = t.name.plainValue ?? t.name.raw
                if let first = testNames[name] {
                    ctx.report(.duplicateDeclaration, "a test named \(t.name.raw) already exists", at: t.name.span,
                               secondary: [Label(first, "first declared here")])
                } else { testNames[name] = t.name.span }
            case .settings, .error: break
            }
        }
    }

    /// `declare` registers a top-level name; false (after reporting) if it is taken.
    @discardableResult
    static func declare(_ ctx: CheckContext, _ name: Name, _ kind: DeclKindName) -> Bool {
        guard !name.isMissing else { return false }
        if let first = ctx.symbols.declarations[name.text] {
            let what = first.kind == kind ? "" : " (a \(first.kind.rawValue))"
            ctx.report(.duplicateDeclaration, "`\(name.text)` is already declared\(what)", at: name.span,
                       secondary: [Label(first.span, "first declared here")],
                       help: "names of entities, enums, rules, tables, templates, teams, pools, roles, segments and reports share one namespace")
            return false
        }
        ctx.symbols.declarations[name.text] = (kind, name.span)
        return true
    }
}
