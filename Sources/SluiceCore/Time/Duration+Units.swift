extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in milliseconds, as a floating-point number (the store's `_ms` columns).
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }

    /// A duration from a millisecond count, to the nearest nanosecond.
    public static func fromMilliseconds(_ value: Double) -> Duration {
        .nanoseconds(Int64((value * 1_000_000).rounded()))
    }

    /// `250ms`, `2s`, `1.5s`: short enough for messages.
    public var readable: String {
        let milliseconds = self.milliseconds
        if milliseconds < 1000 { return "\(Int(milliseconds.rounded()))ms" }
        let tenths = (milliseconds / 100).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))s" : "\(tenths)s"
    }
}
