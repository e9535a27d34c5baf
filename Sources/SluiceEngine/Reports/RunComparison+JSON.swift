import Foundation
public import SluiceCore
import SluiceStore

extension RunComparison {
    /// The comparison as JSON (`sluice diff --json`): both runs, `has_changes`, and per shared
    /// step its statuses, figures with deltas, prompt and output diffs (unified text), and every
    /// changed fan-out item; then the steps only one run has.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["run_a": Self.json(old), "run_b": Self.json(new)]
        object["has_changes"] = .bool(hasChanges)
        object["steps"] = .array(steps.map(Self.json))
        object["only_in_a"] = .array(onlyInOld.map(JSONValue.string))
        object["only_in_b"] = .array(onlyInNew.map(JSONValue.string))
        return .object(object)
    }

    private static func json(_ run: RunRecord) -> JSONValue {
        [
            "id": .string(run.id.rawValue), "pipeline": .string(run.pipeline),
            "status": .string(run.effectiveStatus.rawValue),
            "started_at": .string(RunTranscriptRenderer.timestamp(run.startedAt)),
            "input_tokens": .integer(run.inputTokens), "output_tokens": .integer(run.outputTokens),
            "cost_usd": .double(run.costUSD),
        ]
    }

    private static func json(_ step: StepChange) -> JSONValue {
        var object: JSONObject = ["name": .string(step.name), "has_changes": .bool(step.hasChanges)]
        object["status"] = pair(.string(step.status.old.rawValue), .string(step.status.new.rawValue))
        let (old, new) = step.figures
        object["models"] = pair(
            .array(old.models.map(JSONValue.string)), .array(new.models.map(JSONValue.string)))
        object["input_tokens"] = pair(
            .integer(old.inputTokens), .integer(new.inputTokens), delta: .integer(new.inputTokens - old.inputTokens))
        object["output_tokens"] = pair(
            .integer(old.outputTokens), .integer(new.outputTokens), delta: .integer(new.outputTokens - old.outputTokens)
        )
        object["cost_usd"] = pair(.double(old.costUSD), .double(new.costUSD), delta: .double(new.costUSD - old.costUSD))
        let latency = { (value: Duration?) in value.map { JSONValue.double($0.milliseconds) } ?? .null }
        let latencyDelta: JSONValue =
            if let a = old.latency, let b = new.latency { .double(b.milliseconds - a.milliseconds) } else { .null }
        object["latency_ms"] = pair(latency(old.latency), latency(new.latency), delta: latencyDelta)
        object["cache_hits"] = pair(.integer(old.cacheHits), .integer(new.cacheHits))
        object["prompt"] = json(step.prompt)
        object["output"] = json(step.output)
        object["item_count"] = pair(
            step.itemCount.old.map(JSONValue.integer) ?? .null, step.itemCount.new.map(JSONValue.integer) ?? .null)
        object["items_compared"] = .integer(step.comparedItems)
        object["changed_items"] = .array(
            step.changedItems.map { item in
                ["index": .integer(item.index), "prompt": json(item.prompt), "output": json(item.output)]
            })
        return .object(object)
    }

    private static func json(_ text: TextChange) -> JSONValue {
        var object: JSONObject = ["changed": .bool(text.hasChanges)]
        object["in_a"] = .bool(text.old != nil)
        object["in_b"] = .bool(text.new != nil)
        object["diff"] = .string(text.diff.unified())
        return .object(object)
    }

    private static func pair(_ old: JSONValue, _ new: JSONValue, delta: JSONValue? = nil) -> JSONValue {
        var object: JSONObject = ["a": old, "b": new]
        if let delta { object["delta"] = delta }
        return .object(object)
    }
}
