import Foundation

/// CPU time of the calling thread or the process: unlike wall time, it does not grow when other processes
/// compete for the cores, so micro-benchmarks stay comparable on a busy machine.
enum CPUTime {
    /// Milliseconds of CPU the calling thread has used so far.
    static var threadMilliseconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }

    /// Milliseconds of CPU every thread of this process has used so far.
    static var processMilliseconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }

    /// Milliseconds of this thread's CPU that `work` took.
    static func measure(_ work: () throws -> Void) rethrows -> Double {
        let start = threadMilliseconds
        try work()
        return threadMilliseconds - start
    }
}
