import Foundation
import SluiceCore
import SluiceEngine
import SluicePipeline
import SluiceProviders
import SluiceTestSupport
import Testing

/// `sluice prompt` and the engine bind steps in one place: for every step of the example
/// pipelines, the prompt shown is the prompt a run sends.
@Suite(.timeLimit(.minutes(1)))
struct StepBindingTests {
    static let root = TestFixtures().repositoryRoot.path

    @Test(arguments: ["summarise", "triage", "release-notes"])
    func promptShowsExactlyWhatAnEchoRunSends(pipeline: String) async throws {
        var loader = ProjectLoader(project: Project(root: Self.root))
        let plan = try #require(loader.loadPipeline(named: pipeline).plan)
        let inputs = try PipelineInputs.resolve([], for: plan.definition, workingDirectory: Self.root)
        let executor = PipelineExecutor(
            plan: plan,
            environment: ExecutionEnvironment(
                providers: ProviderRegistry(["local": EchoingLocalProvider()], settings: loader.config.providers),
                clock: ManualTimeSource()),
            options: RunOptions(workingDirectory: Self.root))
        var starts: [AttemptStart] = []
        var outputs = JSONObject()
        var result: RunResult?
        for await event in executor.start(runID: RunID.generate(), inputs: inputs).events {
            switch event {
            case .attemptStarted(let start): starts.append(start)
            case .stepFinished(let step, let outcome), .stepSkipped(let step, let outcome):
                outputs[step] = outcome.output ?? .null
            case .runFinished(let finished): result = finished
            default: break
            }
        }
        #expect(result?.status == .succeeded, "\(result?.failure?.description ?? "")")
        var compared = 0
        for step in plan.steps {
            let attempts = starts.filter { $0.step == step.name }
            if case .template = step.definition.settings {
                let parts = try PromptPreview.render(
                    plan: plan, step: step.name, inputs: inputs, item: 0, stepOutputs: outputs)
                if let text = outputs[step.name]?.stringValue {
                    #expect(parts.first { $0.label == "template" }?.text == text, "\(pipeline).\(step.name)")
                    compared += 1
                }
                continue
            }
            for attempt in attempts {
                let parts = try PromptPreview.render(
                    plan: plan, step: step.name, inputs: inputs, item: attempt.itemIndex ?? 0, stepOutputs: outputs)
                #expect(Self.sent(attempt.request) == Self.shown(parts), "\(pipeline).\(step.name)")
                compared += 1
            }
        }
        #expect(compared >= plan.steps.count)
    }

    /// The parts of a recorded request: each message as `role: text`, a command's env and stdin.
    private static func sent(_ request: JSONValue) -> [String] {
        let object = request.objectValue ?? [:]
        if let messages = object["messages"]?.arrayValue {
            return messages.map { message in
                let fields = message.objectValue ?? [:]
                return "\(fields["role"]?.stringValue ?? ""): \(fields["content"]?.stringValue ?? "")"
            }
        }
        var parts = (object["env"]?.objectValue ?? [:]).map { "env \($0.key): \($0.value.stringValue ?? "")" }
        if let input = object["stdin"]?.stringValue, !input.isEmpty { parts.append("stdin: \(input)") }
        return parts
    }

    /// The same parts as `sluice prompt` shows them.
    private static func shown(_ parts: [PromptPreview.Part]) -> [String] {
        parts.filter { $0.label != "note" && $0.label != "template" }.map { "\($0.label): \($0.text)" }
    }
}

/// The `local` provider answering text steps with `local/echo` (the rendered prompt back) and
/// structured steps with its synthetic output, so every step of an example pipeline runs.
private struct EchoingLocalProvider: ModelProvider {
    let name = "local"
    private let local = LocalProvider()

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        var request = request
        if case .text = request.responseFormat { request.model = LocalVariant.echo.rawValue }
        return local.stream(request)
    }
}
