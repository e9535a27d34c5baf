/// What kind of work a step does (`model`, `template`, `run`): part of the run's vocabulary, so
/// events, the store and `show` carry it typed.
///
/// A string-backed value rather than a closed enum, so that a store written by a newer Sluice
/// with a kind this build does not know still reads: the unknown kind is kept verbatim.
public struct StepKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The kind as stored and shown, e.g. `model`.
    public var rawValue: String

    /// A kind with the given stored spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Calls a model.
    public static let model = StepKind(rawValue: "model")
    /// Renders a template, with no model call.
    public static let template = StepKind(rawValue: "template")
    /// Runs a command.
    public static let run = StepKind(rawValue: "run")

    /// The stored spelling.
    public var description: String { rawValue }
}
