internal import Foundation
public import SluiceCore

/// The lines `sluice schedule install` keeps in a user's crontab for one project, between a
/// begin and an end marker that name the project's absolute path.
///
/// Installing replaces the project's block where it stands (or appends it), and uninstalling
/// removes it; every line outside the block is kept byte for byte, so the user's own jobs and
/// other projects' blocks are never touched.
public struct CrontabBlock: Sendable, Hashable {
    /// One job: when, what to run, and a comment line above it that says it in words.
    public struct Job: Sendable, Hashable {
        /// When cron starts it, as the crontab line says it: an expression, or `@reboot`.
        public var when: String
        /// The shell command (cron hands it to `/bin/sh`).
        public var command: String
        /// A one-line comment written above the job.
        public var comment: String

        /// A job cron starts at the fire times of `expression`.
        public init(expression: CronExpression, command: String, comment: String) {
            self.when = expression.text
            self.command = command
            self.comment = comment
        }

        /// A job cron starts once, when it starts at boot (`@reboot`).
        public init(atBoot command: String, comment: String) {
            self.when = "@reboot"
            self.command = command
            self.comment = comment
        }
    }

    /// The project's absolute path, which names the block.
    public var projectRoot: String
    /// The jobs, one per scheduled pipeline.
    public var jobs: [Job]

    /// A block for the project at `projectRoot` holding `jobs`.
    public init(projectRoot: String, jobs: [Job]) {
        self.projectRoot = projectRoot
        self.jobs = jobs
    }

    /// The first line of the project's block.
    public static func beginMarker(for projectRoot: String) -> String {
        "# BEGIN sluice \(projectRoot)"
    }

    /// The last line of the project's block.
    public static func endMarker(for projectRoot: String) -> String {
        "# END sluice \(projectRoot)"
    }

    /// The block's lines, ending with a newline.
    public var text: String {
        var lines = [
            Self.beginMarker(for: projectRoot),
            "# Written by 'sluice schedule install'; change the pipelines' schedule: and install again,",
            "# or remove this block with 'sluice schedule uninstall'. Lines outside it are never touched.",
        ]
        for job in jobs {
            lines.append("# \(job.comment)")
            lines.append("\(job.when) \(Self.escapingPercent(job.command))")
        }
        lines.append(Self.endMarker(for: projectRoot))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `crontab` with this block in place of the project's old one, or appended when there was none.
    public func installed(into crontab: String) throws(DiagnosticError) -> String {
        let lines = Self.lines(of: crontab)
        let blockLines = Self.lines(of: text)
        if let range = try Self.blockRange(in: lines, projectRoot: projectRoot) {
            var updated = lines
            updated.replaceSubrange(range, with: blockLines)
            return Self.joined(updated)
        }
        return Self.joined(lines + blockLines)
    }

    /// `crontab` without the block of the project at `projectRoot`, and whether there was one.
    public static func removing(
        projectRoot: String, from crontab: String
    ) throws(DiagnosticError) -> (
        crontab: String, removed: Bool
    ) {
        let lines = lines(of: crontab)
        guard let range = try blockRange(in: lines, projectRoot: projectRoot) else { return (crontab, false) }
        var updated = lines
        updated.removeSubrange(range)
        return (joined(updated), true)
    }

    /// The line indices of the project's block, `nil` when there is none.
    private static func blockRange(
        in lines: [Substring], projectRoot: String
    ) throws(DiagnosticError) -> ClosedRange<
        Int
    >? {
        let begin = beginMarker(for: projectRoot)
        let end = endMarker(for: projectRoot)
        guard let first = lines.firstIndex(where: { $0 == begin }) else {
            if lines.contains(where: { $0 == end }) {
                throw damaged(projectRoot, found: "an end marker without its begin")
            }
            return nil
        }
        guard let last = lines[first...].firstIndex(where: { $0 == end }) else {
            throw damaged(projectRoot, found: "a begin marker without its end")
        }
        return first...last
    }

    private static func damaged(_ projectRoot: String, found: String) -> DiagnosticError {
        DiagnosticError(
            .error(
                .damagedCrontabBlock,
                "your crontab has \(found) for \(projectRoot); Sluice will not guess where its block ends",
                at: nil,
                hint:
                    "run 'crontab -e' and delete the lines from '\(beginMarker(for: projectRoot))' to '\(endMarker(for: projectRoot))', then install again"
            ))
    }

    private static func lines(of text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func joined(_ lines: [Substring]) -> String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Cron turns an unescaped `%` in a command into a newline; a path may contain one.
    static func escapingPercent(_ command: String) -> String {
        command.replacingOccurrences(of: "%", with: "\\%")
    }
}
