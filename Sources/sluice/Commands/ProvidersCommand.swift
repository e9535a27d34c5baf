import ArgumentParser
import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders

/// `sluice providers`: the configured providers, whether each key is set (never its value), base
/// URL and limits; `--check` sends one tiny request to each provider that can be called.
struct ProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List the configured providers and whether their keys are set.",
        discussion: """
            Keys are read from the variable each provider names (api_key_env) or from .env in the \
            project root; their values are never printed. --check sends one one-token request to every \
            provider whose key is set (the model is the first models: alias on the provider, or a cheap \
            preset model), and exits 1 if any check fails.
            """)

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Send one tiny request to each provider that has a key.")
    var check = false

    @Flag(name: .long, help: "Log each request on stderr (method, URL, status, timings; never keys).")
    var verbose = false

    func run() async throws {
        let project = try projectOptions.locate()
        let loader = ProjectLoader(project: project)
        let config = loader.config
        let keys = ProviderKeys(
            environment: ProcessInfo.processInfo.environment, projectRoot: URL(fileURLWithPath: project.root))
        let names = config.providers.keys.sorted()
        var rows: [[String]] = []
        for name in names {
            guard let settings = config.providers[name] else { continue }
            rows.append([
                name, settings.kind.rawValue, settings.baseURL ?? "-", keyStatus(settings, keys: keys),
                limits(settings),
            ])
        }
        print(TextTable.render(header: ["NAME", "KIND", "BASE URL", "KEY", "LIMITS"], rows: rows), terminator: "")
        guard check else { return }
        let redactor = projectRedactor(project: project, config: config)
        RequestLogging.bootstrap(verbose: verbose, redactor: redactor)
        let registry = ProviderRegistry.standard(settings: config.providers, keys: keys, redactor: redactor)
        var failed = false
        print("")
        for name in names {
            guard let settings = config.providers[name], settings.kind != .local else { continue }
            let outcome: ProviderCheck.Outcome
            switch registry.resolve(name) {
            case .failure(let error):
                outcome = .skipped(error.message)
            case .success(let provider):
                if let model = ProviderCheck.model(for: name, aliases: config.modelAliases) {
                    outcome = await ProviderCheck.run(provider, model: model)
                } else {
                    outcome = .skipped("no model to try; add a models: alias such as 'x: [\(name)/MODEL]'")
                }
            }
            switch outcome {
            case .answered(let model, let latency):
                print("ok       \(name): \(model) answered in \(latency.readable)")
            case .failed(let error):
                failed = true
                print("FAILED   \(name): \(error.message) [\(error.code)]")
            case .skipped(let reason):
                print("skipped  \(name): \(reason)")
            }
        }
        if failed { throw ExitCode(ExitStatus.failure) }
    }

    private func keyStatus(_ settings: ProviderSettings, keys: ProviderKeys) -> String {
        let variables = ProviderKeys.variables(for: settings)
        guard !variables.isEmpty else { return "not needed" }
        if let found = keys.lookup(for: settings) { return "\(found.variable) set (\(found.source.rawValue))" }
        return "\(variables.joined(separator: " or ")) missing"
    }

    private func limits(_ settings: ProviderSettings) -> String {
        var parts: [String] = []
        if let rpm = settings.requestsPerMinute { parts.append("rpm \(rpm)") }
        if let tpm = settings.tokensPerMinute { parts.append("tpm \(tpm)") }
        if let itpm = settings.inputTokensPerMinute { parts.append("itpm \(itpm)") }
        if let otpm = settings.outputTokensPerMinute { parts.append("otpm \(otpm)") }
        if let concurrency = settings.maximumConcurrency { parts.append("concurrency \(concurrency)") }
        if let timeout = settings.timeout { parts.append("timeout \(timeout.readable)") }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }
}
