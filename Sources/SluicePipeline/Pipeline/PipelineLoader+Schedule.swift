internal import Foundation
import SluiceCore
internal import SluiceCron
internal import SluiceSchema

extension PipelineLoader {
    static let scheduleKeys = ["cron", "inputs", "timezone", "overlap", "catch_up"]

    /// `schedule:` as a cron string, or a mapping with `cron`, `inputs`, `timezone`, `overlap` and `catch_up`.
    ///
    /// Scheduled inputs are checked against the pipeline's declared inputs, which must be read first.
    mutating func readSchedule(_ node: YAMLNode, inputs: [InputDeclaration]) -> PipelineSchedule? {
        guard let entries = node.mappingEntries else {
            guard let expression = cronExpression(node, for: "schedule") else { return nil }
            checkGivenInputs([], declared: inputs, at: node.location, wording: .schedule)
            return PipelineSchedule(
                expression: expression, timeZoneName: nil, inputs: [:], overlap: .skip, catchUp: .none,
                location: node.location)
        }
        reader.checkKeys(entries, allowed: Self.scheduleKeys, in: "schedule")
        guard let cronNode = entries.value("cron") else {
            reader.report(
                .error(
                    .missingField, "'schedule' needs 'cron'", at: node.location,
                    hint: "write 'cron: \"0 7 * * MON-FRI\"' under 'schedule:'"))
            return nil
        }
        let expression = cronExpression(cronNode, for: "cron")
        var zoneName: String?
        if let zoneNode = entries.value("timezone") { zoneName = timeZoneName(zoneNode) }
        let overlap = entries.value("overlap").flatMap { choice($0, for: "overlap", of: OverlapPolicy.self) }
        let catchUp = entries.value("catch_up").flatMap { choice($0, for: "catch_up", of: CatchUpPolicy.self) }
        var values = JSONObject()
        var inputEntries: [YAMLMappingEntry] = []
        let inputsEntry = entries.entry("inputs")
        if let node = inputsEntry?.value,
            let mapping = reader.mapping(node, for: "inputs", expected: "a mapping of input names to values")
        {
            inputEntries = mapping
            if case .object(let object) = node.jsonValue { values = object }
        }
        checkGivenInputs(
            inputEntries, declared: inputs, at: inputsEntry?.keyLocation ?? node.location, wording: .schedule)
        guard let expression else { return nil }
        return PipelineSchedule(
            expression: expression, timeZoneName: zoneName, inputs: values, overlap: overlap ?? .skip,
            catchUp: catchUp ?? .none, location: node.location, timeZoneLocation: entries.value("timezone")?.location)
    }

    private mutating func cronExpression(_ node: YAMLNode, for name: String) -> CronExpression? {
        guard let text = reader.string(node, for: name, expected: "a cron expression such as \"0 7 * * MON-FRI\"")
        else { return nil }
        var start = node.location
        if case .scalar(_, let style) = node.content, style == .singleQuoted || style == .doubleQuoted {
            start.column += 1
        }
        do throws(DiagnosticError) {
            return try CronExpression.parse(text, at: start)
        } catch {
            for diagnostic in error.diagnostics { reader.report(diagnostic) }
            return nil
        }
    }

    private mutating func timeZoneName(_ node: YAMLNode) -> String? {
        guard let name = reader.string(node, for: "timezone", expected: "a time zone name such as Europe/Paris")
        else { return nil }
        guard TimeZone(identifier: name) != nil else {
            reader.report(
                .error(
                    .unknownTimeZone, "unknown time zone '\(name)'", at: node.location,
                    hint: NameSuggestion.hint(for: name, in: TimeZone.knownTimeZoneIdentifiers)
                        ?? "use an IANA name such as Europe/Paris, America/New_York or UTC"))
            return nil
        }
        return name
    }

    /// The value of `node` as one of `Choice`'s cases; anything else is reported with the choices.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, for name: String, of type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        let choices = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        guard let text = reader.string(node, for: name, expected: choices) else { return nil }
        if let value = Choice(rawValue: text) { return value }
        reader.report(
            .error(
                .invalidValue, "'\(name)' must be \(choices); found '\(text)'",
                at: node.location, hint: NameSuggestion.hint(for: text, in: names) ?? "write \(choices)"))
        return nil
    }
}
