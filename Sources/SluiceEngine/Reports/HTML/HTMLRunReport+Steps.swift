import Foundation
import SluiceCore
import SluiceStore

extension HTMLRunReport {
    /// One step: its figures, prompt, output, attempts and, for a fan-out, its items.
    func step(_ entry: StepTranscript, notes: [RunNote]) -> String {
        let record = entry.step
        let anchor = HTMLText.identifier(record.name)
        let allAttempts = entry.attempts + entry.items.flatMap(\.attempts)
        var html = "<article class=\"step status-\(safe(record.status.rawValue))\" id=\"step-\(anchor)\""
        html += " data-step=\"\(safe(record.name))\">\n"
        html += "<h3><a href=\"#step-\(anchor)\">\(safe(record.name))</a> "
        html += "<span class=\"badge status-\(safe(record.status.rawValue))\">\(safe(record.status.rawValue))</span> "
        html += "<span class=\"badge kind\">\(safe(record.kind.rawValue))</span>"
        if allAttempts.contains(where: \.start.synthetic) {
            html += " <span class=\"badge synthetic\">synthetic</span>"
        }
        if record.cacheHit || allAttempts.contains(where: { $0.outcome?.fromCache == true }) {
            html += " <span class=\"badge cache\">cache hit</span>"
        }
        html += "</h3>\n<dl class=\"figures\">\n"
        var figures: [(String, String)] = [("Started", RunTranscriptRenderer.timestamp(record.startedAt))]
        if let finished = record.finishedAt {
            figures.append(("Took", RunTranscriptRenderer.seconds(from: record.startedAt, to: finished)))
        }
        let spent = allAttempts.compactMap(\.outcome).filter { !$0.fromCache }
        figures.append(
            (
                "Tokens",
                "\(spent.reduce(0) { $0 + ($1.inputTokens ?? 0) }) in / \(spent.reduce(0) { $0 + ($1.outputTokens ?? 0) }) out"
            ))
        figures.append(("Cost", "$" + RunTranscriptRenderer.money(spent.reduce(0) { $0 + ($1.costUSD ?? 0) })))
        figures.append(("Attempts", "\(allAttempts.count)"))
        if let count = record.itemCount { figures.append(("Items", "\(count)")) }
        for (name, value) in figures { html += "<div><dt>\(name)</dt><dd>\(safe(value))</dd></div>\n" }
        html += "</dl>\n"
        if let failure = record.failure { html += "<pre class=\"error\">\(safe(failure.description))</pre>\n" }
        if let prompt = RecordedPrompt.text(ofFirst: entry.attempts) {
            html += "<details class=\"prompt\" open><summary>Prompt</summary>"
            html += preformatted(prompt, class: "prompt") + "</details>\n"
        }
        if let output = record.output, !output.isNull {
            // A fan-out's output is every item's output, which the items below show one by one.
            html += "<details class=\"output\"\(record.itemCount == nil ? " open" : "")><summary>Output</summary>"
            html += preformatted(RunTranscriptRenderer.text(of: output), class: "output") + "</details>\n"
        }
        if !entry.attempts.isEmpty {
            html += "<h4>Attempts</h4>\n" + attemptTable(entry.attempts, notes: notes.filter { $0.itemIndex == nil })
        }
        if !entry.items.isEmpty { html += items(entry, anchor: anchor, notes: notes) }
        return html + "</article>\n"
    }

    // MARK: - Items

    private func items(_ entry: StepTranscript, anchor: String, notes: [RunNote]) -> String {
        let counts = Dictionary(grouping: entry.items, by: \.item.status.rawValue).mapValues(\.count)
            .sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var html = "<h4>Items</h4>\n<p class=\"item-counts\">\(entry.items.count) items: \(safe(counts))</p>\n"
        html += "<div class=\"items\" id=\"items-\(anchor)\">\n"
        for itemEntry in entry.items.prefix(expandedItems) {
            html += item(itemEntry, anchor: anchor, notes: notes.filter { $0.itemIndex == itemEntry.item.index })
        }
        html += "</div>\n"
        if entry.items.count > expandedItems {
            let rest = entry.items.count - expandedItems
            html += "<div class=\"pager\" id=\"pager-\(anchor)\" data-step=\"\(safe(entry.step.name))\">"
            html += "<p>\(rest) more items, shown \(itemsPerPage) at a time below.</p></div>\n"
            html += "<noscript><p>The other \(rest) items need JavaScript to show; "
            html +=
                "<code>sluice show RUN \(safe(entry.step.name)) --item N</code> prints any of them.</p></noscript>\n"
        }
        return html
    }

