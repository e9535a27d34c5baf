import Foundation

/// CPU time of the calling thread: unlike wall time, it does not grow when other processes
/// compete for the cores, so micro-benchmarks stay comparable on a busy machine.
enum ThreadCPUTime {
    /// Milliseconds of CPU the calling thread has used so far.
    static var milliseconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }

    /// Milliseconds of this thread's CPU that `work` took.
    static func measure(_ work: () throws -> Void) rethrows -> Double {
        let start = milliseconds
        try work()
        return milliseconds - start
    }
}
