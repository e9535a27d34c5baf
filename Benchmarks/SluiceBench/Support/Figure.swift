import Foundation

/// One line of a section's table: what was measured, the goal it is held to, and the verdict.
struct Figure: Sendable {
    /// The goal a figure is held to.
    enum Goal: Sendable {
        /// Lower is better; meets when the value is at most this.
        case atMost(Double)
        /// Higher is better; meets when the value is at least this.
        case atLeast(Double)
    }

    /// What the figure is, in words ("chain of 1,000 steps: overhead per step").
    var name: String
    /// The measured value in `unit`, or nil when it could not be measured.
    var value: Double?
    /// The unit shown after the value ("ms", "MB", "%", "×").
    var unit: String
    /// The goal, when the issue sets one.
    var goal: Goal?
    /// Why the value is missing, or what else to know about it (shown in the last column).
    var note: String = ""

    /// A figure that could not be measured, and why.
    static func notMeasurable(_ name: String, unit: String, goal: Goal? = nil, because reason: String) -> Figure {
        Figure(name: name, value: nil, unit: unit, goal: goal, note: "not yet measurable: \(reason)")
    }

    /// The value divided by the goal's bound (above 1 misses an "at most" goal, below 1 misses an "at least" goal).
    var ratio: Double? {
        guard let value, let goal else { return nil }
        switch goal {
        case .atMost(let bound), .atLeast(let bound): return bound == 0 ? nil : value / bound
        }
    }

    /// `meets`, `misses`, or empty without a goal or a value.
    var verdict: String {
        guard let value, let goal else { return "" }
        switch goal {
        case .atMost(let bound): return value <= bound ? "meets" : "misses"
        case .atLeast(let bound): return value >= bound ? "meets" : "misses"
        }
    }

    /// The value as shown: three significant figures, then the unit.
    var measuredText: String { value.map { Figure.format($0) + " " + unit } ?? "—" }

    /// The goal as shown, `≤ 0.2 ms` or `≥ 97 %`.
    var goalText: String {
        switch goal {
        case .atMost(let bound)?: return "≤ " + Figure.format(bound) + " " + unit
        case .atLeast(let bound)?: return "≥ " + Figure.format(bound) + " " + unit
        case nil: return ""
        }
    }

    /// A number with about three significant figures, thousands separated: `0.312`, `4.51`, `97.3`, `1,234`.
    static func format(_ number: Double) -> String {
        let magnitude = abs(number)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        let text = String(format: "%.\(decimals)f", number)
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        let sign = whole.hasPrefix("-") ? "-" : ""
        whole = String(whole.drop { $0 == "-" })
        var grouped = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0, (whole.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A count with thousands separators: `10,000`.
    static func count(_ number: Int) -> String {
        format(Double(number)).split(separator: ".").first.map(String.init) ?? String(number)
    }
}
