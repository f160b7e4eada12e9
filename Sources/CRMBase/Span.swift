// Positions are one small integer (Go's token.Pos): a byte offset into a SourceSet.
// Line and column are computed only when a diagnostic is rendered.

/// A byte offset into a `SourceSet`. `0` means "no position".
/// Each file owns the half-open range `base ..< base + count + 1` (the +1 is EOF).
public struct SourcePos: Comparable, Hashable, Sendable {
    public var raw: UInt32
    public init(raw: UInt32) { self.raw = raw }
    public static let none = SourcePos(raw: 0)
    public var isValid: Bool { raw != 0 }
    public static func < (a: SourcePos, b: SourcePos) -> Bool { a.raw < b.raw }
    /// `advanced(by:)` moves the position by `n` bytes.
    public func advanced(by n: Int) -> SourcePos { SourcePos(raw: UInt32(Int(raw) + n)) }
}

/// A half-open byte range `[start, end)` in one file.
public struct Span: Hashable, Sendable {
    public var start: SourcePos
    public var end: SourcePos
    public init(start: SourcePos, end: SourcePos) { self.start = start; self.end = end }
    public static let none = Span(start: .none, end: .none)
    public var isValid: Bool { start.isValid }
    public var length: Int { Int(end.raw) - Int(start.raw) }
    /// `to(_:)` returns the span covering `self` through `other`.
    public func to(_ other: Span) -> Span {
        guard isValid else { return other }
        guard other.isValid else { return self }
        return Span(start: min(start, other.start), end: max(end, other.end))
    }
}
