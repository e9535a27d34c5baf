internal import SluiceCore

/// The sizes one render may build, checked *before* a value is allocated.
///
/// A number in a template or an input (`indent(w)`, `'ab' * n`, `center(w)`) decides how much
/// memory an operation asks for; every operation that grows text or a list computes the size of
/// its result with overflow-checked arithmetic first and fails with `template-render-limit`
/// when it is past these limits, so no input can trap or exhaust memory.
enum RenderBudget {
    /// Bytes of text one render may produce, and the largest string one operation may build.
    static let maximumTextBytes = 64 * 1024 * 1024
    /// Items one list-building operation (`range`, `[…] * n`, `batch`) may produce.
    static let maximumItems = 1_000_000

    /// `a + b`, or `nil` when it overflows.
    static func sum(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (total, overflowed) = a.addingReportingOverflow(b)
        return overflowed ? nil : total
    }

    /// `a × b`, or `nil` when it overflows.
    static func product(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (total, overflowed) = a.multipliedReportingOverflow(by: b)
        return overflowed ? nil : total
    }

    /// Fails unless a string of `bytes` UTF-8 bytes (`nil`: more than an `Int` holds) fits the budget.
    static func checkText(bytes: Int?, building what: String) throws(OperationFailure) {
        guard let bytes, bytes <= maximumTextBytes else {
            throw tooLarge(what, "\(maximumTextBytes / 1_048_576) MiB of text")
        }
    }

    /// Fails unless a list of `count` items (`nil`: more than an `Int` holds) fits the budget.
    static func checkItems(_ count: Int?, building what: String) throws(OperationFailure) {
        guard let count, count <= maximumItems else { throw tooLarge(what, "\(maximumItems) items") }
    }

    /// An upper estimate of the bytes `value` takes written as text (Python's or JSON, with
    /// `indent` spaces a level), or `nil` when it is past ``maximumTextBytes``.
    ///
    /// The walk visits at most ``maximumItems`` values, so a list that holds one large list many
    /// times (values share storage, so that costs little memory) is refused in bounded time.
    static func textSize(of value: JSONValue, indent: Int = 0) -> Int? {
        var visited = 0
        var total: Int? = 0
        var pending: [(value: JSONValue, depth: Int)] = [(value, 0)]
        while let (next, depth) = pending.popLast() {
            visited += 1
            // A value may start an indented line and carries a few bytes of punctuation.
            total = sum(total, sum(product(Swift.max(0, indent), depth), 8))
            guard visited <= maximumItems, let size = total, size <= maximumTextBytes else { return nil }
            switch next {
            case .string(let text): total = sum(total, text.utf8.count)
            case .integer, .double: total = sum(total, 24)
            case .null, .bool: break
            case .array(let elements):
                guard visited + pending.count + elements.count <= maximumItems else { return nil }
                pending += elements.lazy.map { ($0, depth + 1) }
            case .object(let object):
                guard visited + pending.count + object.count <= maximumItems else { return nil }
                for (key, member) in object {
                    total = sum(total, key.utf8.count)
                    pending.append((member, depth + 1))
                }
            }
        }
        guard let total, total <= maximumTextBytes else { return nil }
        return total
    }

    /// `value` as Python's `str()` writes it, refused before it is built when it would pass
    /// ``maximumTextBytes`` (a list holding one large list many times costs little memory, but its
    /// text would be huge).
    static func text(of value: JSONValue, building what: String) throws(OperationFailure) -> String {
        if case .string(let text) = value { return text }
        try checkText(bytes: textSize(of: value), building: what)
        return value.pythonString
    }

    /// Fails unless turning `text` into a list of its characters stays within ``maximumItems``.
    static func checkCharacters(of text: String, building what: String) throws(OperationFailure) {
        // Most strings have fewer bytes than the limit allows items; only longer ones are counted.
        guard text.utf8.count > maximumItems else { return }
        try checkItems(text.unicodeScalars.count, building: what)
    }

    private static func tooLarge(_ what: String, _ limit: String) -> OperationFailure {
        OperationFailure(
            code: .templateRenderLimit, message: "\(what) would build more than \(limit)",
            hint: "use a smaller number; one render may produce at most \(limit)")
    }
}
