import ArgumentParser

/// How the mock server behaves: latency, rate limits and fault probabilities.
struct MockOptions: ParsableArguments, Sendable {
    @Option(help: "The loopback port to listen on; 0 picks a free one (printed on stdout).")
    var port: UInt16 = 0

    @Option(name: .customLong("ttft-ms"), help: "Milliseconds before the first token (or the whole reply).")
    var timeToFirstTokenMilliseconds: Int = 0

    @Option(name: .customLong("token-ms"), help: "Milliseconds between streamed tokens.")
    var perTokenMilliseconds: Int = 0

    @Option(help: "Requests per minute allowed per key; more are answered with 429 and rate-limit headers.")
    var rpm: Int?

    @Option(
        help: """
            With --rpm, count requests in a token bucket of this capacity refilled at rpm/60 per second \
            (instead of a sliding minute), and send retry-after-ms with each 429.
            """)
    var burst: Int?

    @Option(help: "Tokens (prompt plus reply) per minute allowed per key.")
    var tpm: Int?

    @Option(name: .customLong("stall-ms"), help: "How long a stall fault holds the connection silent.")
    var stallMilliseconds: Int = 600_000

    @Option(help: "Seed of the fault dice, so a run's faults repeat.")
    var seed: UInt64 = 1

    @Option(name: .customLong("fault-500"), help: "Probability of an HTTP 500.") var fault500: Double = 0
    @Option(name: .customLong("fault-503"), help: "Probability of an HTTP 503.") var fault503: Double = 0
    @Option(name: .customLong("fault-529"), help: "Probability of an HTTP 529 (overloaded).") var fault529: Double = 0
    @Option(name: .customLong("fault-429"), help: "Probability of a 429 without rate-limit headers.")
    var fault429: Double = 0
    @Option(name: .customLong("fault-quota"), help: "Probability of a quota-exhausted 429.") var faultQuota: Double = 0
    @Option(name: .customLong("fault-reset"), help: "Probability of closing the connection after the headers.")
    var faultReset: Double = 0
    @Option(name: .customLong("fault-truncate"), help: "Probability of ending a stream before its terminator.")
    var faultTruncate: Double = 0
    @Option(name: .customLong("fault-stall"), help: "Probability of going silent mid-response.")
    var faultStall: Double = 0
    @Option(name: .customLong("fault-invalid-json"), help: "Probability of invalid JSON for schema requests.")
    var faultInvalidJSON: Double = 0
    @Option(name: .customLong("fault-midstream"), help: "Probability of an error event after the first token.")
    var faultMidstream: Double = 0

    @Option(name: .customLong("request-log"), help: "A file to append one JSON line per request to.")
    var requestLog: String?

    @Option(
        name: .customLong("chunk-log"),
        help: "A file to append each streamed chunk to, stamped with the monotonic clock (for latency measurements).")
    var chunkLog: String?

    @Flag(
        name: .customLong("exit-with-stdin"),
        help: "Exit when stdin reaches its end (the launcher holds a pipe open while it lives).")
    var exitsWithStandardInput = false

    /// The fault probabilities, in the order the dice are read.
    var faultProbabilities: [(Fault, Double)] {
        [
            (.status500, fault500), (.status503, fault503), (.overloaded, fault529), (.bareRateLimit, fault429),
            (.quota, faultQuota), (.reset, faultReset), (.truncate, faultTruncate), (.stall, faultStall),
            (.invalidJSON, faultInvalidJSON), (.midstreamError, faultMidstream),
        ]
    }
}
