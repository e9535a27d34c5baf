import Crypto
import SluiceCore

/// Makes the `local` provider's synthetic text from a SHA-256 of the request.
///
/// The same request gives the same text on every machine and every run, because the seed is the
/// hash of the request's canonical JSON (RFC 8785) and the words come from a fixed list. The
/// model id and the `stream` flag are left out of the hash, so every variant and both delivery
/// modes agree.
struct LocalTextGenerator {
    /// What every synthetic text starts with, so nobody mistakes it for a model's answer.
    static let marker = "[synthetic]"

    /// The 32-byte seed for the request.
    let seed: [UInt8]

    init(request: ModelRequest) {
        var fingerprint = request.jsonValue.objectValue ?? JSONObject()
        fingerprint.removeValue(forKey: "model")
        fingerprint.removeValue(forKey: "stream")
        seed = Array(SHA256.hash(data: Array(JSONValue.object(fingerprint).canonicalText.utf8)))
    }

    /// The first 8 bytes of the seed as a number, for generators that take one.
    var numericSeed: UInt64 {
        seed.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// Plain synthetic prose: the marker, then 12 to 48 words in sentences.
    func prose(salt: String = "") -> String {
        var words = wordStream(salt: salt)
        let wordCount = 12 + Int(seedByte(0, salt: salt)) % 37
        var sentences: [String] = []
        var sentence: [String] = []
        var sentenceLength = 5 + Int(words.nextByte() % 6)
        for _ in 0..<wordCount {
            sentence.append(words.nextWord())
            if sentence.count == sentenceLength {
                sentences.append(Self.sentence(from: sentence))
                sentence = []
                sentenceLength = 5 + Int(words.nextByte() % 6)
            }
        }
        if !sentence.isEmpty { sentences.append(Self.sentence(from: sentence)) }
        return "\(Self.marker) \(sentences.joined(separator: " "))"
    }

    /// One element per tag, each holding its own synthetic prose, one per line.
    func taggedText(tags: [String]) -> String {
        tags.map { tag in "<\(tag)>\(prose(salt: tag))</\(tag)>" }.joined(separator: "\n")
    }

    private func seedByte(_ index: Int, salt: String) -> UInt8 {
        salt.isEmpty ? seed[index] : Array(SHA256.hash(data: seed + Array(salt.utf8)))[index]
    }

    private func wordStream(salt: String) -> WordStream {
        WordStream(seed: seed + Array(salt.utf8))
    }

    private static func sentence(from words: [String]) -> String {
        guard let first = words.first else { return "" }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ") + "."
    }

    /// An endless run of bytes (SHA-256 in counter mode over the seed), read as words.
    private struct WordStream {
        let seed: [UInt8]
        var counter: UInt32 = 0
        var block: [UInt8] = []

        init(seed: [UInt8]) { self.seed = seed }

        mutating func nextByte() -> UInt8 {
            if block.isEmpty {
                let counterBytes = withUnsafeBytes(of: counter.bigEndian, Array.init)
                block = Array(SHA256.hash(data: seed + counterBytes))
                counter &+= 1
            }
            return block.removeLast()
        }

        mutating func nextWord() -> String {
            LocalTextGenerator.vocabulary[Int(nextByte()) % LocalTextGenerator.vocabulary.count]
        }
    }

    /// 64 plain words, so each byte picks one evenly.
    static let vocabulary = [
        "river", "stone", "lantern", "harbor", "meadow", "signal", "ledger", "copper", "window", "orchard",
        "thread", "compass", "basket", "canyon", "ember", "falcon", "garden", "hollow", "island", "juniper",
        "kettle", "ladder", "marble", "needle", "ocean", "pepper", "quarry", "ribbon", "saddle", "timber",
        "umbrella", "valley", "wagon", "yarrow", "zephyr", "anchor", "beacon", "cedar", "delta", "echo",
        "fable", "glacier", "heron", "indigo", "jasper", "kernel", "lumen", "mosaic", "nectar", "onyx",
        "prairie", "quill", "raven", "sierra", "tundra", "upland", "vertex", "willow", "xylem", "yonder",
        "zenith", "amber", "bramble", "cobalt",
    ]
}
