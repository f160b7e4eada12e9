// The precedence table of the Pratt expression parser, one line per level, lowest first.
// `and`/`or` short-circuit at run time; comparisons do not chain (`a < b < c` is E0211).

public enum Precedence: UInt8, Comparable, Sendable {
    case lowest
    case or          // or
    case and         // and
    case not         // not (prefix)
    case comparison  // == != < <= > >= in has
    case coalesce    // ??
    case term        // + -
    case factor      // * / %
    case unary       // - (prefix)
    case postfix     // . () []

    public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
    /// The next tighter level, for left-associative operators.
    var next: Precedence { Precedence(rawValue: rawValue + 1) ?? .postfix }
}

extension BinaryOp {
    public var precedence: Precedence {
        switch self {
        case .or: .or
        case .and: .and
        case .eq, .ne, .lt, .le, .gt, .ge, .in, .has: .comparison
        case .coalesce: .coalesce
        case .add, .sub: .term
        case .mul, .div, .mod: .factor
        }
    }
}

extension Parser {
    /// `infixOperator` maps the current token to a binary operator, or nil.
    var infixOperator: BinaryOp? {
        switch tok.kind {
        case .kwOr: .or
        case .kwAnd: .and
        case .eq: .eq
        case .ne: .ne
        case .lt: .lt
        case .le: .le
        case .gt: .gt
        case .ge: .ge
        case .coalesce: .coalesce
        case .plus: .add
        case .minus: .sub
        case .star: .mul
        case .slash: .div
        case .percent: .mod
        case .name: tok.word == .in ? .in : tok.word == .has ? .has : nil
        default: nil
        }
    }

    /// Tokens that can begin an expression.
    var startsExpression: Bool {
        switch tok.kind {
        case .name: return tok.word != .do && tok.word != .where
        case .int, .decimal, .money, .duration, .date, .datetime, .time, .string,
             .kwTrue, .kwFalse, .kwNull, .kwNot, .kwIf, .lparen, .lbracket, .minus:
            return true
        default:
            return false
        }
    }
}
