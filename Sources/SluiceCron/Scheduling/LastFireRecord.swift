public import Foundation

/// The fire time a pipeline's last scheduled run was for, kept in `.sluice/schedule/NAME.last`.
///
/// Scheduled runs write it whoever starts them (cron or the daemon), so `catch_up: latest` can
/// tell after a restart or a reboot whether a fire time passed with no run for it. One small file
/// per pipeline, written whole and atomically, so runs of different pipelines never race.
public enum LastFireRecord {
    /// The record of pipeline `name` in the project at `projectRoot`.
    public static func path(forPipeline name: String, projectRoot: String) -> String {
        projectRoot + "/.sluice/schedule/" + name + ".last"
    }

    /// The recorded fire time, `nil` when there is none (or it cannot be read).
    public static func read(pipeline name: String, projectRoot: String) -> Date? {
        guard let data = FileManager.default.contents(atPath: path(forPipeline: name, projectRoot: projectRoot))
        else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return ZonedTime.parse(text, in: TimeZone(identifier: "UTC") ?? .gmt)?.instant
    }

    /// Records `fireTime` for pipeline `name`; a record that cannot be written is skipped, since
    /// it only makes a later catch-up less precise.
    public static func write(_ fireTime: Date, pipeline name: String, projectRoot: String) {
        let file = path(forPipeline: name, projectRoot: projectRoot)
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let text = ZonedTime(fireTime, in: TimeZone(identifier: "UTC") ?? .gmt).iso8601 + "\n"
        try? Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    }
}
