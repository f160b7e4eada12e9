// Top-level declarations and the small ones: settings, enum, template, team, pool,
// segment. Entities, rules, tables, approvals, roles, reports and tests have their own files.
import CRMBase

extension Parser {
    /// `parseModel` parses a whole file: `model = { declaration } EOF`.
    mutating func parseModel(comments: [Comment]) -> [Decl] {
        var decls: [Decl] = []
        var nextComment = 0
        while !atEOF {
            recovered()
            guard let word = Parser.isDeclarationWord(tok.word) && at(.name) ? tok.word : nil else {
                report(.expectedDeclaration,
                       "expected a declaration (entity, enum, rule, test, …), found \(foundDescription)",
                       at: tok.span, help: declarationHelp())
                skipToDeclaration()
                continue
            }
            let doc = docComment(before: tok.start, comments: comments, from: &nextComment)
            let start = tok.span
            let kind = parseDeclaration(word)
            decls.append(Decl(kind: kind, doc: doc, span: spanFrom(start)))
            if !atEOF && !isDeclStart && !panicking {
                report(.expectedDeclaration, "expected a new declaration after this one, found \(foundDescription)", at: tok.span)
            }
            if !atEOF && !isDeclStart { skipToDeclaration() }
        }
        return decls
    }

    /// A hint for the commonest top-level mistake: a name followed by `{`.
    func declarationHelp() -> String? {
        if at(.name) && peek().kind == .lbrace { return "did you mean `entity \(text(tok)) { … }`?" }
        return nil
    }

    /// `docComment` joins the `##` comments between the previous token and `start`.
    func docComment(before start: UInt32, comments: [Comment], from k: inout Int) -> String? {
        let prevEnd = p > 0 ? tokens[p - 1].end : 0
        var lines: [String] = []
        while k < comments.count && comments[k].span.start.raw < start {
            let c = comments[k]
            k += 1
            guard c.kind == .doc, c.span.start.raw >= prevEnd else { continue }
            let s = file.offset(c.span.start) + 2, e = file.offset(c.span.end)
            var t = String(decoding: file.bytes[min(s, e)..<e], as: UTF8.self)
            if t.hasPrefix(" ") { t.removeFirst() }
            while t.last == " " || t.last == "\t" || t.last == "\r" { t.removeLast() }
            lines.append(t)
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// `parseDeclaration` dispatches on the declaration keyword.
    mutating func parseDeclaration(_ word: Word) -> Decl.Kind {
        advance()
        switch word {
        case .settings: return .settings(parseSettings())
        case .enum: return .enumDecl(parseEnum())
        case .entity: return .entity(parseEntity())
        case .rule: return .rule(parseRule())
        case .table: return .table(parseTable())
        case .score: return .score(parseScore())
        case .approval: return .approval(parseApproval())
        case .template: return .template(parseTemplate())
        case .team: return .team(parseTeam())
        case .pool: return .pool(parsePool())
        case .role: return .role(parseRole())
        case .segment: return .segment(parseSegment())
        case .report: return .report(parseReport())
        case .test: return .test(parseTest())
        default: return .error
        }
    }

    /// `settings_decl = "settings" "{" { name ":" expr [","] } "}"`.
    mutating func parseSettings() -> [FieldInit] {
        let opener = expect(.lbrace, "after `settings`")
        return parseBlock(opener: opener, expected: "a setting `name: value`") { p -> FieldInit? in
            guard p.at(.name) else { return nil }
            let entry = p.parseFieldInit()
            _ = p.consume(.comma)
            return entry
        }.items
    }

    /// `enum_decl = "enum" name [title] "{" [member {"," member} [","]] "}"`.
    mutating func parseEnum() -> EnumDecl {
        let header = parseHeader("after `enum`")
        let members = parseDelimited(expect: "to open the enum") { p -> EnumDecl.Member in
            let name = p.parseName("for an enum member")
            return EnumDecl.Member(name: name, title: p.maybeTitle())
        }
        return EnumDecl(header: header, members: members)
    }

    /// `parseDelimited` parses `{ x, x, x [,] }` — a comma-separated list in braces.
    mutating func parseDelimited<T>(expect context: String, _ item: (inout Parser) -> T) -> [T] {
        let opener = expect(.lbrace, context)
        guard enterNesting() else { skipBalanced(); return [] }
        defer { depth -= 1 }
        var items: [T] = []
        while !at(.rbrace) {
            if atEOF || isDeclStart { reportUnclosed(opener); return items }
            let before = p
            items.append(item(&self))
            if p == before { skipItem(); continue }
            if consume(.comma) == nil {
                if !at(.rbrace) { errorExpected("`,` or `}`", "in the list"); skipItem() }
            }
        }
        advance()
        return items
    }

    /// `record_lit = "{" [field_init {"," field_init} [","]] "}"`; nil if no `{`.
    mutating func parseRecordLiteral(_ context: String) -> [FieldInit]? {
        guard at(.lbrace) else { errorExpected("`{`", context); return nil }
        return parseDelimited(expect: context) { p in p.parseFieldInit() }
    }

    /// `field_init = name ":" expr`.
    mutating func parseFieldInit() -> FieldInit {
        let name = parseName("for a field")
        expect(.colon, "after the field name")
        return FieldInit(name: name, value: parseExpr())
    }

    /// `template_decl = "template" name [title] "for" name "{" { name string } "}"`.
    mutating func parseTemplate() -> TemplateDecl {
        let header = parseHeader("after `template`")
        expectWord(.for, "after the template name")
        let entity = parseName("after `for`")
        let opener = expect(.lbrace, "to open the template")
        let parts = parseBlock(opener: opener, expected: "a template part such as `subject \"…\"`") { p -> TemplateDecl.Part? in
            guard p.at(.name) else { return nil }
            let name = p.parseName("")
            guard p.at(.string) else { p.errorExpected("a string", "after `\(name.text)`"); return nil }
            return TemplateDecl.Part(name: name, value: p.parseStringLit())
        }
        return TemplateDecl(header: header, entity: entity, parts: parts.items)
    }

    /// `team_decl = "team" name [title] "{" [expr {"," expr} [","]] "}"`.
    mutating func parseTeam() -> TeamDecl {
        let header = parseHeader("after `team`")
        let members = parseDelimited(expect: "to open the team") { p in p.parseExpr() }
        return TeamDecl(header: header, members: members)
    }

    /// `pool_decl = "pool" name [title] "for" name`.
    mutating func parsePool() -> PoolDecl {
        let header = parseHeader("after `pool`")
        expectWord(.for, "after the pool name")
        return PoolDecl(header: header, entity: parseName("after `for`"))
    }

    /// `segment_decl = "segment" name [title] "of" name ["where" expr]`.
    mutating func parseSegment() -> SegmentDecl {
        let header = parseHeader("after `segment`")
        expectWord(.of, "after the segment name")
        let entity = parseName("after `of`")
        let cond = consumeWord(.where) != nil ? parseExpr() : nil
        return SegmentDecl(header: header, entity: entity, condition: cond)
    }
}
