public import SluiceCore

extension YAMLNode {
    /// Where the value at `path` (the reference tokens of a JSON pointer into ``jsonValue``) is
    /// written; the nearest enclosing node when the path leads nowhere.
    ///
    /// A problem found in the JSON form of a mapping (a schema keyword, say) is reported at its own
    /// line and column this way, not at the line where the mapping starts.
    public func location(at path: [String]) -> SourceLocation {
        var node = self
        for token in path {
            switch node.content {
            case .mapping(let entries):
                guard let entry = entries.first(where: { $0.key.hasSameCodePoints(as: token) }) else {
                    return node.location
                }
                node = entry.value
            case .sequence(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return node.location }
                node = elements[index]
            case .scalar:
                return node.location
            }
        }
        return node.location
    }
}
