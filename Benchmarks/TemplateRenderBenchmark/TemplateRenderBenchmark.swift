import Foundation
import SluiceCore
import SluiceTemplates

/// Measures what a fan-out does: one parsed prompt template rendered for many items.
///
/// `swift run -c release template-render-benchmark [ITEMS]` prints the parse time and the render
/// throughput on one core (thread CPU time), the wall-clock throughput with one task per core, and
/// the cost of parsing per render instead.
@main
enum TemplateRenderBenchmark {
    static let prompt = """
        You triage support tickets for {{ inputs.product | default('our product') }}.
        Answer in a {{ inputs.tone }} tone.

        Ticket #{{ ticket.id }} from {{ ticket.customer.name | default('an unknown customer') }}:
        {{ ticket.body | trim | indent(2, true) }}

        {% if ticket.tags %}Tags: {{ ticket.tags | map('lower') | unique | join(', ') }}{% endif %}
        {% for message in ticket.history -%}
        {{ loop.index }}. [{{ message.role | upper }}] {{ message.text | truncate(80) }}
        {% endfor -%}
        Previous labels: {{ ticket.labels | tojson }}
        Answer with one of: {{ labels | join(', ') }}.

        """

    static func context(item: Int) -> JSONObject {
        let history: [JSONValue] = (0..<5).map { index in
            ["role": index % 2 == 0 ? "user" : "agent", "text": .string("Message \(index) about the login problem")]
        }
        let ticket: JSONValue = [
            "id": .integer(item), "customer": ["name": .string("Customer \(item)")],
            "body": .string("  My login fails with error 500 since item \(item).\nPlease help.  "),
            "tags": ["Auth", "auth", "Urgent"], "history": .array(history), "labels": ["bug", .double(0.5)],
        ]
        return ["inputs": ["tone": "friendly"], "ticket": ticket, "labels": ["bug", "billing", "question"]]
    }

    /// The CPU time this thread spent in `work`: unlike wall time, it does not grow when other
    /// processes compete for the cores.
    static func seconds(_ work: () throws -> Void) rethrows -> Double {
        func threadCPUTime() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let start = threadCPUTime()
        try work()
        return threadCPUTime() - start
    }

    static func main() async throws {
        let items = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 10_000
        let contexts = (0..<items).map { context(item: $0) }
        let origin = TemplateOrigin(file: "templates/triage.md")
        var template = try Template(parsing: prompt, origin: origin)
        let parseRuns = 1_000
        let parseTime = try seconds {
            for _ in 0..<parseRuns { template = try Template(parsing: prompt, origin: origin) }
        }
        var bytes = 0
        let renderTime = try seconds {
            for context in contexts { bytes += try template.render(context: context).utf8.count }
        }
        let reparseTime = try seconds {
            for context in contexts { _ = try Template(parsing: prompt, origin: origin).render(context: context) }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let shared = template
        let parallelTime = try await {
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for core in 0..<cores {
                    group.addTask {
                        for index in stride(from: core, to: contexts.count, by: cores) {
                            _ = try shared.render(context: contexts[index])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }()
        func rate(_ time: Double) -> String { String(Int((Double(items) / time).rounded())) }
        print("template: \(prompt.utf8.count) bytes, output \(bytes / items) bytes per item, \(items) items")
        print("parse: \(String(format: "%.1f", parseTime / Double(parseRuns) * 1e6)) µs per parse")
        print(
            "render (parsed once, 1 task): \(rate(renderTime)) renders/s, \(String(format: "%.1f", renderTime / Double(items) * 1e6)) µs each"
        )
        print("render (parsed once, \(cores) tasks, wall clock): \(rate(parallelTime)) renders/s")
        print(
            "parse + render every item: \(rate(reparseTime)) renders/s (\(String(format: "%.1f", reparseTime / renderTime))x slower)"
        )
    }
}
