// StandaloneEval owns evaluating one expression typed on a command line (`crm eval`):
// wrap it into a tiny synthetic source file so the parser and its diagnostics work
// unchanged, type it with the checker against a model's declarations, compile and run
// it with a clock and the model's zone.
//
// Why the diagnostics point into the expression: the user's text is registered as a
// source file `<expr>`; the wrapper `settings { eval: EXPR\n}` is parsed as a second
// file whose base position is chosen so that the expression's bytes have exactly the
// positions of `<expr>`'s. Spans that fall into the wrapper are clamped onto `<expr>`.
import CRMBase
import CRMSema
import CRMSyntax

/// What `crm eval` needs to know.
public struct EvalRequest {
    public var expression: String
    /// The model's parsed files (empty: built-ins only).
    public var model: [FileSyntax]
    public var clock: any Clock
    /// An explicit zone (`--timezone`), overriding the model's `settings { timezone: … }`.
    public var timezone: String?
    /// Variables in scope, with their declared types (a REPL's bindings, tests).
    public var locals: [String: (type: CRMType, value: Value)]

    public init(expression: String, model: [FileSyntax] = [], clock: any Clock, timezone: String? = nil,
                locals: [String: (type: CRMType, value: Value)] = [:]) {
        self.expression = expression
        self.model = model
        self.clock = clock
        self.timezone = timezone
        self.locals = locals
    }
}

/// The result of `crm eval`.
public enum EvalOutcome {
    /// The value, its checked type, and the zone it was computed in (for printing).
    case value(Value, CRMType, ZonedCalendar)
    /// Syntax or type errors (exit 1, nothing evaluated), or one run-time error.
    case failed([Diagnostic])
}

public enum StandaloneEval {
    static let prefix = "settings { eval: "
    static let suffix = "\n}\n"

    /// The zone a model asks for in `settings { timezone: "…" }`, if any.
    public static func modelTimeZone(_ files: [FileSyntax]) -> String? {
        for f in files {
            for d in f.decls {
                guard case .settings(let inits) = d.kind else { continue }
                for i in inits where i.name.text == "timezone" {
                    if case .string(let s) = i.value.kind, let zone = s.plainValue { return zone }
                }
            }
        }
        return nil
    }

    /// `run(_:sources:)` evaluates the request; `sources` receives the `<expr>` file so
    /// that diagnostics render with it.
    public static func run(_ request: EvalRequest, sources: SourceSet) -> EvalOutcome {
        let zoneName = request.timezone ?? modelTimeZone(request.model) ?? ZonedCalendar.defaultIdentifier
        // Room in front of `<expr>` for the wrapper's prefix (positions never overlap).
        sources.add(path: "<prelude>", bytes: Array(repeating: 0x20, count: prefix.utf8.count))
        let exprFile = sources.add(path: "<expr>", text: request.expression)
        let whole = exprFile.span
        guard let calendar = ZonedCalendar(identifier: zoneName) else {
            return .failed([EvalError(.invalidArgument, "unknown time zone `\(zoneName)`", at: whole,
                                      help: "use an IANA name such as \"Asia/Shanghai\" or \"UTC\"").diagnostic])
        }
        let wrapper = SourceFile(path: "<expr>", bytes: Array((prefix + request.expression + suffix).utf8),
                                 base: exprFile.base - UInt32(prefix.utf8.count))
        let parsed = Parser.parse(wrapper)
        if !parsed.diagnostics.isEmpty {
            return .failed(parsed.diagnostics.map { clamp($0, into: whole) })
        }
        guard parsed.decls.count == 1, case .settings(let inits) = parsed.decls[0].kind, inits.count == 1 else {
            return .failed([Diagnostic(.expectedToken, "expected one expression", at: whole)])
        }
        let expr = inits[0].value
        let types = request.locals.mapValues(\.type)
        let checked = Checker.checkExpression(expr, model: request.model, locals: types)
        if checked.diagnostics.contains(where: { $0.severity == .error }) {
            return .failed(checked.diagnostics.map { clamp($0, into: whole) })
        }
        let compiler = ExpressionCompiler(symbols: checked.symbols, names: types, calendar: calendar) { span in
            exprFile.text(of: span)
        }
        do {
            let compiled = try compiler.compile(expr)
            let environment = DictionaryEnvironment(request.locals.mapValues(\.value))
            let value = try compiled.evaluate(EvalContext(environment: environment, clock: request.clock, calendar: calendar))
            return .value(value, checked.type, calendar)
        } catch {
            return .failed([clamp(error.diagnostic, into: whole)])
        }
    }

    /// Moves a diagnostic's spans into `range` (the text the user typed, inside a
    /// wrapper the tool added), except spans `keep` says are elsewhere (a model file).
    /// `end` names the end of the user's text (`the expression`, `the entry`).
    public static func clamp(_ d: Diagnostic, into range: Span, end: String = "the expression",
                             keep: (Span) -> Bool = { _ in false }) -> Diagnostic {
        func fix(_ s: Span) -> Span {
            if keep(s) { return s }
            func c(_ p: SourcePos) -> SourcePos { min(max(p, range.start), range.end) }
            return Span(start: c(s.start), end: c(s.end))
        }
        var d = d
        // The wrapper's closing `}` is not the user's: name it for what it is.
        if d.primary.span.start >= range.end, d.message.hasSuffix("found `}`") {
            d.message = String(d.message.dropLast("found `}`".count)) + "found the end of \(end)"
        }
        d.primary.span = fix(d.primary.span)
        d.secondary = d.secondary.map { Label(fix($0.span), $0.text) }
        d.fixIts = d.fixIts.map { FixIt(span: fix($0.span), replacement: $0.replacement) }
        return d
    }
}

extension SourceFile {
    /// The whole file as a span.
    var span: Span { Span(start: pos(0), end: pos(bytes.count)) }

    /// The text of `span` if it lies in this file.
    func text(of span: Span) -> String? {
        guard contains(span.start), contains(span.end) else { return nil }
        let s = offset(span.start), e = offset(span.end)
        guard s <= e else { return nil }
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}
