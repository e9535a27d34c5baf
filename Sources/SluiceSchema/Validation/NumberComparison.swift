import SluiceCore

/// Exact numeric tests for the number keywords: integers compare as integers, and `multipleOf`
/// works on the decimal digits the JSON text wrote, so `0.0075` is a multiple of `0.0001`.
enum NumberComparison {
    /// `-1`, `0` or `1` as `value` is below, equal to or above `bound`; `nil` when `value` is not a number.
    static func compare(_ value: JSONValue, _ bound: SchemaNumber) -> Int? {
        switch (value, bound) {
        case (.integer(let left), .integer(let right)):
            return left < right ? -1 : (left == right ? 0 : 1)
        case (.integer(let left), .double(let right)):
            return compare(Double(left), right)
        case (.double(let left), _):
            return compare(left, bound.doubleValue)
        default:
            return nil
        }
    }

    private static func compare(_ left: Double, _ right: Double) -> Int {
        left < right ? -1 : (left == right ? 0 : 1)
    }

    /// Whether `value` is an integer multiple of `divisor` (which is positive).
    static func isMultiple(_ value: JSONValue, of divisor: SchemaNumber) -> Bool {
        if case .integer(let integer) = value, case .integer(let step) = divisor {
            return integer % step == 0
        }
        guard let number = value.doubleValue, number.isFinite else { return false }
        if number == 0 { return true }
        let dividend = DecimalParts(number.magnitude)
        let step = DecimalParts(divisor.doubleValue.magnitude)
        let exponent = min(dividend.exponent, step.exponent)
        // The divisor scaled to the common exponent; when it overflows it exceeds the dividend's
        // at most 17 significant digits, so the dividend (not zero) cannot be a multiple.
        var modulus: UInt64 = 0
        for digit in step.digits {
            let (times10, overflow) = modulus.multipliedReportingOverflow(by: 10)
            guard !overflow else { return false }
            modulus = times10 + UInt64(digit)
        }
        for _ in 0..<(step.exponent - exponent) {
            let (times10, overflow) = modulus.multipliedReportingOverflow(by: 10)
            guard !overflow else { return false }
            modulus = times10
        }
        guard modulus > 0 else { return false }
        var remainder: UInt64 = 0
        let extraZeros = dividend.exponent - exponent
        for digit in dividend.digits + [UInt8](repeating: 0, count: extraZeros) {
            let (high, low) = remainder.multipliedFullWidth(by: 10)
            let (sum, carry) = low.addingReportingOverflow(UInt64(digit))
            remainder = modulus.dividingFullWidth((high + (carry ? 1 : 0), sum)).remainder
        }
        return remainder == 0
    }

    /// A finite non-negative double as integer digits times a power of ten, from its shortest decimal form.
    private struct DecimalParts {
        var digits: [UInt8] = []
        var exponent = 0

        init(_ value: Double) {
            let text = String(describing: value)
            var mantissa = Substring(text)
            if let mark = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                mantissa = text[..<mark]
                exponent = Int(text[text.index(after: mark)...]) ?? 0
            }
            var fractionDigits = 0
            var seenPoint = false
            for character in mantissa {
                if character == "." {
                    seenPoint = true
                } else if let digit = character.wholeNumberValue {
                    digits.append(UInt8(digit))
                    if seenPoint { fractionDigits += 1 }
                }
            }
            exponent -= fractionDigits
            while digits.count > 1, digits.last == 0 {
                digits.removeLast()
                exponent += 1
            }
            while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        }
    }
}
