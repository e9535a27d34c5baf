/// The `local` provider's token count: one token per 4 characters, rounded up.
///
/// Real tokenisers give roughly 4 characters of English per token; the estimate is documented in
/// docs/local-provider.md so that budgets and rate limits on `local` runs behave plausibly.
public enum TokenEstimate {
    /// Characters per token.
    public static let charactersPerToken = 4

    /// The estimated tokens in `text`: `ceil(characters / 4)`, so 0 only for empty text.
    public static func tokens(in text: String) -> Int {
        (text.count + charactersPerToken - 1) / charactersPerToken
    }
}
