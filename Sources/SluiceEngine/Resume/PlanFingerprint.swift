import SluiceCore
public import SluicePipeline

/// The shape of a plan that finished work depends on, hashed: each step's name, kind,
/// dependencies, `for_each` and `as`. `sluice resume` refuses a run whose pipeline no longer has
/// the shape it was started with, because its recorded outputs and item indexes would then feed
/// the wrong steps. Prompts, models, parameters and schemas are left out on purpose: changing
/// them (to fix the step that failed) and resuming is the common case; the unfinished work runs
/// with the new ones and the finished work keeps what it recorded (docs/running.md).
public enum PlanFingerprint {
    /// Bumped when what is hashed changes, so runs recorded before cannot be mistaken for a match.
    static let formatVersion = 1

    /// The hex SHA-256 of `plan`'s shape.
    public static func of(_ plan: PipelinePlan) -> String {
        let steps = plan.steps.map { step -> JSONValue in
            var object = JSONObject()
            object["name"] = .string(step.name)
            object["kind"] = .string(step.definition.kind.rawValue)
            object["needs"] = .array(step.dependencies.sorted().map(JSONValue.string))
            object["for_each"] = step.definition.forEach.map { .string($0.text) } ?? .null
            object["as"] = step.definition.itemVariable.map(JSONValue.string) ?? .null
            return .object(object)
        }
        return ContentDigest.sha256(of: ["format": .integer(formatVersion), "steps": .array(steps)])
    }
}
