import ArgumentParser
import Foundation
import SluiceCore
import SluiceCron

/// What the schedule commands share: reading `--tz` and `--from`, and a fire time as JSON.
enum ScheduleTimes {
    /// The zone named, or this machine's; exit 2 for an unknown name.
    static func zone(named name: String?) throws -> TimeZone {
        guard let name else { return .current }
        guard let zone = TimeZone(identifier: name) else {
            let hint =
                NameSuggestion.hint(for: name, in: TimeZone.knownTimeZoneIdentifiers)
                ?? "use an IANA name such as Europe/Paris or UTC"
            Terminal.printError("error: unknown time zone '\(name)'\n  = hint: \(hint)\n")
            throw ExitCode(2)
        }
        return zone
    }

    /// The instant `--from` names, or now; exit 2 when it is malformed.
    static func start(_ text: String?, in zone: TimeZone) throws -> Date {
        guard let text else { return Date() }
        guard let time = ZonedTime.parse(text, in: zone) else {
            Terminal.printError(
                "error: --from '\(text)' is not a time\n  = hint: write ISO 8601, such as 2026-03-08T01:30:00Z, 2026-03-08T01:30+01:00 or 2026-03-08\n"
            )
            throw ExitCode(2)
        }
        return time.instant
    }

    /// `{"time", "utc", "note"?}` for one fire time of `expression`.
    static func json(_ time: ZonedTime, of expression: CronExpression) -> JSONValue {
        var object: JSONObject = [
            "time": .string(time.iso8601), "utc": .string(ZonedTime(time.instant, in: utc).iso8601),
        ]
        if let note = expression.clockChangeNote(for: time) { object["note"] = .string(note) }
        return .object(object)
    }

    private static let utc = TimeZone(identifier: "UTC") ?? .gmt
}
