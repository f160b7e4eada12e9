// The list of stages after entity checking, kept in its own file so each stage can be
// added without touching Checker.swift's core.

extension Checker {
    static let laterStages: [Stage] = []
}
