/// Finds the closest known name to a misspelt one, for "did you mean …?" hints.
public enum NameSuggestion {
    /// The candidate nearest to `name` by edit distance, if it is close enough to be a plausible typo.
    ///
    /// "Close enough" is at most a third of the longer name's length (and at least one edit),
    /// compared case-insensitively, so `promt` suggests `prompt` but `x` suggests nothing. A
    /// candidate whose length differs from the name's by more than that is passed over without
    /// computing the distance (it is at least the difference), so a name thousands of characters
    /// long costs no more than a short one.
    public static func nearest<Candidates: Sequence>(to name: String, in candidates: Candidates) -> String?
    where Candidates.Element == String {
        let lowered = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let loweredCandidate = Array(candidate.lowercased())
            let allowed = max(1, max(lowered.count, loweredCandidate.count) / 3)
            guard abs(lowered.count - loweredCandidate.count) <= allowed else { continue }
            let distance = editDistance(lowered, loweredCandidate)
            guard distance <= allowed else { continue }
            if best == nil || distance < best?.distance ?? .max {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// `did you mean 'x'?` when a near candidate exists, else `nil`.
    public static func hint<Candidates: Sequence>(for name: String, in candidates: Candidates) -> String?
    where Candidates.Element == String {
        nearest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ source: [Character], _ target: [Character]) -> Int {
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previousPrevious = [Int](repeating: 0, count: target.count + 1)
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for i in 1...source.count {
            current[0] = i
            for j in 1...target.count {
                let cost = source[i - 1] == target[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, source[i - 1] == target[j - 2], source[i - 2] == target[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            previousPrevious = previous
            previous = current
        }
        return previous[target.count]
    }
}