    private func item(_ entry: ItemTranscript, anchor: String, notes: [RunNote]) -> String {
        let record = entry.item
        let spent = entry.attempts.compactMap(\.outcome).filter { !$0.fromCache }
        var html =
            "<details class=\"item status-\(safe(record.status.rawValue))\" id=\"item-\(anchor)-\(record.index)\">"
        html += "<summary><span class=\"index\">#\(record.index)</span> "
        html += "<span class=\"badge status-\(safe(record.status.rawValue))\">\(safe(record.status.rawValue))</span>"
        if let finished = record.finishedAt {
            html += " \(safe(RunTranscriptRenderer.seconds(from: record.startedAt, to: finished)))"
        }
        html += " · \(spent.reduce(0) { $0 + ($1.inputTokens ?? 0) + ($1.outputTokens ?? 0) }) tokens"
        html += " · $\(RunTranscriptRenderer.money(spent.reduce(0) { $0 + ($1.costUSD ?? 0) }))"
        if entry.attempts.count > 1 { html += " · \(entry.attempts.count) attempts" }
        if entry.attempts.contains(where: \.start.synthetic) {
            html += " <span class=\"badge synthetic\">synthetic</span>"
        }
        if record.cacheHit { html += " <span class=\"badge cache\">cache hit</span>" }
        html += "</summary>\n"
        if let input = record.input { html += "<h5>Input</h5>" + preformatted(input.formatted(.pretty), class: "json") }
        if let failure = record.failure { html += "<pre class=\"error\">\(safe(failure.description))</pre>" }
        if let prompt = RecordedPrompt.text(ofFirst: entry.attempts) {
            html += "<h5>Prompt</h5>" + preformatted(prompt, class: "prompt")
        }
        if let output = record.output, !output.isNull {
            html += "<h5>Output</h5>" + preformatted(RunTranscriptRenderer.text(of: output), class: "output")
        }
        if !entry.attempts.isEmpty { html += "<h5>Attempts</h5>" + attemptTable(entry.attempts, notes: notes) }
        return html + "</details>\n"
    }

    // MARK: - Attempts

    /// A table row per attempt, followed by the notes that attempt led to (retry scheduled, fell
    /// back, breaker) and its response.
    func attemptTable(_ attempts: [AttemptRecord], notes: [RunNote]) -> String {
        var html = "<table class=\"attempts\">\n<thead><tr><th>#</th><th>model</th><th>status</th><th>latency</th>"
        html += "<th>first token</th><th>tokens in / out</th><th>cost</th><th>limiter wait</th><th>provenance</th>"
        html += "</tr></thead>\n<tbody>\n"
        let firstPrompt = RecordedPrompt.text(ofFirst: attempts)
        for attempt in attempts {
            let start = attempt.start
            let outcome = attempt.outcome
            html += "<tr class=\"attempt status-\(safe(attempt.status.rawValue))\" data-attempt=\"\(start.number)\""
            html += " data-synthetic=\"\(start.synthetic)\" data-from-cache=\"\(outcome?.fromCache ?? false)\">"
            html += "<td>\(start.number)</td><td>\(safe(start.provider))/\(safe(start.model))"
            if let answering = outcome?.answeringModel, answering != start.model,
                answering != "\(start.provider)/\(start.model)"
            {
                html += "<br><small>answered by \(safe(answering))</small>"
            }
            html += "</td><td>\(safe(attempt.status.rawValue))"
            if let status = outcome?.httpStatus { html += " <small>HTTP \(status)</small>" }
            html += "</td><td>\(outcome?.latency?.readable ?? "—")</td>"
            html += "<td>\(outcome?.timeToFirstToken?.readable ?? "—")</td>"
            html +=
                "<td>\(outcome?.inputTokens.map(String.init) ?? "—") / \(outcome?.outputTokens.map(String.init) ?? "—")</td>"
            html += "<td>\(outcome?.costUSD.map { "$" + RunTranscriptRenderer.money($0) } ?? "—")</td>"
            html += "<td>\(start.limiterWait?.readable ?? "—")</td><td>"
            var provenance: [String] = []
            if start.synthetic { provenance.append("<span class=\"badge synthetic\">synthetic</span>") }
            if outcome?.fromCache == true { provenance.append("<span class=\"badge cache\">cache hit</span>") }
            if let requestID = outcome?.requestID { provenance.append("request <code>\(safe(requestID))</code>") }
            html += provenance.isEmpty ? "model" : provenance.joined(separator: " ")
            html += "</td></tr>\n"
            var details = ""
            if let failure = outcome?.failure { details += "<pre class=\"error\">\(safe(failure.description))</pre>" }
            for note in notes where note.attemptNumber == start.number { details += self.note(note) }
            let prompt = RecordedPrompt.text(of: attempt)
            if prompt != firstPrompt {
                details += "<details><summary>prompt</summary>" + preformatted(prompt, class: "prompt") + "</details>"
            }
            if let response = outcome?.responseText, !response.isEmpty {
                details += "<details><summary>response</summary>" + preformatted(response, class: "output")
                details += "</details>"
            }
            if !details.isEmpty { html += "<tr class=\"attempt-detail\"><td colspan=\"9\">\(details)</td></tr>\n" }
        }
        let numbers = Set(attempts.map(\.start.number))
        for note in notes where note.attemptNumber.map({ !numbers.contains($0) }) ?? true {
            html += "<tr class=\"attempt-detail\"><td colspan=\"9\">" + self.note(note) + "</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    private func note(_ note: RunNote) -> String {
        var html = "<p class=\"note note-\(safe(note.kind.rawValue))\"><strong>\(safe(note.kind.rawValue))</strong>"
        if let delay = note.delay { html += " after \(delay.readable)" }
        return html + ": \(safe(note.message))</p>"
    }
}
