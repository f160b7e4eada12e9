// The stages after entity checking, in order. Each lives in its own file.

extension Checker {
    static let laterStages: [Stage] = [
        Stage("checkLifecycles", checkLifecycles),   // needs resolveTypes: transitions, reachability, entry requirements
        Stage("checkRules", checkRules),             // needs checkLifecycles: triggers, conditions, actions, templates, scores
        Stage("checkTables", checkTables),           // needs resolveTypes: decision tables (types, gaps, overlaps)
        Stage("checkOthers", checkOthers),           // approvals, roles and permissions, segments, reports, tests, settings
        Stage("checkCascades", checkCascades),       // needs checkRules: rule graph cycles and conflicting writes
        Stage("runLints", runLints),                 // last: unused declarations and other warnings
    ]
}
