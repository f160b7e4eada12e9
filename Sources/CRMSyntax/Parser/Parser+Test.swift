// `test` blocks: steps and expectations.
import CRMBase

extension Parser {
    /// `test_decl = "test" string "{" { test_step [";"] } "}"`.
    mutating func parseTest() -> TestDecl {
        let name = parseRequiredString("after `test` (the test's name)")
        let opener = expect(.lbrace, "to open the test")
        let steps = parseTestSteps(opener: opener)
        return TestDecl(name: name, steps: steps)
    }

    mutating func parseTestSteps(opener: Token?) -> [TestStep] {
        let block = parseBlock(opener: opener, expected: "a test step (clock, given, update, move, delete, advance, approve, reject, expect)", code: .expectedTestStep) { p -> TestStep? in
            let start = p.tok.span
            guard let kind = p.parseTestStepKind() else { return nil }
            return TestStep(kind: kind, span: p.spanFrom(start))
        }
        return block.items
    }

    /// `test_step`; nil when none starts here.
    mutating func parseTestStepKind() -> TestStep.Kind? {
        guard at(.name) else { return nil }
        switch tok.word {
        case .clock: advance(); return .clock(parseExpr())
        case .given:
            advance()
            let entity = parseName("for the entity")
            let binding = parseName("for the record's name in the test")
            return .given(entity: entity, binding: binding, parseRecordLiteral("with the record's fields") ?? [])
        case .update:
            advance()
            let binding = parseName("for the record to update")
            return .update(binding, parseRecordLiteral("with the fields to change") ?? [])
        case .move:
            advance()
            let binding = parseName("for the record to move")
            expectWord(.to, "before the stage")
            return .move(binding, to: parseName("for the stage"))
        case .delete: advance(); return .delete(parseName("for the record to delete"))
        case .advance: advance(); return .advance(parseExpr())
        case .approve, .reject: return .decide(parseDecision())
        case .expect: advance(); return parseExpectation()
        default: return nil
        }
    }

    /// `( "approve" | "reject" ) name [ "for" name ] "as" name [ "comment" string ]`.
    mutating func parseDecision() -> TestDecision {
        let approve = advance().word == .approve
        let record = parseName("for the record whose approval is decided")
        let approval = consumeWord(.for) != nil ? parseName("after `for` (the approval flow)") : nil
        expectWord(.as, "before the deciding role (`as 销售经理`)")
        let role = parseName("for the deciding role")
        let comment = consumeWord(.comment) != nil ? parseRequiredString("after `comment`") : nil
        return TestDecision(approve: approve, record: record, approval: approval, role: role, comment: comment)
    }

    /// `expectation = "outbox" "has" name ["to" expr] ["template" name] ["with" record_lit]
    ///              | "created" name [record_lit] | "rejected" [string] "{" steps "}"
    ///              | "audit" expr ["from" expr] ["to" expr] ["by" name] | expr`.
    mutating func parseExpectation() -> TestStep.Kind {
        if atWord(.outbox) && peek().word == .has {
            advance(); advance()
            let channel = parseName("for the channel")
            let to = consumeWord(.to) != nil ? parseExpr() : nil
            let template = consumeWord(.template) != nil ? parseName("after `template`") : nil
            let payload = consumeWord(.with) != nil ? (parseRecordLiteral("with the payload fields") ?? []) : nil
            return .expectOutbox(channel: channel, to: to, template: template, with: payload)
        }
        // `audit` is a keyword here only before a name, so `expect audit == x` still
        // reads a binding called `audit`.
        if atWord(.audit) && peek().kind == .name {
            advance()
            let target = parseExpr()
            let from = consumeWord(.from) != nil ? parseExpr() : nil
            let to = consumeWord(.to) != nil ? parseExpr() : nil
            let by = consumeWord(.by) != nil ? parseName("after `by` (a rule, `user` or `system`)") : nil
            return .expectAudit(target: target, from: from, to: to, by: by)
        }
        if atWord(.created) && peek().kind == .name {
            advance()
            let entity = parseName("")
            let inits = at(.lbrace) ? parseRecordLiteral("") : nil
            return .expectCreated(entity, inits)
        }
        if atWord(.rejected) && (peek().kind == .string || peek().kind == .lbrace) {
            advance()
            let message = at(.string) ? parseStringLit() : nil
            guard enterNesting() else { skipItem(); return .error }
            defer { depth -= 1 }
            let opener = expect(.lbrace, "before the steps expected to be rejected")
            return .expectRejected(message: message, parseTestSteps(opener: opener))
        }
        return .expect(parseExpr())
    }
}
