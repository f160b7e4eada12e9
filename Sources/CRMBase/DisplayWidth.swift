// DisplayWidth owns the terminal column width of text: 2 for East Asian Wide/Fullwidth
// scalars, 0 for combining marks and controls, tabs expanded; used to place carets.

/// Terminal display width of Unicode scalars and strings (a small, table-driven `wcwidth`).
///
/// Rules, checked in this order:
/// - C0/C1 control characters (U+0000-001F, U+007F-009F) are 0 wide; a tab in a string
///   advances to the next multiple of `tabWidth`.
/// - Combining and invisible scalars are 0 wide: general categories Mn, Me and Cf (which
///   covers U+200B-200F, the zero-width joiner U+200D and the BOM), variation selectors
///   (U+FE00-FE0F, U+E0100-E01EF are Mn) and Hangul conjoining medial/final jamo U+1160-11FF.
/// - East Asian Wide and Fullwidth scalars (CJK, kana, Hangul syllables, full-width forms,
///   most emoji) are 2 wide, looked up in a sorted range table by binary search.
/// - Everything else is 1 wide.
///
/// Width is per scalar, not per grapheme cluster: a ZWJ emoji sequence counts the width of
/// each emoji it joins, as most terminals without grapheme support draw it.
public enum DisplayWidth {
    /// Sorted, non-overlapping closed ranges of East Asian Wide (W) and Fullwidth (F)
    /// scalars, hand-simplified from Unicode's EastAsianWidth.txt.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x231A...0x231B,   // watch, hourglass
        0x2329...0x232A,   // angle brackets
        0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE,
        0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693,
        0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3,
        0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD,
        0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
        0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF,
        0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E,   // CJK radicals, Kangxi, ideographic description, CJK symbols & punctuation
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, CJK compatibility
        0x3400...0x4DBF,   // CJK Extension A
        0x4E00...0x9FFF,   // CJK Unified Ideographs
        0xA000...0xA4CF,   // Yi
        0xA960...0xA97F,   // Hangul Jamo Extended-A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE4F,   // CJK compatibility forms
        0xFE50...0xFE6B,   // small form variants
        0xFF00...0xFF60,   // full-width ASCII and punctuation
        0xFFE0...0xFFE6,   // full-width signs
        0x16FE0...0x16FE4,
        0x17000...0x18CFF, // Tangut, Khitan
        0x1AFF0...0x1B2FF, // Kana supplement and extensions, Nushu
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265,
        0x1F300...0x1F64F, // misc symbols and pictographs, emoticons
        0x1F680...0x1F6FF, // transport and map symbols
        0x1F7E0...0x1F7EB,
        0x1F900...0x1F9FF, // supplemental symbols and pictographs
        0x1FA70...0x1FAFF, // symbols and pictographs extended-A
        0x20000...0x2FFFD, // CJK Extensions B-F, compatibility supplement
        0x30000...0x3FFFD, // CJK Extensions G-H
    ]

    /// `isWide(_:)` reports whether `value` falls in `wideRanges` (binary search).
    static func isWide(_ value: UInt32) -> Bool {
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if value < r.lowerBound { hi = mid - 1 }
            else if value > r.upperBound { lo = mid + 1 }
            else { return true }
        }
        return false
    }

    /// `isControl(_:)` reports C0 and C1 control characters, including DEL.
    static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (value >= 0x7F && value <= 0x9F)
    }

    /// `of(_:)` returns the number of terminal columns `scalar` occupies: 0, 1 or 2.
    /// A tab is 0 here; only the string overloads know the column it expands from.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }   // ASCII fast path
        if isControl(v) { return 0 }
        if v >= 0x1160 && v <= 0x11FF { return 0 } // conjoining jamo vowels and finals
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(v) ? 2 : 1
    }

    /// `of(_:tabWidth:startColumn:)` returns the number of columns `s` occupies when it is
    /// drawn starting at 0-based display column `startColumn`; a tab advances to the next
    /// multiple of `tabWidth` (so the result depends on `startColumn`).
    public static func of(_ s: String, tabWidth: Int = 4, startColumn: Int = 0) -> Int {
        width(of: s.unicodeScalars, tabWidth: tabWidth, startColumn: startColumn)
    }

    /// Substring form of `of(_:tabWidth:startColumn:)`.
    public static func of(_ s: Substring, tabWidth: Int = 4, startColumn: Int = 0) -> Int {
        width(of: s.unicodeScalars, tabWidth: tabWidth, startColumn: startColumn)
    }

    /// `advance(_:from:tabWidth:)` returns the display column after drawing `scalar` at
    /// 0-based `column`: tabs jump to the next tab stop, other scalars add their width.
    public static func advance(_ scalar: Unicode.Scalar, from column: Int, tabWidth: Int = 4) -> Int {
        if scalar == "\t" {
            let tw = max(1, tabWidth)
            return column + tw - column % tw
        }
        return column + of(scalar)
    }

    static func width<S: Sequence>(of scalars: S, tabWidth: Int, startColumn: Int) -> Int
    where S.Element == Unicode.Scalar {
        let start = max(0, startColumn)
        var column = start
        for s in scalars { column = advance(s, from: column, tabWidth: tabWidth) }
        return column - start
    }
}
