// ReplEvaluator owns the parts of an entry written in the language: it parses them
// with the language's parser, types them with the checker against the model and the
// session's names, compiles them with the runtime's ExpressionCompiler and evaluates
// them — the same path `crm eval` and rules take — and reports every problem as a
// Diagnostic pointing into the entry as typed.
//
// Why diagnostics land in the entry: the entry is registered as a source file `<repl>`
// preceded by a blank prelude; each part is parsed inside a small wrapper (`settings {
// eval: PART }`, or `settings PART` for a record body) whose base position is chosen so
// the part's bytes have exactly the entry's positions. Spans that fall into the wrapper
// are clamped into the part. (StandaloneEval does the same for `crm eval`'s `<expr>`.)
//
// Records: `Lead#1` is not language syntax (`#` starts a comment), so before parsing,
// each `Name#digits` is respelt `Name_digits` — same length, so positions still match —
// and bound as a local of type `ref Name`; diagnostics still show the entry as typed.
import CRMBase
import CRMRuntime
import CRMSema
import CRMStore
import CRMSyntax

/// One entry as a source file, with its record names respelt for the parser.
struct ReplEntry {
    let file: SourceFile
    let sources: SourceSet
    /// The entry's bytes with each `Name#12` respelt `Name_12`.
    let parseBytes: [UInt8]
    /// Respelt record names: `Lead_1` → `Lead#1`.
    let recordNames: [String: String]

    /// Room before each entry for the wrappers' prefixes.
    static let preludeSize = 32

    init(_ text: String, sources: SourceSet) {
        sources.add(path: "<prelude>", bytes: Array(repeating: 0x20, count: Self.preludeSize))
        file = sources.add(path: "<repl>", text: text)
        self.sources = sources
        var bytes = Array(text.utf8)
        var names: [String: String] = [:]
        let scalars = Array(text.unicodeScalars)
        var offset = 0, inString = false
        for (k, c) in scalars.enumerated() {
            if c == "\"" { inString.toggle() } else if c == "\n" { inString = false }
            if !inString, c == "#", ReplInput.isRecordHash(scalars, at: k) {
                bytes[offset] = UInt8(ascii: "_")
                var s = k - 1
                while s > 0, ReplInput.isNameScalar(scalars[s - 1]) { s -= 1 }
                var e = k + 1
                while e < scalars.count, scalars[e].properties.numericType == .decimal { e += 1 }
                var original = ""
                original.unicodeScalars.append(contentsOf: scalars[s..<e])
                names[original.replacingOccurrences(of: "#", with: "_")] = original
            }
            offset += c.utf8.count
        }
        parseBytes = bytes
        recordNames = names
    }

    /// The entry as typed.
    var text: String { String(decoding: file.bytes, as: UTF8.self) }

    func span(_ r: Range<Int>) -> Span { Span(start: file.pos(r.lowerBound), end: file.pos(r.upperBound)) }
    var whole: Span { span(0..<file.bytes.count) }

    /// The entry's text of a span inside it (for quoting subexpressions in messages).
    func text(of span: Span) -> String? {
        guard file.contains(span.start), file.contains(span.end) else { return nil }
        let s = file.offset(span.start), e = file.offset(span.end)
        guard s <= e else { return nil }
        return String(decoding: file.bytes[s..<e], as: UTF8.self)
    }

    /// Parses `prefix + part + suffix` with the part at its entry positions.
    func parse(_ range: Range<Int>, prefix: String, suffix: String) -> FileSyntax {
        let bytes = Array(prefix.utf8) + Array(parseBytes[range]) + Array(suffix.utf8)
        let base = file.base + UInt32(range.lowerBound) - UInt32(prefix.utf8.count)
        return Parser.parse(SourceFile(path: "<repl>", bytes: bytes, base: base))
    }

    /// Moves a diagnostic's spans that are not in a model file into `range`.
    func clamp(_ d: Diagnostic, into range: Range<Int>) -> Diagnostic {
        StandaloneEval.clamp(d, into: span(range), end: "the entry") { s in
            guard let f = sources.file(containing: s.start) else { return false }
            return f !== file && f.path != "<prelude>"
        }
    }
}

/// Problems found in an entry; the session renders them like `crm check`.
struct ReplFailure: Error {
    var diagnostics: [Diagnostic]
    init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    init(_ d: Diagnostic) { self.diagnostics = [d] }
}

/// Reads names an expression uses: a record's fields (when filtering), then the
/// session's bindings; follows references through the store.
struct ReplEnvironment: Environment {
    let interpreter: Interpreter
    var record: (any Environment)?
    var bindings: [String: Value]

    func value(of name: String) -> Value? { record?.value(of: name) ?? bindings[name] }
    func value(atSlot slot: Int) -> Value? { record?.value(atSlot: slot) }

