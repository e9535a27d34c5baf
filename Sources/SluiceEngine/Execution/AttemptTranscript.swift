import SluiceCore
import SluiceProviders
import Synchronization

/// What an attempt has received so far: the response's start (status, answering model, request
/// id), the text, when the first token came, usage, finish.
final class AttemptTranscript: Sendable {
    private struct State {
        var text = ""
        var firstToken: Duration?
        var usage: TokenUsage?
        var finishReason: FinishReason?
        var info: ResponseInfo?
    }

    private let state = Mutex(State())

    var text: String { state.withLock { $0.text } }
    var firstToken: Duration? { state.withLock { $0.firstToken } }
    var usage: TokenUsage? { state.withLock { $0.usage } }
    var finishReason: FinishReason? { state.withLock { $0.finishReason } }
    var info: ResponseInfo? { state.withLock { $0.info } }

    func append(_ delta: String, at elapsed: Duration) {
        state.withLock { state in
            if state.firstToken == nil { state.firstToken = elapsed }
            state.text += delta
        }
    }

    func record(_ usage: TokenUsage) { state.withLock { $0.usage = usage } }
    func record(_ reason: FinishReason) { state.withLock { $0.finishReason = reason } }
    func record(_ info: ResponseInfo) { state.withLock { $0.info = info } }
}
