import Foundation
import SluiceCore
import Testing

/// The parts of a generated report page the tests look at: its section and element ids, and the
/// embedded run data parsed back as JSON.
struct ReportPage {
    /// The whole document.
    let html: String
    /// The embedded `run-data` block, parsed.
    let data: JSONValue

    init(_ html: String) throws {
        self.html = html
        let opening = #"<script type="application/json" id="run-data">"#
        let start = try #require(html.range(of: opening), "no run-data block")
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        data = try JSONValue(parsing: String(html[start.upperBound..<end.lowerBound]))
    }

    /// The ids of the top-level `<section>` elements, in document order.
    var sectionIDs: [String] {
        matches(of: #"<section id="([^"]+)""#)
    }

    /// Every `id` attribute in the document.
    var elementIDs: Set<String> {
        Set(matches(of: #" id="([^"]+)""#))
    }

    private func matches(of pattern: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return expression.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }
}
