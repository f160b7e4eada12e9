// StringBits: the two words a String is made of, compared as String's own `==` first
// compares them — equal words are the same string (a short one, up to 15 UTF-8 bytes,
// is held in the words themselves). A test that costs two comparisons and retains
// nothing, for names and actors compared on every command (CRMRuntime's NameTable,
// CRMStore's audit log); when the words differ, the strings may still be equal, so
// callers fall back to a full comparison.

/// The two words of a String's representation (64-bit platforms), compared as String's
/// `==` first does: equal words are the same string. Copying them retains nothing.
public struct StringBits: Equatable, Sendable {
    public var low: UInt64 = 0
    public var high: UInt64 = 0

    public static let available = MemoryLayout<String>.size == MemoryLayout<(UInt64, UInt64)>.size

    public init(_ s: String) {
        guard Self.available else { return }
        (low, high) = unsafeBitCast(s, to: (UInt64, UInt64).self)
    }
}
