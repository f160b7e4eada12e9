// Rules: triggers, conditions and actions.
import CRMBase

extension Parser {
    /// `rule_decl = "rule" name [title] ["priority" int] trigger ["where" expr] "do" action_block`.
    mutating func parseRule() -> RuleDecl {
        let header = parseHeader("after `rule`")
        var priority: String? = nil
        if consumeWord(.priority) != nil {
            if at(.int) { priority = text(advance()) } else { errorExpected("an integer", "after `priority`") }
        }
        let trigger = parseTrigger()
        let cond = consumeWord(.where) != nil ? parseExpr() : nil
        let actions: ActionBlock
        if expectWord(.do, "before the rule's actions") != nil || at(.lbrace) || startsAction {
            actions = parseActionBlock()
        } else {
            actions = ActionBlock(actions: [], span: Span(start: tok.span.start, end: tok.span.start))
        }
        return RuleDecl(header: header, priority: priority, trigger: trigger, condition: cond, actions: actions)
    }

    /// `trigger = "on" name event | "at" name "." name [("+"|"-") duration] ["yearly"]
    ///          | "every" schedule ["at" time] "for" name`.
    mutating func parseTrigger() -> Trigger {
        let start = tok.span
        if consumeWord(.on) != nil {
            let entity = parseName("after `on`")
            let event = parseEvent()
            return Trigger(kind: .on(entity: entity, event: event), span: spanFrom(start))
        }
        if consumeWord(.at) != nil {
            let entity = parseName("after `at`")
            expect(.dot, "between entity and field (`at Lead.created_at + 7 days`)")
            let field = parseName("after `.`")
            var offset: Expr? = nil
            var negative = false
            if at(.plus) || at(.minus) {
                negative = advance().kind == .minus
                offset = parseExpr(.unary)
            }
            let yearly = consumeWord(.yearly) != nil
            return Trigger(kind: .at(entity: entity, field: field, offset: offset, offsetNegative: negative, yearly: yearly), span: spanFrom(start))
        }
        if consumeWord(.every) != nil {
            let schedule = parseSchedule()
            let time = consumeWord(.at) != nil ? parseExpr(.unary) : nil
            expectWord(.for, "before the entity the schedule runs over")
            let entity = parseName("after `for`")
            return Trigger(kind: .every(schedule, time: time, entity: entity), span: spanFrom(start))
        }
        report(.expectedTrigger, "expected a trigger (`on`, `at` or `every`), found \(foundDescription)", at: tok.span,
               help: "for example `on Lead created` or `at Lead.created_at + 7 days`")
        return Trigger(kind: .error, span: Span(start: tok.span.start, end: tok.span.start))
    }

    /// `event` after `on Entity`.
    mutating func parseEvent() -> Trigger.Event {
        if consume(.dot) != nil {
            let field = parseName("after `.`")
            expectWord(.changed, "after the field name")
            let from = consumeWord(.from) != nil ? parseExpr() : nil
            let to = consumeWord(.to) != nil ? parseExpr() : nil
            return .changed(field: field, from: from, to: to)
        }
        switch tok.word {
        case .created: advance(); return .created
        case .updated: advance(); return .updated
        case .deleted: advance(); return .deleted
        case .enters: advance(); return .enters(parseName("after `enters`"))
        case .approved: advance(); return .approved(parseName("after `approved`"))
        case .rejected: advance(); return .rejected(parseName("after `rejected`"))
        case .inactive:
            advance()
            expectWord(.for, "after `inactive`")
            let d = parseExpr(.unary)
            let without = consumeWord(.without) != nil ? parseName("after `without`") : nil
            return .inactive(d, without: without)
        default:
            report(.expectedTrigger, "expected an event (created, updated, deleted, .field changed, enters, inactive, approved, rejected), found \(foundDescription)", at: tok.span)
            return .updated
        }
    }

    /// `schedule = "day" | "week" "on" name | "month" "on" int | duration`.
    mutating func parseSchedule() -> Trigger.Schedule {
        if consumeWord(.day) != nil { return .day }
        if consumeWord(.week) != nil {
            expectWord(.on, "after `every week`")
            return .week(on: parseName("for the weekday"))
        }
        if consumeWord(.month) != nil {
            expectWord(.on, "after `every month`")
            if at(.int) { return .month(on: text(advance())) }
            errorExpected("a day of the month", "after `on`")
            return .month(on: "1")
        }
        if at(.duration) { return .interval(parseExpr(.unary)) }
        report(.expectedTrigger, "expected `day`, `week on …`, `month on …` or a duration after `every`, found \(foundDescription)", at: tok.span)
        return .day
    }

    // MARK: - Actions

