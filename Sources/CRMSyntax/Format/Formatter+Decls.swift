// Canonical layout of the small declarations: settings, enum, team, template, segment,
// role and report. Entities, rules, approvals, tables, scores and tests have their own
// files.
import CRMBase

extension FormatPrinter {
    /// `settings { key: value, … }`, one entry per line with a trailing comma.
    mutating func settings(_ fields: [FieldInit], _ d: Decl) {
        braced("settings", at: d.span.start, span: d.span, indent: 0, empty: fields.isEmpty) { p in
            for f in fields {
                p.item(p.fieldInit(f) + ",", at: f.name.span.start, indent: 1)
                p.finished(f.name.span.to(f.value.span))
            }
        }
    }

    /// `enum name "title" { a, b "title" }`, inline when it fits (see `list`). A member
    /// such as `rule "规则"` would start a declaration at the start of a line, so an enum
    /// holding one is always printed inline.
    mutating func enumDecl(_ e: EnumDecl, _ d: Decl) {
        let texts = e.members.map { $0.name.text + title($0.title) }
        let spans = e.members.map { m in m.title.map { m.name.span.to($0.span) } ?? m.name.span }
        let risky = e.members.contains { $0.title != nil && startsDeclaration($0.name) }
        list("enum " + header(e.header), texts: texts, spans: spans, span: d.span, indent: 0, forceInline: risky)
    }

    /// `team name "title" { member, member }`, inline when it fits (see `list`).
    mutating func team(_ t: TeamDecl, _ d: Decl) {
        let texts = t.members.map { expr($0) }
        list("team " + header(t.header), texts: texts, spans: t.members.map(\.span), span: d.span, indent: 0)
    }

    /// `template name "title" for Entity { part "text" … }`, one part per line. A part
    /// named like a declaration keyword (`report "…"`) cannot start a line, so it stays
    /// on the previous line.
    mutating func template(_ t: TemplateDecl, _ d: Decl) {
        let head = "template " + header(t.header) + " for " + t.entity.text
        braced(head, at: d.span.start, span: d.span, indent: 0, empty: t.parts.isEmpty) { p in
            for part in t.parts {
                let text = part.name.text + " " + part.value.raw
                if p.startsDeclaration(part.name) {
                    p.appendToLastLine(text, at: part.name.span.start, indent: 1)
                } else {
                    p.item(text, at: part.name.span.start, indent: 1)
                }
                p.finished(part.name.span.to(part.value.span))
            }
        }
    }

    /// `appendToLastLine(_:at:indent:)` continues the last code line with `text` when
    /// no comment is in the way, and starts a new line otherwise.
    mutating func appendToLastLine(_ text: String, at pos: SourcePos, indent: Int) {
        let pending = nextComment < comments.count && comments[nextComment].span.start < pos
        if !pending, let last = lines.indices.last, lines[last].isCode, lines[last].comments.isEmpty {
            lines[last].text += " " + text
            suppressBlank = false
        } else {
            item(text, at: pos, indent: indent)
        }
    }

    /// `segment name "title" of Entity where condition`.
    mutating func segment(_ s: SegmentDecl, _ d: Decl) {
        var text = "segment " + header(s.header) + " of " + s.entity.text
        if let c = s.condition { text += " where " + expr(c) }
        item(text, at: d.span.start, indent: 0)
    }

    /// `role name "title" extends parent { allow read, write Lead, Order.* }`.
    mutating func role(_ r: RoleDecl, _ d: Decl) {
        var head = "role " + header(r.header)
        if let parent = r.extends { head += " extends " + parent.text }
        braced(head, at: d.span.start, span: d.span, indent: 0, empty: r.permissions.isEmpty) { p in
            for perm in r.permissions {
                p.item(p.permission(perm), at: perm.span.start, indent: 1)
                p.finished(perm.span)
            }
        }
    }

    /// `allow read, write Lead, Order.*`.
    func permission(_ perm: RoleDecl.Permission) -> String {
        let targets = perm.targets.map { t in t.entity.text + (t.field.map { "." + $0.text } ?? "") }
        return (perm.allow ? "allow " : "deny ") + names(perm.access) + " " + targets.joined(separator: ", ")
    }

    /// `report name "title" of Entity { item … }`, one item per line.
    mutating func report(_ r: ReportDecl, _ d: Decl) {
        let head = "report " + header(r.header) + " of " + r.entity.text
        braced(head, at: d.span.start, span: d.span, indent: 0, empty: r.items.isEmpty) { p in
            for (it, span) in zip(r.items, r.itemSpans) {
                p.item(p.reportItem(it), at: span.start, indent: 1)
                p.finished(span)
            }
        }
    }

    /// One report item on one line.
    func reportItem(_ it: ReportDecl.Item) -> String {
        switch it {
        case .filter(let e): return "where " + expr(e)
        case .groupBy(let keys): return "group by " + exprList(keys)
        case .measure(let ms): return "measure " + ms.map { $0.name.text + " = " + expr($0.value) }.joined(separator: ", ")
        case .funnel(let n): return "funnel " + n.text
        case .trend(let period, let on): return "trend " + period.text + " on " + expr(on)
        case .top(let n, let by): return "top " + n + " by " + expr(by)
        case .rfm(let r, let f, let m): return "rfm " + exprList([r, f, m])
        }
    }
}
