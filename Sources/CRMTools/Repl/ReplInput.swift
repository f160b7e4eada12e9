// ReplInput owns when a REPL entry is complete: an entry continues onto the next line
// while a `{`, `[` or `(` is open (outside strings and comments), so a record typed over
// several lines arrives as one entry. Both the terminal editor (Enter inserts a newline
// instead of submitting) and the piped reader (lines are joined) ask the same question.
// It also knows the REPL's one lexical addition to the language: `Entity#12` names a
// record, so a `#` right after a name and before a digit is not a comment.

/// Lexical facts about REPL input that do not need the language's parser.
public enum ReplInput {
    /// `isComplete(_:)` is false while a bracket is open; an unbalanced closer, an
    /// unterminated string and everything else count as complete, so the parser can
    /// report them instead of the REPL waiting forever.
    public static func isComplete(_ text: String) -> Bool { openDepth(text) <= 0 }

    /// `openDepth(_:)` is the number of brackets left open at the end of `text`.
    public static func openDepth(_ text: String) -> Int {
        let s = Array(text.unicodeScalars)
        var depth = 0, i = 0
        var blockComments = 0
        while i < s.count {
            let c = s[i]
            if blockComments > 0 {
                if c == "|", i + 1 < s.count, s[i + 1] == "#" { blockComments -= 1; i += 2; continue }
                if c == "#", i + 1 < s.count, s[i + 1] == "|" { blockComments += 1; i += 2; continue }
                i += 1
                continue
            }
            switch c {
            case "\"":
                // A string ends at its closing quote or at the end of the line.
                i += 1
                while i < s.count, s[i] != "\"", s[i] != "\n" {
                    if s[i] == "\\" { i += 1 }
                    i += 1
                }
            case "#":
                if isRecordHash(s, at: i) { break }
                if i + 1 < s.count, s[i + 1] == "|" { blockComments += 1; i += 1; break }
                while i < s.count, s[i] != "\n" { i += 1 }
            case "{", "[", "(": depth += 1
            case "}", "]", ")": depth -= 1
            default: break
            }
            i += 1
        }
        return blockComments > 0 ? max(depth, 1) : depth
    }

    /// Whether the `#` at `i` is the middle of a record name such as `Lead#1`.
    static func isRecordHash(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        i > 0 && i + 1 < s.count && isNameScalar(s[i - 1]) && s[i + 1].properties.numericType == .decimal
    }

    /// `isNameScalar(_:)`: a scalar that may appear in a name (letters of any script,
    /// digits, `_`): XID_Continue, as the language's lexer accepts them.
    public static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        return c.properties.isXIDContinue
    }
}
