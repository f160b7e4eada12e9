// StoreLock: one writer per store directory. The writer holds an exclusive flock(2) on
// DIR/LOCK and writes its pid there, so a second writer's error names the holder. The
// kernel drops the lock when the holder dies (even by SIGKILL), so a crashed writer
// never leaves the store locked; the stale pid in the file is then simply overwritten.
// Read-only opens take no lock.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class StoreLock {
    let file: PosixFile

    private init(file: PosixFile) { self.file = file }

    static func path(_ directory: String) -> String { directory + "/LOCK" }

    /// Takes the lock or throws `FileStoreError.locked` naming the holder's pid.
    static func acquire(_ directory: String) throws -> StoreLock {
        let path = path(directory)
        let f = try PosixFile(path: path, flags: O_RDWR | O_CREAT)
        if flock(f.fd, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            if !busy { throw FileStoreError.io(path: path, operation: "flock", message: errnoText()) }
            throw FileStoreError.locked(directory: directory, pid: holder(directory))
        }
        try f.truncate(to: 0)
        _ = lseek(f.fd, 0, SEEK_SET)
        try f.writeAll(Array("\(getpid())\n".utf8))
        return StoreLock(file: f)
    }

    /// The pid written by the current (or last) holder, if readable.
    static func holder(_ directory: String) -> Int32? {
        guard let bytes = try? Posix.readFile(path(directory)) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace
        return Int32(text)
    }

    /// Releases the lock (also released when the process exits).
    func release() {
        _ = flock(file.fd, LOCK_UN)
        file.closeNow()
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