    func field(_ name: String, of value: Value) -> Value? {
        guard case .record(let e, let n) = value, let entity = interpreter.program.entity(named: e),
              n > 0, n <= Int64(UInt32.max) else { return nil }
        let id = RecordID(entity: EntityID(entity.id), number: UInt32(n))
        guard interpreter.store.exists(id) else { return nil }
        return interpreter.recordEnvironment(id).value(of: name)
    }
}

/// Evaluates the language parts of entries against one session's model and data.
struct ReplEvaluator {
    let interpreter: Interpreter
    let files: [FileSyntax]
    let clock: any Clock

    var program: IRProgram { interpreter.program }

    /// The session's names: records named at creation and the entry's `Entity#n`.
    func bindings(_ entry: ReplEntry) throws(ReplFailure) -> [String: (type: CRMType, value: Value)] {
        var out: [String: (type: CRMType, value: Value)] = [:]
        for (alias, id) in interpreter.aliases where interpreter.store.exists(id) {
            let e = program.entities[Int(id.entity)].name
            out[alias] = (.ref(e), .record(entity: e, id: Int64(id.number)))
        }
        for (respelt, original) in entry.recordNames {
            guard let id = interpreter.resolve(original) else { continue }
            let e = program.entities[Int(id.entity)].name
            out[respelt] = (.ref(e), .record(entity: e, id: Int64(id.number)))
        }
        return out
    }

    /// Parses one expression at `range` of the entry.
    func parseExpression(_ entry: ReplEntry, _ range: Range<Int>) throws(ReplFailure) -> Expr {
        let parsed = entry.parse(range, prefix: "settings { eval: ", suffix: "\n}\n")
        if !parsed.diagnostics.isEmpty { throw ReplFailure(parsed.diagnostics.map { entry.clamp($0, into: range) }) }
        guard parsed.decls.count == 1, case .settings(let inits) = parsed.decls[0].kind, inits.count == 1 else {
            throw ReplFailure(Diagnostic(.expectedExpression, "expected one expression", at: entry.span(range)))
        }
        return inits[0].value
    }

