import Foundation
import SluiceCore

/// Plain-text tables for listings: columns padded to their widest cell and two spaces apart; the
/// last column is not padded, and no line ends in spaces.
enum TextTable {
    /// `header` and `rows` as printed lines, each ending with a newline.
    static func render(header: [String], rows: [[String]]) -> String {
        let lines = [header] + rows
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { row in
            row.indices.map {
                $0 == row.count - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ").trimmingWhitespace() + "\n"
        }.joined()
    }
}
