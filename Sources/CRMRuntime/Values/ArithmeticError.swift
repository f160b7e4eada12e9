// ArithmeticError owns the failures of the value layer (integers, decimals, money,
// dates, durations). They carry no position: the evaluator wraps them into an
// `EvalError` with the span and the text of the failing subexpression.

/// Why an operation on values failed.
public enum ArithmeticError: Error, Sendable, Equatable {
    /// A 64-bit integer result does not fit (`Int64.max + 1`, `Int64.min / -1`).
    case integerOverflow
    /// Division or remainder by zero (int, decimal, money, duration).
    case divisionByZero
    /// A decimal or money result needs more than 38 significant digits.
    case decimalOverflow
    /// Date or duration arithmetic that has no answer (`date + 2 hours`, a date out of range).
    case invalidDateArithmetic(String)
    /// A function argument that is of the right type but unusable (a bad regex, a bad zone).
    case invalidArgument(String)
    /// Values of types the operation does not accept. The checker rules this out; the
    /// evaluator reports it instead of trapping if it is handed an unchecked tree.
    case typeMismatch(String)
}
