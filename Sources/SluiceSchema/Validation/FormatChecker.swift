/// Checks string formats when `format` is asserted (``ValidationOptions/assertsFormat``).
///
/// Each check follows the RFC the JSON Schema validation spec names: RFC 3339 for dates and
/// times (and its appendix A for durations), RFC 5321 for email addresses (ASCII only), RFC 1123
/// for host names, RFC 2673/4291 for IP addresses, RFC 3986 for URIs and RFC 4122 for UUIDs.
enum FormatChecker {
    /// The format names Sluice can assert.
    static let assertedFormats: Set<String> = [
        "date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference", "uuid",
    ]

    /// Whether `text` is valid for `format`; `nil` for a format that is never asserted.
    static func check(_ format: String, _ text: String) -> Bool? {
        switch format {
        case "date-time": isDateTime(text)
        case "date": isDate(Substring(text))
        case "time": isTime(Substring(text))
        case "duration": isDuration(text)
        case "email": isEmail(text)
        case "hostname": isHostname(text)
        case "ipv4": isIPv4(Substring(text))
        case "ipv6": isIPv6(text)
        case "uri": isURI(text, allowRelative: false)
        case "uri-reference": isURI(text, allowRelative: true)
        case "uuid": isUUID(text)
        default: nil
        }
    }

    // MARK: - Dates and times (RFC 3339)

    private static func digits(_ text: Substring, count: Int) -> Int? {
        guard text.count == count, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    static func isDate(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let year = digits(parts[0], count: 4), let month = digits(parts[1], count: 2),
            let day = digits(parts[2], count: 2), (1...12).contains(month), day >= 1
        else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    static func isTime(_ text: Substring) -> Bool {
        var rest = text
        guard rest.count >= 9 else { return false }
        let clock = rest.prefix(8)
        rest = rest.dropFirst(8)
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, let hour = digits(fields[0], count: 2), let minute = digits(fields[1], count: 2),
            let second = digits(fields[2], count: 2), hour <= 23, minute <= 59, second <= 60
        else { return false }
        if rest.first == "." {
            rest = rest.dropFirst()
            let fraction = rest.prefix { $0.isASCIIDigit }
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(fraction.count)
        }
        var offsetMinutes = 0
        if rest == "Z" || rest == "z" {
            offsetMinutes = 0
        } else {
            guard let sign = rest.first, sign == "+" || sign == "-", rest.count == 6 else { return false }
            let offset = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard offset.count == 2, let offsetHour = digits(offset[0], count: 2),
                let offsetMinute = digits(offset[1], count: 2), offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (sign == "+" ? 1 : -1)
        }
        if second == 60 {
            // A leap second is only valid at 23:59:60 UTC.
            let utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utcMinutes == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ text: String) -> Bool {
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
        return isDate(text[..<separator]) && isTime(text[text.index(after: separator)...])
    }

    /// ISO 8601 durations as RFC 3339 appendix A gives them: `P1Y2M3DT4H5M6S`, `P2W`.
    static func isDuration(_ text: String) -> Bool {
        guard text.hasPrefix("P") else { return false }
        var rest = Substring(text.dropFirst())
        if rest.hasSuffix("W") {
            let number = rest.dropLast()
            return !number.isEmpty && number.allSatisfy(\.isASCIIDigit)
        }
        func units(_ part: Substring, allowed: [Character]) -> Bool? {
            var remaining = allowed[...]
            var number = ""
            var found = false
            for character in part {
                if character.isASCIIDigit {
                    number.append(character)
                    continue
                }
                guard !number.isEmpty, let position = remaining.firstIndex(of: character) else { return nil }
                remaining = remaining[remaining.index(after: position)...]
                number = ""
                found = true
            }
            return number.isEmpty ? found : nil
        }
        var timePart: Substring?
        if let marker = rest.firstIndex(of: "T") {
            timePart = rest[rest.index(after: marker)...]
            rest = rest[..<marker]
        }
        guard let hasDate = units(rest, allowed: ["Y", "M", "D"]) else { return false }
        if let timePart {
            guard let hasTime = units(timePart, allowed: ["H", "M", "S"]), hasTime else { return false }
            return true
        }
        return hasDate
    }

    // MARK: - Internet names and addresses

    static func isHostname(_ text: String) -> Bool {
        var name = Array(text.utf8)
        if name.last == UInt8(ascii: ".") { name.removeLast() }
        guard !name.isEmpty, name.count <= 253 else { return false }
        for label in name.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return false }
            let start = label.startIndex
            // "--" in positions 3 and 4 is reserved for IDNA A-labels ("xn--").
            if label.count >= 4, label[start + 2] == UInt8(ascii: "-"), label[start + 3] == UInt8(ascii: "-"),
                !(label[start] | 0x20 == UInt8(ascii: "x") && label[start + 1] | 0x20 == UInt8(ascii: "n"))
            {
                return false
            }
        }
        return true
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: false
        }
    }

