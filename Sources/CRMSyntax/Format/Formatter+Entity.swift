// Canonical layout of entities: one field, lifecycle or validation per line; fields as
// `name: type option option…` with options in source order; lifecycles as a nested
// block with one item per line.
import CRMBase

extension FormatPrinter {
    /// `entity Name "title" { member … }`.
    mutating func entity(_ e: EntityDecl, _ d: Decl) {
        braced("entity " + header(e.header), at: d.span.start, span: d.span, indent: 0, empty: e.members.isEmpty) { p in
            for m in e.members { p.entityMember(m, indent: 1) }
        }
    }

    /// `entityMember(_:indent:)` prints a field, validation or lifecycle.
    mutating func entityMember(_ m: EntityMember, indent: Int) {
        switch m.kind {
        case .field(let f):
            item(field(f), at: m.span.start, indent: indent)
        case .validate(let e, let message):
            item("validate " + expr(e) + " else " + message.raw, at: m.span.start, indent: indent)
        case .lifecycle(let l):
            lifecycle(l, span: m.span, indent: indent)
        }
        finished(m.span)
    }

    /// `field(_:)` prints `name: type option option…`.
    func field(_ f: FieldDecl) -> String {
        ([f.name.text + ": " + type(f.type)] + f.options.map { fieldOption($0) }).joined(separator: " ")
    }

    /// One field option as written: `required`, `"title"`, `= 0`, `check x else "m"`.
    func fieldOption(_ o: FieldDecl.Option) -> String {
        switch o {
        case .required: return "required"
        case .unique: return "unique"
        case .readonly: return "readonly"
        case .title(let t): return t.raw
        case .defaultValue(let e): return "= " + expr(e)
        case .computed(let e): return "computed " + expr(e)
        case .check(let e, let message):
            return "check " + expr(e) + (message.map { " else " + $0.raw } ?? "")
        }
    }

    /// `lifecycle name "title" { stages …; a -> b when c; enter s requires f }`, one item
    /// per line.
    mutating func lifecycle(_ l: LifecycleDecl, span: Span, indent: Int) {
        let head = "lifecycle " + header(l.header)
        braced(head, at: span.start, span: span, indent: indent, empty: l.items.isEmpty) { p in
            for (it, itemSpan) in zip(l.items, l.itemSpans) {
                p.item(p.lifecycleItem(it), at: itemSpan.start, indent: indent + 1)
                p.finished(itemSpan)
            }
        }
    }

    /// One lifecycle item on one line.
    func lifecycleItem(_ it: LifecycleDecl.Item) -> String {
        switch it {
        case .stages(let stages):
            let texts = stages.map { s in s.name.text + title(s.title) + (s.terminal ? " terminal" : "") }
            return "stages " + texts.joined(separator: ", ")
        case .transition(let chain, let when):
            return chain.map(\.text).joined(separator: " -> ") + (when.map { " when " + expr($0) } ?? "")
        case .enter(let stage, let requires):
            return "enter " + stage.text + " requires " + names(requires)
        }
    }
}
