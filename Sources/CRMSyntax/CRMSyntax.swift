// CRMSyntax owns the text-level language: tokens and the lexer (UTF-8 bytes in, tokens
// and comments out), the syntax tree with spans, the recovering parser, and the
// canonical printer behind `crm fmt`. It reports through CRMBase diagnostics and must not
// know about name resolution, types or the runtime (that is CRMSema and later stages).
