import Foundation
import SluiceCore
import SluiceCron
import Testing

@Suite struct CrontabBlockTests {
    static func block(_ root: String = "/srv/news", commands: [String] = ["run digest"]) throws -> CrontabBlock {
        CrontabBlock(
            projectRoot: root,
            jobs: try commands.map {
                CrontabBlock.Job(expression: try CronExpression.parse("0 7 * * 1-5"), command: $0, comment: "digest")
            })
    }

    static let foreign = """
        MAILTO=ops@example.com
        # nightly backup
        15 2 * * * /usr/local/bin/backup --all

        @reboot /usr/bin/true
        """

    @Test func appendsAfterEveryForeignLineAndKeepsThem() throws {
        let installed = try Self.block().installed(into: Self.foreign)
        #expect(installed.hasPrefix(Self.foreign + "\n# BEGIN sluice /srv/news\n"))
        #expect(installed.hasSuffix("0 7 * * 1-5 run digest\n# END sluice /srv/news\n"))
        #expect(try CrontabBlock.removing(projectRoot: "/srv/news", from: installed).crontab == Self.foreign + "\n")
    }

    @Test func installingAgainIsIdempotentAndReplacesInPlace() throws {
        let once = try Self.block().installed(into: Self.foreign)
        #expect(try Self.block().installed(into: once) == once)
        let withTail = once + "30 3 * * * /usr/bin/after\n"
        let changed = try Self.block(commands: ["run digest", "run triage"]).installed(into: withTail)
        #expect(changed.hasSuffix("run triage\n# END sluice /srv/news\n30 3 * * * /usr/bin/after\n"))
        #expect(changed.components(separatedBy: "# BEGIN sluice").count == 2)
    }

    @Test func otherProjectsBlocksAreLeftAlone() throws {
        let two = try Self.block("/srv/other").installed(into: try Self.block().installed(into: ""))
        let (left, removed) = try CrontabBlock.removing(projectRoot: "/srv/news", from: two)
        #expect(removed)
        #expect(left == (try Self.block("/srv/other").text))
        let untouched = try CrontabBlock.removing(projectRoot: "/srv/missing", from: two)
        #expect(untouched.crontab == two)
        #expect(!untouched.removed)
    }

    @Test func aDamagedBlockIsNotGuessedAt() throws {
        let damaged = Self.foreign + "\n# BEGIN sluice /srv/news\n0 7 * * * run digest\n"
        #expect(throws: DiagnosticError.self) { try Self.block().installed(into: damaged) }
        do throws(DiagnosticError) {
            _ = try CrontabBlock.removing(projectRoot: "/srv/news", from: damaged)
            Issue.record("a damaged block was edited")
        } catch {
            #expect(error.diagnostics.first?.code == .damagedCrontabBlock)
            #expect(error.diagnostics.first?.hint?.contains("crontab -e") == true)
        }
    }

    @Test func percentSignsAreEscapedForCron() throws {
        let text = try Self.block(commands: ["run '/srv/100%/x'"]).text
        #expect(text.contains("run '/srv/100\\%/x'"))
    }
}
