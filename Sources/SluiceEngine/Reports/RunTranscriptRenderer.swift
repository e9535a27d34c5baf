import Foundation
public import SluiceCore
public import SluiceStore

/// Renders a recorded run for people (`sluice show`) and as JSON (`sluice show --json`).
///
/// Without a step: the run's header, inputs, each step's status, timing and output summary,
/// and the run's outputs. With a step: that step in full — every item (or only `item`), and
/// for every attempt the provider and model, status, latency, time to first token, tokens, cost,
/// the rendered messages and the response. Output of the `local` provider is labelled synthetic.
public struct RunTranscriptRenderer: Sendable {
    /// The longest response or prompt text shown before it is cut (with a note saying so).
    public var maximumTextLength: Int

    /// A renderer that shows texts up to `maximumTextLength` characters.
    public init(maximumTextLength: Int = 4000) {
        self.maximumTextLength = maximumTextLength
    }

    /// The run summary, or one step's details when `step` is given.
    public func render(_ transcript: RunTranscript, step: String? = nil, item: Int? = nil) -> String {
        var lines: [String] = []
        let run = transcript.run
        lines.append("run \(run.id)  \(run.pipeline)  \(run.effectiveStatus)")
        lines.append(
            "started \(Self.timestamp(run.startedAt))"
                + (run.finishedAt.map { "  took \(Self.seconds(from: run.startedAt, to: $0))" } ?? "")
                + "  tokens \(run.inputTokens) in / \(run.outputTokens) out  cost $\(Self.money(run.costUSD))")
        if let failure = run.failure { lines.append(failure.description) }
        for note in transcript.notes where note.kind == .accountDisabled || note.kind == .testCase {
            lines.append(note.message)
        }
        for note in transcript.notes where note.kind == .resumed {
            lines.append("resumed \(Self.timestamp(note.at)): \(note.message)")
        }
        guard let step else {
            lines.append("inputs: \(run.inputs.formatted(.compact))")
            lines.append("")
            lines.append("steps:")
            for entry in transcript.steps {
                let record = entry.step
                var line = "  \(record.name)  \(record.kind)  \(record.status)"
                if let count = record.itemCount { line += "  \(count) item\(count == 1 ? "" : "s")" }
                if let finished = record.finishedAt {
                    line += "  \(Self.seconds(from: record.startedAt, to: finished))"
                }
                let attempts = entry.attempts.count + entry.items.reduce(0) { $0 + $1.attempts.count }
                if attempts > 0 { line += "  \(attempts) attempt\(attempts == 1 ? "" : "s")" }
                if record.cacheHit { line += "  [from cache]" }
                if Self.isSynthetic(entry) { line += "  [synthetic: local provider]" }
                lines.append(line)
                if let failure = record.failure { lines.append(indent(failure.description, by: 4)) }
            }
            if let outputs = run.outputs {
                lines.append("")
                lines.append("outputs:")
                lines.append(indent(outputs.formatted(.pretty), by: 2))
            }
            return lines.joined(separator: "\n") + "\n"
        }
        guard let entry = transcript.steps.first(where: { $0.step.name == step }) else {
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("")
        let record = entry.step
        var header = "step \(record.name)  \(record.kind)  \(record.status)"
        if let finished = record.finishedAt { header += "  took \(Self.seconds(from: record.startedAt, to: finished))" }
        if let count = record.itemCount { header += "  \(count) item\(count == 1 ? "" : "s")" }
        lines.append(header)
        if let failure = record.failure { lines.append(failure.description) }
        let notes = transcript.notes.filter { $0.step == record.name }
        lines += renderBeforeAttempts(notes, item: nil)
        for attempt in entry.attempts { lines += render(attempt, notes: notes) }
        for itemEntry in entry.items where item == nil || itemEntry.item.index == item {
            let itemRecord = itemEntry.item
            lines.append("")
            var itemLine = "item \(itemRecord.index)  \(itemRecord.status)"
            if let finished = itemRecord.finishedAt {
                itemLine += "  took \(Self.seconds(from: itemRecord.startedAt, to: finished))"
            }
            lines.append(itemLine)
            if let input = itemRecord.input { lines.append("  input: " + input.formatted(.compact)) }
            if let failure = itemRecord.failure { lines.append(indent(failure.description, by: 2)) }
            lines += renderBeforeAttempts(notes, item: itemRecord.index).map { indent($0, by: 2) }
            for attempt in itemEntry.attempts { lines += render(attempt, notes: notes).map { indent($0, by: 2) } }
            if item != nil, let output = itemRecord.output {
                lines.append("  output:")
                lines.append(indent(Self.text(of: output), by: 4))
            }
        }
        if item == nil, let output = record.output, record.status == .succeeded {
            lines.append("")
            lines.append("output:" + (Self.isSynthetic(entry) ? "  [synthetic: local provider]" : ""))
            lines.append(indent(clip(Self.text(of: output)), by: 2))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Notes that follow no attempt (a model skipped before any call was made), in order.
    private func renderBeforeAttempts(_ notes: [RunNote], item: Int?) -> [String] {
        notes.filter { $0.itemIndex == item && $0.attemptNumber == nil }.map {
            "\($0.kind.rawValue): \($0.message)"
        }
    }

    private func render(_ attempt: AttemptRecord, notes: [RunNote]) -> [String] {
        let start = attempt.start
        let outcome = attempt.outcome
        var lines: [String] = [""]
        var header = "attempt \(start.number)  \(start.provider)/\(start.model)  \(attempt.status)"
        if Self.isSynthetic(attempt) { header += "  [synthetic: local provider]" }
        if outcome?.fromCache == true { header += "  [from cache]" }
        lines.append(header)
        var figures: [String] = []
        if let latency = outcome?.latency { figures.append("latency \(latency.readable)") }
        if let first = outcome?.timeToFirstToken { figures.append("first token \(first.readable)") }
        if let input = outcome?.inputTokens, let output = outcome?.outputTokens {
            figures.append("tokens \(input) in / \(output) out")
        }
        if let cost = outcome?.costUSD { figures.append("cost $\(Self.money(cost))") }
        if let wait = start.limiterWait { figures.append("limiter wait \(wait.readable)") }
        if let finish = outcome?.finishReason { figures.append("finish \(finish)") }
        if !figures.isEmpty { lines.append("  " + figures.joined(separator: "  ")) }
        var identity: [String] = []
        if let model = outcome?.answeringModel, model != start.model, model != "\(start.provider)/\(start.model)" {
            identity.append("answered by \(model)")
        }
        if let status = outcome?.httpStatus { identity.append("HTTP \(status)") }
        if let requestID = outcome?.requestID { identity.append("request id \(requestID)") }
        if !identity.isEmpty { lines.append("  " + identity.joined(separator: "  ")) }
        if let failure = outcome?.failure { lines.append(indent(failure.description, by: 2)) }
        if let messages = start.request.objectValue?["messages"]?.arrayValue {
            for message in messages {
                let role = message.objectValue?["role"]?.stringValue ?? "message"
                lines.append("  --- \(role) ---")
                lines.append(indent(clip(message.objectValue?["content"]?.stringValue ?? ""), by: 4))
            }
        } else if let request = start.request.objectValue {
            for (key, value) in request {
                lines.append("  --- \(key) ---")
                lines.append(indent(clip(value.stringValue ?? value.formatted(.compact)), by: 4))
            }
        }
        if let response = outcome?.responseText {
            lines.append("  --- response ---")
            lines.append(indent(clip(response), by: 4))
        }
        for note in notes where note.itemIndex == start.itemIndex && note.attemptNumber == start.number {
            lines.append(indent("\(note.kind.rawValue): \(note.message)", by: 2))
        }
        return lines
    }

    /// The run as JSON: the run record, then each step with its items and attempts.
    public func jsonValue(_ transcript: RunTranscript, step: String? = nil, item: Int? = nil) -> JSONValue {
        let run = transcript.run
        var object: JSONObject = [
            "id": .string(run.id.rawValue), "pipeline": .string(run.pipeline),
            "status": .string(run.effectiveStatus.rawValue), "started_at": .string(Self.timestamp(run.startedAt)),
        ]
        object["finished_at"] = run.finishedAt.map { .string(Self.timestamp($0)) } ?? .null
        object["inputs"] = run.inputs
        object["outputs"] = run.outputs ?? .null
        object["error"] = run.failure?.jsonValue ?? .null
        object["notes"] = .array(
            transcript.notes.filter { step == nil || $0.step == step }.map(Self.json))
        object["input_tokens"] = .integer(run.inputTokens)
        object["output_tokens"] = .integer(run.outputTokens)
        object["cost_usd"] = .double(run.costUSD)
        object["steps"] = .array(
            transcript.steps.filter { step == nil || $0.step.name == step }.map { entry in
                var stepObject: JSONObject = [
                    "name": .string(entry.step.name), "kind": .string(entry.step.kind.rawValue),
                    "status": .string(entry.step.status.rawValue),
                ]
                stepObject["started_at"] = .string(Self.timestamp(entry.step.startedAt))
                stepObject["finished_at"] = entry.step.finishedAt.map { .string(Self.timestamp($0)) } ?? .null
                stepObject["duration_ms"] = Self.milliseconds(from: entry.step.startedAt, to: entry.step.finishedAt)
                stepObject["item_count"] = entry.step.itemCount.map(JSONValue.integer) ?? .null
                stepObject["output"] = entry.step.output ?? .null
                stepObject["error"] = entry.step.failure?.jsonValue ?? .null
                stepObject["attempts"] = .array(entry.attempts.map(Self.json))
                stepObject["items"] = .array(
                    entry.items.filter { item == nil || $0.item.index == item }.map { itemEntry in
                        var itemObject: JSONObject = [
                            "index": .integer(itemEntry.item.index),
                            "status": .string(itemEntry.item.status.rawValue),
                        ]
                        itemObject["started_at"] = .string(Self.timestamp(itemEntry.item.startedAt))
                        itemObject["finished_at"] =
                            itemEntry.item.finishedAt.map { .string(Self.timestamp($0)) } ?? .null
                        itemObject["duration_ms"] = Self.milliseconds(
                            from: itemEntry.item.startedAt, to: itemEntry.item.finishedAt)
                        itemObject["input"] = itemEntry.item.input ?? .null
                        itemObject["output"] = itemEntry.item.output ?? .null
                        itemObject["error"] = itemEntry.item.failure?.jsonValue ?? .null
                        itemObject["attempts"] = .array(itemEntry.attempts.map(Self.json))
                        return .object(itemObject)
                    })
                return .object(stepObject)
            })
        return .object(object)
    }

    private static func json(_ attempt: AttemptRecord) -> JSONValue {
        let start = attempt.start
        let outcome = attempt.outcome
        var object: JSONObject = [
            "number": .integer(start.number), "provider": .string(start.provider),
            "model": .string(start.model), "status": .string(attempt.status.rawValue),
            "synthetic": .bool(isSynthetic(attempt)),
        ]
        object["request"] = start.request
        object["response_text"] = outcome?.responseText.map(JSONValue.string) ?? .null
        object["answering_model"] = outcome?.answeringModel.map(JSONValue.string) ?? .null
        object["request_id"] = outcome?.requestID.map(JSONValue.string) ?? .null
        object["http_status"] = outcome?.httpStatus.map(JSONValue.integer) ?? .null
        object["finish_reason"] = outcome?.finishReason.map { .string($0.rawValue) } ?? .null
        object["latency_ms"] = outcome?.latency.map { .double($0.milliseconds) } ?? .null
        object["first_token_ms"] = outcome?.timeToFirstToken.map { .double($0.milliseconds) } ?? .null
        object["input_tokens"] = outcome?.inputTokens.map(JSONValue.integer) ?? .null
        object["output_tokens"] = outcome?.outputTokens.map(JSONValue.integer) ?? .null
        object["cost_usd"] = outcome?.costUSD.map(JSONValue.double) ?? .null
        object["limiter_wait_ms"] = start.limiterWait.map { .double($0.milliseconds) } ?? .null
        object["from_cache"] = .bool(outcome?.fromCache ?? false)
        object["error"] = outcome?.failure?.jsonValue ?? .null
        return .object(object)
    }

    private static func json(_ note: RunNote) -> JSONValue {
        var object: JSONObject = ["kind": .string(note.kind.rawValue), "message": .string(note.message)]
        object["step"] = note.step.map(JSONValue.string) ?? .null
        object["item"] = note.itemIndex.map(JSONValue.integer) ?? .null
        object["attempt"] = note.attemptNumber.map(JSONValue.integer) ?? .null
        object["delay_ms"] = note.delay.map { .double($0.milliseconds) } ?? .null
        object["at"] = .string(timestamp(note.at))
        return .object(object)
    }

    // MARK: - Formatting

    private static func isSynthetic(_ entry: StepTranscript) -> Bool {
        entry.attempts.contains(where: isSynthetic) || entry.items.contains { $0.attempts.contains(where: isSynthetic) }
    }

    /// Whether the embedded simulator answered: text no model wrote.
    private static func isSynthetic(_ attempt: AttemptRecord) -> Bool {
        attempt.start.synthetic
    }

    private func clip(_ text: String) -> String {
        guard text.count > maximumTextLength else { return text }
        return String(text.prefix(maximumTextLength)) + "\n… (\(text.count - maximumTextLength) more characters)"
    }

    private func indent(_ text: String, by count: Int) -> String {
        // Every line of a multi-line entry is indented; blank lines stay empty (no trailing spaces).
        let padding = String(repeating: " ", count: count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : padding + $0 }
            .joined(separator: "\n")
    }

    static func text(of value: JSONValue) -> String {
        value.stringValue ?? value.formatted(.pretty)
    }

    /// The time from `start` to `end` in milliseconds, or null while unfinished (timestamps in
    /// JSON have whole seconds, too coarse for an item's duration).
    private static func milliseconds(from start: Date, to end: Date?) -> JSONValue {
        end.map { .double(max(0, $0.timeIntervalSince(start) * 1000)) } ?? .null
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func seconds(from start: Date, to end: Date) -> String {
        let milliseconds = max(0, end.timeIntervalSince(start) * 1000)
        return milliseconds < 1000
            ? "\(Int(milliseconds.rounded()))ms" : "\(((milliseconds / 100).rounded()) / 10)s"
    }

    static func money(_ amount: Double) -> String {
        String(format: "%.4f", amount)
    }
}
