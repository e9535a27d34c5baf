/// What a model costs, in US dollars per million tokens.
public struct ModelPrice: Sendable, Hashable {
    /// Dollars per million input tokens.
    public var input: Double
    /// Dollars per million output tokens.
    public var output: Double

    /// A price of `input` and `output` dollars per million tokens.
    public init(input: Double, output: Double) {
        self.input = input
        self.output = output
    }
}
