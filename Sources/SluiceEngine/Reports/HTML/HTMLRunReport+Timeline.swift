import Foundation
import SluiceCore
import SluiceStore

extension HTMLRunReport {
    /// The most lanes a fan-out's items are packed into on the timeline; items that overlap more
    /// than this share the last lane.
    static let timelineItemLanes = 24

    /// The timeline as inline SVG: a bar per step from its start to its end, and under a fan-out
    /// step its items packed into lanes (an item takes the first lane free when it starts, so the
    /// lanes in use show the concurrency). All of a step's items are one `<path>`, so 10,000 items
    /// cost one element.
    func timeline(_ transcript: RunTranscript) -> String {
        let run = transcript.run
        let origin = run.startedAt
        let ends =
            transcript.steps.flatMap { entry in [entry.step.finishedAt] + entry.items.map(\.item.finishedAt) }
            .compactMap { $0 } + [run.finishedAt].compactMap { $0 }
        let total = max(0.001, (ends.max() ?? origin).timeIntervalSince(origin))
        let labelWidth = 170
        let plotWidth = 800
        let rowHeight = 22
        let laneHeight = 4
        func x(_ date: Date) -> Double {
            Double(labelWidth) + max(0, date.timeIntervalSince(origin)) / total * Double(plotWidth)
        }
        func width(_ start: Date, _ end: Date?) -> Double {
            max(1.5, (end ?? origin.addingTimeInterval(total)).timeIntervalSince(start) / total * Double(plotWidth))
        }
        var body = ""
        var y = 24
        for entry in transcript.steps {
            let step = entry.step
            let status = safe(step.status.rawValue)
            let took =
                step.finishedAt.map { RunTranscriptRenderer.seconds(from: step.startedAt, to: $0) } ?? "unfinished"
            body += "<g class=\"bar status-\(status)\" data-step=\"\(safe(step.name))\">"
            body += "<title>\(safe(step.name)): \(status), \(safe(took))</title>"
            body += "<text class=\"label\" x=\"4\" y=\"\(y + 15)\">\(safe(Self.short(step.name)))</text>"
            body +=
                "<rect x=\"\(Self.format(x(step.startedAt)))\" y=\"\(y + 3)\" width=\"\(Self.format(width(step.startedAt, step.finishedAt)))\""
            body += " height=\"\(rowHeight - 6)\" rx=\"3\"/></g>\n"
            y += rowHeight
            guard !entry.items.isEmpty else { continue }
            var laneEnds: [Date] = []
            var segments: [String] = []
            var failed: [String] = []
            for item in entry.items.map(\.item).sorted(by: { $0.startedAt < $1.startedAt }) {
                let lane: Int
                if let free = laneEnds.firstIndex(where: { $0 <= item.startedAt }) {
                    lane = free
                } else if laneEnds.count < Self.timelineItemLanes {
                    lane = laneEnds.count
                    laneEnds.append(item.startedAt)
                } else {
                    lane = Self.timelineItemLanes - 1
                }
                laneEnds[lane] = max(laneEnds[lane], item.finishedAt ?? .distantFuture)
                let segment =
                    "M\(Self.format(x(item.startedAt))) \(y + lane * laneHeight + 2)"
                    + "h\(Self.format(width(item.startedAt, item.finishedAt)))"
                if item.status == .succeeded || item.status == .skipped {
                    segments.append(segment)
                } else {
                    failed.append(segment)
                }
            }
            let lanes = max(1, laneEnds.count)
            body += "<g class=\"items\" data-step=\"\(safe(step.name))\" data-items=\"\(entry.items.count)\">"
            body += "<title>\(entry.items.count) items of \(safe(step.name)), \(lanes) at most at once shown</title>"
            body += "<text class=\"label small\" x=\"14\" y=\"\(y + 10)\">\(entry.items.count) items</text>"
            if !segments.isEmpty { body += "<path class=\"item-lanes\" d=\"\(segments.joined())\"/>" }
            if !failed.isEmpty { body += "<path class=\"item-lanes failed\" d=\"\(failed.joined())\"/>" }
            body += "</g>\n"
            y += max(rowHeight, lanes * laneHeight + 6)
        }
        let height = y + 6
        let totalWidth = labelWidth + plotWidth + 20
        var html = "<section id=\"timeline\">\n<h2>Timeline</h2>\n"
        html += "<svg class=\"timeline\" viewBox=\"0 0 \(totalWidth) \(height)\" width=\"\(totalWidth)\""
        html += " height=\"\(height)\" role=\"img\" aria-label=\"timeline of steps and items\">\n"
        html += "<text class=\"axis\" x=\"\(labelWidth)\" y=\"14\">0s</text>"
        html += "<text class=\"axis\" x=\"\(labelWidth + plotWidth)\" y=\"14\" text-anchor=\"end\">"
        html += "\(safe(RunTranscriptRenderer.seconds(from: origin, to: origin.addingTimeInterval(total))))</text>\n"
        html += body
        return html + "</svg>\n</section>\n"
    }

    private static func short(_ name: String) -> String {
        name.count > 22 ? String(name.prefix(21)) + "…" : name
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
