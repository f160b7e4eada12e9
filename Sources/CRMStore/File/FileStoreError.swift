// The file store's errors: each names the file, the byte offset where that applies, and
// what is wrong, so a corrupt store is diagnosed from the message alone. Nothing that
// disk content can produce traps; it ends up here.

/// Why a file store could not be opened, read or written.
public enum FileStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An operating-system call failed.
    case io(path: String, operation: String, message: String)
    /// Bytes that are not what the format says (bad checksum, bad header, bad payload).
    case corrupt(file: String, offset: Int, what: String)
    /// A file the store needs is absent.
    case missing(file: String, what: String)
    /// A header written by a newer (or unknown) format.
    case unknownVersion(file: String, offset: Int, found: UInt32, supported: UInt32)
    /// Another process holds the writer's lock.
    case locked(directory: String, pid: Int32?)
    /// The directory holds no store (and none may be created here).
    case notAStore(directory: String)
    /// A write on a store opened read-only.
    case readOnly(directory: String)
    /// The model changed incompatibly; nothing was written.
    case incompatibleModel([ModelIncompatibility])
    /// An earlier journal write failed; the store refuses further writes.
    case failed(String)
    /// Something the caller asked for that the store cannot do (bad import, …).
    case invalid(String)

    public var description: String {
        switch self {
        case let .io(path, op, message): return "\(path): \(op) failed: \(message)"
        case let .corrupt(file, offset, what): return "\(file): corrupt at byte \(offset): \(what)"
        case let .missing(file, what): return "\(file): missing: \(what)"
        case let .unknownVersion(file, offset, found, supported):
            return "\(file): unknown format version \(found) at byte \(offset) (this build reads version \(supported))"
        case let .locked(dir, pid):
            return "store \(dir) is locked by another writer" + (pid.map { " (process \($0))" } ?? "")
                + "; open it read-only, or stop that process"
        case .notAStore(let dir): return "\(dir) is not a crm store (no snapshot or journal files)"
        case .readOnly(let dir): return "store \(dir) is open read-only; the transaction was not written"
        case .incompatibleModel(let list):
            return "the model changed incompatibly with the store; nothing was written:\n"
                + list.map { "  - \($0)" }.joined(separator: "\n")
        case .failed(let why): return "the store failed earlier and accepts no more writes: \(why)"
        case .invalid(let why): return why
        }
    }
}
