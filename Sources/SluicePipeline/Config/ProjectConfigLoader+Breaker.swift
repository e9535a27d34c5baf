import SluiceCore
import SluiceProviders

extension ProjectConfigLoader {
    /// `breaker: { failures, cool_down }` of one provider: when its account's circuit breaker
    /// opens, and for how long (docs/rate-limits-and-retries.md, "The circuit breaker").
    static func readBreaker(
        _ node: YAMLNode, of provider: String, into settings: inout ProviderSettings, reader: inout YAMLReader
    ) {
        let place = "breaker of provider '\(provider)'"
        guard let fields = reader.mapping(node, for: "breaker", expected: "a mapping with 'failures' and 'cool_down'")
        else { return }
        reader.checkKeys(fields, allowed: ["failures", "cool_down"], in: place)
        if let failures = fields.value("failures") {
            settings.breakerFailures = reader.integer(failures, for: "breaker.failures", in: 1...Int.max)
        }
        if let coolDownNode = fields.value("cool_down"), let coolDown = reader.duration(coolDownNode, for: "cool_down")
        {
            guard coolDown > .zero else {
                reader.report(
                    .error(
                        .invalidValue, "'breaker.cool_down' of provider '\(provider)' must be longer than zero",
                        at: coolDownNode.location,
                        hint: "an open breaker refuses calls for this long before letting a probe through; "
                            + "write for example 'cool_down: 30s'"))
                return
            }
            settings.breakerCoolDown = coolDown
        }
    }
}
