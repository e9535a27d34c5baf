/// The shortest decimal digits that round-trip a `Double`, in the form `0.DIGITS × 10^pointPosition`.
///
/// Both number styles Sluice prints (ECMAScript's, for canonical JSON, and Python's, for what
/// templates show) start from these digits and differ only in where they switch to exponents.
struct DecimalDigits {
    /// Significant digits without leading or trailing zeros; `"0"` for zero.
    var digits: [Character]
    /// Where the decimal point falls relative to the first digit (ECMAScript's `n`).
    var pointPosition: Int
    /// Whether the value is negative (including negative zero).
    var isNegative: Bool

    /// The digits of a finite value. Swift's `description` already yields the shortest
    /// round-tripping digits; this only moves them into a normal form.
    init(_ value: Double) {
        precondition(value.isFinite, "DecimalDigits needs a finite value")
        isNegative = value.sign == .minus
        let text = String(describing: value.magnitude)
        let mantissa: Substring
        var exponent = 0
        if let exponentMark = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<exponentMark]
            exponent = Int(text[text.index(after: exponentMark)...]) ?? 0
        } else {
            mantissa = text[...]
        }
        let integerPart = mantissa.prefix { $0 != "." }
        let fractionPart = mantissa.drop { $0 != "." }.dropFirst()
        var all = Array(integerPart) + Array(fractionPart)
        var point = integerPart.count + exponent
        while let first = all.first, first == "0" {
            all.removeFirst()
            point -= 1
        }
        while let last = all.last, last == "0" { all.removeLast() }
        if all.isEmpty {
            digits = ["0"]
            pointPosition = 1
        } else {
            digits = all
            pointPosition = point
        }
    }

    /// Digits printed as fixed notation: `123.45`, `0.001`, `1200` (no trailing `.0`).
    func fixedNotation() -> String {
        var text = ""
        if pointPosition <= 0 {
            text = "0." + String(repeating: "0", count: -pointPosition) + String(digits)
        } else if pointPosition >= digits.count {
            text = String(digits) + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            text = String(digits[..<pointPosition]) + "." + String(digits[pointPosition...])
        }
        return text
    }

    /// Digits printed as `d.ddd` followed by `e`, a sign and the exponent padded to `exponentWidth`.
    func exponentNotation(exponentWidth: Int) -> String {
        let exponent = pointPosition - 1
        var text = String(digits[0])
        if digits.count > 1 { text += "." + String(digits[1...]) }
        let magnitude = String(abs(exponent))
        let padded = String(repeating: "0", count: max(0, exponentWidth - magnitude.count)) + magnitude
        return text + "e" + (exponent < 0 ? "-" : "+") + padded
    }
}

extension Double {
    /// The number as ECMAScript's `Number.prototype.toString` prints it, which RFC 8785 adopts:
    /// `1`, `1.5`, `1e+21`, `1e-7`. Non-finite values print as `null`, as `JSON.stringify` does.
    public var ecmaScriptDescription: String {
        guard isFinite else { return "null" }
        if self == 0 { return "0" }
        let decimal = DecimalDigits(self)
        let sign = decimal.isNegative ? "-" : ""
        if decimal.pointPosition > -6 && decimal.pointPosition <= 21 {
            return sign + decimal.fixedNotation()
        }
        return sign + decimal.exponentNotation(exponentWidth: 1)
    }

    /// The number as Python's `repr(float)` prints it: `1.0`, `0.0001`, `1e-05`, `1e+16`, `inf`, `nan`.
    public var pythonDescription: String {
        if isNaN { return "nan" }
        if isInfinite { return self < 0 ? "-inf" : "inf" }
        let decimal = DecimalDigits(self)
        let sign = decimal.isNegative ? "-" : ""
        if decimal.pointPosition > -4 && decimal.pointPosition <= 16 {
            let fixed = decimal.fixedNotation()
            return sign + (fixed.contains(".") ? fixed : fixed + ".0")
        }
        return sign + decimal.exponentNotation(exponentWidth: 2)
    }
}
