// Templates and `notify`. A template's `{…}` interpolations are expressions over its
// entity; a bare name that is not a field (nor anything else in scope) is a template
// variable, and every `notify … template T` must pass it with `with { name: … }`
// (E0606). A template that no `notify` uses has no one to pass variables, so its
// unresolved names are plain unknown names (E0306). Values passed but never
// interpolated are reported as W0601.
import CRMBase
import CRMSyntax

/// What a `notify` needs to know about its template.
struct TemplateInfo {
    /// The entity the template is `for` (as written).
    var entity: String
    /// Names its interpolations use that its entity does not resolve, first use each.
    var variables: [(name: String, span: Span)]
    /// Every bare name its interpolations mention.
    var mentions: Set<String>
}

extension DeclChecker {
    /// `checkTemplates` checks every template once: its entity, its part names, and its
    /// interpolations (openly if some `notify` uses it, strictly otherwise).
    mutating func checkTemplates(_ decls: [Decl]) {
        var used: Set<String> = []
        for decl in decls {
            switch decl.kind {
            case .rule(let r): Self.collectTemplates(r.actions, into: &used)
            case .approval(let a):
                for case .on(_, let block) in a.items { Self.collectTemplates(block, into: &used) }
            default: break
            }
        }
        for decl in decls {
            guard case .template(let t) = decl.kind, !t.header.name.isMissing,
                  symbols.templates[t.header.name.text]?.header.name.span == t.header.name.span else { continue }
            checkTemplatePartNames(t)
            guard let e = entity(t.entity) else { continue }
            if used.contains(t.header.name.text) {
                templateInfos[t.header.name.text] = templateInfo(t, e)
            } else {
                let scope = Scope(entity: e)
                forEachInterpolation(t) { tc, expr in _ = tc.check(expr, in: scope) }
            }
        }
    }

    /// Template names used by `notify` in a block, nested `if`s included.
    static func collectTemplates(_ block: ActionBlock, into used: inout Set<String>) {
        for action in block.actions {
            switch action.kind {
            case .notify(_, _, let template, _): used.insert(template.text)
            case .ifThen(_, let then, let otherwise):
                collectTemplates(then, into: &used)
                if let otherwise { collectTemplates(otherwise, into: &used) }
            default: break
            }
        }
    }

    /// Part names (`subject`, `body`, …) are unique within a template (E0303).
    func checkTemplatePartNames(_ t: TemplateDecl) {
        var seen: [String: Span] = [:]
        for part in t.parts where !part.name.isMissing {
            if let first = seen[part.name.text] {
                ctx.report(.duplicateMember, "template `\(t.header.name.text)` already has a `\(part.name.text)`",
                           at: part.name.span, secondary: [Label(first, "first declared here")])
            } else {
                seen[part.name.text] = part.name.span
            }
        }
    }

    /// Types the interpolations with open names and records the variables left over.
    mutating func templateInfo(_ t: TemplateDecl, _ e: EntitySymbol) -> TemplateInfo {
        var scope = Scope(entity: e)
        scope.openNames = true
        tc.openNamesSeen = []
        var mentions: Set<String> = []
        forEachInterpolation(t) { tc, expr in
            _ = tc.check(expr, in: scope)
            Self.collectNames(expr, into: &mentions)
        }
        var variables: [(name: String, span: Span)] = []
        for (name, span) in tc.openNamesSeen where !variables.contains(where: { $0.name == name }) {
            variables.append((name, span))
        }
        tc.openNamesSeen = []
        return TemplateInfo(entity: e.name, variables: variables, mentions: mentions)
    }

    mutating func forEachInterpolation(_ t: TemplateDecl, _ body: (inout TypeChecker, Expr) -> Void) {
        for part in t.parts {
            for case .interpolation(let expr) in part.value.parts { body(&tc, expr) }
        }
    }

    /// Every bare name in an expression (not function names).
    static func collectNames(_ e: Expr, into names: inout Set<String>) {
        switch e.kind {
        case .name(let n): names.insert(n)
        case .string(let s):
            for case .interpolation(let inner) in s.parts { collectNames(inner, into: &names) }
        case .list(let items): for i in items { collectNames(i, into: &names) }
        case .paren(let x), .unary(_, let x), .member(let x, _): collectNames(x, into: &names)
        case .binary(_, let l, let r), .index(let l, let r):
            collectNames(l, into: &names)
            collectNames(r, into: &names)
        case .call(_, let args, let filter):
            for a in args { collectNames(a, into: &names) }
            if let filter { collectNames(filter, into: &names) }
        case .conditional(let c, let a, let b):
            for x in [c, a, b] { collectNames(x, into: &names) }
        case .literal, .bool, .null, .error: break
        }
    }

    /// `notify channel to who template T [with { … }]`.
    mutating func checkNotify(_ channel: Name, _ to: Expr, _ template: Name, _ with: [FieldInit]?,
                              _ entity: EntitySymbol, _ scope: Scope) {
        checkChannel(channel, Self.channels)
        checkRecipient(to, channel: channel.isMissing ? "email" : channel.text, scope)
        let supplied = checkWith(with ?? [], scope)
        guard !template.isMissing else { return }
        guard let t = symbols.templates[template.text] else {
            ctx.report(.unknownTemplate, "no template named `\(template.text)`", at: template.span,
                       help: Checker.suggestion(template.text, symbols.templates.keys.sorted()))
            return
        }
        if !t.entity.isMissing && t.entity.text != entity.name {
            ctx.report(.entityMismatch, "template `\(template.text)` is for `\(t.entity.text)`, but this works on `\(entity.name)`",
                       at: template.span, secondary: [Label(t.entity.span, "declared for `\(t.entity.text)` here")])
            return
        }
        guard let info = templateInfos[template.text] else { return }
        for v in info.variables where !supplied.contains(v.name) {
            ctx.report(.missingTemplateVariable, "template `\(template.text)` uses `{\(v.name)}`, which is not a field of `\(info.entity)` and is not passed here",
                       at: template.span, secondary: [Label(v.span, "used here")],
                       help: Checker.suggestion(v.name, entity.fields.map(\.name)).map { "in the template, \($0)" }
                           ?? "pass it: `with { \(v.name): … }`")
        }
        for i in with ?? [] where !i.name.isMissing && !info.mentions.contains(i.name.text) {
            let candidates = info.variables.map(\.name)
            ctx.report(.unusedTemplateValue, "template `\(template.text)` does not use `\(i.name.text)`", at: i.name.span,
                       help: Checker.suggestion(i.name.text, candidates) ?? "remove it, or use it in the template as `{\(i.name.text)}`")
        }
    }
}
