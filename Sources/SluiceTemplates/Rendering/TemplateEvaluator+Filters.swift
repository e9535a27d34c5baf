internal import SluiceCore

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension TemplateEvaluator {
    /// Applies `filter` to `input` (`nil` when undefined); `nil` means the result is undefined.
    static func apply(
        _ filter: TemplateFilter, to input: JSONValue?, positional: [JSONValue],
        keyword: [(name: String, value: JSONValue)]
    ) throws(OperationFailure) -> JSONValue? {
        func bind(_ parameters: [String]) throws(OperationFailure) -> ArgumentBinder {
            try ArgumentBinder(
                name: "the '\(filter.rawValue)' filter", parameters: parameters, positional: positional,
                keyword: keyword)
        }
        if filter == .default || filter == .d {
            let arguments = try bind(["default_value", "boolean"])
            let fallback = arguments["default_value"] ?? .string("")
            guard let input else { return fallback }
            return arguments.bool("boolean", default: false) && !input.isTruthy ? fallback : input
        }
        guard let value = input else { return nil }
        switch filter {
        case .default, .d:
            return value
        case .upper, .lower, .capitalize, .title, .wordcount, .string, .safe:
            _ = try bind([])
            let text = try RenderBudget.text(of: value, building: "the '\(filter.rawValue)' filter")
            switch filter {
            case .upper: return .string(text.uppercased())
            case .lower: return .string(TextOperations.lowercased(text))
            case .capitalize:
                return .string(TextOperations.capitalize(text) { $0.properties.titlecaseMapping })
            case .title: return .string(TextOperations.title(text))
            case .wordcount: return .integer(TextOperations.wordCount(text))
            default: return .string(text)
            }
        case .trim:
            let arguments = try bind(["chars"])
            let text = try RenderBudget.text(of: value, building: "the 'trim' filter")
            return .string(TextOperations.strip(text, characters: try arguments.optionalString("chars")))
        case .length, .count:
            _ = try bind([])
            return .integer(try PythonOperations.length(value))
        case .join:
            let arguments = try bind(["d", "attribute"])
            let separator = try arguments.string("d", default: "")
            var items = try PythonOperations.iterate(value)
            if let path = arguments["attribute"] { items = try attributes(path, of: items) }
            try RenderBudget.checkText(bytes: RenderBudget.textSize(of: .array(items)), building: "the 'join' filter")
            let pieces = items.map(\.pythonString)
            var bytes: Int? = RenderBudget.product(Swift.max(0, pieces.count - 1), separator.utf8.count)
            for piece in pieces { bytes = RenderBudget.sum(bytes, piece.utf8.count) }
            try RenderBudget.checkText(bytes: bytes, building: "the 'join' filter")
            return .string(pieces.joined(separator: separator))
        case .first, .last:
            _ = try bind([])
            let items = try PythonOperations.iterate(value)
            return filter == .first ? items.first : items.last
        case .replace:
            let arguments = try bind(["old", "new", "count"])
            guard let old = arguments["old"], let new = arguments["new"] else {
                throw .argument("the 'replace' filter needs the text to replace and its replacement")
            }
            let count = arguments["count"].map { $0.isNull ? -1 : ($0.intValue ?? -1) } ?? -1
            let what = "the 'replace' filter"
            return .string(
                try TextOperations.replace(
                    try RenderBudget.text(of: value, building: what), try RenderBudget.text(of: old, building: what),
                    with: try RenderBudget.text(of: new, building: what), count: count))
        case .truncate:
            return try truncate(value, try bind(["length", "killwords", "end", "leeway"]))
        case .indent:
            return try indent(value, try bind(["width", "first", "blank"]))
        case .round:
            return try round(value, try bind(["precision", "method"]))
        case .int:
            let arguments = try bind(["default", "base"])
            return try integer(
                value, default: arguments["default"] ?? .integer(0), base: try arguments.integer("base", default: 10))
        case .float:
            let arguments = try bind(["default"])
            return float(value) ?? arguments["default"] ?? .double(0)
        case .list:
            _ = try bind([])
            return .array(try PythonOperations.iterate(value))
        case .items:
            _ = try bind([])
            guard case .object(let object) = value else {
                throw .type("the 'items' filter needs a mapping, not a \(value.pythonTypeName)")
            }
            try RenderBudget.checkItems(object.count, building: "the 'items' filter")
            return .array(object.map { .array([.string($0.key), $0.value]) })
        case .sort:
            let arguments = try bind(["reverse", "case_sensitive", "attribute"])
            let items = try PythonOperations.iterate(value)
            let keys = try sortKeys(items, arguments)
            let reverse = arguments.bool("reverse", default: false)
            let order = try stableSorted(Array(items.indices)) { (left, right) throws(OperationFailure) in
                try PythonOperations.compare(
                    reverse ? keys[right] : keys[left], reverse ? keys[left] : keys[right], symbol: "<") == -1
            }
            return .array(order.map { items[$0] })
        case .unique:
            let arguments = try bind(["case_sensitive", "attribute"])
            let items = try PythonOperations.iterate(value)
            let keys = try sortKeys(items, arguments)
            if let unhashable = keys.first(where: { $0.arrayValue != nil || $0.objectValue != nil }) {
                throw .type(
                    "the 'unique' filter cannot compare \(unhashable.pythonTypeName) items (they are unhashable)")
            }
            // Python compares booleans as the integers 0 and 1; with that, JSON equality and hashing
            // are Python's for these scalar keys, so a set finds repeats in linear time.
            var seen: Set<JSONValue> = []
            var result: [JSONValue] = []
            for (item, key) in zip(items, keys) {
                let hashable: JSONValue = key.boolValue.map { .integer($0 ? 1 : 0) } ?? key
                if seen.insert(hashable).inserted { result.append(item) }
            }
            return .array(result)
        case .reverse:
            _ = try bind([])
            if case .string(let text) = value {
                try RenderBudget.checkCharacters(of: text, building: "the 'reverse' filter")
                return .string(TextOperations.string(text.unicodeScalars.reversed()))
            }
            return .array(try PythonOperations.iterate(value).reversed())
        case .min, .max:
            let arguments = try bind(["case_sensitive", "attribute"])
            let items = try PythonOperations.iterate(value)
            let keys = try sortKeys(items, arguments)
            guard var best = keys.indices.first else { return nil }
            for index in keys.indices.dropFirst() {
                let order = try PythonOperations.compare(keys[index], keys[best], symbol: filter == .min ? "<" : ">")
                if order == (filter == .min ? -1 : 1) { best = index }
            }
            return items[best]
        case .sum:
            let arguments = try bind(["attribute", "start"])
            var items = try PythonOperations.iterate(value)
            if let path = arguments["attribute"] { items = try attributes(path, of: items) }
            var total = arguments["start"] ?? .integer(0)
            for item in items { total = try PythonOperations.apply(.add, total, item) }
            return total
        case .abs:
            _ = try bind([])
            switch PythonOperations.Number(value) {
            case .integer(let number):
                guard number != .min else { throw .value("the result is too large for a 64-bit integer") }
                return .integer(Swift.abs(number))
            case .double(let number): return .double(Swift.abs(number))
            case nil: throw .type("bad operand type for abs(): \(value.pythonTypeName)")
            }
        case .center:
            let arguments = try bind(["width"])
            let text = try RenderBudget.text(of: value, building: "the 'center' filter")
            return .string(try center(text, width: try arguments.integer("width", default: 80)))
        case .batch:
            let arguments = try bind(["linecount", "fill_with"])
            let size = try arguments.integer("linecount", default: 0)
            guard size > 0 else { throw .argument("the 'batch' filter needs a positive size") }
            let items = try PythonOperations.iterate(value)
            var fill: JSONValue?
            if let value = arguments["fill_with"], !value.isNull { fill = value }
            if fill != nil, !items.isEmpty { try RenderBudget.checkItems(size, building: "the 'batch' filter") }
            var batches: [JSONValue] = []
            var index = 0
            while index < items.count {
                // `items.count - index` cannot overflow where `index + size` could.
                var batch = Array(items[index..<(index + Swift.min(size, items.count - index))])
                if batch.count < size, let fill {
                    batch += Array(repeating: fill, count: size - batch.count)
                }
                batches.append(.array(batch))
                index += batch.count
            }
            return .array(batches)
        case .dictsort:
            let arguments = try bind(["case_sensitive", "by", "reverse"])
            guard case .object(let object) = value else {
                throw .type("the 'dictsort' filter needs a mapping, not a \(value.pythonTypeName)")
            }
            let byValue: Bool
            switch try arguments.string("by", default: "key") {
            case "key": byValue = false
            case "value": byValue = true
            default: throw .argument("the 'dictsort' filter sorts by 'key' or 'value'")
            }
            let pairs = Array(object)
            let caseSensitive = arguments.bool("case_sensitive", default: false)
            let keys = pairs.map { pair -> JSONValue in
                let key = byValue ? pair.value : .string(pair.key)
                if !caseSensitive, case .string(let text) = key { return .string(TextOperations.lowercased(text)) }
                return key
            }
            let reverse = arguments.bool("reverse", default: false)
            let order = try stableSorted(Array(pairs.indices)) { (left, right) throws(OperationFailure) in
                try PythonOperations.compare(
                    reverse ? keys[right] : keys[left], reverse ? keys[left] : keys[right], symbol: "<") == -1
            }
            return .array(order.map { .array([.string(pairs[$0].key), pairs[$0].value]) })
        case .tojson:
            let arguments = try bind(["indent"])
            let indent = arguments["indent"].flatMap { $0.isNull ? nil : $0.intValue }
            try RenderBudget.checkText(
                bytes: RenderBudget.textSize(of: value, indent: indent ?? 0), building: "the 'tojson' filter")
            let text = value.formatted(
                JSONFormatting(
                    keyOrder: .unicodeScalars, indent: indent, itemSeparator: indent == nil ? ", " : ",",
                    keySeparator: ": ", escapesNonASCII: true, numberStyle: .python))
            var escaped = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "<": escaped += "\\u003c"
                case ">": escaped += "\\u003e"
                case "&": escaped += "\\u0026"
                case "'": escaped += "\\u0027"
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return .string(escaped)
        case .json:
            let arguments = try bind(["indent"])
            let indent = try arguments.integer("indent", default: 2)
            try RenderBudget.checkText(
                bytes: RenderBudget.textSize(of: value, indent: indent), building: "the 'json' filter")
            return .string(
                value.formatted(
                    JSONFormatting(
                        keyOrder: .insertion, indent: indent, itemSeparator: ",", keySeparator: ": ",
                        escapesNonASCII: false, numberStyle: .python)))
        case .map:
            return try map(value, positional: positional, keyword: keyword)
        case .select, .reject, .selectattr, .rejectattr:
            return try select(value, filter: filter, positional: positional, keyword: keyword)
        }
    }

    // MARK: - Attributes

    /// Jinja2's attribute getter: a dotted path where integer parts index lists.
    static func attribute(_ path: JSONValue, of item: JSONValue) -> JSONValue? {
        let parts: [String]
        switch path {
        case .string(let text): parts = (try? TextOperations.split(text, separator: ".", limit: -1)) ?? [text]
        case .integer(let index): parts = [String(index)]
        default: return nil
        }
        var current = item
        for part in parts {
            switch current {
            case .object(let object):
                guard let next = object[part] else { return nil }
                current = next
            case .array(let elements):
                guard var index = Int(part) else { return nil }
                if index < 0 { index += elements.count }
                guard elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    static func attributes(_ path: JSONValue, of items: [JSONValue]) throws(OperationFailure) -> [JSONValue] {
        var values: [JSONValue] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let value = attribute(path, of: item) else {
                throw OperationFailure(
                    code: .templateUndefined,
                    message: "item \(index) has no attribute '\(path.pythonString)'",
                    hint: "check the attribute name, or give a default with map(attribute=…, default=…)")
            }
            values.append(value)
        }
        return values
    }

    /// The keys `sort`, `unique`, `min` and `max` compare: the attribute if given, lower-cased unless case-sensitive.
    private static func sortKeys(
        _ items: [JSONValue], _ arguments: ArgumentBinder
    ) throws(OperationFailure)
        -> [JSONValue]
    {
        // As Jinja2's `ignore_case`: a string key is lower-cased, any other key is compared as it is
        // (lists are not rebuilt, so a list holding one large list many times stays shared).
        let caseSensitive = arguments.bool("case_sensitive", default: false)
        func folded(_ value: JSONValue) -> JSONValue {
            guard !caseSensitive, case .string(let text) = value else { return value }
            return .string(TextOperations.lowercased(text))
        }
        guard let path = arguments["attribute"] else { return items.map(folded) }
        guard case .string(let text) = path, text.contains(",") else {
            return try attributes(path, of: items).map(folded)
        }
        // Several attributes: each part of the composite key is folded, as `make_multi_attrgetter` does.
        let paths = text.split(separator: ",").map { JSONValue.string(String($0)) }
        var composite = Array(repeating: [JSONValue](), count: items.count)
        for part in paths {
            for (index, value) in try attributes(part, of: items).enumerated() {
                composite[index].append(folded(value))
            }
        }
        return composite.map { .array($0) }
    }

    /// A stable merge sort whose comparison may fail, as Python's sort raises on incomparable values.
    static func stableSorted<Element>(
        _ items: [Element], by isLess: (Element, Element) throws(OperationFailure) -> Bool
    ) throws(OperationFailure) -> [Element] {
        guard items.count > 1 else { return items }
        let middle = items.count / 2
        let left = try stableSorted(Array(items[..<middle]), by: isLess)
        let right = try stableSorted(Array(items[middle...]), by: isLess)
        var merged: [Element] = []
        merged.reserveCapacity(items.count)
        var leftIndex = 0
        var rightIndex = 0
        while leftIndex < left.count, rightIndex < right.count {
            if try isLess(right[rightIndex], left[leftIndex]) {
                merged.append(right[rightIndex])
                rightIndex += 1
            } else {
                merged.append(left[leftIndex])
                leftIndex += 1
            }
        }
        merged += left[leftIndex...]
        merged += right[rightIndex...]
        return merged
    }

    // MARK: - Text filters

    private static func truncate(_ value: JSONValue, _ arguments: ArgumentBinder) throws(OperationFailure) -> JSONValue
    {
        let length = try arguments.integer("length", default: 255)
        let end = try arguments.string("end", default: "...")
        let leeway = try arguments["leeway"]?.isNull == false ? arguments.integer("leeway", default: 5) : 5
        // `length + leeway` saturates: a length near `Int.max` keeps everything, it must not trap.
        let longestKept = RenderBudget.sum(length, leeway) ?? (leeway < 0 ? Int.min : Int.max)
        guard case .string(let text) = value else {
            // Jinja2 measures any sized value and returns it when short enough; only text can be cut.
            if case .array = value, try PythonOperations.length(value) <= longestKept { return value }
            if case .object = value, try PythonOperations.length(value) <= longestKept { return value }
            throw .type("the 'truncate' filter needs a string, not a \(value.pythonTypeName)")
        }
        let scalars = Array(text.unicodeScalars)
        let endLength = end.unicodeScalars.count
        guard length >= endLength else { throw .argument("expected length >= \(endLength), got \(length)") }
        guard leeway >= 0 else { throw .argument("expected leeway >= 0, got \(leeway)") }
        if scalars.count <= longestKept { return value }
        let kept = TextOperations.string(scalars.prefix(length - endLength))
        if arguments.bool("killwords", default: false) { return .string(kept + end) }
        let keptScalars = Array(kept.unicodeScalars)
        if let space = keptScalars.lastIndex(of: " ") {
            return .string(TextOperations.string(keptScalars[..<space]) + end)
        }
        return .string(kept + end)
    }

    private static func indent(_ value: JSONValue, _ arguments: ArgumentBinder) throws(OperationFailure) -> JSONValue {
        guard case .string(let input) = value else {
            throw .type(
                "the 'indent' filter needs a string, not a \(value.pythonTypeName)",
                hint: "convert it with '| string' first")
        }
        let text = input + "\n"
        let lines = TextOperations.splitLines(text)
        var prefix: String?
        if case .string(let text)? = arguments["width"] { prefix = text }
        var width = prefix?.utf8.count ?? 0
        if prefix == nil { width = Swift.max(0, try arguments.integer("width", default: 4)) }
        // Every line may get the indentation, so the result's size is known before any of it exists.
        let added = RenderBudget.product(lines.count, width)
        try RenderBudget.checkText(bytes: RenderBudget.sum(text.utf8.count, added), building: "the 'indent' filter")
        let indentation = prefix ?? String(repeating: " ", count: width)
        var result: String
        if arguments.bool("blank", default: false) {
            result = lines.joined(separator: "\n" + indentation)
        } else {
            result = lines.first ?? ""
            let rest = lines.dropFirst()
            if !rest.isEmpty {
                result += "\n" + rest.map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
            }
        }
        if arguments.bool("first", default: false) { result = indentation + result }
        return .string(result)
    }

    private static func center(_ text: String, width: Int) throws(OperationFailure) -> String {
        let length = text.unicodeScalars.count
        guard width > length else { return text }
        try RenderBudget.checkText(
            bytes: RenderBudget.sum(text.utf8.count, width - length), building: "the 'center' filter")
        let margin = width - length
        let left = margin / 2 + (margin & width & 1)
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: margin - left)
    }

    // MARK: - Numbers

    private static func round(_ value: JSONValue, _ arguments: ArgumentBinder) throws(OperationFailure) -> JSONValue {
        let precision = try arguments.integer("precision", default: 0)
        let method = try arguments.string("method", default: "common")
        guard let number = PythonOperations.Number(value) else {
            throw .type("the 'round' filter needs a number, not a \(value.pythonTypeName)")
        }
        switch method {
        case "common":
            switch number {
            case .integer(let integer):
                guard precision < 0 else { return .integer(integer) }
                guard precision > -19 else { return .integer(0) }
                var scale = 1
                for _ in 0..<(-precision) { scale *= 10 }
                let rounded = (Double(integer) / Double(scale)).rounded(.toNearestOrEven)
                guard let whole = Int(exactly: rounded),
                    case (let result, false) = whole.multipliedReportingOverflow(by: scale)
                else { throw .value("the result is too large for a 64-bit integer") }
                return .integer(result)
            case .double(let double):
                return .double(pythonRound(double, digits: precision))
            }
        case "ceil", "floor":
            let scale = pow(10.0, Double(precision))
            let scaled = number.doubleValue * scale
            let rounded = method == "ceil" ? scaled.rounded(.up) : scaled.rounded(.down)
            guard rounded.isFinite else { throw .value("cannot round an infinite or NaN value") }
            return .double(rounded / scale)
        default:
            throw .argument("the 'round' filter's method must be common, ceil or floor")
        }
    }

    /// Python's `round(x, digits)` for floats: correctly rounded, ties to even on the exact binary value.
    static func pythonRound(_ value: Double, digits: Int) -> Double {
        guard value.isFinite, value != 0 else { return value }
        if digits > 323 { return value }
        if digits < -308 { return 0 * value }
        if digits < 0 {
            let scale = pow(10.0, Double(-digits))
            let scaled = value / scale
            return (scaled.rounded(.toNearestOrEven) * scale)
        }
        var buffer = [CChar](repeating: 0, count: 720)
        let count = buffer.count
        _ = withVaList([Int32(digits), value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { pointer in
                vsnprintf(pointer.baseAddress, count, "%.*f", arguments)
            }
        }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let rounded = Double(text) ?? value
        return rounded == 0 ? copysign(0, value) : rounded
    }

    private static func integer(
        _ value: JSONValue, default fallback: JSONValue, base: Int
    ) throws(OperationFailure)
        -> JSONValue
    {
        guard base == 0 || (2...36).contains(base) else {
            throw .argument(
                "int() base must be between 2 and 36, or 0, not \(base)",
                hint: "base 0 reads the base from the prefix: 0x (16), 0o (8), 0b (2), none (10)")
        }
        switch value {
        case .integer: return value
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .double(let double):
            guard double.isFinite, let truncated = Int(exactly: double.rounded(.towardZero)) else { return fallback }
            return .integer(truncated)
        case .string(let text):
            if let parsed = parsePythonInteger(text, base: base) { return .integer(parsed) }
            if case .double(let double)? = float(value), double.isFinite,
                let truncated = Int(exactly: double.rounded(.towardZero))
            {
                return .integer(truncated)
            }
            return fallback
        default:
            return fallback
        }
    }

    /// Python's `int(text, base)`: surrounding whitespace, a sign, underscores between digits, a matching prefix.
    private static func parsePythonInteger(_ text: String, base: Int) -> Int? {
        var body = Substring(TextOperations.strip(text, characters: nil))
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let lowered = body.lowercased()
        let prefixes = [16: "0x", 8: "0o", 2: "0b"]
        var radix = base
        if base == 0 {
            // Python's base 0 reads the base from the prefix; without one it is decimal, and a
            // decimal with a leading zero (`010`) is refused as ambiguous.
            radix = prefixes.first { lowered.hasPrefix($0.value) }?.key ?? 10
            if radix == 10, body.first == "0", body.contains(where: { $0 != "0" && $0 != "_" }) { return nil }
        }
        if let prefix = prefixes[radix], lowered.hasPrefix(prefix) { body = body.dropFirst(2) }
        // One sign only: `Int(_:radix:)` would read a second one, and `-(Int.min)` traps.
        guard let first = body.first, first != "_", first != "+", first != "-", body.last != "_",
            !body.contains("__")
        else { return nil }
        guard let magnitude = Int(body.replacingOccurrences(of: "_", with: ""), radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Python's `float(value)`, or `nil` where Python raises.
    private static func float(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .integer(let integer): return .double(Double(integer))
        case .double: return value
        case .bool(let flag): return .double(flag ? 1 : 0)
        case .string(let text):
            let trimmed = TextOperations.strip(text, characters: nil)
            let lowered = trimmed.lowercased()
            let unsigned = lowered.hasPrefix("-") || lowered.hasPrefix("+") ? String(lowered.dropFirst()) : lowered
            if unsigned == "inf" || unsigned == "infinity" {
                return .double(lowered.hasPrefix("-") ? -.infinity : .infinity)
            }
            if unsigned == "nan" { return .double(.nan) }
            guard !unsigned.isEmpty, unsigned.first != "_", unsigned.last != "_", !unsigned.contains("__"),
                unsigned.allSatisfy({ $0.isASCII && ($0.isNumber || "._e+-".contains($0)) }),
                unsigned.first?.isNumber == true || unsigned.first == "."
            else { return nil }
            return Double(trimmed.replacingOccurrences(of: "_", with: "")).map { .double($0) }
        default:
            return nil
        }
    }
}

extension StringProtocol {
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
