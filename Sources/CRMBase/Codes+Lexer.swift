// Diagnostic codes of the lexer (E01xx), sorted by id.

extension DiagnosticCode {
    static let lexerCodes: [DiagnosticCode] = [
        invalidCharacter, fullWidthPunctuation, unterminatedString, unterminatedComment,
        invalidEscape, invalidUTF8, invalidNumber, invalidDate, unclosedInterpolation,
        foreignOperator,
    ]

    public static let invalidCharacter = DiagnosticCode("E0101", "invalid-character", .error,
        summary: "a character that cannot start any token",
        explanation: """
        The lexer met a character that is not part of the language outside a string or a
        comment, such as `@`, `$` or `~`.

        Wrong:   score: int = @10
        Right:   score: int = 10
        """)

    public static let fullWidthPunctuation = DiagnosticCode("E0102", "full-width-punctuation", .error,
        summary: "full-width or typographic punctuation where ASCII is needed",
        explanation: """
        Chinese input methods type full-width punctuation (`：` `，` `（` `）` `；`), and
        word processors type smart quotes (“ ” ‘ ’). The language uses ASCII punctuation;
        names and strings may hold any character.

        Wrong:   name： text required
        Right:   name: text required
        """)

    public static let unterminatedString = DiagnosticCode("E0103", "unterminated-string", .error,
        summary: "a string literal is not closed on its line",
        explanation: """
        A string starts with `"` and must end with `"` on the same line. The lexer ends the
        string at the end of the line so that the rest of the file is still checked.

        Wrong:   template welcome for Lead { subject "欢迎 }
        Right:   template welcome for Lead { subject "欢迎" }
        """)

    public static let unterminatedComment = DiagnosticCode("E0104", "unterminated-comment", .error,
        summary: "a block comment `#|` has no closing `|#`",
        explanation: """
        Block comments start with `#|` and end with `|#`; they nest. A comment that is
        never closed swallows the rest of the file.

        Wrong:   #| draft rules
        Right:   #| draft rules |#
        """)

    public static let invalidEscape = DiagnosticCode("E0105", "invalid-escape", .error,
        summary: "an unknown escape sequence in a string",
        explanation: """
        Strings accept the escapes \\" \\\\ \\n \\t \\{ \\} and \\u{HEX}. Any other
        character after a backslash is an error.

        Wrong:   "C:\\data"
        Right:   "C:\\\\data"
        """)

    public static let invalidUTF8 = DiagnosticCode("E0106", "invalid-utf8", .error,
        summary: "the file is not valid UTF-8",
        explanation: """
        Model files are UTF-8. The diagnostic gives the byte offset of the first bad byte
        of each run. Re-save the file as UTF-8 (not GBK or UTF-16).
        """)

    public static let invalidNumber = DiagnosticCode("E0107", "invalid-number", .error,
        summary: "a malformed or out-of-range number, money or duration literal",
        explanation: """
        Integers are 64-bit; a literal larger than 9223372036854775807 is an error, and so
        is a decimal point with no digit after it.

        Wrong:   limit: int = 99999999999999999999
        Right:   limit: int = 9999999999
        """)

    public static let invalidDate = DiagnosticCode("E0108", "invalid-date", .error,
        summary: "a date, datetime or time literal that does not exist",
        explanation: """
        Date literals are YYYY-MM-DD, datetimes YYYY-MM-DDTHH:MM[:SS], times HH:MM. The
        month must be 1-12, the day must exist in that month, hours 0-23, minutes and
        seconds 0-59.

        Wrong:   clock 2026-02-30T09:00
        Right:   clock 2026-02-28T09:00
        """)

    public static let unclosedInterpolation = DiagnosticCode("E0109", "unclosed-interpolation", .error,
        summary: "a `{` in a string has no matching `}`",
        explanation: """
        Inside a string, `{expr}` inserts the value of an expression. Write `\\{` for a
        literal brace.

        Wrong:   body "您好 {name，欢迎"
        Right:   body "您好 {name}，欢迎"
        """)

    public static let foreignOperator = DiagnosticCode("E0110", "foreign-operator", .error,
        summary: "an operator from another language",
        explanation: """
        Operators such as `&&`, `||`, `!`, `+=`, `++` and `===` come from other languages.
        Use `and`, `or`, `not`, `set x = x + 1` and `==`.

        Wrong:   where score > 80 && source == 淘宝
        Right:   where score > 80 and source == 淘宝
        """)
}
