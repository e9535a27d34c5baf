import Foundation
import SluiceCore
import SluiceCron
import SluiceTestSupport
import Testing

/// Whether this machine can give a throwaway user a crontab: root, with `crontab` and `useradd`.
private let realCrontabAvailable =
    getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/crontab")
    && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")

/// `sluice schedule install` and `uninstall` against the real `crontab` program (Debian's `cron`,
/// which `.ci/run` installs), on the crontab of a throwaway user so nobody's real jobs are at risk.
@Suite(.serialized, .enabled(if: realCrontabAvailable, "needs root and the crontab program"))
struct CrontabInstallTests {
    /// A user of this test process alone: other checkouts on a shared machine run these tests too.
    static let user = "sluice-cron-\(getpid())"

    static func createUser() throws {
        if try system("/usr/bin/id", [user]).0 != 0 {
            try system("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user])
        }
    }

    static func removeUser() {
        _ = try? system("/usr/bin/crontab", ["-u", user, "-r"])
        _ = try? system("/usr/sbin/userdel", [user])
    }

    /// Runs a system program to its end and returns its status and stdout.
    @discardableResult
    static func system(_ path: String, _ arguments: [String], input: String? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let feed = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = feed
        try process.run()
        if let input { feed.fileHandleForWriting.write(Data(input.utf8)) }
        try feed.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static func crontab() throws -> String {
        try system("/usr/bin/crontab", ["-u", user, "-l"]).1
    }

    static let foreign = """
        # the user's own jobs, which Sluice must never touch
        MAILTO=""
        15 2 * * * /usr/bin/true nightly
        @reboot /usr/bin/true boot

        """

    @Test func installIsIdempotentUninstallRemovesOnlyItsBlock() async throws {
        try #require(SluiceBinary.isBuilt, "build sluice first")
        try Self.createUser()
        defer { Self.removeUser() }
        #expect(try Self.system("/usr/bin/crontab", ["-u", Self.user, "-"], input: Self.foreign).0 == 0)
        let project = try ScheduleCommandLineTests.project([
            "digest": """
            schedule: { cron: "0 7 * * MON-FRI", overlap: queue }
            steps: { a: { template: hi } }
            """,
            "tick": ScheduleCommandLineTests.tick,
            "manual": "steps: { a: { template: hi } }",
        ])
        defer { try? FileManager.default.removeItem(at: project) }

        let dryRun = try await ScheduleCommandLineTests.run(["schedule", "install", "--dry-run"], in: project)
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        #expect(try Self.crontab() == Self.foreign)

        let install = try await ScheduleCommandLineTests.run(["schedule", "install", "--user", Self.user], in: project)
        #expect(install.status == 0, "\(install.standardError)")
        #expect(install.standardOutput == "installed 2 cron lines for \(project.path) in \(Self.user)'s crontab\n")
        let installed = try Self.crontab()
        #expect(installed == Self.foreign + dryRun.standardOutput)
        let binary = SluiceBinary.executable.resolvingSymlinksInPath().path
        #expect(
            installed.contains(
                "\n0 7 * * MON-FRI [ ! -f '\(project.path)/.env' ] || { set -a; . '\(project.path)/.env'; set +a; }; exec '\(binary)' run --scheduled --project '\(project.path)' 'digest'\n"
            ))
        #expect(
            installed.contains(
                "# digest: at 07:00 on Monday through Friday; overlap queue (lock \(project.path)/.sluice/locks/digest.lock); log \(project.path)/.sluice/logs/digest.log\n"
            ))
        #expect(installed.contains("\n* * * * * [ ! -f "))
        #expect(!installed.contains("manual"))

        let again = try await ScheduleCommandLineTests.run(["schedule", "install", "--user", Self.user], in: project)
        #expect(again.standardOutput == "\(Self.user)'s crontab is already up to date for \(project.path)\n")
        #expect(try Self.crontab() == installed)

        let uninstall = try await ScheduleCommandLineTests.run(
            ["schedule", "uninstall", "--user", Self.user], in: project)
        #expect(uninstall.status == 0, "\(uninstall.standardError)")
        #expect(try Self.crontab() == Self.foreign)
        let nothing = try await ScheduleCommandLineTests.run(
            ["schedule", "uninstall", "--user", Self.user], in: project)
        #expect(nothing.standardOutput == "\(Self.user)'s crontab has no block for \(project.path)\n")

        // Installing a project whose pipelines no longer have schedules takes its block out.
        #expect(
            try await ScheduleCommandLineTests.run(["schedule", "install", "--user", Self.user], in: project).status
                == 0)
        for name in ["digest", "tick"] {
            try FileManager.default.removeItem(at: project.appendingPathComponent("pipelines/\(name).yaml"))
        }
        let emptied = try await ScheduleCommandLineTests.run(["schedule", "install", "--user", Self.user], in: project)
        #expect(
            emptied.standardOutput
                == "no pipeline in \(project.path) has a schedule; removed its block from \(Self.user)'s crontab\n")
        #expect(try Self.crontab() == Self.foreign)
    }

    /// Every expression form Sluice accepts is one the real `crontab` accepts too.
    @Test func cronAcceptsWhatSluiceWrites() async throws {
        try Self.createUser()
        defer { Self.removeUser() }
        let crontab = CrontabProgram(executable: "/usr/bin/crontab", user: Self.user)
        let accepted = [
            "*/30 * * * *", "0 7 * * MON-FRI", "15 10 * jan-mar/2 *", "0 0 * * 5-7", "0 0 * * 0-7",
            "1-9/4,30 */6 * * *",
            "*/60 * * * *", "0 0 29 2 *", "30 4 1,15 * 5", "@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly",
        ]
        for text in accepted {
            let expression = try CronExpression.parse(text)
            let block = CrontabBlock(
                projectRoot: "/srv/check",
                jobs: [CrontabBlock.Job(expression: expression, command: "/usr/bin/true", comment: text)])
            try crontab.write(block.text)
            #expect(try crontab.read() == block.text, "cron refused or changed '\(text)'")
        }
        var refused = false
        do throws(DiagnosticError) {
            try crontab.write("61 * * * * /usr/bin/true\n")
        } catch {
            refused = error.diagnostics.first?.code == .crontabFailed
        }
        #expect(refused)
    }
}
