import Crypto
public import SluiceCore

/// The one way the engine names content by hash: SHA-256 of a value's canonical JSON
/// (RFC 8785, `JSONValue.canonicalText`), as 64 lowercase hex digits.
public enum ContentDigest {
    /// The hex SHA-256 of `value`'s canonical text.
    public static func sha256(of value: JSONValue) -> String {
        SHA256.hash(data: Array(value.canonicalText.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
