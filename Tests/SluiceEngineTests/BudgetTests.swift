import Foundation
import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceTestSupport
import Testing

@testable import SluiceEngine

/// Budgets: each call reserves its largest cost first, so a run stops before crossing its limit.
@Suite(.timeLimit(.minutes(5)))
struct BudgetTests {
    /// A fan-out of six items on a model priced at $1,000 per million tokens ($0.001 a token), so
    /// each call's ceiling (prompt estimate plus 40 output tokens) is a few cents.
    static func pipeline(concurrency: Int) -> String {
        """
        inputs:
          items: { type: array }
        budget: { max_usd: 0.09 }
        steps:
          each:
            for_each: inputs.items
            as: entry
            concurrency: \(concurrency)
            model: openai/gpt-4.1-mini
            max_tokens: 40
            prompt: "Say something about {{ entry }}."
          after:
            template: "{{ steps.each.output | length }}"
        outputs:
          count: steps.after.output
        """
    }
    static let prices = #"prices: { "openai/gpt-4.1-mini": { input: 1000, output: 1000 } }"#

    /// With 4 items in flight at once their reservations are held together: none may start
    /// unless it fits beside the others, so the total cannot overshoot between them.
    @Test(
        "a budget stop happens before the limit is crossed, with exit 3, what was spent and what was left undone",
        arguments: [1, 4])
    func stopsBeforeCrossing(concurrency: Int) async throws {
        let project = try await LoopbackProject.start(
            pipelines: ["spend": Self.pipeline(concurrency: concurrency)], config: Self.prices)
        let run = try await project.sluice(["run", "spend", "-i", #"items=["a","b","c","d","e","f"]"#, "--json"])
        #expect(run.status == 3, "\(run.standardError)")
        let result = try JSONValue(parsing: run.standardOutput)
        #expect(result["status"] == "budget-stopped")
        let message = try #require(result["error"]?["message"]?.stringValue)
        #expect(message.contains("stopped before crossing the budget of $0.0900"))
        #expect(message.contains("left undone: step 'each' ("))
        #expect(message.contains("step 'after'"))
        #expect(result["error"]?["code"] == "budget-exceeded")

        let shown = try await project.shownRun(from: run.standardOutput)
        let spent = try #require(shown["cost_usd"]?.doubleValue)
        #expect(spent > 0)
        #expect(spent <= 0.09)
        let calls = try project.requests().count
        #expect(calls >= 1 && calls < 6)
        let attempts = shown["steps"]?[0]?["items"]?.arrayValue?.flatMap { $0["attempts"]?.arrayValue ?? [] } ?? []
        #expect(attempts.count == calls)
        #expect(message.contains("has spent $\(RunTranscriptRenderer.money(spent))"))
    }

    @Test("--max-usd lowers the pipeline's budget; the smaller of the two applies")
    func commandLineLimitWins() async throws {
        let project = try await LoopbackProject.start(
            pipelines: ["spend": Self.pipeline(concurrency: 1)], config: Self.prices)
        let run = try await project.sluice([
            "run", "spend", "-i", #"items=["a","b","c"]"#, "--max-usd", "0.001", "--json",
        ])
        #expect(run.status == 3, "\(run.standardError)")
        #expect(try project.requests().isEmpty)
        let message = try JSONValue(parsing: run.standardOutput)["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("budget of $0.0010"))
        #expect(message.contains("left undone: step 'each' (3 of 3 items)"))
        let bad = try await project.sluice(["run", "spend", "-i", #"items=["a"]"#, "--max-usd=-1"])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("--max-usd must be"))
    }

    @Test("a budget over a model with no price warns before the run, and show says its cost is unknown")
    func unknownPricesWarn() async throws {
        let pipeline = """
            steps:
              hello:
                model: openai/not-a-priced-model
                prompt: Hello.
            """
        let project = try await LoopbackProject.start(pipelines: ["hello": pipeline])
        let run = try await project.sluice(["run", "hello", "--max-usd", "1", "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            run.standardError.contains(
                "warning: the run's budget of $1.00 cannot count calls to openai/not-a-priced-model"))
        let id = try #require(try JSONValue(parsing: run.standardOutput)["run"]?.stringValue)
        let shown = try await project.sluice(["show", id, "hello"])
        #expect(shown.standardOutput.contains("cost unknown (no price for openai/not-a-priced-model)"))
        #expect(shown.standardOutput.contains("cost unknown (1 attempt without a price)"))
        let unbudgeted = try await project.sluice(["run", "hello"])
        #expect(!unbudgeted.standardError.contains("warning"))
    }

    @Test("concurrent calls hold their reservations together and settle them with the actual cost")
    func reservationsAreHeldTogether() async throws {
        let meter = SpendingMeter()
        let limit = MaximumSpend(1.0)
        guard case .made(let first) = meter.reserve(0.4, within: limit) else {
            Issue.record("the first reservation fits")
            return
        }
        guard case .made(let second) = meter.reserve(0.4, within: limit) else {
            Issue.record("the second reservation fits beside the first")
            return
        }
        // Together with the two in flight a third would cross: it waits rather than failing.
        guard case .heldUp(let generation) = meter.reserve(0.4, within: limit) else {
            Issue.record("a third reservation is held up while others are in flight")
            return
        }
        first.settle(actualUSD: 0.1)
        first.settle(actualUSD: 0.3)  // settled once: the real cost is not overridden
        await meter.waitForSettlement(after: generation)
        #expect(meter.spentUSD == 0.1)
        guard case .made(let third) = meter.reserve(0.4, within: limit) else {
            Issue.record("0.1 spent and 0.4 held leave room for 0.4")
            return
        }
        second.settle(actualUSD: 0.2)
        third.settle(actualUSD: nil)
        #expect(abs(meter.spentUSD - 0.3) < 1e-12)
        // Nothing in flight, and 0.3 + 0.8 would cross: refused outright.
        guard case .refused = meter.reserve(0.8, within: limit) else {
            Issue.record("a call that would cross the budget with nothing in flight is refused")
            return
        }
    }
}
