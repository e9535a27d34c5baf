public import Foundation

/// The API keys a run may use: read from the environment variable each provider's settings
/// name, or from a `.env` file in the project root that never overrides the real environment.
///
/// Keys are looked up when a provider is built, before any call, so a missing key is one clear
/// error naming the variable. Every key value handed out is also in ``loadedSecrets``, which the
/// run's ``SecretRedactor`` scrubs from everything it records; keys from `.env` are not in the
/// process environment, so this is the only way the redactor learns of them.
public struct ProviderKeys: Sendable {
    private let environment: [String: String]
    private let dotEnv: [String: String]
    /// The file the `.env` values came from, if one was read.
    public let dotEnvFile: URL?

    /// Keys from `environment` (normally the process environment) and, when `projectRoot` holds
    /// a `.env` file, from it as well.
    public init(environment: [String: String], projectRoot: URL?) {
        self.environment = environment
        let file = projectRoot?.appendingPathComponent(".env")
        if let file, let text = try? String(contentsOf: file, encoding: .utf8) {
            self.dotEnv = Self.parseDotEnv(text)
            self.dotEnvFile = file
        } else {
            self.dotEnv = [:]
            self.dotEnvFile = nil
        }
    }

    /// The variables to try for a provider, in order: the configured one, plus `GOOGLE_API_KEY`
    /// after the default `GEMINI_API_KEY`.
    public static func variables(for settings: ProviderSettings) -> [String] {
        guard let name = settings.apiKeyEnvironmentVariable else { return [] }
        return name == "GEMINI_API_KEY" ? [name, "GOOGLE_API_KEY"] : [name]
    }

    /// The value of a variable: the real environment first, then `.env`. Empty values count as unset.
    public func value(of variable: String) -> String? {
        if let value = environment[variable], !value.isEmpty { return value }
        if let value = dotEnv[variable], !value.isEmpty { return value }
        return nil
    }

    /// Where a key was found, for `sluice providers`.
    public enum Source: String, Sendable {
        /// The process environment.
        case environment
        /// The project's `.env` file.
        case dotEnv = ".env"
    }

    /// The variable that holds the provider's key and where it was found, or `nil` when none is set.
    public func lookup(for settings: ProviderSettings) -> (variable: String, source: Source)? {
        for variable in Self.variables(for: settings) {
            if let value = environment[variable], !value.isEmpty { return (variable, .environment) }
            if let value = dotEnv[variable], !value.isEmpty { return (variable, .dotEnv) }
        }
        return nil
    }

    /// The provider's key; `nil` for providers that need none (no `api_key_env`).
    ///
    /// Throws an ``ProviderError/Code/authentication`` error naming the variable when the
    /// provider needs a key and none is set.
    public func key(for settings: ProviderSettings) throws(ProviderError) -> String? {
        let variables = Self.variables(for: settings)
        guard !variables.isEmpty else { return nil }
        for variable in variables {
            if let value = value(of: variable) { return value }
        }
        throw ProviderError(
            code: .authentication,
            message:
                "no API key for provider '\(settings.name)': \(variables.joined(separator: " or ")) is not set; "
                + "export it in the shell, or add '\(variables[0])=…' to .env in the project root",
            provider: settings.name)
    }

    /// Every key value this run could send: the values of the key variables of `providers`.
    public func loadedSecrets(for providers: some Sequence<ProviderSettings>) -> [String] {
        var secrets: [String] = []
        for settings in providers {
            for variable in Self.variables(for: settings) {
                if let value = value(of: variable), !secrets.contains(value) { secrets.append(value) }
            }
        }
        return secrets
    }

    /// `NAME=value` lines; `export ` prefixes, `#` comments, blank lines and matching quotes
    /// around the value are allowed.
    static func parseDotEnv(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if !name.isEmpty { values[name] = value }
        }
        return values
    }
}
