// Timing for crm-bench: the monotonic clock and best-of-N runs. What is timed is only
// the work that produces a result: each run's result is kept alive until the clock has
// stopped and freed afterwards, so tearing down a token array, a syntax tree or a
// checked model (which can cost as much as a fast stage itself) never counts.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `now()` reads the monotonic clock in seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// `bestOf(_:_:checksum:)` runs `body` `runs` times and returns the shortest duration.
/// The clock stops while the result is still alive (`withExtendedLifetime`), so its
/// deallocation is not timed. `checksum` reads something from each result, after the
/// clock, and the folded sum keeps the optimiser from dropping work nobody uses.
func bestOf<Result>(_ runs: Int, _ body: () -> Result, checksum: (Result) -> Int) -> Double {
    var best = Double.infinity
    var sum = 0
    for _ in 0..<runs {
        let start = now()
        let result = body()
        var elapsed = 0.0
        withExtendedLifetime(result) { elapsed = now() - start }
        sum &+= checksum(result)
        best = min(best, elapsed)
    }
    if sum == Int.min { print("", terminator: "") }
    return max(best, 1e-9)
}
