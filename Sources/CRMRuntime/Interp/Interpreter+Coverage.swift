// Interpreter+Coverage owns the observer hook that `crm test --coverage` listens on:
// the interpreter reports each evaluated rule condition (`where`) and each tested
// decision-table row, with its outcome. The hook is a single optional reference on the
// interpreter (`observer`); with none set, each reporting point costs one nil check, so
// `crm run` and the hot path pay nothing else. Observers must not touch the store: they
// are called in the middle of a command's transaction.

/// Receives what the interpreter evaluated, for coverage.
public protocol InterpreterObserver: AnyObject {
    /// The `where` of rule `rule` (its index in run order) was evaluated: true or not.
    func conditionEvaluated(rule: Int, value: Bool)
    /// Row `row` (0-based) of decision table `table` was tested: matched or not.
    func tableRowTested(table: String, row: Int, matched: Bool)
}