    /// Types, compiles and evaluates an expression. `record` puts a record's fields in
    /// scope (typed as the entity declares them), for `list … where`.
    func evaluate(_ entry: ReplEntry, _ expr: Expr, range: Range<Int>, fieldsOf entity: IREntity? = nil)
        throws(ReplFailure) -> (compiled: CompiledExpr, type: CRMType, environment: ReplEnvironment) {
        let bound = try bindings(entry)
        var types = bound.mapValues(\.type)
        if let entity { for f in entity.fields { types[f.name] = f.type } }
        let checked = Checker.checkExpression(expr, model: files, locals: types)
        let errors = checked.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw ReplFailure(errors.map { entry.clamp($0, into: range) }) }
        let compiler = ExpressionCompiler(symbols: checked.symbols, names: types, calendar: program.calendar) { entry.text(of: $0) }
        do {
            let compiled = try compiler.compile(expr)
            return (compiled, checked.type, ReplEnvironment(interpreter: interpreter, record: nil, bindings: bound.mapValues(\.value)))
        } catch {
            throw ReplFailure(entry.clamp(error.diagnostic, into: range))
        }
    }

    /// Runs a compiled expression; a run-time error is located in the entry.
    func run(_ entry: ReplEntry, _ compiled: CompiledExpr, _ environment: ReplEnvironment, range: Range<Int>) throws(ReplFailure) -> Value {
        do {
            return try compiled.evaluate(EvalContext(environment: environment, clock: clock, calendar: program.calendar))
        } catch {
            throw ReplFailure(entry.clamp(error.diagnostic, into: range))
        }
    }

    /// Parses, types and evaluates the expression at `range`.
    func value(_ entry: ReplEntry, _ range: Range<Int>) throws(ReplFailure) -> (Value, CRMType) {
        let expr = try parseExpression(entry, range)
        let (compiled, type, env) = try evaluate(entry, expr, range: range)
        return (try run(entry, compiled, env, range: range), type)
    }

    // MARK: Record bodies

    /// Parses `{ f: expr, … }` at `range` into field inputs for `entity`, checking names
    /// and types here so that mistakes point at the field typed.
    func fields(_ entry: ReplEntry, _ range: Range<Int>, of entity: IREntity) throws(ReplFailure) -> [(String, FieldInput)] {
        let parsed = entry.parse(range, prefix: "settings ", suffix: "\n")
        if !parsed.diagnostics.isEmpty { throw ReplFailure(parsed.diagnostics.map { entry.clamp($0, into: range) }) }
        guard parsed.decls.count == 1, case .settings(let inits) = parsed.decls[0].kind else {
            throw ReplFailure(Diagnostic(.expectedToken, "expected one record `{ field: value, … }`", at: entry.span(range)))
        }
        var out: [(String, FieldInput)] = []
        var problems: [Diagnostic] = []
        var seen = Set<String>()
        for i in inits {
            guard let slot = entity.fieldIndex[i.name.text] else {
                let guess = Suggest.closest(to: i.name.text, among: entity.fields.map(\.name))
                problems.append(Diagnostic(.unknownField, "`\(entity.name)` has no field `\(i.name.text)`", at: i.name.span,
                                           label: "unknown field", help: guess.map { "did you mean `\($0)`?" }))
                continue
            }
            guard seen.insert(i.name.text).inserted else {
                problems.append(Diagnostic(.duplicateMember, "field `\(i.name.text)` is given twice", at: i.name.span))
                continue
            }
            do throws(ReplFailure) {
                out.append((i.name.text, try input(entry, i.value, for: entity.fields[slot], entity: entity)))
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw ReplFailure(problems) }
        return out
    }

    /// One field's value as an input for the interpreter. Bare names of enum members,
    /// stages and records are taken by name (checked here, with "did you mean");
    /// anything else is evaluated and must have the field's type.
    func input(_ entry: ReplEntry, _ expr: Expr, for field: IRField, entity: IREntity) throws(ReplFailure) -> FieldInput {
        let lo = entry.file.offset(expr.span.start)
        let range = lo..<max(lo, entry.file.offset(expr.span.end))
        if let named = try named(entry, expr, kind: field.kind, type: field.type.unwrapped, field: field) { return named }
        let (compiled, type, env) = try evaluate(entry, expr, range: range)
        guard field.type.accepts(type) || type == .null else {
            throw ReplFailure(Diagnostic(.typeMismatch, "field `\(field.name)` of \(entity.name) is \(field.type), this is \(type)",
                                         at: expr.span, label: "expected \(field.type)"))
        }
        let value = try run(entry, compiled, env, range: range)
        guard let input = Self.input(value, calendar: program.calendar) else {
            throw ReplFailure(Diagnostic(.invalidCommand, "a value like `\(value.canonical(in: program.calendar))` cannot be stored in `\(field.name)`",
                                         at: expr.span))
        }
        return input
    }

    /// A bare name (or list of names) for an enum, stage or reference field; nil when
    /// the expression is not one, so it is evaluated instead.
    func named(_ entry: ReplEntry, _ expr: Expr, kind: SlotKind, type: CRMType, field: IRField) throws(ReplFailure) -> FieldInput? {
        switch (expr.kind, kind, type) {
        case (.name(let n), .enumeration(let typeName, let members), _):
            guard members.contains(n) else {
                if case .stage = type {
                    throw ReplFailure(Diagnostic(.unknownStage, "`\(n)` is not a stage of \(typeName)", at: expr.span, label: "unknown stage",
                                                 help: Suggest.closest(to: n, among: members).map { "did you mean `\($0)`?" }))
                }
                if (try? bindings(entry))?[n] != nil { return nil }
                throw ReplFailure(Diagnostic(.unknownEnumMember, "`\(n)` is not a member of \(typeName)", at: expr.span,
                                             label: "unknown member", help: Suggest.closest(to: n, among: members).map { "did you mean `\($0)`?" }
                                                ?? "members: " + members.joined(separator: ", ")))
            }
            return .text(n)
        case (.name(let n), .ref(_, let target), _):
            let name = entry.recordNames[n] ?? n
            guard let id = interpreter.resolve(name) else {
                throw ReplFailure(Diagnostic(.invalidCommand, "no record `\(name)`", at: expr.span, label: "not a record",
                                             help: "name records when creating them (`create \(target) u1 { … }`) or write `\(target)#1`"))
            }
            guard program.entities[Int(id.entity)].name == target else {
                throw ReplFailure(Diagnostic(.typeMismatch, "field `\(field.name)` refers to a \(target), `\(name)` is a \(program.entities[Int(id.entity)].name)",
                                             at: expr.span, label: "expected a \(target)"))
            }
            return .text(name)
        case (.list(let items), .list(let inner), .set(let element)), (.list(let items), .list(let inner), .list(let element)):
            guard case .enumeration = inner else { return nil }
            var out: [FieldInput] = []
            for item in items {
                guard let one = try named(entry, item, kind: inner, type: element.unwrapped, field: field) else { return nil }
                out.append(one)
            }
            return .list(out)
        case (.paren(let inner), _, _):
            return try named(entry, inner, kind: kind, type: type, field: field)
        default:
            return nil
        }
    }

    /// A value as the interpreter's field input (which converts it to the field's type).
    static func input(_ v: Value, calendar: ZonedCalendar) -> FieldInput? {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .number(String(n))
        case .decimal(let d): return .number(d.description)
        case .text(let s): return .text(s)
        case .list(let xs):
            var out: [FieldInput] = []
            for x in xs {
                guard let i = input(x, calendar: calendar) else { return nil }
                out.append(i)
            }
            return .list(out)
        case .duration(let d):
            // The interpreter reads one `N unit`; a mixed duration has no such spelling.
            if d.months == 0, d.micros % 1_000_000 == 0 { return .text("\(d.micros / 1_000_000) seconds") }
            if d.micros == 0 { return .text("\(d.months) months") }
            return nil
        case .money, .date, .datetime, .time, .enumMember, .record:
            return .text(v.canonical(in: calendar))
        }
    }
}