    /// The characters RFC 5322 allows in an unquoted local part besides letters and digits.
    private static let localPartSymbols = Set("!#$%&'*+-/=?^_`{|}~.".utf8)

    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = Int(part), value <= 255,
                part.count == 1 || part.first != "0"
            else { return false }
        }
        return true
    }

    static func isIPv6(_ text: String) -> Bool {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII }) else { return false }
        var body = Substring(text)
        var groupsNeeded = 8
        if let lastColon = body.lastIndex(of: ":"), body[lastColon...].contains(".") {
            guard isIPv4(body[body.index(after: lastColon)...]) else { return false }
            body = body[...lastColon]
            if !body.hasSuffix("::") { body = body.dropLast() }
            groupsNeeded = 6
        }
        let halves = String(body).split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return false }
        func groups(_ part: String) -> Int? {
            if part.isEmpty { return 0 }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for field in fields {
                guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit) else { return nil }
            }
            return fields.count
        }
        if halves.count == 2 {
            guard let left = groups(halves[0]), let right = groups(halves[1]) else { return false }
            return left + right < groupsNeeded
        }
        return groups(halves[0]) == groupsNeeded
    }

    static func isEmail(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty else { return false }
        let quote = UInt8(ascii: "\"")
        let dot = UInt8(ascii: ".")
        if local.first == quote {
            guard local.count >= 2, local.last == quote else { return false }
        } else {
            guard local.first != dot, local.last != dot,
                !zip(local, local.dropFirst()).contains(where: { $0 == dot && $1 == dot }),
                local.allSatisfy({ isASCIIAlphanumeric($0) || localPartSymbols.contains($0) })
            else { return false }
        }
        let domainText = String(decoding: domain, as: UTF8.self)
        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            let literal = domainText.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return isIPv6(String(literal.dropFirst(5))) }
            return isIPv4(literal)
        }
        return isHostname(domainText)
    }

    // MARK: - URIs (RFC 3986) and UUIDs

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private static let subDelimiters = Set("!$&'()*+,;=")

    /// Whether every character is unreserved, a sub-delimiter, one of `extra`, or a valid `%XX`.
    private static func isEncoded(_ text: Substring, extra: Set<Character>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "%" {
                let first = text.index(after: index)
                guard first < text.endIndex, text[first].isHexDigit else { return false }
                let second = text.index(after: first)
                guard second < text.endIndex, text[second].isHexDigit else { return false }
                index = text.index(after: second)
                continue
            }
            guard unreserved.contains(character) || subDelimiters.contains(character) || extra.contains(character)
            else { return false }
            index = text.index(after: index)
        }
        return true
    }

    static func isURI(_ text: String, allowRelative: Bool) -> Bool {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            guard isEncoded(rest[rest.index(after: hash)...], extra: [":", "@", "/", "?"]) else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            guard isEncoded(rest[rest.index(after: question)...], extra: [":", "@", "/", "?"]) else { return false }
            rest = rest[..<question]
        }
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            let scheme = rest[..<colon]
            guard let first = scheme.first, first.isASCII, first.isLetter,
                scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
            else { return false }
            hasScheme = true
            rest = rest[rest.index(after: colon)...]
        }
        guard hasScheme || allowRelative else { return false }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            guard isAuthority(rest[..<end]) else { return false }
            rest = rest[end...]
        } else if !hasScheme, let slash = rest.firstIndex(of: "/") ?? Optional(rest.endIndex),
            rest[..<slash].contains(":")
        {
            return false
        }
        return isEncoded(rest, extra: [":", "@", "/"])
    }

    private static func isAuthority(_ authority: Substring) -> Bool {
        var host = authority
        if let at = host.lastIndex(of: "@") {
            guard isEncoded(host[..<at], extra: [":"]) else { return false }
            host = host[host.index(after: at)...]
        }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let literal = host[host.index(after: host.startIndex)..<close]
            guard isIPv6(String(literal)) || literal.hasPrefix("v") else { return false }
            host = host[host.index(after: close)...]
            if host.isEmpty { return true }
            guard host.first == ":" else { return false }
            return host.dropFirst().allSatisfy(\.isASCIIDigit)
        }
        if let colon = host.lastIndex(of: ":") {
            guard host[host.index(after: colon)...].allSatisfy(\.isASCIIDigit) else { return false }
            host = host[..<colon]
        }
        return isEncoded(host, extra: [])
    }

    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isHexDigit } }
    }
}
