import Foundation
public import SluiceCore
public import SluiceStore

/// A recorded run as one self-contained HTML file (`sluice report RUN --html`).
///
/// The page holds the run's summary, the step graph and a timeline (inline SVG), and every step
/// with its rendered prompt, output and attempts (retries, fallback hops, limiter waits, cache
/// hits, circuit-breaker notes, tokens, cost). CSS and JavaScript are inline and nothing is
/// fetched: the file opens offline, and its Content-Security-Policy forbids any network request.
///
/// Every text from the run goes through ``redactor`` and is HTML-escaped; the whole transcript is
/// also embedded as JSON (`<script type="application/json" id="run-data">`). A fan-out shows its
/// first ``expandedItems`` items in full; the page's script renders the rest from the embedded
/// JSON, ``itemsPerPage`` at a time, so a 10,000-item run stays usable.
public struct HTMLRunReport: Sendable {
    /// Scrubs keys from everything the page shows or embeds.
    public var redactor: SecretRedactor
    /// The steps each step needs, for the graph's edges; `nil` when the pipeline could not be read.
    public var dependencies: [String: [String]]?
    /// Where ``dependencies`` came from, shown under the graph (`pipelines/triage.yaml as it is now`).
    public var dependencySource: String?
    /// How many items of a fan-out are written into the page in full.
    public var expandedItems: Int
    /// How many further items the page's script shows per page.
    public var itemsPerPage: Int
    /// The longest prompt or output text shown in the page before it is cut (the embedded JSON keeps all of it).
    public var maximumTextLength: Int

    /// A report that redacts with `redactor` and draws the graph from `dependencies`.
    public init(
        redactor: SecretRedactor, dependencies: [String: [String]]? = nil, dependencySource: String? = nil,
        expandedItems: Int = 20, itemsPerPage: Int = 50, maximumTextLength: Int = 50_000
    ) {
        self.redactor = redactor
        self.dependencies = dependencies
        self.dependencySource = dependencySource
        self.expandedItems = expandedItems
        self.itemsPerPage = itemsPerPage
        self.maximumTextLength = maximumTextLength
    }

