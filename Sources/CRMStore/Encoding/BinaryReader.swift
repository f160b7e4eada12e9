// BinaryReader: decodes the format BinaryWriter writes, refusing malformed input with
// a StoreDecodingError that says where (byte offset) and what is wrong. It never traps:
// every read checks the remaining length first, and counts are checked against the
// bytes left before anything is allocated, so a hostile length cannot reserve gigabytes.

/// Malformed input: the offset of the offending byte and what is wrong there.
public struct StoreDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) { self.offset = offset; self.reason = reason }

    public var description: String { "at byte \(offset): \(reason)" }
}

/// Reads little-endian fields from a byte buffer.
public struct BinaryReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    public func fail(_ reason: String, at offset: Int? = nil) -> StoreDecodingError {
        StoreDecodingError(offset: offset ?? self.offset, reason: reason)
    }

    // `what` is an autoclosure throughout: the label is only built for an error message,
    // and building it eagerly on every read was the top cost of decoding a snapshot.
    private func need(_ n: Int, _ what: @autoclosure () -> String) throws {
        if remaining < n {
            throw fail("truncated \(what()): needs \(n) bytes, \(max(remaining, 0)) left")
        }
    }

    public mutating func u8(_ what: @autoclosure () -> String = "byte") throws -> UInt8 {
        try need(1, what())
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func u32(_ what: @autoclosure () -> String = "uint32") throws -> UInt32 {
        try need(4, what())
        var v: UInt32 = 0
        for i in 0 ..< 4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    public mutating func u64(_ what: @autoclosure () -> String = "uint64") throws -> UInt64 {
        try need(8, what())
        var v: UInt64 = 0
        for i in 0 ..< 8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    public mutating func i32(_ what: @autoclosure () -> String = "int32") throws -> Int32 { Int32(bitPattern: try u32(what())) }
    public mutating func i64(_ what: @autoclosure () -> String = "int64") throws -> Int64 { Int64(bitPattern: try u64(what())) }

    /// A length-prefixed UTF-8 string; invalid UTF-8 is an error, not a repair.
    public mutating func string(_ what: @autoclosure () -> String = "string") throws -> String {
        let start = offset
        let n = Int(try u32("\(what()) length"))
        try need(n, "\(what()) (\(n) bytes)")
        let slice = bytes[offset ..< offset + n]
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw fail("\(what()) is not valid UTF-8", at: start + 4)
        }
        offset += n
        return s
    }

    /// A sequence count, checked against the bytes left (each element takes at least
    /// `minElementSize` bytes), so the caller may reserve capacity safely.
    public mutating func count(_ what: @autoclosure () -> String, minElementSize: Int = 1) throws -> Int {
        let at = offset
        let n = Int(try u32("\(what()) count"))
        if n > remaining / max(minElementSize, 1) {
            throw fail("\(what()) count \(n) exceeds the \(remaining) bytes left", at: at)
        }
        return n
    }

    public mutating func recordID(_ what: @autoclosure () -> String = "record id") throws -> RecordID {
        let e = try i32("\(what()) entity")
        let n = try u32("\(what()) number")
        let r = RecordID(entity: e, number: n)
        if !((e >= 0 && n >= 1) || (e == -1 && n == 0)) {
            throw fail("\(what()) \(e)#\(n) is neither a record nor `none`", at: offset - 8)
        }
        return r
    }
}
