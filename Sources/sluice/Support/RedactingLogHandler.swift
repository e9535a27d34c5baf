import Logging
import SluiceCore

/// A log handler that passes every message and metadata value through the run's redactor before
/// the wrapped handler writes it, so `--verbose` and `SLUICE_LOG` output can never show a secret
/// the rest of the run would hide.
struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let redactor: SecretRedactor

    init(wrapping wrapped: any LogHandler, redactor: SecretRedactor) {
        self.wrapped = wrapped
        self.redactor = redactor
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var redactedEvent = event
        redactedEvent.message = "\(redactor.redact(text: event.message.description))"
        redactedEvent.metadata = event.metadata?.mapValues(redacted)
        // The handler's own metadata is merged in by the wrapped handler: scrub it the same way.
        var wrapped = wrapped
        wrapped.metadata = wrapped.metadata.mapValues(redacted)
        wrapped.log(event: redactedEvent)
    }

    private func redacted(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(redactor.redact(text: text))
        case .stringConvertible(let convertible): .string(redactor.redact(text: convertible.description))
        case .array(let values): .array(values.map(redacted))
        case .dictionary(let members): .dictionary(members.mapValues(redacted))
        }
    }
}
