public import Foundation
import Synchronization

/// A run's identifier: 10 characters of lowercase Crockford base32 that sort by creation time.
///
/// The first 7 characters are the creation time in whole seconds since the Unix epoch (good until
/// the year 3058); the last 3 are random, and count up within one process when several runs start
/// in the same second, so ids made by one process sort in creation order. Ids made by different
/// processes in the same second sort arbitrarily among themselves. The alphabet leaves out `i`,
/// `l`, `o` and `u`; when parsing, `i` and `l` read as `1` and `o` as `0`, and case is ignored.
///
/// Commands accept any unique prefix of an id (the store's `resolveRunID`).
public struct RunID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 10-character id.
    public let rawValue: String

    /// The number of characters in every id.
    public static let length = 10

    /// The Crockford base32 alphabet, lowercase.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// An id read back from the store or typed in full; `nil` unless it is 10 valid characters.
    public init?(_ text: String) {
        guard let normalized = Self.normalize(text), normalized.count == Self.length else { return nil }
        rawValue = normalized
    }

    private init(trusted: String) { rawValue = trusted }

    /// A new id for a run created at `date`.
    public static func generate(at date: Date = Date()) -> RunID {
        let seconds = UInt64(max(0, date.timeIntervalSince1970))
        let random = generatorState.withLock { state -> UInt64 in
            if let last = state.lastRandom[seconds], last < randomSpace - 1 {
                state.lastRandom[seconds] = last + 1
            } else {
                // Start low in the random space so several increments in one second stay in range.
                state.lastRandom[seconds] = UInt64.random(in: 0..<(randomSpace / 2))
                if state.lastRandom.count > GeneratorState.secondsKept, let oldest = state.lastRandom.keys.min() {
                    state.lastRandom[oldest] = nil
                }
            }
            return state.lastRandom[seconds] ?? 0
        }
        return RunID(trusted: encode(seconds, digits: 7) + encode(random, digits: 3))
    }

    /// A fresh random suffix for the same second, used when an insert collides with another process.
    public func withNewRandomSuffix() -> RunID {
        RunID(trusted: String(rawValue.prefix(7)) + Self.encode(UInt64.random(in: 0..<Self.randomSpace), digits: 3))
    }

    /// The text in the canonical spelling (lowercase, `i`/`l` → `1`, `o` → `0`), or `nil` when it
    /// holds a character outside the alphabet. Hyphens and surrounding spaces are dropped.
    public static func normalize(_ text: String) -> String? {
        var output = ""
        for character in text.trimmingCharacters(in: .whitespaces).lowercased() where character != "-" {
            switch character {
            case "i", "l": output.append("1")
            case "o": output.append("0")
            default:
                guard alphabet.contains(character) else { return nil }
                output.append(character)
            }
        }
        return output
    }

    private static let randomSpace: UInt64 = 1 << 15

    private struct GeneratorState {
        /// How many seconds are remembered: ids for a run's own clock (a test clock, a resumed
        /// run's date) may interleave with ids for the present without breaking either's order.
        static let secondsKept = 64
        /// The last random suffix handed out, by second.
        var lastRandom: [UInt64: UInt64] = [:]
    }

    /// The last id handed out by this process for each recent second, so ids made in the same
    /// second keep their order.
    private static let generatorState = Mutex(GeneratorState())

    private static func encode(_ value: UInt64, digits: Int) -> String {
        var characters: [Character] = []
        var rest = value
        for _ in 0..<digits {
            characters.append(alphabet[Int(rest & 31)])
            rest >>= 5
        }
        return String(characters.reversed())
    }

    /// Ids compare as their text, which is creation-time order.
    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The 10-character id.
    public var description: String { rawValue }
}
