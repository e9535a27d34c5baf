public import SluiceCore
public import SluicePipeline
import SluiceProviders

/// What a run of a plan is expected to call and cost, worked out without calling anything or
/// recording a run (`sluice run --dry-run`).
///
/// Fan-outs whose list comes from the inputs are expanded and each item's prompt rendered, so
/// its size is known; a list produced by an earlier step is unknown until the run. The fewest
/// calls assume every unit's first call succeeds; the most count every model of the chain with
/// all its retries and repairs. Costs use the call ceilings the executor reserves against a
/// budget (``CallCostCeiling``): estimated input plus `max_tokens` (or
/// ``CallCostCeiling/defaultOutputTokens``) of output for the most; input only for the fewest.
public struct RunProjection: Sendable, Hashable {
    /// The pipeline's name.
    public var pipeline: String
    /// Each step, in the plan's order.
    public var steps: [StepProjection]
    /// The run's budget, when it has one.
    public var budgetUSD: Double?
    /// Models the plan names that have no price.
    public var unpricedModels: [String]

    /// The projection of running `plan` on `inputs` with `costs`; `budgetUSD` is reported alongside.
    public init(plan: PipelinePlan, inputs: JSONObject, costs: any CostModel, budgetUSD: Double?) {
        pipeline = plan.name
        self.budgetUSD = budgetUSD
        unpricedModels = costs.unpricedModels(in: plan).map(\.description)
        let context = plan.runContext(inputs: inputs, steps: [:])
        steps = plan.steps.map { Self.project($0, plan: plan, context: context, costs: costs) }
    }

    /// The fewest calls of the whole run, or `nil` when some step's count is unknown.
    public var minimumCalls: Int? { total(\.minimumCalls) }
    /// The most calls of the whole run, or `nil` when some step's count is unknown.
    public var maximumCalls: Int? { total(\.maximumCalls) }
    /// The cost of the fewest calls, or `nil` when some step's is unknown.
    public var minimumCostUSD: Double? { total(\.minimumCostUSD) }
    /// The cost of the most calls, or `nil` when some step's is unknown.
    public var maximumCostUSD: Double? { total(\.maximumCostUSD) }

    private func total<Value: AdditiveArithmetic>(_ figure: KeyPath<StepProjection, Value?>) -> Value? {
        steps.reduce(Value.zero as Value?) { sum, step in
            guard let sum, let value = step[keyPath: figure] else { return nil }
            return sum + value
        }
    }

