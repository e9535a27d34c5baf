/// A small deterministic random source (SplitMix64): the same seed always yields the same
/// sequence, on every platform.
///
/// Used where output must be reproducible (synthetic schema instances) and by tests that
/// generate random input, so a failure reproduces from its seed. Not for anything secret.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A value in `0..<1`, uniformly spread (53 random bits, a `Double`'s precision).
    public mutating func nextFraction() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// A value in `0..<bound` (`bound` must be positive).
    public mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }

    /// An independent generator derived from this one, advancing this one.
    public mutating func forked() -> SeededRandom {
        SeededRandom(seed: next())
    }
}
