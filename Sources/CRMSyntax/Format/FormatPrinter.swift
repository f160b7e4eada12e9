// FormatPrinter is the line buffer behind `Formatter`: it collects output lines with
// their indentation, interleaves the file's comments by source position, and decides
// where blank lines go. The `Formatter+*.swift` files extend it with one method per
// syntax node; they only say "start a line here, at this source position".
//
// Comment placement: before a line whose code starts at source position P is emitted,
// every comment that starts before P is flushed. A trailing comment (code precedes it on
// its source line) is appended to the last code line; an own-line comment becomes a line
// of its own at the indentation of the line that follows it. Comments therefore keep
// their order and are never dropped, although a comment inside an expression may move
// to the end of (or after) the line that holds the expression.
import CRMBase

/// One output line: indentation level, code text and the comments that end it.
struct FormatLine {
    var indent: Int
    var text: String
    /// Comment texts appended after the code, in order (verbatim, trimmed).
    var comments: [String] = []
    /// False for lines that are themselves a comment, and for blank lines.
    var isCode: Bool
    /// True when nothing more may follow on the line: its last comment is a line
    /// comment (which runs to the end of the line) or a block comment spanning lines
    /// (a comment after it would no longer be trailing when reparsed).
    var closed = false

    static let blank = FormatLine(indent: 0, text: "", isCode: false)
    var isBlank: Bool { text.isEmpty && comments.isEmpty }
}

/// The mutable state of one `Formatter.format` run.
struct FormatPrinter {
    let file: SourceFile
    let comments: [Comment]
    /// Index of the first comment not yet printed.
    var nextComment = 0
    var lines: [FormatLine] = []
    /// Byte offset just after the last printed source element (item or comment).
    var lastEnd = 0
    /// Set after a line that opens a block: no blank line may follow it.
    var suppressBlank = true
    /// Set between two top-level declarations whose source had no blank line between
    /// them: the next own-line element gets one, so declarations are always separated.
    var forceBlank = false
    /// Byte offset of the end of the last declaration printed (0 before the first).
    var previousDeclEnd = 0

    init(file: SourceFile, comments: [Comment]) {
        self.file = file
        self.comments = comments.sorted { $0.span.start < $1.span.start }
    }

    // MARK: - Positions

    /// `offset(_:)` is the byte offset of `pos` in the file.
    func offset(_ pos: SourcePos) -> Int { file.offset(pos) }

    /// The position of the last byte of `span`, where a block's closing `}` sits.
    func closingPos(_ span: Span) -> SourcePos {
        span.end.raw > span.start.raw ? SourcePos(raw: span.end.raw - 1) : span.end
    }

