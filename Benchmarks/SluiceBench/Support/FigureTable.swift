import Foundation

/// A section's figures as an aligned text table or a Markdown table.
struct FigureTable {
    var figures: [Figure]

    func rendered(markdown: Bool) -> String {
        let header = ["figure", "measured", "goal", "ratio", "verdict"]
        let rows = figures.map { figure in
            [
                figure.name, figure.measuredText, figure.goalText, figure.ratio.map { Figure.format($0) } ?? "",
                [figure.verdict, figure.note].filter { !$0.isEmpty }.joined(separator: " "),
            ]
        }
        if markdown {
            let lines = [header, header.map { _ in "---" }] + rows
            return lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
