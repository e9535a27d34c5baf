import SluiceCore
import SluiceProviders

extension RunFailure {
    /// The failure for any error met while running a unit of work: a failure as it is, a
    /// diagnostic (template and expression errors) with its code and location, a provider error
    /// with its `provider-<code>`, anything else as `evaluation-failed` at `location`.
    init(from error: any Error, at location: SourceLocation?) {
        switch error {
        case let failure as RunFailure:
            self = failure
        case let diagnostics as DiagnosticError:
            guard let first = diagnostics.diagnostics.first else {
                self.init(.evaluationFailed, "\(diagnostics)", at: location)
                return
            }
            self.init(first)
            if diagnostics.diagnostics.count > 1 {
                message += "\n" + diagnostics.diagnostics.dropFirst().map(\.headline).joined(separator: "\n")
            }
            self.location = first.location ?? location
        case let provider as ProviderError:
            self.init(provider.diagnostic)
            self.location = location
        default:
            self.init(.evaluationFailed, "\(error)", at: location)
        }
    }
}
