import Foundation
import SluiceCore
import Synchronization

/// Why the run's remaining work was stopped from above.
enum StopReason: Sendable, Equatable {
    /// Ctrl-C or SIGTERM.
    case interrupted
    /// `--fail-fast` and this step failed.
    case failFast(step: String)
    /// The run's own time limit passed.
    case runTimeout(Duration)
    /// Another call could go over the run's budget.
    case budgetExhausted(BudgetStop)
}

/// The shared stop switch of one run: the first reason wins, and stopping cancels the run's task.
final class RunControl: Sendable {
    private struct State {
        var reason: StopReason?
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// Why the run was stopped, if it was.
    var reason: StopReason? { state.withLock { $0.reason } }

    /// Whether the run was stopped or its task cancelled.
    var isStopped: Bool { reason != nil || Task.isCancelled }

    /// The task to cancel when the run is stopped; cancelled at once if a stop came first.
    func attach(_ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state -> Bool in
            state.task = task
            return state.reason != nil
        }
        if cancelNow { task.cancel() }
    }

    /// Stops the run for `reason` unless it was already stopped.
    func stop(_ reason: StopReason) {
        let task = state.withLock { state -> Task<Void, Never>? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            return state.task
        }
        task?.cancel()
    }

    /// The status of work cut short now: `interrupted` for Ctrl-C (a cancellation with no other
    /// reason is one), `budget-stopped` for the budget, `cancelled` when another failure or the
    /// run's time limit stopped it.
    var stoppedStatus: ExecutionStatus {
        switch reason {
        case nil, .interrupted?: .interrupted
        case .budgetExhausted?: .budgetStopped
        case .failFast?, .runTimeout?: .cancelled
        }
    }

    /// Why work was cut short.
    var stoppedFailure: RunFailure {
        switch reason {
        case nil, .interrupted?:
            RunFailure(.interrupted, "interrupted")
        case .failFast(let step)?:
            RunFailure(.failFast, "cancelled because step '\(step)' failed (--fail-fast)")
        case .runTimeout(let limit)?:
            RunFailure(
                .runTimeout, "cancelled: the run took longer than its limit of \(limit.readable)",
                hint: "raise --timeout, or lower the work the run does")
        case .budgetExhausted(let stop)?:
            RunFailure(
                .budgetExceeded, stop.message,
                hint: "raise 'budget.max_usd' in the pipeline or pass a larger --max-usd (the smaller of the two "
                    + "applies), or lower the steps' 'max_tokens'")
        }
    }
}
