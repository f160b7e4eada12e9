// EvalError owns located run-time errors of expressions: what failed (its diagnostic
// code), a worded message that quotes the failing subexpression ("integer overflow in
// `a * b`"), and that subexpression's span, so a rule's failure points at the exact
// operator or call, rendered like any other diagnostic.
import CRMBase

/// A run-time (or compile-time, for an unchecked tree) error of an expression.
public struct EvalError: Error, Sendable, Equatable {
    /// The catalog entry (E1001 integer-overflow, ...).
    public var code: DiagnosticCode
    public var message: String
    /// The failing subexpression.
    public var span: Span
    public var help: String?

    public init(_ code: DiagnosticCode, _ message: String, at span: Span, help: String? = nil) {
        self.code = code
        self.message = message
        self.span = span
        self.help = help
    }

    /// `located(_:at:what:)` words a value-layer failure for the subexpression `what`.
    public static func located(_ e: ArithmeticError, at span: Span, what: String) -> EvalError {
        switch e {
        case .integerOverflow:
            EvalError(.integerOverflow, "integer overflow in \(what)", at: span,
                      help: "integers are 64-bit; use a decimal for larger values")
        case .divisionByZero:
            EvalError(.divisionByZero, "division by zero in \(what)", at: span)
        case .decimalOverflow:
            EvalError(.decimalOverflow, "decimal overflow in \(what): more than 38 significant digits", at: span)
        case .invalidDateArithmetic(let why):
            EvalError(.invalidDateArithmetic, "invalid date arithmetic in \(what): \(why)", at: span)
        case .invalidArgument(let why):
            EvalError(.invalidArgument, "invalid argument in \(what): \(why)", at: span)
        case .typeMismatch(let why):
            EvalError(.runtimeTypeError, "type error in \(what): \(why)", at: span)
        }
    }

    /// The error as a diagnostic, for the usual renderers.
    public var diagnostic: Diagnostic {
        Diagnostic(code, message, at: span, label: label, help: help)
    }

    var label: String {
        switch code.id {
        case "E1001": "overflows 64 bits"
        case "E1002": "divisor is zero"
        case "E1003": "too many digits"
        case "E1004": "no such date arithmetic"
        default: "fails here"
        }
    }
}
