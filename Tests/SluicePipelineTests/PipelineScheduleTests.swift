import Foundation
import SluiceCore
import SluiceCron
import SluicePipeline
import Testing

@Suite struct PipelineScheduleTests {
    @Test func aStringIsTheCronExpressionWithDefaults() throws {
        let result = ProjectLoader.load(
            """
            schedule: "*/30 * * * *"
            steps: { a: { template: hi } }
            """)
        let schedule = try #require(result.plan?.definition.schedule, "\(result.diagnostics.map(\.headline))")
        #expect(schedule.expression.text == "*/30 * * * *")
        #expect(schedule.overlap == .skip)
        #expect(schedule.catchUp == CatchUpPolicy.none)
        #expect(schedule.timeZoneName == nil)
        #expect(schedule.inputs.isEmpty)
    }

    @Test func aMappingGivesEveryField() throws {
        let result = ProjectLoader.load(
            """
            inputs: { topic: { type: string }, limit: { type: integer, default: 5 } }
            schedule:
              cron: 0 7 * * MON-FRI
              timezone: Europe/Paris
              overlap: queue
              catch_up: latest
              inputs: { topic: releases }
            steps: { a: { template: "{{ inputs.topic }}" } }
            """)
        let schedule = try #require(result.plan?.definition.schedule, "\(result.diagnostics.map(\.headline))")
        #expect(schedule.expression.inWords == "at 07:00 on Monday through Friday")
        #expect(schedule.timeZone.identifier == "Europe/Paris")
        #expect(schedule.overlap == .queue)
        #expect(schedule.catchUp == .latest)
        #expect(schedule.inputs == ["topic": "releases"])
    }

    @Test func aCronErrorPointsIntoTheMapping() {
        let result = ProjectLoader.load(
            """
            schedule:
              cron: '0 25 * * *'
            steps: { a: { template: hi } }
            """)
        #expect(result.plan == nil)
        #expect(
            result.diagnostics.map(\.headline) == [
                "pipelines/p.yaml:2:12: error: hour 25 is out of range [invalid-cron]"
            ])
    }
}
