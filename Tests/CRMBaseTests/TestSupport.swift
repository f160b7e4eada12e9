// Shared helpers for CRMBase tests: building source sets and finding spans by text.

import CRMBase

/// `span(_:_:occurrence:length:)` returns the span of the `occurrence`-th (0-based) match
/// of `needle` in `file`, or a span of `length` bytes starting there when given.
func span(_ file: SourceFile, _ needle: String, occurrence: Int = 0, length: Int? = nil) -> Span {
    let hay = file.bytes, pat = Array(needle.utf8)
    var seen = 0
    var i = 0
    while i + pat.count <= hay.count {
        if Array(hay[i..<(i + pat.count)]) == pat {
            if seen == occurrence {
                return Span(start: file.pos(i), end: file.pos(i + (length ?? pat.count)))
            }
            seen += 1
        }
        i += 1
    }
    return .none
}

/// A zero-length span at byte `offset` of `file`.
func point(_ file: SourceFile, _ offset: Int) -> Span {
    Span(start: file.pos(offset), end: file.pos(offset))
}

/// `[line, column, byteColumn]` of `pos` in `file` (Location's memberwise init is internal).
func lcb(_ file: SourceFile, _ pos: SourcePos) -> [Int] {
    let l = file.location(of: pos)
    return [l.line, l.column, l.byteColumn]
}
