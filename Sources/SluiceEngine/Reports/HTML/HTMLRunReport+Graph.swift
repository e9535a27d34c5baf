import Foundation
import SluiceCore
import SluiceStore

extension HTMLRunReport {
    /// The step graph as inline SVG: a box per step in columns by dependency depth
    /// (``StepGraphLayout``), coloured by status and linking to the step; an arrow per dependency.
    func graph(_ transcript: RunTranscript) -> String {
        let names = transcript.steps.map(\.step.name)
        let layout = StepGraphLayout(steps: names, dependencies: dependencies ?? [:])
        let statuses = Dictionary(
            transcript.steps.map { ($0.step.name, $0.step.status.rawValue) }, uniquingKeysWith: { first, _ in first })
        let boxWidth = 170
        let boxHeight = 34
        let columnGap = 70
        let rowGap = 16
        let width = max(1, layout.columnCount) * (boxWidth + columnGap) - columnGap + 20
        let height = max(1, layout.rowCount) * (boxHeight + rowGap) - rowGap + 20
        func origin(_ node: StepGraphLayout.Node) -> (x: Int, y: Int) {
            (10 + node.column * (boxWidth + columnGap), 10 + node.row * (boxHeight + rowGap))
        }
        let nodes = Dictionary(layout.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var html = "<section id=\"graph\">\n<h2>Graph</h2>\n"
        html += "<svg class=\"graph\" viewBox=\"0 0 \(width) \(height)\""
        html += " width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"step dependency graph\">\n"
        html += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
        html +=
            " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n"
        for edge in layout.edges {
            guard let from = nodes[edge.from], let to = nodes[edge.to] else { continue }
            let start = origin(from)
            let end = origin(to)
            let x1 = start.x + boxWidth
            let y1 = start.y + boxHeight / 2
            let x2 = end.x
            let y2 = end.y + boxHeight / 2
            let bend = (x2 - x1) / 2
            html += "<path class=\"edge\" data-from=\"\(safe(edge.from))\" data-to=\"\(safe(edge.to))\""
            html +=
                " d=\"M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)\" marker-end=\"url(#arrow)\"/>\n"
        }
        for node in layout.nodes {
            let (x, y) = origin(node)
            let status = statuses[node.name] ?? ""
            let label = node.name.count > 20 ? String(node.name.prefix(19)) + "…" : node.name
            html += "<a href=\"#step-\(HTMLText.identifier(node.name))\"><g class=\"node status-\(safe(status))\""
            html += " data-step=\"\(safe(node.name))\"><title>\(safe(node.name)): \(safe(status))</title>"
            html += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\" rx=\"6\"/>"
            html += "<text x=\"\(x + 10)\" y=\"\(y + 22)\">\(safe(label))</text></g></a>\n"
        }
        html += "</svg>\n"
        if let dependencySource {
            html +=
                "<p class=\"caption\">Arrows from \(safe(dependencySource)); steps in columns by dependency depth.</p>\n"
        } else {
            html += "<p class=\"caption\">The pipeline file could not be read, so no dependencies are drawn.</p>\n"
        }
        return html + "</section>\n"
    }
}
