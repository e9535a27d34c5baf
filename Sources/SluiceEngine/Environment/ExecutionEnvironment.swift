public import SluiceCore
public import SluiceProviders

/// Everything a run reads from the world, handed to the executor: the clock and the providers.
///
/// The engine calls nothing else that depends on time or outside state, so a test builds an
/// environment with a `ManualTimeSource` and the providers it wants, and a run behaves the same
/// whoever started it (`sluice run`, a scheduler, `sluice test`).
public struct ExecutionEnvironment: Sendable {
    /// The clock for timestamps, latencies, retry waits and deadlines.
    public var clock: any TimeSource
    /// The providers model steps may call.
    public var providers: ProviderRegistry

    /// An environment with every part given; the clock defaults to the system's.
    public init(providers: ProviderRegistry, clock: any TimeSource = SystemTimeSource()) {
        self.providers = providers
        self.clock = clock
    }
}
