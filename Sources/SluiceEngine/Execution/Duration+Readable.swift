extension Duration {
    /// The duration in milliseconds, as a floating-point number.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }

    /// `250ms`, `2s`, `1.5s`: short enough for messages.
    var readable: String {
        let milliseconds = self.milliseconds
        if milliseconds < 1000 { return "\(Int(milliseconds.rounded()))ms" }
        let tenths = (milliseconds / 100).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))s" : "\(tenths)s"
    }
}
