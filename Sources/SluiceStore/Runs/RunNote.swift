public import Foundation
public import SluiceCore

/// A remark recorded during a run: a retry scheduled, a fallback to the next model, an account
/// set aside for the rest of the run. `sluice show` lists them with the step they belong to.
public struct RunNote: Sendable, Hashable {
    /// What kind of remark it is.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        /// The stored spelling.
        public var rawValue: String

        /// A kind with the given stored spelling.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A failed attempt will be tried again after a wait.
        public static let retryScheduled = Kind(rawValue: "retry-scheduled")
        /// A model chain moved on to its next model.
        public static let fellBack = Kind(rawValue: "fell-back")
        /// A provider account failed in a way that needs a person (a rejected key, a wrong
        /// address) and is not tried again in this run.
        public static let accountDisabled = Kind(rawValue: "account-disabled")
        /// A provider account's circuit breaker opened, let a probe through, or closed.
        public static let circuitBreaker = Kind(rawValue: "circuit-breaker")
        /// A streamed answer that had been shown broke off, and the next attempt started it again.
        public static let streamRestarted = Kind(rawValue: "stream-restarted")
        /// A model was not called because its account's circuit breaker refused the call; the
        /// chain moved on. No attempt was made, so the note follows the last one made, if any.
        public static let callSkipped = Kind(rawValue: "call-skipped")
        /// `sluice resume` took the run up again: finished work kept, the rest run anew.
        public static let resumed = Kind(rawValue: "resumed")
        /// The run was started by `sluice test` for one test case; the message names the case.
        public static let testCase = Kind(rawValue: "test-case")
    }

    /// The run.
    public var runID: RunID
    /// The step, when the note is about one.
    public var step: String?
    /// The fan-out item, when the note is about one.
    public var itemIndex: Int?
    /// The attempt the note follows, when there is one.
    public var attemptNumber: Int?
    /// What kind of remark it is.
    public var kind: Kind
    /// What happened and why, for people; the store redacts secrets before writing it.
    public var message: String
    /// For a scheduled retry, how long it waits first.
    public var delay: Duration?
    /// When it happened.
    public var at: Date

    /// A note with every field given.
    public init(
        runID: RunID, step: String? = nil, itemIndex: Int? = nil, attemptNumber: Int? = nil, kind: Kind,
        message: String, delay: Duration? = nil, at: Date
    ) {
        self.runID = runID
        self.step = step
        self.itemIndex = itemIndex
        self.attemptNumber = attemptNumber
        self.kind = kind
        self.message = message
        self.delay = delay
        self.at = at
    }
}
