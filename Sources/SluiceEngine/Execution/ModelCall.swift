import SluiceProviders
import SluiceSchema

/// One provider call about to be made: the request, who answers it, and what was granted and
/// reserved for it.
struct ModelCall: Sendable {
    /// The request as sent (a repair's carries the follow-up turn).
    var request: ModelRequest
    /// The provider that answers.
    var provider: any ModelProvider
    /// The attempt's number within its step or item.
    var number: Int
    /// Which repair turn the call is, from 1; `nil` for the step's own question.
    var repair: Int?
    /// The rate limiter's grant, released when the call ends.
    var grant: LimiterGrant
    /// The call's reservation against the budget, settled with its cost; `nil` when its price is unknown.
    var reservation: SpendingReservation?
    /// The schema as an OpenAI-style provider received it, to remove the `null`s it added.
    var translation: DialectTranslation?
}
