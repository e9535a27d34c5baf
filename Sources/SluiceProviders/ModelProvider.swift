/// A source of model responses: the embedded `local` simulator, or an HTTP adapter.
///
/// A provider turns one ``ModelRequest`` into one attempt. It does not retry, fall back or wait
/// for rate limits: the layers above do that, using the classification on ``ProviderError``.
///
/// The returned stream's contract, which every implementation keeps:
/// - zero or one ``ModelEvent/started(_:)`` first, when the response begins (for HTTP: when the
///   status line and headers arrive);
/// - any number of ``ModelEvent/textDelta(_:)``, in order; joined they are the response text;
/// - at most one ``ModelEvent/usage(_:)``, holding the final counts (adapters keep the last value
///   a provider reports, never a sum);
/// - exactly one ``ModelEvent/finished(_:)`` last, when the response completed;
/// - or, instead of finishing, the stream throws a ``ProviderError`` (the attempt failed; deltas
///   already received are the partial response) or a `CancellationError`.
///
/// Cancelling the task that iterates the stream, or dropping the stream, stops the work
/// promptly: the provider's own task is cancelled and any connection is closed.
public protocol ModelProvider: Sendable {
    /// The provider's name as written before the slash in model names: `local`, `openai`…
    var name: String { get }

    /// Whether the text this provider returns is synthetic (written by a simulator, not a model).
    /// The engine records it on every attempt, so `show` and reports label such output from what
    /// the attempt recorded rather than from the provider's name.
    var producesSyntheticOutput: Bool { get }

    /// Starts the request and returns its events. Never throws synchronously: every failure,
    /// including an unknown model, arrives as a ``ProviderError`` from the stream.
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error>
}

extension ModelProvider {
    /// Providers answer with a model's text unless they say otherwise.
    public var producesSyntheticOutput: Bool { false }
}