    /// `closingBrace(after:)` finds the `}` that follows `end` across whitespace, commas
    /// and comments (a record literal's brace, which the tree does not record); `end`
    /// itself if something else comes first.
    func closingBrace(after end: SourcePos) -> SourcePos {
        let bytes = file.bytes
        var k = offset(end)
        var j = nextComment
        while k < bytes.count {
            while j < comments.count && offset(comments[j].span.start) < k { j += 1 }
            if j < comments.count && offset(comments[j].span.start) == k {
                k = offset(comments[j].span.end)
                continue
            }
            switch bytes[k] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: ","): k += 1
            case UInt8(ascii: "}"): return file.pos(k)
            default: return end
            }
        }
        return end
    }

    /// `firstComment(atOrAfter:)` is the index of the first comment starting at or
    /// after `pos` (binary search; `comments` is sorted).
    func firstComment(atOrAfter pos: SourcePos) -> Int {
        var lo = 0, hi = comments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if comments[mid].span.start < pos { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `hasComment(in:)` says whether any comment starts inside `span`.
    func hasComment(in span: Span) -> Bool {
        let i = firstComment(atOrAfter: span.start)
        return i < comments.count && comments[i].span.start < span.end
    }

    /// `sameLine(_:_:)` says whether two positions are on the same source line.
    func sameLine(_ a: SourcePos, _ b: SourcePos) -> Bool {
        file.lineIndex(ofOffset: offset(a)) == file.lineIndex(ofOffset: offset(b))
    }

    /// `hasBlankLine(from:to:)` says whether a whitespace-only line lies strictly between
    /// the lines holding byte offsets `a` and `b`.
    func hasBlankLine(from a: Int, to b: Int) -> Bool {
        guard b > a else { return false }
        let first = file.lineIndex(ofOffset: a) + 1
        let last = file.lineIndex(ofOffset: b)
        guard first < last else { return false }
        for line in first..<last where isWhitespaceOnly(line) { return true }
        return false
    }

    /// `isWhitespaceOnly(_:)` says whether 0-based `line` holds only spaces and tabs.
    func isWhitespaceOnly(_ line: Int) -> Bool {
        file.bytes[file.lineRange(line)].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0C }
    }

    // MARK: - Emitting lines

    /// `item(_:at:indent:)` starts the line of a list item (declaration, member, action,
    /// step, row…): comments before it are flushed, and one blank line is kept if the
    /// source had blank lines before it.
    mutating func item(_ text: String, at pos: SourcePos, indent: Int) {
        flushComments(before: pos, indent: indent, allowBlank: true)
        blankIfSource(before: offset(pos))
        append(text, indent: indent)
    }

    /// `line(_:at:indent:)` starts a continuation line inside an item (a rule's trigger,
    /// `} else {`): comments before it are flushed, blank lines are not kept.
    mutating func line(_ text: String, at pos: SourcePos, indent: Int) {
        flushComments(before: pos, indent: indent, allowBlank: false)
        append(text, indent: indent)
    }

    /// `close(_:at:indent:)` prints a block's closing line (usually `}`) at `indent`;
    /// comments before `pos` go inside the block, one level deeper.
    mutating func close(_ text: String = "}", at pos: SourcePos, indent: Int) {
        flushComments(before: pos, indent: indent + 1, allowBlank: true)
        suppressBlank = false
        append(text, indent: indent)
        lastEnd = max(lastEnd, offset(pos))
    }

    /// `opened()` records that the last line opened a block.
    mutating func opened() { suppressBlank = true }

    /// `finished(_:)` records the end of a printed item for blank-line detection.
    mutating func finished(_ span: Span) {
        lastEnd = max(lastEnd, offset(span.end))
    }

    /// `append(_:indent:)` adds a code line without looking at comments.
    mutating func append(_ text: String, indent: Int) {
        lines.append(FormatLine(indent: indent, text: text, isCode: true))
        suppressBlank = false
    }

    /// `blankIfSource(before:)` adds one blank line when the source had one between the
    /// last printed element and byte offset `b`, or when a declaration break is due.
    mutating func blankIfSource(before b: Int) {
        let wanted = forceBlank || (!suppressBlank && hasBlankLine(from: lastEnd, to: b))
        forceBlank = false
        if wanted && !lines.isEmpty && !(lines.last?.isBlank ?? true) { lines.append(.blank) }
    }

    /// `hasBlankInGaps(from:to:)` says whether the source has a blank line between two
    /// top-level declarations, outside the comments that sit between them.
    func hasBlankInGaps(from a: Int, to b: Int) -> Bool {
        var start = a
        var i = firstComment(atOrAfter: file.pos(a))
        while i < comments.count && offset(comments[i].span.start) < b {
            if hasBlankLine(from: start, to: offset(comments[i].span.start)) { return true }
            start = max(start, offset(comments[i].span.end))
            i += 1
        }
        return hasBlankLine(from: start, to: b)
    }

    // MARK: - Comments

    /// `flushComments(before:indent:allowBlank:)` prints every pending comment that
    /// starts before `pos`.
    mutating func flushComments(before pos: SourcePos, indent: Int, allowBlank: Bool) {
        while nextComment < comments.count && comments[nextComment].span.start < pos {
            emitComment(comments[nextComment], indent: indent, allowBlank: allowBlank)
            nextComment += 1
        }
    }

    /// `flushAll(indent:)` prints every remaining comment (at the end of the file).
    mutating func flushAll(indent: Int) {
        while nextComment < comments.count {
            emitComment(comments[nextComment], indent: indent, allowBlank: true)
            nextComment += 1
        }
    }

    /// `emitComment(_:indent:allowBlank:)` prints one comment: a trailing comment at the
    /// end of the last code line when it can go there, otherwise on a line of its own.
    mutating func emitComment(_ c: Comment, indent: Int, allowBlank: Bool) {
        let text = commentText(c)
        defer { lastEnd = max(lastEnd, offset(c.span.end)) }
        if c.trailing, let last = lines.indices.last, lines[last].isCode, !lines[last].closed {
            appendComment(text, kind: c.kind, to: last)
            return
        }
        if indent == 0, text.hasPrefix("##"), c.trailing || offset(c.span.start) < previousDeclEnd,
           let code = lines.lastIndex(where: { $0.isCode }) {
            makeRoomForDoc(on: code)
            appendComment(text, kind: c.kind, to: code)
            return
        }
        if allowBlank { blankIfSource(before: offset(c.span.start)) }
        lines.append(FormatLine(indent: indent, text: text, isCode: false))
        suppressBlank = false
    }

    /// `appendComment(_:kind:to:)` appends a comment to code line `line`.
    mutating func appendComment(_ text: String, kind: Comment.Kind, to line: Int) {
        lines[line].comments.append(text)
        lines[line].closed = kind != .block || text.contains("\n")
    }

    /// `makeRoomForDoc(on:)` prepares code line `line` for a `##` comment that cannot go
    /// on a line of its own at top level, where it would become the doc comment of the
    /// next declaration: one that trailed code, or one from inside the previous
    /// declaration (`segment s of X where a and` / `## note` / `b`). A comment that ends
    /// the line and closes it moves to a line of its own below; only another `##` stays
    /// (and the new one merges into it, one comment fewer). No text is lost and no
    /// declaration's doc changes.
    mutating func makeRoomForDoc(on line: Int) {
        guard lines[line].closed, let last = lines[line].comments.last, !last.hasPrefix("##") else { return }
        lines[line].comments.removeLast()
        lines[line].closed = false
        lines.insert(FormatLine(indent: lines[line].indent, text: last, isCode: false), at: line + 1)
    }

    /// The comment's source text with trailing spaces removed from each of its lines.
    func commentText(_ c: Comment) -> String {
        let s = offset(c.span.start), e = offset(c.span.end)
        let raw = String(decoding: file.bytes[s..<max(s, e)], as: UTF8.self)
        let parts = raw.split(separator: "\n", omittingEmptySubsequences: false)
        return parts.map { trimTrailing($0) }.joined(separator: "\n")
    }

    /// `trimTrailing(_:)` drops trailing spaces, tabs, form feeds and carriage returns.
    func trimTrailing(_ s: Substring) -> String {
        var t = s
        while let l = t.last, l == " " || l == "\t" || l == "\r" || l == "\u{0C}" { t.removeLast() }
        return String(t)
    }

    // MARK: - Rendering

    /// `render()` joins the lines: two spaces per indent level, comments after one
    /// space, no trailing blank lines, exactly one final newline.
    func render() -> String {
        var out: [String] = []
        out.reserveCapacity(lines.count)
        for l in lines {
            if l.isBlank { out.append(""); continue }
            var s = String(repeating: "  ", count: l.indent) + l.text
            for c in l.comments { s += (s.isEmpty ? "" : " ") + c }
            out.append(s)
        }
        while out.last == "" { out.removeLast() }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }
}
