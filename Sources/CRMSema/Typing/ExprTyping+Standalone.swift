// ExprTyping+Standalone owns typing one expression outside any declaration — what
// `crm eval` and the runtime's expression compiler need: the model's declarations
// (enums, entities, teams) are collected, then the expression is typed in a scope of
// the caller's locals. Only the expression's own diagnostics are returned; the model's
// are `Checker.check`'s business.
import CRMBase
import CRMSyntax

/// The outcome of typing a standalone expression.
public struct ExpressionCheck: Sendable {
    /// The expression's type (`error` when it is broken).
    public var type: CRMType
    /// The model's symbol table, for resolving enum members at run time.
    public var symbols: SymbolTable
    /// The diagnostics about the expression itself.
    public var diagnostics: [Diagnostic]
}

extension Checker {
    /// `checkExpression(_:model:locals:)` types `expr` against the declarations of `files`
    /// (which may be empty: then only built-ins are in scope). `locals` are extra names
    /// with their types (variables of a REPL or a test).
    public static func checkExpression(_ expr: Expr, model files: [FileSyntax] = [],
                                       locals: [String: CRMType] = [:]) -> ExpressionCheck {
        let ctx = CheckContext(files: files)
        // Why only these two stages: they build the symbol table the typer reads; the
        // later ones check declarations, whose findings are not about this expression.
        collectDeclarations(ctx)
        resolveTypes(ctx)
        let before = ctx.diagnostics.count
        var scope = Scope()
        scope.locals = locals
        var typer = TypeChecker(ctx)
        let type = typer.check(expr, in: scope)
        return ExpressionCheck(type: type, symbols: ctx.symbols, diagnostics: Array(ctx.diagnostics[before...]))
    }
}
