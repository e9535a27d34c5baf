public import SluiceCore
public import SluiceProviders
import Synchronization

/// A circuit breaker per provider account, shared by every request of a run.
///
/// After ``failureThreshold`` failures in a row that say the account is unwell (network errors,
/// timeouts, 5xx, overload, broken or stalled streams, unreadable responses) the breaker opens
/// for ``coolDown``: every concurrent request is refused at once and goes to its fallback. When
/// the cool-down is over, one request is let through as a probe (half-open): if it succeeds the
/// breaker closes, if it fails it opens for another cool-down. A probe that never reports back
/// within a cool-down is presumed lost, and another is let through. Failures that say nothing
/// about the account's health (rate limits, which the limiter handles; bad requests; context
/// length; content filters) neither count nor reset the count. ``disable(_:because:)`` opens an
/// account for the rest of the run (a rejected key, a missing endpoint). Every change is kept in
/// ``transitions`` and passed to the observer, for the transcript.
public final class AccountBreakers: Sendable {
    /// Failures in a row that open the breaker.
    public let failureThreshold: Int
    /// How long an open breaker refuses calls before letting a probe through.
    public let coolDown: Duration
    private let clock: any TimeSource
    private let observer: @Sendable (BreakerTransition) -> Void

    private struct State {
        var accounts: [ProviderAccount: BreakerState] = [:]
        var transitions: [BreakerTransition] = []
    }

    /// Each account's state and the transitions so far.
    private let state = Mutex(State())

    /// Breakers that open after `failureThreshold` failures in a row for `coolDown`, timed on
    /// `clock`; `observer` hears every transition as it happens.
    public init(
        failureThreshold: Int = 5, coolDown: Duration = .seconds(30), clock: any TimeSource = SystemTimeSource(),
        observer: @escaping @Sendable (BreakerTransition) -> Void = { _ in }
    ) {
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = coolDown
        self.clock = clock
        self.observer = observer
    }

    /// Whether `error` says something about the account's health and so counts towards opening.
    public static func counts(_ error: ProviderError) -> Bool {
        [.network, .timeout, .serverError, .overloaded, .streamTruncated, .streamStalled, .invalidResponse]
            .contains(error.code)
    }

    /// The current state of `account`'s breaker.
    public func state(of account: ProviderAccount) -> BreakerState {
        state.withLock { $0.accounts[account] ?? .closed(failures: 0) }
    }

    /// Whether calls on `account` are being refused now (open within its cool-down, a probe in
    /// flight, or disabled), without changing anything: a caller can skip waiting for capacity
    /// it will not use.
    public func isRefusing(_ account: ProviderAccount) -> Bool {
        let now = clock.now
        switch state(of: account) {
        case .closed: return false
        case .disabled: return true
        case .open(let until): return now < until
        case .halfOpen(let started): return now - started < coolDown
        }
    }

    /// Every transition so far, oldest first.
    public var transitions: [BreakerTransition] {
        state.withLock { $0.transitions }
    }

    /// Asks whether a call on `account` may go now; a ``BreakerAdmission/probe`` answer makes
    /// this call the half-open trial.
    public func admit(_ account: ProviderAccount) -> BreakerAdmission {
        let now = clock.now
        let (admission, transition) = state.withLock { state -> (BreakerAdmission, BreakerTransition?) in
            let current = state.accounts[account] ?? .closed(failures: 0)
            switch current {
            case .closed:
                return (.allowed, nil)
            case .disabled(let reason):
                return (.rejected(retryIn: nil, reason: reason), nil)
            case .open(let until) where now < until:
                return (.rejected(retryIn: until - now, reason: "the account's circuit breaker is open"), nil)
            case .halfOpen(let started) where now - started < coolDown:
                return (
                    .rejected(retryIn: nil, reason: "the account's circuit breaker is letting a probe through"), nil
                )
            case .open, .halfOpen:
                let next = BreakerState.halfOpen(probeStarted: now)
                return (.probe, record(&state, account, from: current, to: next, reason: "cool-down over; probing"))
            }
        }
        if let transition { observer(transition) }
        return admission
    }

    /// Records that a call on `account` succeeded: a probe's success closes the breaker. Returns
    /// the transition, if it caused one.
    @discardableResult
    public func recordSuccess(_ account: ProviderAccount) -> BreakerTransition? {
        let transition = state.withLock { state -> BreakerTransition? in
            let current = state.accounts[account] ?? .closed(failures: 0)
            switch current {
            case .closed:
                state.accounts[account] = .closed(failures: 0)
                return nil
            case .halfOpen, .open:
                return record(&state, account, from: current, to: .closed(failures: 0), reason: "a call succeeded")
            case .disabled:
                return nil
            }
        }
        if let transition { observer(transition) }
        return transition
    }

    /// Records that a call on `account` failed with `error`; only failures that ``counts(_:)``
    /// accepts move the breaker. Returns the transition, if it caused one.
    @discardableResult
    public func recordFailure(_ account: ProviderAccount, error: ProviderError) -> BreakerTransition? {
        guard Self.counts(error) else { return nil }
        let now = clock.now
        let transition = state.withLock { state -> BreakerTransition? in
            let current = state.accounts[account] ?? .closed(failures: 0)
            switch current {
            case .closed(let failures) where failures + 1 >= failureThreshold:
                return record(
                    &state, account, from: current, to: .open(until: now + coolDown),
                    reason: "\(failures + 1) failures in a row, the last \(error.code)")
            case .closed(let failures):
                state.accounts[account] = .closed(failures: failures + 1)
                return nil
            case .halfOpen:
                return record(
                    &state, account, from: current, to: .open(until: now + coolDown),
                    reason: "the probe failed (\(error.code))")
            case .open, .disabled:
                return nil
            }
        }
        if let transition { observer(transition) }
        return transition
    }

    /// Opens `account`'s breaker for the rest of the run: `error` (a rejected key, a missing
    /// endpoint) will not go away by waiting. Returns the transition, unless it already was.
    @discardableResult
    public func disable(_ account: ProviderAccount, because error: ProviderError) -> BreakerTransition? {
        let transition = state.withLock { state -> BreakerTransition? in
            let current = state.accounts[account] ?? .closed(failures: 0)
            if case .disabled = current { return nil }
            let reason = "\(error.code): \(error.message)"
            return record(&state, account, from: current, to: .disabled(reason: reason), reason: reason)
        }
        if let transition { observer(transition) }
        return transition
    }

    private func record(
        _ state: inout State, _ account: ProviderAccount, from: BreakerState, to: BreakerState, reason: String
    ) -> BreakerTransition {
        state.accounts[account] = to
        let transition = BreakerTransition(account: account, from: from, to: to, reason: reason, date: clock.date)
        state.transitions.append(transition)
        return transition
    }
}
