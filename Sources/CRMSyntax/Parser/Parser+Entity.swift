// Entities: fields with types and options, validations and lifecycles.
import CRMBase

extension Parser {
    /// `entity_decl = "entity" name [title] "{" { entity_member } "}"`.
    mutating func parseEntity() -> EntityDecl {
        let header = parseHeader("after `entity`")
        let opener = expect(.lbrace, "to open the entity")
        let block = parseBlock(opener: opener, expected: "a field (`name: type`), `lifecycle` or `validate`") { p in
            p.parseEntityMember()
        }
        let members = zip(block.items, block.spans).map { EntityMember(kind: $0, span: $1) }
        return EntityDecl(header: header, members: members)
    }

    /// `entity_member = field_decl | lifecycle_decl | validate_decl`; nil if none starts here.
    mutating func parseEntityMember() -> EntityMember.Kind? {
        guard at(.name) else { return nil }
        if peek().kind == .colon { return .field(parseField()) }
        if atWord(.lifecycle) { advance(); return .lifecycle(parseLifecycle()) }
        if atWord(.validate) {
            advance()
            let e = parseExpr()
            expect(.kwElse, "before the validation message")
            return .validate(e, message: parseRequiredString("after `else`"))
        }
        if peek().kind == .name && !peek().newlineBefore {
            // `name text` — a field whose colon is missing: report it and parse the rest.
            let name = parseName("")
            errorExpected("`:`", "after field name `\(name.text)`")
            return .field(finishField(name))
        }
        return nil
    }

    /// `field_decl = name ":" type { field_option }`.
    mutating func parseField() -> FieldDecl {
        let name = parseName("for a field")
        advance() // ':'
        return finishField(name)
    }

    mutating func finishField(_ name: Name) -> FieldDecl {
        let type = parseType()
        var options: [FieldDecl.Option] = []
        // Options may continue on the next lines; a word followed by `:` starts the next field.
        while let option = parseFieldOption() { options.append(option) }
        return FieldDecl(name: name, type: type, options: options)
    }

    /// `field_option`; nil when the current token starts none.
    mutating func parseFieldOption() -> FieldDecl.Option? {
        if at(.string) { return .title(parseStringLit()) }
        if consume(.assign) != nil { return .defaultValue(parseExpr()) }
        guard at(.name), peek().kind != .colon else { return nil }
        switch tok.word {
        case .required: advance(); return .required
        case .unique: advance(); return .unique
        case .readonly: advance(); return .readonly
        case .computed: advance(); return .computed(parseExpr())
        case .check:
            advance()
            let e = parseExpr()
            let msg = consume(.kwElse) != nil ? parseRequiredString("after `else`") : nil
            return .check(e, message: msg)
        default: return nil
        }
    }

    /// `type = ("ref" name | "many" name "via" name | ("set"|"list") "<" type ">"
    ///        | name ["(" type_arg {"," type_arg} ")"]) ["?"]`.
    mutating func parseType() -> TypeRef {
        let start = tok.span
        guard at(.name) else {
            report(.expectedType, "expected a type, found \(foundDescription)", at: tok.span,
                   help: "types are text, int, decimal, money(CNY), bool, date, datetime, duration, email, phone, url, rating(5), an enum or `ref Entity`")
            let optional = consume(.question) != nil
            return TypeRef(kind: .error, optional: optional, span: spanFrom(start))
        }
        let kind: TypeRef.Kind
        if (atWord(.ref) || atWord(.many)) && peek().kind == .name {
            let isRef = advance().word == .ref
            let target = parseName("for the referenced entity")
            if isRef { kind = .ref(target) } else {
                expectWord(.via, "after `many \(target.text)`")
                kind = .many(target, via: parseName("after `via`"))
            }
        } else if (atWord(.set) || atWord(.list)) && peek().kind == .lt {
            let isSet = advance().word == .set
            advance()
            guard enterNesting() else { skipBalanced(); return TypeRef(kind: .error, optional: false, span: spanFrom(start)) }
            let element = parseType()
            depth -= 1
            expect(.gt, "to close the element type")
            kind = isSet ? .set(element) : .list(element)
        } else {
            let name = parseName("")
            var args: [TypeRef.Arg] = []
            if at(.lparen) && !tok.newlineBefore {
                args = parseTypeArgs()
            }
            kind = .named(name, args: args)
        }
        let optional = consume(.question) != nil
        return TypeRef(kind: kind, optional: optional, span: spanFrom(start))
    }

    mutating func parseTypeArgs() -> [TypeRef.Arg] {
        advance() // '('
        var args: [TypeRef.Arg] = []
        while !at(.rparen) && !atEOF {
            switch tok.kind {
            case .int: args.append(.int(text(advance())))
            case .string: args.append(.string(parseStringLit(interpolate: false)))
            case .name: args.append(.name(parseName("")))
            default:
                errorExpected("a type argument", "in `( )`")
                return args
            }
            if consume(.comma) == nil { break }
        }
        expect(.rparen, "to close the type arguments")
        return args
    }

    /// `lifecycle_decl = "lifecycle" name [title] "{" { lifecycle_item } "}"`.
    mutating func parseLifecycle() -> LifecycleDecl {
        let header = parseHeader("after `lifecycle`")
        let opener = expect(.lbrace, "to open the lifecycle")
        let block = parseBlock(opener: opener, expected: "`stages`, a transition `a -> b` or `enter`") { p in
            p.parseLifecycleItem()
        }
        return LifecycleDecl(header: header, items: block.items, itemSpans: block.spans)
    }

    /// `lifecycle_item`; nil when none starts here.
    mutating func parseLifecycleItem() -> LifecycleDecl.Item? {
        guard at(.name) else { return nil }
        if atWord(.stages) && peek().kind == .name {
            advance()
            var stages: [LifecycleDecl.Stage] = []
            repeat {
                let name = parseName("for a stage")
                let title = maybeTitle()
                let terminal = consumeWord(.terminal) != nil
                stages.append(LifecycleDecl.Stage(name: name, title: title, terminal: terminal))
            } while consume(.comma) != nil
            return .stages(stages)
        }
        if atWord(.enter) && peek().kind == .name {
            advance()
            let stage = parseName("after `enter`")
            expectWord(.requires, "after the stage name")
            var fields = [parseName("after `requires`")]
            while consume(.comma) != nil { fields.append(parseName("after `,`")) }
            return .enter(stage, requires: fields)
        }
        return parseTransition()
    }

    /// `transition = stage_ref "->" stage_ref { "->" stage_ref } ["when" expr]`.
    mutating func parseTransition() -> LifecycleDecl.Item {
        var chain = [parseName("for a stage")]
        expect(.arrow, "after the stage name in a transition")
        chain.append(parseName("after `->`"))
        while consume(.arrow) != nil { chain.append(parseName("after `->`")) }
        let when = consumeWord(.when) != nil ? parseExpr() : nil
        return .transition(chain, when: when)
    }

    /// `parseRequiredString` reads a string literal or reports one missing.
    mutating func parseRequiredString(_ context: String) -> StringLit {
        if at(.string) { return parseStringLit() }
        errorExpected("a string", context)
        let at = Span(start: tok.span.start, end: tok.span.start)
        return StringLit(parts: [], span: at, file: nil)
    }
}
