// Roles and permissions, reports.
import CRMBase

extension Parser {
    /// `role_decl = "role" name [title] ["extends" name] "{" { permission } "}"`.
    mutating func parseRole() -> RoleDecl {
        let header = parseHeader("after `role`")
        let parent = consumeWord(.extends) != nil ? parseName("after `extends`") : nil
        let opener = expect(.lbrace, "to open the role")
        let block = parseBlock(opener: opener, expected: "`allow` or `deny`") { p in p.parsePermission() }
        return RoleDecl(header: header, extends: parent, permissions: block.items)
    }

    /// `permission = ("allow"|"deny") access {"," access} target {"," target}`; nil if
    /// the current token starts none.
    mutating func parsePermission() -> RoleDecl.Permission? {
        guard atWord(.allow) || atWord(.deny) else { return nil }
        let start = tok.span
        let allow = advance().word == .allow
        var access = [parseName("for the access (read, write, create, delete, approve)")]
        while consume(.comma) != nil { access.append(parseName("after `,`")) }
        var targets = [parseTarget()]
        while consume(.comma) != nil { targets.append(parseTarget()) }
        return RoleDecl.Permission(allow: allow, access: access, targets: targets, span: spanFrom(start))
    }

    /// `target = name ["." (name | "*")]`.
    mutating func parseTarget() -> RoleDecl.Target {
        let entity = parseName("for the entity")
        guard consume(.dot) != nil else { return RoleDecl.Target(entity: entity, field: nil) }
        if at(.star) { let t = advance(); return RoleDecl.Target(entity: entity, field: Name("*", t.span)) }
        return RoleDecl.Target(entity: entity, field: parseName("after `.`"))
    }

    /// `report_decl = "report" name [title] "of" name "{" { report_item } "}"`.
    mutating func parseReport() -> ReportDecl {
        let header = parseHeader("after `report`")
        expectWord(.of, "after the report name")
        let entity = parseName("after `of`")
        let opener = expect(.lbrace, "to open the report")
        let block = parseBlock(opener: opener, expected: "where, group by, measure, funnel, trend, top or rfm") { p in
            p.parseReportItem()
        }
        return ReportDecl(header: header, entity: entity, items: block.items, itemSpans: block.spans)
    }

    mutating func parseReportItem() -> ReportDecl.Item? {
        guard at(.name) else { return nil }
        switch tok.word {
        case .where:
            advance()
            return .filter(parseExpr())
        case .group:
            advance()
            expectWord(.by, "after `group`")
            var keys = [parseExpr()]
            while consume(.comma) != nil { keys.append(parseExpr()) }
            return .groupBy(keys)
        case .measure:
            advance()
            var ms: [ReportDecl.Measure] = []
            repeat {
                let name = parseName("for the measure")
                expect(.assign, "after the measure name")
                ms.append(ReportDecl.Measure(name: name, value: parseExpr()))
            } while consume(.comma) != nil
            return .measure(ms)
        case .funnel:
            advance()
            return .funnel(parseName("after `funnel`"))
        case .trend:
            advance()
            let period = parseName("for the period (day, week, month)")
            expectWord(.on, "after the period")
            return .trend(period, on: parseExpr())
        case .top:
            advance()
            var n = "10"
            if at(.int) { n = text(advance()) } else { errorExpected("a count", "after `top`") }
            expectWord(.by, "after the count")
            return .top(n, by: parseExpr())
        case .rfm:
            advance()
            let r = parseExpr()
            expect(.comma, "after the recency expression")
            let f = parseExpr()
            expect(.comma, "after the frequency expression")
            return .rfm(r, f, parseExpr())
        default:
            return nil
        }
    }
}
