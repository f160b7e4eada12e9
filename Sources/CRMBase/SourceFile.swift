// SourceFile holds one file's bytes and its line table; SourceSet gives every file a
// disjoint range of SourcePos values so a Span alone identifies file, line and column.

/// A line/column location, computed on demand from a `SourcePos`.
/// `line` and both columns are 1-based. `byteColumn` counts UTF-8 bytes (used by SARIF
/// and JSON, documented there); `column` counts Unicode scalars (used in `file:line:col`,
/// as editors count).
public struct Location: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public var byteColumn: Int
}

/// One source file: its display path, its bytes and a table of line starts.
public final class SourceFile: @unchecked Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// The SourcePos of byte 0 of this file.
    public let base: UInt32
    /// Byte offsets at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(path: String, bytes: [UInt8], base: UInt32) {
        self.path = path
        self.bytes = bytes
        self.base = base
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// `pos(_:)` converts a byte offset in this file to a SourcePos.
    public func pos(_ offset: Int) -> SourcePos { SourcePos(raw: base + UInt32(offset)) }
    /// `offset(_:)` converts a SourcePos in this file to a byte offset, clamped to the file.
    public func offset(_ pos: SourcePos) -> Int {
        let o = Int(pos.raw) - Int(base)
        return max(0, min(o, bytes.count))
    }
    public func contains(_ pos: SourcePos) -> Bool {
        pos.raw >= base && Int(pos.raw) <= Int(base) + bytes.count
    }
    /// `lineIndex(ofOffset:)` finds the 0-based line of a byte offset by binary search.
    public func lineIndex(ofOffset offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
    /// `location(of:)` returns the 1-based line, scalar column and byte column of `pos`.
    public func location(of pos: SourcePos) -> Location {
        let off = offset(pos)
        let line = lineIndex(ofOffset: off)
        let start = lineStarts[line]
        var scalars = 0
        var i = start
        while i < off {
            // Count UTF-8 lead bytes only: continuation bytes are 0b10xxxxxx.
            if bytes[i] & 0xC0 != 0x80 { scalars += 1 }
            i += 1
        }
        return Location(line: line + 1, column: scalars + 1, byteColumn: off - start + 1)
    }
    /// `lineRange(_:)` returns the byte range of 0-based `line`, without its newline.
    public func lineRange(_ line: Int) -> Range<Int> {
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > start && end <= bytes.count && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }
    /// `lineText(_:)` returns 0-based `line` as text (invalid UTF-8 repaired with U+FFFD).
    public func lineText(_ line: Int) -> String {
        String(decoding: bytes[lineRange(line)], as: UTF8.self)
    }
    public var lineCount: Int { lineStarts.count }
}

/// The files of one run. Positions from different files never overlap.
public final class SourceSet: @unchecked Sendable {
    public private(set) var files: [SourceFile] = []
    private var nextBase: UInt32 = 1

    public init() {}

    /// `add(path:bytes:)` registers a file and returns it. Files larger than the
    /// position space (4 GiB in all) are refused by the caller before reading.
    @discardableResult
    public func add(path: String, bytes: [UInt8]) -> SourceFile {
        let file = SourceFile(path: path, bytes: bytes, base: nextBase)
        nextBase += UInt32(bytes.count) + 1
        files.append(file)
        return file
    }
    /// `add(path:text:)` registers a file given as a String.
    @discardableResult
    public func add(path: String, text: String) -> SourceFile {
        add(path: path, bytes: Array(text.utf8))
    }
    /// `file(containing:)` finds the file that owns `pos`, or nil for `.none`.
    public func file(containing pos: SourcePos) -> SourceFile? {
        guard pos.isValid else { return nil }
        var lo = 0, hi = files.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let f = files[mid]
            if pos.raw < f.base { hi = mid - 1 }
            else if Int(pos.raw) > Int(f.base) + f.bytes.count { lo = mid + 1 }
            else { return f }
        }
        return nil
    }
    /// Index of a file in `files`, used to sort diagnostics by file order.
    public func fileIndex(of pos: SourcePos) -> Int {
        guard let f = file(containing: pos) else { return -1 }
        return files.firstIndex { $0 === f } ?? -1
    }
}
