import Foundation
public import SluiceCore
public import SluiceProviders
import Synchronization

/// A circuit breaker per provider account, shared by every request of a run.
///
/// After a number of failures in a row that say the account is unwell (network errors,
/// timeouts, 5xx, overload, broken or stalled streams, unreadable responses) the breaker opens
/// for a cool-down: every concurrent request is refused at once and goes to its fallback. The
/// number and the cool-down are the account's ``BreakerPolicy`` (`breaker:` of its provider in
/// `sluice.yaml`). When the cool-down is over, the next request to arrive is let through as a
/// probe (half-open): if it succeeds the breaker closes, if it fails it opens for another
/// cool-down. A probe that never reports back within a cool-down is presumed lost, and another is
/// let through. Failures that say nothing about the account's health (rate limits, which the
/// limiter handles; bad requests; context length; content filters) neither count nor reset the
/// count. ``disable(_:because:)`` opens an account for the rest of the run (a rejected key, a
/// missing endpoint). Every change is kept in ``transitions`` and passed to the observer, for the
/// transcript.
public final class AccountBreakers: Sendable {
    /// The policy of accounts whose provider has none of its own.
    public let policy: BreakerPolicy
    /// Policies by provider name.
    private let policiesByProvider: [String: BreakerPolicy]
    private let clock: any TimeSource
    private let observer: @Sendable (BreakerTransition) -> Void

    private struct State {
        var accounts: [ProviderAccount: BreakerState] = [:]
        var transitions: [BreakerTransition] = []
    }

    /// Each account's state and the transitions so far.
    private let state = Mutex(State())

    /// Breakers following `policy`, or `policiesByProvider[provider]` for the providers it names,
    /// timed on `clock`; `observer` hears every transition as it happens.
    public init(
        policy: BreakerPolicy = .standard, policiesByProvider: [String: BreakerPolicy] = [:],
        clock: any TimeSource = SystemTimeSource(),
        observer: @escaping @Sendable (BreakerTransition) -> Void = { _ in }
    ) {
        self.policy = policy
        self.policiesByProvider = policiesByProvider
        self.clock = clock
        self.observer = observer
    }

    /// The policy of `account`: its provider's, or the default.
    public func policy(of account: ProviderAccount) -> BreakerPolicy {
        policiesByProvider[account.provider] ?? policy
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
        case .halfOpen(let started): return now - started < policy(of: account).coolDown
        }
    }

    /// Every transition so far, oldest first.
    public var transitions: [BreakerTransition] {
        state.withLock { $0.transitions }
    }

    /// Asks whether a call on `account` may go now. The move from open to half-open happens
    /// here, when the first call after the cool-down arrives: that call is the probe, and the
    /// ``BreakerAdmission/probe(_:)`` answer carries the transition, timed on the breaker's clock.
    public func admit(_ account: ProviderAccount) -> BreakerAdmission {
        let now = clock.now
        let date = clock.date
        let coolDown = policy(of: account).coolDown
        let admission = state.withLock { state -> BreakerAdmission in
            let current = state.accounts[account] ?? .closed(failures: 0)
            switch current {
            case .closed:
                return .allowed
            case .disabled(let reason):
                return .rejected(until: nil, reason: "account disabled for the run (\(reason))")
            case .open(let until) where now < until:
                let reopens = date.addingTimeInterval((until - now).seconds)
                return .rejected(until: reopens, reason: "circuit open until \(reopens.formatted(.iso8601))")
            case .halfOpen(let started) where now - started < coolDown:
                return .rejected(until: nil, reason: "circuit half-open, its probe call still in flight")
            case .open:
                return .probe(
                    record(
                        &state, account, from: current, to: .halfOpen(probeStarted: now),
                        reason: "cool-down of \(coolDown.readable) over; this call is the probe"))
            case .halfOpen:
                return .probe(
                    record(
                        &state, account, from: current, to: .halfOpen(probeStarted: now),
                        reason: "the last probe went unanswered for \(coolDown.readable); this call is the new probe"))
            }
        }
        if case .probe(let transition) = admission { observer(transition) }
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
        let policy = policy(of: account)
        let transition = state.withLock { state -> BreakerTransition? in
            let current = state.accounts[account] ?? .closed(failures: 0)
            switch current {
            case .closed(let failures) where failures + 1 >= policy.failureThreshold:
                return record(
                    &state, account, from: current, to: .open(until: now + policy.coolDown),
                    reason: "\(failures + 1) failures in a row, the last \(error.code)")
            case .closed(let failures):
                state.accounts[account] = .closed(failures: failures + 1)
                return nil
            case .halfOpen:
                return record(
                    &state, account, from: current, to: .open(until: now + policy.coolDown),
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
