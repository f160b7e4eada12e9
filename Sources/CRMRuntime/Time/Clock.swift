// Clock owns where "now" comes from: `today()` and `now()` read an injected clock, never
// the system directly, so tests and replays are deterministic. `VirtualClock` is set and
// advanced by tests, the REPL and `crm eval --now`; `WallClock` reads the system time.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A source of the current instant, in microseconds since 1970-01-01T00:00Z.
public protocol Clock: Sendable {
    func nowMicros() -> Int64
}

/// A clock that only moves when told to. Thread-safe.
public final class VirtualClock: Clock, Sendable {
    /// An atomic, not a lock: the interpreter reads the clock several times per command
    /// (defaults, audit entries, timers), and a lock cost ~5% of a timer firing.
    private let micros: Atomic<Int64>

    public init(micros: Int64 = 0) { self.micros = Atomic(micros) }

    public func nowMicros() -> Int64 { micros.load(ordering: .acquiring) }

    /// `set(micros:)` jumps to an instant (backwards too, for tests).
    public func set(micros value: Int64) { micros.store(value, ordering: .releasing) }

    /// `advance(by:)` moves forward by an exact duration in microseconds.
    public func advance(by delta: Int64) { _ = micros.wrappingAdd(delta, ordering: .acquiringAndReleasing) }

    /// `advance(by:in:)` moves by a calendar duration in a zone (`advance 1 month`).
    public func advance(by d: CalendarDuration, in calendar: ZonedCalendar) throws(ArithmeticError) {
        let current = nowMicros()
        let next = try calendar.add(d, toInstant: current)
        set(micros: next)
    }
}

/// The system's real-time clock.
public struct WallClock: Clock {
    public init() {}
    public func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
