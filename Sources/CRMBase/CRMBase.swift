// CRMBase owns what every stage shares and nothing stage-specific: source files and
// byte positions (SourcePos, Span, SourceFile, SourceSet), display width for drawing
// carets under CJK text, and diagnostics as data plus their four renderers
// (human, JSON, SARIF 2.1.0, GitHub annotations). It must not know about tokens,
// syntax trees, types or the runtime; those stages report through `Diagnostic`.
