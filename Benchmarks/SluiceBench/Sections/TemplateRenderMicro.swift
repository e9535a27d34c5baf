import Foundation
import SluiceCore
import SluiceTemplates

/// What a fan-out does with its prompt: one parsed template rendered for many items.
///
/// Reports the parse time, the render time on one thread (thread CPU time), the wall-clock
/// throughput with one task per core, and what parsing for every render would cost instead.
struct TemplateRenderMicro {
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

    func run(_ context: BenchContext) async throws -> [Figure] {
        let items = context.size(10_000, quick: 200)
        let contexts = (0..<items).map { Self.context(item: $0) }
        let origin = TemplateOrigin(file: "templates/triage.md")
        var template = try Template(parsing: Self.prompt, origin: origin)
        let parseRuns = context.size(1000, quick: 20)
        let parse = try CPUTime.measure {
            for _ in 0..<parseRuns { template = try Template(parsing: Self.prompt, origin: origin) }
        }
        let render = try CPUTime.measure {
            for context in contexts { _ = try template.render(context: context) }
        }
        let reparse = try CPUTime.measure {
            for context in contexts { _ = try Template(parsing: Self.prompt, origin: origin).render(context: context) }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let shared = template
        let clock = ContinuousClock()
        let started = clock.now
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
        let parallel = (clock.now - started).seconds
        return [
            Figure(
                name: "template: parse (\(Self.prompt.utf8.count) bytes)", value: parse * 1000 / Double(parseRuns),
                unit: "µs"),
            Figure(name: "template: render, parsed once, one thread", value: render * 1000 / Double(items), unit: "µs"),
            Figure(
                name: "template: renders per second, \(cores) tasks (wall)", value: Double(items) / parallel, unit: "/s"
            ),
            Figure(name: "template: parsing for every render instead", value: reparse / render, unit: "× slower"),
        ]
    }
}
