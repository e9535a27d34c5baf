extension String {
    /// Whether the two strings have the same Unicode code points in the same order.
    ///
    /// Unlike `==`, canonically equivalent spellings differ: `"\u{E9}"` and `"e\u{301}"` are not the
    /// same. JSON, JSON Schema and the template language (as Python) compare strings this way.
    /// UTF-8 byte equality is code-point equality, so this compares bytes without decoding.
    @inlinable
    public func hasSameCodePoints(as other: String) -> Bool {
        let compared = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in mine.elementsEqual(theirs) }
        }
        if let compared, let result = compared { return result }
        return utf8.elementsEqual(other.utf8)
    }

    /// Feeds the code points to `hasher`, consistently with ``hasSameCodePoints(as:)``.
    @inlinable
    public func hashCodePoints(into hasher: inout Hasher) {
        let hashed: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            Array(utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
        // 0xFF never occurs in UTF-8: it ends the string, so no two sequences of strings hash alike by accident.
        hasher.combine(UInt8(0xFF))
    }
}

extension Sequence<String> {
    /// Whether one of the strings has the same code points as `text` (see ``Swift/String/hasSameCodePoints(as:)``).
    public func containsCodePoints(_ text: String) -> Bool {
        contains { $0.hasSameCodePoints(as: text) }
    }
}