    static let actionWords: Set<Word> = [.set, .tag, .untag, .assign, .create, .task, .move, .notify, .webhook, .start, .add]

    var startsAction: Bool {
        (at(.name) && Parser.actionWords.contains(tok.word)) || at(.kwIf)
    }

    /// `action_block = "{" { action [";"] } "}" | action { ";" action }`.
    mutating func parseActionBlock() -> ActionBlock {
        let start = tok.span
        if let opener = consume(.lbrace) {
            let block = parseBlock(opener: opener, expected: "an action (set, tag, notify, …)", code: .expectedAction) { p -> Action? in
                guard p.startsAction else { return nil }
                return p.parseAction()
            }
            return ActionBlock(actions: block.items, span: spanFrom(start))
        }
        var actions: [Action] = []
        repeat {
            if !startsAction {
                report(.expectedAction, "expected an action (set, tag, untag, assign, create, task, move, notify, webhook, start approval, add, if), found \(foundDescription)", at: tok.span)
                break
            }
            actions.append(parseAction())
        } while consume(.semicolon) != nil && !atEOF && !isDeclStart
        return ActionBlock(actions: actions, span: spanFrom(start))
    }

    /// `action`; the caller checked `startsAction`.
    mutating func parseAction() -> Action {
        let start = tok.span
        let kind = parseActionKind()
        return Action(kind: kind, span: spanFrom(start))
    }

    mutating func parseActionKind() -> Action.Kind {
        if consume(.kwIf) != nil {
            guard enterNesting() else { skipItem(); return .error }
            defer { depth -= 1 }
            let cond = parseExpr()
            let then = parseBracedActions("after the `if` condition")
            let els = consume(.kwElse) != nil ? (at(.kwIf) ? nestedIf() : parseBracedActions("after `else`")) : nil
            return .ifThen(cond, then, else: els)
        }
        let word = advance().word
        switch word {
        case .set:
            var path = [parseName("after `set`")]
            while consume(.dot) != nil { path.append(parseName("after `.`")) }
            expect(.assign, "after the field to set")
            return .set(path, parseExpr())
        case .tag: return .tag(parseExpr())
        case .untag: return .untag(parseExpr())
        case .assign: return parseAssign()
        case .create:
            let entity = parseName("after `create`")
            return .create(entity, parseRecordLiteral("after the entity to create") ?? [])
        case .task:
            let title = parseExpr()
            expectWord(.to, "before the task's assignee")
            let who = parseExpr()
            let due = consumeWord(.due) != nil ? parseExpr() : nil
            return .task(title, assignee: who, due: due)
        case .move:
            expectWord(.to, "after `move`")
            return .move(parseName("for the stage"))
        case .notify:
            let channel = parseName("for the channel (email, sms, dingtalk, wecom)")
            expectWord(.to, "before the recipient")
            let to = parseExpr()
            expectWord(.template, "before the template name")
            let template = parseName("after `template`")
            let with = consumeWord(.with) != nil ? parseRecordLiteral("after `with`") : nil
            return .notify(channel: channel, to: to, template: template, with: with)
        case .webhook:
            let target = parseRequiredString("after `webhook`")
            let with = consumeWord(.with) != nil ? parseRecordLiteral("after `with`") : nil
            return .webhook(target, with: with)
        case .start:
            expectWord(.approval, "after `start`")
            return .startApproval(parseName("after `start approval`"))
        default: // .add
            let amount = parseExpr()
            expectWord(.to, "after the amount to add")
            return .add(amount, to: parseName("after `to`"))
        }
    }

    /// `else if` is sugar for `else { if … }`, kept as such in the tree.
    mutating func nestedIf() -> ActionBlock {
        let action = parseAction()
        return ActionBlock(actions: [action], span: action.span)
    }

    mutating func parseBracedActions(_ context: String) -> ActionBlock {
        guard at(.lbrace) else {
            errorExpected("`{`", context)
            return ActionBlock(actions: [], span: Span(start: tok.span.start, end: tok.span.start))
        }
        return parseActionBlock()
    }

    /// `"assign" name ("by" ("table" name | expr) | "to" ("pool" name | expr))`.
    mutating func parseAssign() -> Action.Kind {
        let field = parseName("after `assign`")
        if consumeWord(.by) != nil {
            if atWord(.table) && peek().kind == .name { advance(); return .assign(field, .byTable(parseName(""))) }
            return .assign(field, .by(parseExpr()))
        }
        expectWord(.to, "after the field to assign (`assign owner to …` or `assign owner by …`)")
        if atWord(.pool) && peek().kind == .name { advance(); return .assign(field, .toPool(parseName(""))) }
        return .assign(field, .to(parseExpr()))
    }
}
