import SluiceCore
public import SluiceProviders
import Synchronization

/// A test provider that answers each model from a script: the replies for its calls in order,
/// the last one repeated once the script runs out. It records every request it receives.
///
/// ```swift
/// let provider = ScriptedProvider(name: "openai", script: [
///     "gpt-bad": [.failure(.badRequest, status: 400)],
///     "gpt-good": [.text("hello")],
/// ])
/// ```
public final class ScriptedProvider: ModelProvider {
    /// One answer to one call.
    public enum Reply: Sendable {
        /// A complete response with this text.
        case text(String)
        /// The call fails with this error.
        case error(ProviderError)
        /// The response starts and sends this text, then fails with this error (a stream that
        /// breaks off after its first tokens).
        case brokenOff(String, ProviderError)
    }

    /// The provider's name, as written before the slash in model names.
    public let name: String
    /// Whether the provider says its answers are synthetic (as the `local` simulator does).
    public let producesSyntheticOutput: Bool
    private let script: [String: [Reply]]
    /// Calls seen per model, and every request in order.
    private let state = Mutex<(calls: [String: Int], requests: [ModelRequest])>(([:], []))

    /// A provider named `name` answering each model (without the provider prefix) from `script`;
    /// a model with no script answers `echo:` and its last user message. `producesSyntheticOutput`
    /// is what the provider tells the engine about its answers' provenance.
    public init(name: String, script: [String: [Reply]] = [:], producesSyntheticOutput: Bool = false) {
        self.name = name
        self.script = script
        self.producesSyntheticOutput = producesSyntheticOutput
    }

    /// Every request received, in order.
    public var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// How many calls `model` has had.
    public func callCount(of model: String) -> Int { state.withLock { $0.calls[model] ?? 0 } }

    /// The reply the script gives this call, as a stream.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let call = state.withLock { state -> Int in
            state.requests.append(request)
            state.calls[request.model, default: 0] += 1
            return state.calls[request.model] ?? 1
        }
        let replies = script[request.model] ?? []
        let reply =
            replies.isEmpty
            ? .text("echo:" + (request.messages.last { $0.role == .user }?.content ?? ""))
            : replies[min(call, replies.count) - 1]
        return AsyncThrowingStream { continuation in
            switch reply {
            case .text(let text):
                continuation.yield(
                    .started(ResponseInfo(httpStatus: 200, model: request.model, requestID: "req-\(call)")))
                continuation.yield(.textDelta(text))
                continuation.yield(.usage(TokenUsage(inputTokens: 10, outputTokens: 5)))
                continuation.yield(.finished(.completed))
                continuation.finish()
            case .error(let error):
                continuation.finish(throwing: error)
            case .brokenOff(let text, let error):
                continuation.yield(
                    .started(ResponseInfo(httpStatus: 200, model: request.model, requestID: "req-\(call)")))
                continuation.yield(.textDelta(text))
                continuation.finish(throwing: error)
            }
        }
    }
}

extension ScriptedProvider.Reply {
    /// A failure with `code` as an HTTP adapter would classify `status`, waiting `retryAfter`.
    public static func failure(
        _ code: ProviderError.Code, status: Int? = nil, retryAfter: Duration? = nil, message: String? = nil,
        provider: String = "scripted"
    ) -> ScriptedProvider.Reply {
        .error(
            ProviderError(
                code: code, message: message ?? "scripted \(code)", provider: provider, httpStatus: status,
                retryAfter: retryAfter))
    }
}
