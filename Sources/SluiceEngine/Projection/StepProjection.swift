public import SluiceCore

/// What one step of a run is expected to call and cost, before it runs (`sluice run --dry-run`).
public struct StepProjection: Sendable, Hashable {
    /// The step's name.
    public var name: String
    /// Model, template or run step.
    public var kind: StepKind
    /// For a fan-out: its items, or `nil` when the list comes from an earlier step's output and
    /// is unknown until the run.
    public var itemCount: Int?
    /// Whether the step fans out (`for_each`).
    public var fansOut: Bool
    /// The fewest provider calls (every unit's first call succeeds, `when` false where it is
    /// known to be); `nil` when the fan-out's list is unknown.
    public var minimumCalls: Int?
    /// The most provider calls: every model of the chain with all its retries and repairs, for
    /// every unit that may run; `nil` when unknown.
    public var maximumCalls: Int?
    /// The projected cost of ``minimumCalls``; `nil` when unknown (an unknown list or price).
    public var minimumCostUSD: Double?
    /// The projected cost of ``maximumCalls`` at each call's largest cost; `nil` when unknown.
    public var maximumCostUSD: Double?
    /// Commands a `run:` step starts.
    public var commands: Int?
    /// What the figures assume, for people: a prompt estimated from its template text, a `when`
    /// that needs earlier outputs, a model without a price.
    public var notes: [String]

    /// A projection with the given figures.
    public init(
        name: String, kind: StepKind, itemCount: Int?, fansOut: Bool, minimumCalls: Int?, maximumCalls: Int?,
        minimumCostUSD: Double?, maximumCostUSD: Double?, commands: Int? = nil, notes: [String] = []
    ) {
        self.name = name
        self.kind = kind
        self.itemCount = itemCount
        self.fansOut = fansOut
        self.minimumCalls = minimumCalls
        self.maximumCalls = maximumCalls
        self.minimumCostUSD = minimumCostUSD
        self.maximumCostUSD = maximumCostUSD
        self.commands = commands
        self.notes = notes
    }

    /// The projection as a JSON object, for `--dry-run --json`.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["name": .string(name), "kind": .string(kind.rawValue)]
        object["fan_out"] = .bool(fansOut)
        object["items"] = fansOut ? itemCount.map(JSONValue.integer) ?? .string("unknown until run") : .null
        object["min_calls"] = minimumCalls.map(JSONValue.integer) ?? .null
        object["max_calls"] = maximumCalls.map(JSONValue.integer) ?? .null
        object["min_cost_usd"] = minimumCostUSD.map(JSONValue.double) ?? .null
        object["max_cost_usd"] = maximumCostUSD.map(JSONValue.double) ?? .null
        object["commands"] = commands.map(JSONValue.integer) ?? .null
        object["notes"] = .array(notes.map(JSONValue.string))
        return .object(object)
    }
}
