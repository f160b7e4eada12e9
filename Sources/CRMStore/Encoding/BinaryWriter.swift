// BinaryWriter and the store's binary format conventions, shared by every encoded
// structure (values, change sets, and later the FileStore's journal and snapshots):
//
// - integers are fixed-width little-endian (no varints: decoding stays branch-light
//   and every offset in an error message is easy to check by hand);
// - strings are a UInt32 byte length followed by UTF-8;
// - sequences are a UInt32 element count followed by the elements;
// - every top-level structure starts with a format version byte (`StoreFormat.version`),
//   so a reader refuses what it does not understand instead of misreading it.
//
// Framing (lengths of whole records, checksums) is the journal's business, not this one.

/// Format constants.
public enum StoreFormat {
    /// The version byte written first by `ChangeSet.encoded()`. Bump on any change.
    public static let version: UInt8 = 1
    /// Lists nested deeper than this are refused on decoding (and never written by a
    /// well-formed runtime), so hostile input cannot exhaust the stack.
    public static let maxListDepth = 64
}

/// Appends encoded values to a byte array.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }

    public mutating func u32(_ v: UInt32) {
        var x = v.littleEndian
        withUnsafeBytes(of: &x) { bytes.append(contentsOf: $0) }
    }

    public mutating func u64(_ v: UInt64) {
        var x = v.littleEndian
        withUnsafeBytes(of: &x) { bytes.append(contentsOf: $0) }
    }

    public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }

    public mutating func string(_ s: String) {
        u32(UInt32(truncatingIfNeeded: s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    /// A count prefix for a sequence.
    public mutating func count(_ n: Int) { u32(UInt32(truncatingIfNeeded: n)) }

    public mutating func recordID(_ r: RecordID) {
        i32(r.entity)
        u32(r.number)
    }
}