    /// The whole HTML document for `transcript`.
    public func render(_ transcript: RunTranscript) -> String {
        let run = transcript.run
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
            style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <meta name="generator" content="sluice \(safe(SluiceVersion.current))">
            <title>\(safe(run.pipeline)) · run \(safe(run.id.rawValue)) · Sluice report</title>
            <style>\(Self.styleSheet)</style>
            </head>
            <body>

            """
        html += header(transcript)
        html += "<main>\n"
        html += summary(transcript)
        html += graph(transcript)
        html += timeline(transcript)
        html += "<section id=\"steps\">\n<h2>Steps</h2>\n"
        for entry in transcript.steps {
            html += step(entry, notes: transcript.notes.filter { $0.step == entry.step.name })
        }
        html += "</section>\n</main>\n"
        html += "<script type=\"application/json\" id=\"run-data\">"
        html += HTMLText.scriptSafeJSON(embeddedData(transcript).formatted(.compact))
        html += "</script>\n<script>\(Self.script)</script>\n</body>\n</html>\n"
        return html
    }

    // MARK: - Text

    /// `text` redacted and escaped: the one way user text enters the page.
    func safe(_ text: String) -> String {
        HTMLText.escape(redactor.redact(text: text))
    }

    /// `text` redacted, cut at ``maximumTextLength`` with a note, and escaped.
    func clipped(_ text: String) -> String {
        guard text.count > maximumTextLength else { return safe(text) }
        return safe(String(text.prefix(maximumTextLength)))
            + "\n<span class=\"clip\">… \(text.count - maximumTextLength) more characters (the embedded JSON and "
            + "<code>sluice show</code> have all of it)</span>"
    }

    /// A `<pre>` block holding `text`, redacted, clipped and escaped.
    func preformatted(_ text: String, class className: String) -> String {
        "<pre class=\"\(className)\">\(clipped(text))</pre>"
    }

    /// The transcript as embedded JSON: `sluice show --json`'s shape, redacted, with each step's
    /// fragment identifier (`anchor`) and the page's paging settings (`report`); a fan-out
    /// step's `output` is null, since its items hold the same values.
    func embeddedData(_ transcript: RunTranscript) -> JSONValue {
        guard case .object(var object) = RunTranscriptRenderer().jsonValue(transcript) else { return .null }
        object["steps"] = .array(
            (object["steps"]?.arrayValue ?? []).map { step in
                guard case .object(var stepObject) = step else { return step }
                stepObject["anchor"] = .string(HTMLText.identifier(stepObject["name"]?.stringValue ?? ""))
                // A fan-out's output is its items' outputs in order, which the items carry: left
                // out rather than embedded twice (a tenth of a 10,000-item page).
                if stepObject["item_count"]?.isNull == false { stepObject["output"] = .null }
                return .object(stepObject)
            })
        object["report"] = [
            "expanded_items": .integer(expandedItems), "items_per_page": .integer(itemsPerPage),
            "sluice_version": .string(SluiceVersion.current),
        ]
        return redactor.redact(.object(object))
    }

    // MARK: - Header and summary

    private func header(_ transcript: RunTranscript) -> String {
        let run = transcript.run
        let status = run.effectiveStatus.rawValue
        var html = "<header>\n<h1>\(safe(run.pipeline)) <span class=\"badge status-\(safe(status))\">"
        html += "\(safe(status))</span></h1>\n<p class=\"subtitle\">run <code>\(safe(run.id.rawValue))</code>"
        html += " · started \(safe(RunTranscriptRenderer.timestamp(run.startedAt)))</p>\n"
        html += "<nav><a href=\"#summary\">Summary</a> <a href=\"#graph\">Graph</a> "
        html += "<a href=\"#timeline\">Timeline</a> <a href=\"#steps\">Steps</a></nav>\n"
        if Self.syntheticAttempts(transcript) > 0 {
            html += "<p class=\"synthetic-banner\" id=\"synthetic-banner\">Synthetic output: "
            html += "\(Self.syntheticAttempts(transcript)) attempt(s) were answered by a simulator (recorded at the "
            html += "time of the call), not by a model. Their text is not a model's answer.</p>\n"
        }
        return html + "</header>\n"
    }

    private func summary(_ transcript: RunTranscript) -> String {
        let run = transcript.run
        let attempts = transcript.steps.flatMap { $0.attempts + $0.items.flatMap(\.attempts) }
        var rows: [(String, String)] = [
            ("Pipeline", safe(run.pipeline)),
            ("Run", "<code>\(safe(run.id.rawValue))</code>"),
            ("Status", safe(run.effectiveStatus.rawValue)),
            (
                "Exit",
                run.effectiveStatus == .running
                    ? "still running" : "\(ExitStatus(runStatus: run.effectiveStatus).rawValue)"
            ),
            ("Started", safe(RunTranscriptRenderer.timestamp(run.startedAt))),
            ("Finished", run.finishedAt.map { safe(RunTranscriptRenderer.timestamp($0)) } ?? "—"),
            (
                "Took",
                run.finishedAt.map { safe(RunTranscriptRenderer.seconds(from: run.startedAt, to: $0)) } ?? "—"
            ),
            ("Tokens", "\(run.inputTokens) in / \(run.outputTokens) out"),
            ("Cost", "$" + RunTranscriptRenderer.money(run.costUSD)),
            ("Steps", "\(transcript.steps.count)"),
            (
                "Attempts",
                "\(attempts.count) (\(attempts.filter { $0.outcome?.fromCache == true }.count) from cache, "
                    + "\(attempts.filter { $0.status == .failed }.count) failed)"
            ),
            ("Sluice", safe(run.sluiceVersion)),
        ]
        if let failure = run.failure {
            rows.append(("Error", "<pre class=\"error\">\(safe(failure.description))</pre>"))
        }
        var html = "<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"summary\">\n"
        for (name, value) in rows {
            html += "<div><dt>\(name)</dt><dd data-field=\"\(name.lowercased())\">\(value)</dd></div>\n"
        }
        html += "</dl>\n"
        for note in transcript.notes where note.kind == .accountDisabled {
            html += "<p class=\"note note-account-disabled\">\(safe(note.message))</p>\n"
        }
        html += collapsible("Inputs", run.inputs.formatted(.pretty))
        if let outputs = run.outputs { html += collapsible("Outputs", outputs.formatted(.pretty)) }
        return html + "</section>\n"
    }

    /// A `<details>` block holding JSON text: open when short, closed past 24 lines so the graph
    /// and timeline stay near the top of the page.
    private func collapsible(_ title: String, _ text: String) -> String {
        let lines = text.reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
        return "<details class=\"data\"\(lines <= 24 ? " open" : "")><summary>\(title) (\(lines) lines)</summary>"
            + preformatted(text, class: "json") + "</details>\n"
    }

    static func syntheticAttempts(_ transcript: RunTranscript) -> Int {
        transcript.steps.reduce(0) { count, entry in
            count + (entry.attempts + entry.items.flatMap(\.attempts)).filter(\.start.synthetic).count
        }
    }
}
