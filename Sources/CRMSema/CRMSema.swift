// CRMSema owns semantic analysis: it resolves every name of a model (all files together),
// gives every expression a type, checks lifecycles, rules, tables, approvals, roles,
// reports and tests, and runs lints. It runs as an explicit list of named stages
// (Checker.swift) that accumulate diagnostics and never throw. Its output, a `Model`
// (symbol table plus the typed syntax), is what the IR lowering will consume. It must not
// know about the runtime, the store or the command line.
