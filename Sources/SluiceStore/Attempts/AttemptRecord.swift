public import Foundation
public import SluiceCore

/// One provider call (or cache lookup standing in for one) as the store holds it.
public struct AttemptRecord: Sendable, Hashable {
    /// The attempt's row id, unique in the store.
    public var id: Int64
    /// The run the attempt belongs to.
    public var runID: RunID
    /// The step the attempt belongs to.
    public var step: String
    /// The fan-out item the attempt belongs to, for a `for_each` step.
    public var itemIndex: Int?
    /// The attempt's number within its step or item, from 1 (retries and fallbacks count up).
    public var number: Int
    /// The provider called, e.g. `openai` or `local`.
    public var provider: String
    /// The model asked for, without the provider prefix.
    public var model: String
    /// The request as sent, with secrets redacted.
    public var request: JSONValue
    /// The attempt's status.
    public var status: ExecutionStatus
    /// When the attempt started (after any limiter wait).
    public var startedAt: Date
    /// When the attempt finished, once it has.
    public var finishedAt: Date?
    /// The response text as received (streamed deltas joined), complete or partial.
    public var responseText: String?
    /// The HTTP status, for HTTP providers.
    public var httpStatus: Int?
    /// The normalised finish reason (`completed`, `length`, `filtered`…).
    public var finishReason: String?
    /// Time from start to the end of the response.
    public var latency: Duration?
    /// Time from start to the first streamed token.
    public var timeToFirstToken: Duration?
    /// Input tokens the provider reported (or the local estimate).
    public var inputTokens: Int?
    /// Output tokens the provider reported (or the local estimate).
    public var outputTokens: Int?
    /// What the attempt cost in US dollars; for a cache hit, what the original call cost.
    public var costUSD: Double?
    /// How long the attempt waited for rate-limit capacity before it started.
    public var limiterWait: Duration?
    /// The error, when the attempt failed (secrets redacted).
    public var error: String?
    /// Whether the response came from the cache; such an attempt made no provider call and
    /// does not count towards the run's totals.
    public var fromCache: Bool
}

/// The start of an attempt, as the executor reports it.
public struct AttemptStart: Sendable, Hashable {
    /// The run the attempt belongs to.
    public var runID: RunID
    /// The step the attempt belongs to.
    public var step: String
    /// The fan-out item, for a `for_each` step.
    public var itemIndex: Int?
    /// The attempt's number within its step or item, from 1.
    public var number: Int
    /// The provider called.
    public var provider: String
    /// The model asked for.
    public var model: String
    /// The request; the store redacts secrets again before writing it.
    public var request: JSONValue
    /// How long the attempt waited for rate-limit capacity.
    public var limiterWait: Duration?
    /// When the attempt started.
    public var startedAt: Date

    /// A start with the given fields; `startedAt` defaults to now.
    public init(
        runID: RunID,
        step: String,
        itemIndex: Int? = nil,
        number: Int,
        provider: String,
        model: String,
        request: JSONValue,
        limiterWait: Duration? = nil,
        startedAt: Date = Date()
    ) {
        self.runID = runID
        self.step = step
        self.itemIndex = itemIndex
        self.number = number
        self.provider = provider
        self.model = model
        self.request = request
        self.limiterWait = limiterWait
        self.startedAt = startedAt
    }

    /// The key that identifies the attempt when it ends.
    public var key: AttemptKey {
        AttemptKey(runID: runID, step: step, itemIndex: itemIndex, number: number)
    }
}

/// How an attempt ended, as the executor reports it.
public struct AttemptOutcome: Sendable, Hashable {
    /// The final status (`succeeded`, `failed`, `interrupted`…).
    public var status: ExecutionStatus
    /// The response text received, complete or partial.
    public var responseText: String?
    /// The HTTP status, for HTTP providers.
    public var httpStatus: Int?
    /// The normalised finish reason.
    public var finishReason: String?
    /// Time from start to the end of the response.
    public var latency: Duration?
    /// Time from start to the first token.
    public var timeToFirstToken: Duration?
    /// Input tokens.
    public var inputTokens: Int?
    /// Output tokens.
    public var outputTokens: Int?
    /// Cost in US dollars.
    public var costUSD: Double?
    /// The error, when the attempt failed; the store redacts secrets before writing it.
    public var error: String?
    /// Whether the response came from the cache.
    public var fromCache: Bool
    /// When the attempt finished.
    public var finishedAt: Date

    /// An outcome with the given fields; `finishedAt` defaults to now.
    public init(
        status: ExecutionStatus,
        responseText: String? = nil,
        httpStatus: Int? = nil,
        finishReason: String? = nil,
        latency: Duration? = nil,
        timeToFirstToken: Duration? = nil,
        inputTokens: Int? = nil,
        outputTokens: Int? = nil,
        costUSD: Double? = nil,
        error: String? = nil,
        fromCache: Bool = false,
        finishedAt: Date = Date()
    ) {
        self.status = status
        self.responseText = responseText
        self.httpStatus = httpStatus
        self.finishReason = finishReason
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.error = error
        self.fromCache = fromCache
        self.finishedAt = finishedAt
    }
}
