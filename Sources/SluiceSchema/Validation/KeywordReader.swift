import SluiceCore

/// Reads the keywords of one schema object, checking each value's shape and recording problems.
struct KeywordReader {
    let object: JSONObject
    let pointer: String
    private(set) var problems: [SchemaProblem] = []

    init(object: JSONObject, pointer: String) {
        self.object = object
        self.pointer = pointer
    }

    mutating func report(_ keywordPath: String, _ message: String, hint: String? = nil) {
        problems.append(
            SchemaProblem(pointer: pointer + "/" + keywordPath, code: .invalidSchema, message: message, hint: hint))
    }

    func string(_ keyword: String) -> String? {
        object[keyword]?.stringValue
    }

    mutating func checkedString(_ keyword: String) -> String? {
        guard let value = object[keyword] else { return nil }
        guard case .string(let text) = value else {
            report(keyword, "'\(keyword)' must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func bool(_ keyword: String) -> Bool? {
        guard let value = object[keyword] else { return nil }
        guard case .bool(let flag) = value else {
            report(keyword, "'\(keyword)' must be true or false, not \(value.typeName)")
            return nil
        }
        return flag
    }

    mutating func number(_ keyword: String) -> SchemaNumber? {
        guard let value = object[keyword] else { return nil }
        guard let number = SchemaNumber(value) else {
            report(keyword, "'\(keyword)' must be a number, not \(value.typeName)")
            return nil
        }
        return number
    }

    /// A non-negative integer (`2.0` counts), as the `max*`/`min*` keywords take.
    mutating func count(_ keyword: String) -> Int? {
        guard let value = object[keyword] else { return nil }
        guard let count = value.intValue, count >= 0 else {
            report(keyword, "'\(keyword)' must be a non-negative integer, not \(value.formatted(.compact))")
            return nil
        }
        return count
    }

    mutating func array(_ keyword: String) -> [JSONValue]? {
        guard let value = object[keyword] else { return nil }
        guard case .array(let elements) = value else {
            report(keyword, "'\(keyword)' must be an array, not \(value.typeName)")
            return nil
        }
        return elements
    }

    mutating func strings(_ keyword: String) -> [String]? {
        guard let elements = array(keyword) else { return nil }
        var names: [String] = []
        for (offset, element) in elements.enumerated() {
            guard case .string(let name) = element else {
                report("\(keyword)/\(offset)", "'\(keyword)' must list strings, not \(element.typeName)")
                continue
            }
            names.append(name)
        }
        return names
    }

    mutating func typeNames() -> [String]? {
        guard let value = object["type"] else { return nil }
        let names: [String]
        switch value {
        case .string(let name): names = [name]
        case .array(let elements):
            names = elements.compactMap(\.stringValue)
            if names.count != elements.count { report("type", "'type' must list type names as strings") }
        default:
            report("type", "'type' must be a type name or an array of type names, not \(value.typeName)")
            return nil
        }
        let known = ["null", "boolean", "integer", "number", "string", "array", "object"]
        for name in names where !known.contains(name) {
            report("type", "unknown type '\(name)'", hint: NameSuggestion.hint(for: name, in: known))
        }
        return names
    }

    /// The path (relative to this schema object) of a subschema keyword's value, after checking it
    /// is an object or a boolean. `schemaArray` and `schemaMap` return relative paths too.
    mutating func schema(_ keyword: String) -> String? {
        guard let value = object[keyword] else { return nil }
        switch value {
        case .object, .bool: return keyword
        default:
            report(keyword, "'\(keyword)' must be a schema (an object or a boolean), not \(value.typeName)")
            return nil
        }
    }

    mutating func schemaArray(_ keyword: String, allowEmpty: Bool = false) -> [String]? {
        guard let elements = array(keyword) else { return nil }
        if elements.isEmpty && !allowEmpty {
            report(keyword, "'\(keyword)' must list at least one schema")
            return nil
        }
        var pointers: [String] = []
        for (offset, element) in elements.enumerated() {
            switch element {
            case .object, .bool: pointers.append("\(keyword)/\(offset)")
            default:
                report("\(keyword)/\(offset)", "each entry of '\(keyword)' must be a schema, not \(element.typeName)")
            }
        }
        return pointers
    }

    mutating func schemaMap(_ keyword: String) -> [(name: String, pointer: String)]? {
        guard let value = object[keyword] else { return nil }
        guard case .object(let members) = value else {
            report(keyword, "'\(keyword)' must be an object of schemas, not \(value.typeName)")
            return nil
        }
        var entries: [(name: String, pointer: String)] = []
        for (name, member) in members {
            let path = keyword + "/" + JSONPointer.escape(name)
            switch member {
            case .object, .bool: entries.append((name, path))
            default: report(path, "each value of '\(keyword)' must be a schema, not \(member.typeName)")
            }
        }
        return entries
    }

    mutating func stringArrayMap(_ keyword: String) -> [(property: String, required: [String])]? {
        guard let value = object[keyword] else { return nil }
        guard case .object(let members) = value else {
            report(keyword, "'\(keyword)' must be an object of property-name arrays, not \(value.typeName)")
            return nil
        }
        var table: [(property: String, required: [String])] = []
        for (name, member) in members {
            guard case .array(let elements) = member, elements.allSatisfy({ $0.stringValue != nil }) else {
                report(keyword + "/" + JSONPointer.escape(name), "'\(keyword)' values must be arrays of strings")
                continue
            }
            table.append((name, elements.compactMap(\.stringValue)))
        }
        return table
    }

    mutating func regex(_ keyword: String) -> ECMARegex? {
        guard let pattern = checkedString(keyword) else { return nil }
        return compile(pattern, at: keyword)
    }

    mutating func compile(_ pattern: String, at path: String) -> ECMARegex? {
        do {
            return try ECMARegex(pattern)
        } catch {
            problems.append(
                SchemaProblem(
                    pointer: pointer + "/" + path, code: .invalidSchemaPattern,
                    message: "'\(pattern)' is not a valid regular expression",
                    hint: "patterns use ECMA-262 syntax; escape literal characters such as '(' or '[' with a backslash")
            )
            return nil
        }
    }
}
