import SluiceCore
import SluiceProviders

/// Everything one response stream produced.
struct CollectedResponse {
    var events: [ModelEvent] = []
    var error: (any Error)?

    var text: String {
        events.compactMap { event in
            if case .textDelta(let delta) = event { return delta }
            return nil
        }.joined()
    }

    var deltaCount: Int {
        events.count { event in
            if case .textDelta = event { return true }
            return false
        }
    }

    var usage: TokenUsage? {
        events.lazy.compactMap { event in
            if case .usage(let usage) = event { return usage }
            return nil
        }.first
    }

    var finishReason: FinishReason? {
        guard case .finished(let reason) = events.last else { return nil }
        return reason
    }

    var providerError: ProviderError? { error as? ProviderError }

    /// Reads the stream to its end, keeping a thrown error instead of rethrowing it.
    static func collect(_ stream: AsyncThrowingStream<ModelEvent, any Error>) async -> CollectedResponse {
        var response = CollectedResponse()
        do {
            for try await event in stream { response.events.append(event) }
        } catch {
            response.error = error
        }
        return response
    }
}
