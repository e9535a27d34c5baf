/// Why a response ended, in one vocabulary for every provider: part of the run's vocabulary, so
/// attempts record it typed and the store reads it back as it was.
///
/// Providers' own values map with `init(providerValue:)` (SluiceProviders; the table in
/// `shared/reference/providers.md` §8.5). A value no table knows is kept verbatim, so a new
/// provider value reads as itself rather than being mistaken for a known one.
public struct FinishReason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The normalised spelling, e.g. `completed`, or a provider value no table knows.
    public var rawValue: String

    /// A reason with the given spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The model finished on its own or hit a stop sequence.
    public static let completed = FinishReason(rawValue: "completed")
    /// The output hit `max_tokens` (or the context window); structured output is then broken.
    public static let length = FinishReason(rawValue: "length")
    /// The model asked to call a tool.
    public static let toolCall = FinishReason(rawValue: "tool-call")
    /// The provider's safety system stopped or refused the response.
    public static let filtered = FinishReason(rawValue: "filtered")
    /// The provider paused a long turn; sending the conversation again continues it.
    public static let paused = FinishReason(rawValue: "paused")
    /// The provider ended the response with an error.
    public static let error = FinishReason(rawValue: "error")

    /// The normalised spelling.
    public var description: String { rawValue }
}
