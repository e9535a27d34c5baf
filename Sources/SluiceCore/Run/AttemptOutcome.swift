public import Foundation

/// How an attempt ended, as the executor reports it.
public struct AttemptOutcome: Sendable, Hashable {
    /// The final status (`succeeded`, `failed`, `interrupted`…).
    public var status: ExecutionStatus
    /// The response text received, complete or partial.
    public var responseText: String?
    /// The HTTP status, for HTTP providers.
    public var httpStatus: Int?
    /// The model that answered, as the provider named it (it may differ from the one asked for).
    public var answeringModel: String?
    /// The provider's id for the request, for support tickets.
    public var requestID: String?
    /// The normalised finish reason.
    public var finishReason: FinishReason?
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
    /// Why the attempt failed or stopped; the store redacts secrets before writing it.
    public var failure: RunFailure?
    /// Whether the response came from the cache.
    public var fromCache: Bool
    /// When the attempt finished.
    public var finishedAt: Date

    /// An outcome with the given fields; `finishedAt` defaults to now (the engine passes its clock's date).
    public init(
        status: ExecutionStatus,
        responseText: String? = nil,
        httpStatus: Int? = nil,
        answeringModel: String? = nil,
        requestID: String? = nil,
        finishReason: FinishReason? = nil,
        latency: Duration? = nil,
        timeToFirstToken: Duration? = nil,
        inputTokens: Int? = nil,
        outputTokens: Int? = nil,
        costUSD: Double? = nil,
        failure: RunFailure? = nil,
        fromCache: Bool = false,
        finishedAt: Date = Date()
    ) {
        self.status = status
        self.responseText = responseText
        self.httpStatus = httpStatus
        self.answeringModel = answeringModel
        self.requestID = requestID
        self.finishReason = finishReason
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.failure = failure
        self.fromCache = fromCache
        self.finishedAt = finishedAt
    }
}
