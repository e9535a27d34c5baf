internal import Foundation
import SluiceCore
public import SluicePipeline
internal import SluiceSchema

extension TestAssertion {
    /// The longest actual value a failure shows before it is cut.
    static let shownLength = 240

    /// Checks the assertion against what `run` showed; `nil` when it holds.
    public func evaluate(on run: ObservedRun) -> AssertionFailure? {
        switch check {
        case .costBelow(let limit):
            let cost = stepName.map { run.stepCosts[$0] ?? 0 } ?? run.cost
            guard cost >= limit else { return nil }
            return failure(expected: "below \(Self.money(limit))", actual: Self.money(cost))
        case .latencyBelow(let limit):
            let measured = stepName.map { run.latency(ofStep: $0) } ?? run.latency
            guard let measured else { return failure(expected: "below \(limit.readable)", actual: "it did not finish") }
            guard measured >= limit else { return nil }
            return failure(expected: "below \(limit.readable)", actual: measured.readable)
        case .equals, .contains, .regex, .schema:
            return evaluateValue(on: run)
        }
    }

    private var stepName: String? {
        if case .step(let name) = subject { return name }
        return nil
    }

    private func evaluateValue(on run: ObservedRun) -> AssertionFailure? {
        let whole: JSONValue?
        switch subject {
        case .output(let name): whole = run.result?.outputs?[name]
        case .step(let name): whole = run.stepOutputs[name]
        case .run: whole = nil
        }
        guard let whole else { return failure(expected: "a value", actual: "the run gave none") }
        var value = whole
        if let path {
            guard let found = path.value(in: whole) else {
                let reached = path.deepestMatch(in: whole)
                let place = reached.path.isEmpty ? "the whole value is" : "\(reached.path) holds"
                return failure(
                    expected: "a value at \(path.text)", actual: "nothing there; \(place) \(Self.shown(reached.value))")
            }
            value = found
        }
        switch check {
        case .equals(let expected):
            guard value != expected else { return nil }
            return failure(expected: Self.shown(expected), actual: Self.shown(value))
        case .contains(let needle):
            guard !Self.text(of: value).contains(needle) else { return nil }
            return failure(expected: "text containing \(Self.shown(.string(needle)))", actual: Self.shown(value))
        case .regex(let pattern):
            guard !pattern.matches(Self.text(of: value)) else { return nil }
            return failure(expected: "text matching /\(pattern.source)/", actual: Self.shown(value))
        case .schema(let schema):
            let result = schema.schema.validate(value)
            guard !result.isValid else { return nil }
            return failure(
                expected: "a value valid against \(schema.path ?? "the inline schema")",
                actual: "\(Self.shown(value)); \(result.oneLineSummary())")
        case .costBelow, .latencyBelow:
            return nil
        }
    }

    private func failure(expected: String, actual: String) -> AssertionFailure {
        AssertionFailure(
            location: location, check: checkName, subject: subjectDescription, expected: expected, actual: actual)
    }

    /// A string as it is; any other value as compact JSON, which is what `contains` and `regex` search.
    static func text(of value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.formatted(.compact)
    }

    /// `value` as compact JSON on one line (a string's newlines escaped), cut after ``shownLength`` characters.
    static func shown(_ value: JSONValue) -> String {
        let text = value.formatted(.compact)
        guard text.count > shownLength else { return text }
        return "\(text.prefix(shownLength))… (\(text.count) characters in all)"
    }

    static func money(_ amount: Double) -> String {
        "$" + String(format: "%.4f", amount)
    }
}
