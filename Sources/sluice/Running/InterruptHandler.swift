import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a call to `onInterrupt` (once); a second signal exits at once with 130.
///
/// The signals get a real `sigaction` handler that writes one byte to a pipe; a dispatch read
/// source on the other end calls `onInterrupt`. Unlike an ignored signal watched through a
/// dispatch signal source, a handled signal is delivered whichever thread the kernel picks and
/// whatever signal mask the parent process left on the threads started before this one.
final class InterruptHandler {
    private let readSource: any DispatchSourceRead
    private let pipeEnds: (read: Int32, write: Int32)

    init(onInterrupt: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        pipeEnds = (ends[0], ends[1])
        signalPipeWriteEnd.store(ends[1], ordering: .sequentiallyConsistent)

        // A parent may have started us with these signals blocked (threads of a thread pool often
        // block them, and a spawned child inherits the mask); unblock them on this thread.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)

        let state = InterruptState()
        let readEnd = ends[0]
        readSource = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        readSource.setEventHandler {
            var byte: UInt8 = 0
            guard read(readEnd, &byte, 1) == 1 else { return }
            if state.firstSignal() {
                onInterrupt()
            } else {
                exit(130)
            }
        }
        readSource.resume()
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if canImport(Glibc) || canImport(Musl)
            action.__sigaction_handler.sa_handler = forwardSignalToPipe
            #else
            action.__sigaction_u.__sa_handler = forwardSignalToPipe
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Puts the default signal handling back.
    func restore() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        signalPipeWriteEnd.store(-1, ordering: .sequentiallyConsistent)
        readSource.cancel()
        close(pipeEnds.write)
        close(pipeEnds.read)
    }
}

/// The pipe end the signal handler writes to; -1 when no handler is installed. An atomic because
/// a signal handler may only touch lock-free state.
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// The `sigaction` handler: async-signal-safe, it only writes one byte to the pipe.
private func forwardSignalToPipe(_ signal: Int32) {
    let descriptor = signalPipeWriteEnd.load(ordering: .sequentiallyConsistent)
    guard descriptor >= 0 else { return }
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(descriptor, &byte, 1)
}

/// Whether a signal has been seen yet.
private final class InterruptState: Sendable {
    private let seen = Mutex(false)

    func firstSignal() -> Bool {
        seen.withLock { seen in
            defer { seen = true }
            return !seen
        }
    }
}
