public import SluiceCore

/// The outcome of validating one instance: valid, or the errors found (bounded in number).
public struct ValidationResult: Sendable, Hashable {
    /// Every error found, up to ``ValidationOptions/maximumErrors``, in the order found.
    public var errors: [ValidationError]
    /// Whether more errors existed than were kept.
    public var isTruncated: Bool

    /// A result holding `errors`.
    public init(errors: [ValidationError], isTruncated: Bool = false) {
        self.errors = errors
        self.isTruncated = isTruncated
    }

    /// Whether the instance satisfies the schema.
    public var isValid: Bool { errors.isEmpty }

    /// The errors as a short list to send back to a model in a repair turn.
    ///
    /// One line per error (`- /items/2/score: expected a number at most 10, found 12`), at most
    /// `limit` lines, then a line saying how many more there were.
    public func renderedForModel(limit: Int = 20) -> String {
        guard !errors.isEmpty else { return "The JSON is valid." }
        var lines = ["The JSON does not match the required schema:"]
        for error in errors.prefix(limit) { lines.append("- " + error.compactDescription) }
        let remaining = errors.count - min(limit, errors.count)
        if remaining > 0 || isTruncated {
            lines.append("- … and \(remaining > 0 ? "\(remaining) more" : "more") errors")
        }
        return lines.joined(separator: "\n")
    }

    /// The first `limit` errors on one line, separated by `; `, for a diagnostic message about a
    /// value that fails its schema (an input, a default, a scheduled input).
    public func oneLineSummary(limit: Int = 3) -> String {
        errors.prefix(limit).map(\.compactDescription).joined(separator: "; ")
    }

    /// The result as a JSON object, for `--json` output: `{"valid": …, "errors": [...]}`.
    public var jsonValue: JSONValue {
        [
            "valid": .bool(isValid),
            "errors": .array(errors.map(\.jsonValue)),
            "truncated": .bool(isTruncated),
        ]
    }
}

/// Choices that change how an instance is validated.
public struct ValidationOptions: Sendable, Hashable {
    /// Whether `format` is an assertion (an invalid `date-time` fails) instead of an annotation.
    ///
    /// Asserted formats: `date-time`, `date`, `time`, `duration`, `email`, `hostname`, `ipv4`,
    /// `ipv6`, `uri`, `uri-reference`, `uuid`. Other format names are never asserted.
    public var assertsFormat: Bool
    /// At most this many errors are kept; later ones only set ``ValidationResult/isTruncated``.
    public var maximumErrors: Int

    /// Options with format as an annotation and up to 100 errors.
    public init(assertsFormat: Bool = false, maximumErrors: Int = 100) {
        self.assertsFormat = assertsFormat
        self.maximumErrors = maximumErrors
    }
}
