#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock milliseconds since 1970 (the status line's clock, the live simulator's start, log lines).
func wallMillis() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Seconds east of UTC for the local clock in the status line.
func localUTCOffset() -> Int {
    var t = time(nil)
    var local = tm()
    localtime_r(&t, &local)
    return local.tm_gmtoff
}
