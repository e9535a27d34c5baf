public import SluiceCore
public import SluiceProviders

/// The cache key of one model step (or fan-out item): the SHA-256 of the canonical JSON of
/// everything that can change its answer.
///
/// The material is the rendered messages, the whole model chain in order, every generation
/// parameter (`temperature`, `top_p`, `max_tokens`, `stop`, `seed`, `params:`), the output mode
/// with the schema's content (not its path), the step kind and ``formatVersion``. Settings that
/// cannot change the answer (timeout, retries, `stream`, the step's name) are left out, so a
/// renamed step or a streamed re-run still hits. docs/caching.md explains why the key covers the
/// chain rather than each model.
public struct CacheKey: Sendable, Hashable {
    /// Bumped whenever what is hashed or what is cached changes meaning, so old entries miss.
    public static let formatVersion = 1

    /// 64 lowercase hex digits.
    public var digest: String
    /// What was hashed.
    public var material: JSONValue
    /// The pipeline asking (kept with the entry for `sluice cache ls`; not hashed).
    public var pipeline: String
    /// The step asking (kept with the entry; not hashed).
    public var step: String

    /// The key of `material`, asked by `step` of `pipeline`.
    public init(material: JSONValue, pipeline: String, step: String) {
        self.material = material
        self.digest = ContentDigest.sha256(of: material)
        self.pipeline = pipeline
        self.step = step
    }

    /// The key of a model step that sends `request` (its model aside) down `chain`
    /// (`provider/model` names, in fallback order).
    public static func modelStep(
        _ request: ModelRequest, chain: [String], kind: StepKind = .model, pipeline: String, step: String
    ) -> CacheKey {
        var material = JSONObject()
        material["format"] = .integer(formatVersion)
        material["kind"] = .string(kind.rawValue)
        material["models"] = .array(chain.map(JSONValue.string))
        if case .object(let request) = request.jsonValue {
            for (name, value) in request where name != "model" && name != "stream" { material[name] = value }
        }
        return CacheKey(material: .object(material), pipeline: pipeline, step: step)
    }
}
