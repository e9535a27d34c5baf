/// Order statistics of repeated measurements.
extension Array where Element == Double {
    /// The value below which `fraction` of the samples lie (nearest rank); 0 for no samples.
    func percentile(_ fraction: Double) -> Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        let rank = Int((fraction * Double(count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), count - 1)]
    }

    /// The median (the upper one for an even count).
    var median: Double {
        guard !isEmpty else { return 0 }
        return sorted()[count / 2]
    }
}
