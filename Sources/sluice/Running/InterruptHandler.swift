import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a call to `onInterrupt` (once); a second signal exits at once with 130.
final class InterruptHandler {
    private let sources: [any DispatchSourceSignal]

    init(onInterrupt: @escaping @Sendable () -> Void) {
        // A parent may have started us with these signals blocked (threads of a thread pool often
        // block them, and a spawned child inherits the mask); unblock them so Ctrl-C reaches us.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        let state = InterruptState()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if state.firstSignal() {
                    onInterrupt()
                } else {
                    exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    /// Puts the default signal handling back.
    func restore() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
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