    /// The projection as JSON, for `--dry-run --json`.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["pipeline": .string(pipeline), "dry_run": true]
        object["steps"] = .array(steps.map(\.jsonValue))
        object["min_calls"] = minimumCalls.map(JSONValue.integer) ?? .null
        object["max_calls"] = maximumCalls.map(JSONValue.integer) ?? .null
        object["min_cost_usd"] = minimumCostUSD.map(JSONValue.double) ?? .null
        object["max_cost_usd"] = maximumCostUSD.map(JSONValue.double) ?? .null
        object["budget_usd"] = budgetUSD.map(JSONValue.double) ?? .null
        object["unpriced_models"] = .array(unpricedModels.map(JSONValue.string))
        return .object(object)
    }

    // MARK: - One step

    private static func project(
        _ step: PlannedStep, plan: PipelinePlan, context: JSONObject, costs: any CostModel
    ) -> StepProjection {
        let binding = StepBinding(step, in: plan)
        let kind = step.definition.kind
        let fansOut = step.forEach != nil
        var units: [JSONValue?] = [nil]
        var itemCount: Int?
        if fansOut {
            guard let items = try? binding.items(in: context) else {
                return StepProjection(
                    name: step.name, kind: kind, itemCount: nil, fansOut: true, minimumCalls: nil, maximumCalls: nil,
                    minimumCostUSD: nil, maximumCostUSD: nil,
                    notes: ["its list comes from an earlier step: unknown until run"])
            }
            units = items
            itemCount = items.count
        }
        var projection = UnitTally()
        for item in units {
            projection.add(unit(binding, item: item, context: context, costs: costs))
        }
        return StepProjection(
            name: step.name, kind: kind, itemCount: itemCount, fansOut: fansOut,
            minimumCalls: kind == .model ? projection.minimumCalls : 0,
            maximumCalls: kind == .model ? projection.maximumCalls : 0,
            minimumCostUSD: projection.minimumCostUSD, maximumCostUSD: projection.maximumCostUSD,
            commands: kind == .run ? projection.maximumCalls : nil, notes: projection.notes.sorted())
    }

    /// The figures of one unit (the step, or one item).
    private static func unit(
        _ binding: StepBinding, item: JSONValue?, context: JSONObject, costs: any CostModel
    ) -> UnitTally {
        let step = binding.step
        var tally = UnitTally()
        let unitContext = try? binding.context(base: context, item: item)
        var mayBeSkipped = false
        if step.when != nil {
            switch unitContext.flatMap({ try? binding.runs(in: $0) }) {
            case false?: return tally
            case true?: break
            case nil:
                mayBeSkipped = true
                tally.notes.insert("'when' needs earlier outputs: it may not run")
            }
        }
        guard case .model(let settings) = step.definition.settings else {
            // A template renders and a command starts once, with no provider call.
            tally.maximumCalls = 1
            tally.minimumCalls = mayBeSkipped ? 0 : 1
            tally.minimumCostUSD = 0
            tally.maximumCostUSD = 0
            return tally
        }
        let messages: [ChatMessage]
        if let rendered = unitContext.flatMap({ try? binding.payload(in: $0).messages }) {
            messages = rendered
        } else {
            // The prompt needs earlier outputs: its template text stands in for it.
            tally.notes.insert("prompt size estimated from its template text (it uses earlier outputs)")
            messages = ([settings.system?.text] + settings.messages.map(\.content.text) + [settings.prompt?.text])
                .compactMap { $0 }.map { ChatMessage(role: .user, content: $0) }
        }
        let outputTokens = settings.maximumTokens ?? CallCostCeiling.defaultOutputTokens
        var minimumCost: Double? = 0
        var maximumCost: Double? = 0
        for (index, reference) in settings.models.enumerated() {
            let request = ModelRequest(model: reference.model, messages: messages, maxTokens: outputTokens)
            let first = CallCostCeiling.cost(of: request, provider: reference.provider, costs: costs)
            let repairs = settings.repairs
            let retries = settings.retries
            var worst = first.map { $0 * Double(1 + retries) }
            if repairs > 0 {
                // A repair sends the original messages, the answer (at most max_tokens) and the errors.
                var repair = request
                repair.messages += [
                    ChatMessage(role: .assistant, content: String(repeating: "x", count: outputTokens * 4)),
                    ChatMessage(
                        role: .user,
                        content: String(repeating: "x", count: Self.repairFeedbackCharacters)
                            + RepairTurn.instruction(for: settings.output)),
                ]
                let repairCost = CallCostCeiling.cost(of: repair, provider: reference.provider, costs: costs)
                // The first call asks the question; every later one may be a repair (or its retry).
                worst = first.flatMap { first in repairCost.map { first + $0 * Double(retries + repairs) } }
            }
            maximumCost = maximumCost.flatMap { total in worst.map { total + $0 } }
            tally.maximumCalls += 1 + retries + repairs
            if index == 0 {
                let usage = CallCostCeiling.usage(of: request)
                minimumCost = costs.cost(
                    of: TokenUsage(inputTokens: usage.inputTokens, outputTokens: 0), provider: reference.provider,
                    model: reference.model)
            }
        }
        tally.minimumCalls = mayBeSkipped ? 0 : 1
        tally.minimumCostUSD = mayBeSkipped ? 0 : minimumCost
        tally.maximumCostUSD = maximumCost
        if minimumCost == nil || maximumCost == nil { tally.notes.insert("a model has no price: cost unknown") }
        return tally
    }

    /// The characters a repair turn's error list is assumed to take (10 errors of about 100).
    static let repairFeedbackCharacters = 1100
}

/// Figures summed over a step's units.
private struct UnitTally {
    var minimumCalls = 0
    var maximumCalls = 0
    var minimumCostUSD: Double? = 0
    var maximumCostUSD: Double? = 0
    var notes: Set<String> = []

    mutating func add(_ unit: UnitTally) {
        minimumCalls += unit.minimumCalls
        maximumCalls += unit.maximumCalls
        minimumCostUSD = minimumCostUSD.flatMap { total in unit.minimumCostUSD.map { total + $0 } }
        maximumCostUSD = maximumCostUSD.flatMap { total in unit.maximumCostUSD.map { total + $0 } }
        notes.formUnion(unit.notes)
    }
}
