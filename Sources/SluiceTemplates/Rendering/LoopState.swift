internal import SluiceCore

/// Where a `{% for %}` loop is, answering `loop.index`, `loop.first` and the rest without building an object.
struct LoopState {
    /// The position in the evaluator's locals of this loop's `loop` variable.
    var localsIndex: Int
    /// The 0-based index of the current item.
    var index: Int
    /// The items being iterated (shared with the loop, not copied).
    let items: [JSONValue]

    /// `loop.NAME`, or `nil` for a name the loop object does not have.
    func member(_ name: String) -> JSONValue? {
        let count = items.count
        switch name {
        case "index": return .integer(index + 1)
        case "index0": return .integer(index)
        case "revindex": return .integer(count - index)
        case "revindex0": return .integer(count - index - 1)
        case "first": return .bool(index == 0)
        case "last": return .bool(index == count - 1)
        case "length": return .integer(count)
        case "previtem": return index > 0 ? items[index - 1] : nil
        case "nextitem": return index + 1 < count ? items[index + 1] : nil
        default: return nil
        }
    }

    /// The loop object as a value, for the rare template that uses `loop` on its own.
    var object: JSONObject {
        var object = JSONObject()
        for name in ["index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem"] {
            if let value = member(name) { object[name] = value }
        }
        return object
    }
}
