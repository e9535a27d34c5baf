import Foundation
import GRDB
import SluiceCore

extension Row {
    /// The JSON stored as text in `column`, or `nil` when the column is NULL.
    func json(_ column: String) throws(StoreError) -> JSONValue? {
        guard let text: String = self[column] else { return nil }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StoreError(
                code: .storeReadFailed,
                message: "the store holds invalid JSON in column '\(column)': \(error)",
                hint: "the store may have been edited by hand; `sqlite3` can show the row"
            )
        }
    }

    /// The date stored as Unix seconds in `column`.
    func date(_ column: String) -> Date? {
        let seconds: Double? = self[column]
        return seconds.map(Date.init(timeIntervalSince1970:))
    }

    /// The duration stored as milliseconds in `column`.
    func duration(_ column: String) -> Duration? {
        let milliseconds: Double? = self[column]
        return milliseconds.map(Duration.fromMilliseconds)
    }

    /// The failure stored in `error_json`, or for rows written before failures were typed, the
    /// text in `error` under the code `failed`.
    func failure() throws(StoreError) -> RunFailure? {
        if let value = try json("error_json"), let failure = RunFailure(json: value) { return failure }
        guard let text: String = self["error"] else { return nil }
        return RunFailure(.untypedFailure, text)
    }

    /// The status stored in `column`.
    func status(_ column: String = "status") -> ExecutionStatus {
        ExecutionStatus(rawValue: self[column] ?? "")
    }
}

extension JSONValue {
    /// The text a JSON column stores: compact, keeping key order.
    var storedText: String { formatted(.compact) }
}

extension Date {
    /// The value a date column stores: Unix seconds.
    var storedSeconds: Double { timeIntervalSince1970 }
}
