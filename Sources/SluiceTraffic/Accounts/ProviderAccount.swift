import Crypto

/// One provider account: a provider and the key it is called with.
///
/// Rate limits, 429 pauses and the circuit breaker belong to an account, not to a model or a
/// step: every request sent with the same key to the same provider shares them. The key itself
/// is never kept; only the first 12 hex digits of its SHA-256 are, which is enough to tell two
/// keys apart and useless for calling the provider. The ``id`` (`openai#3f2a9c01b7de`) is what
/// the cross-process ledger and transcripts store.
public struct ProviderAccount: Sendable, Hashable, CustomStringConvertible {
    /// The provider's name, as written before the slash in model names.
    public let provider: String
    /// A short fingerprint of the key, or `nil` for providers called without one.
    public let keyFingerprint: String?

    /// The account of `provider` called with `key` (`nil` when the provider takes no key).
    public init(provider: String, key: String?) {
        self.provider = provider
        self.keyFingerprint = key.map(Self.fingerprint(of:))
    }

    /// `provider#fingerprint`, or the provider name alone when it takes no key.
    public var id: String {
        keyFingerprint.map { "\(provider)#\($0)" } ?? provider
    }

    /// The ``id``.
    public var description: String { id }

    /// The first 12 hex digits of the key's SHA-256.
    static func fingerprint(of key: String) -> String {
        let digest = SHA256.hash(data: Array(key.utf8))
        return digest.prefix(6).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
