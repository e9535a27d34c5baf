internal import CYaml
public import SluiceCore

/// Reads YAML text into a ``YAMLNode`` tree, collecting every problem as a located diagnostic.
///
/// It drives libyaml's event parser (the C library Yams wraps) and builds the tree itself, so
/// that a duplicate key is reported at the duplicate and parsing goes on, which Yams' `compose`
/// cannot do: it stops at the first duplicate and points at the original. Nothing here can crash
/// on bad input: syntax errors, binary data, deep nesting and alias bombs all become diagnostics.
public struct YAMLDocumentParser: Sendable {
    /// Files larger than this are refused; a pipeline file is a few kilobytes.
    public static let maximumFileSize = 8 * 1024 * 1024
    /// Nodes allowed after alias expansion, against "billion laughs" documents.
    public static let maximumNodeCount = 1_000_000
    /// Nesting deeper than this is refused rather than risking the stack.
    public static let maximumDepth = 256

    /// The result of parsing one file.
    public struct Result: Sendable {
        /// The document's root, or `nil` for an empty file or one that failed to parse.
        public var root: YAMLNode?
        /// Every problem found, in file order.
        public var diagnostics: [Diagnostic]
    }

    /// Parses `bytes` read from `file` (the path shown in diagnostics).
    public static func parse(bytes: [UInt8], file: String) -> Result {
        guard bytes.count <= maximumFileSize else {
            return Result(
                root: nil,
                diagnostics: [
                    .error(
                        .fileTooLarge,
                        "file is \(bytes.count) bytes; Sluice reads YAML files up to \(maximumFileSize) bytes",
                        at: SourceLocation(file: file, line: 1, column: 1),
                        hint: "split the file, or move large data into inputs")
                ])
        }
        do throws(UTF8Text.Problem) {
            return parse(text: try UTF8Text.decode(bytes), file: file)
        } catch {
            return Result(root: nil, diagnostics: [error.diagnostic(file: file)])
        }
    }

    /// Parses `text` from `file` (the path shown in diagnostics).
    public static func parse(text: String, file: String) -> Result {
        var builder = TreeBuilder(text: text, file: file)
        return builder.run()
    }
}

/// Builds the tree from libyaml events; one per parse.
private struct TreeBuilder {
    let file: String
    let bytes: [UInt8]
    let isASCII: Bool
    var lineTexts: [Substring]?
    let text: String
    var diagnostics: [Diagnostic] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var nodeCount = 0

    init(text: String, file: String) {
        self.text = text
        self.file = file
        self.bytes = Array(text.utf8)
        self.isASCII = bytes.allSatisfy { $0 < 0x80 }
    }

    struct Failure: Error {}

    mutating func run() -> YAMLDocumentParser.Result {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .init(root: nil, diagnostics: [.error(.yamlSyntax, "out of memory", at: nil)])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var root: YAMLNode?
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            root = try? parseStream(&parser)
        }
        return .init(root: root, diagnostics: diagnostics)
    }

    // MARK: - Events

    mutating func nextEvent(_ parser: inout yaml_parser_t) throws(Failure) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            reportParserError(parser)
            throw Failure()
        }
        return event
    }

    mutating func parseStream(_ parser: inout yaml_parser_t) throws(Failure) -> YAMLNode? {
        var event = try nextEvent(&parser)  // stream start
        yaml_event_delete(&event)
        var root: YAMLNode?
        var documentCount = 0
        while true {
            var event = try nextEvent(&parser)
            let type = event.type
            let mark = event.start_mark
            yaml_event_delete(&event)
            if type == YAML_STREAM_END_EVENT { break }
            guard type == YAML_DOCUMENT_START_EVENT else { continue }
            documentCount += 1
            if documentCount == 2 {
                diagnostics.append(
                    .error(
                        .multipleDocuments, "a Sluice file holds one YAML document", at: location(mark),
                        hint: "remove the '---' separator and everything after it, or move it to its own file"))
            }
            var first = try nextEvent(&parser)
            let node = try parseNode(&parser, event: &first, depth: 0)
            if documentCount == 1 { root = node }
            var end = try nextEvent(&parser)  // document end
            yaml_event_delete(&end)
        }
        return root
    }

    /// Parses the node that begins with `event` (taking ownership of it).
    mutating func parseNode(
        _ parser: inout yaml_parser_t, event: inout yaml_event_t, depth: Int
    ) throws(Failure)
        -> YAMLNode
    {
        defer { yaml_event_delete(&event) }
        let start = location(event.start_mark)
        guard depth < YAMLDocumentParser.maximumDepth else {
            diagnostics.append(
                .error(
                    .fileTooLarge, "nesting is deeper than \(YAMLDocumentParser.maximumDepth) levels", at: start,
                    hint: "flatten the structure"))
            throw Failure()
        }
        try count(1, at: start)
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                diagnostics.append(
                    .error(
                        .yamlSyntax, "alias '*\(name)' refers to no anchor defined before it", at: start,
                        hint: "define '&\(name)' on an earlier node"))
                return YAMLNode(.scalar(text: "", style: .plain), at: start)
            }
            try count(anchored.size, at: start)
            return anchored.node
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value =
                scalar.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                } ?? ""
            let style: YAMLScalarStyle =
                switch scalar.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
            let node = YAMLNode(.scalar(text: value, style: style), at: start)
            register(anchor: string(scalar.anchor), node: node, size: 1)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let anchor = string(event.data.sequence_start.anchor)
            let before = nodeCount
            var elements: [YAMLNode] = []
            while true {
                var next = try nextEvent(&parser)
                if next.type == YAML_SEQUENCE_END_EVENT {
                    yaml_event_delete(&next)
                    break
                }
                elements.append(try parseNode(&parser, event: &next, depth: depth + 1))
            }
            let node = YAMLNode(.sequence(elements), at: start)
            register(anchor: anchor, node: node, size: nodeCount - before + 1)
            return node
        case YAML_MAPPING_START_EVENT:
            let anchor = string(event.data.mapping_start.anchor)
            let before = nodeCount
            var entries: [YAMLMappingEntry] = []
            var seen: [String: Int] = [:]
            // `<<: *base` merge keys, with where in `entries` they were written.
            var merges: [(position: Int, source: YAMLNode)] = []
            while true {
                var next = try nextEvent(&parser)
                if next.type == YAML_MAPPING_END_EVENT {
                    yaml_event_delete(&next)
                    break
                }
                let key = try parseNode(&parser, event: &next, depth: depth + 1)
                var valueEvent = try nextEvent(&parser)
                let value = try parseNode(&parser, event: &valueEvent, depth: depth + 1)
                if case .scalar("<<", .plain) = key.content {
                    merges.append((entries.count, value))
                    continue
                }
                guard let keyText = key.scalarText else {
                    diagnostics.append(
                        .error(
                            .complexKey, "a mapping key must be a plain name, found \(key.kindDescription)",
                            at: key.location, hint: "use a string as the key"))
                    continue
                }
                if let firstLine = seen[keyText] {
                    diagnostics.append(
                        .error(
                            .duplicateKey, "duplicate key '\(keyText)'", at: key.location,
                            hint: "'\(keyText)' is already set on line \(firstLine); remove one of them"))
                    continue
                }
                seen[keyText] = key.location.line
                entries.append(YAMLMappingEntry(key: keyText, keyLocation: key.location, value: value))
            }
            if !merges.isEmpty { entries = merged(entries, merges, explicitKeys: Set(seen.keys)) }
            let node = YAMLNode(.mapping(entries), at: start)
            register(anchor: anchor, node: node, size: nodeCount - before + 1)
            return node
        default:
            diagnostics.append(.error(.yamlSyntax, "unexpected YAML event", at: start))
            throw Failure()
        }
    }

    /// `entries` with the members of each `<<` merge source inserted where the `<<` was written.
    ///
    /// YAML's merge key (`<<: *base`, or `<<: [*first, *second]`): keys written in the mapping
    /// itself win, then earlier sources over later ones. A source that is not a mapping (or a
    /// list of mappings) is an error.
    mutating func merged(
        _ entries: [YAMLMappingEntry], _ merges: [(position: Int, source: YAMLNode)], explicitKeys: Set<String>
    ) -> [YAMLMappingEntry] {
        var taken = explicitKeys
        var inserted: [Int: [YAMLMappingEntry]] = [:]
        for merge in merges {
            let sources = merge.source.sequenceElements ?? [merge.source]
            for source in sources {
                guard let members = source.mappingEntries else {
                    diagnostics.append(
                        .error(
                            .yamlSyntax, "'<<' merges mappings, found \(source.kindDescription)", at: source.location,
                            hint: "write '<<: *name' where '&name' marks a mapping, or a list of such aliases"))
                    continue
                }
                for member in members where taken.insert(member.key).inserted {
                    inserted[merge.position, default: []].append(member)
                }
            }
        }
        var result: [YAMLMappingEntry] = []
        for position in 0...entries.count {
            result += inserted[position] ?? []
            if position < entries.count { result.append(entries[position]) }
        }
        return result
    }

    mutating func count(_ nodes: Int, at location: SourceLocation) throws(Failure) {
        nodeCount += nodes
        guard nodeCount <= YAMLDocumentParser.maximumNodeCount else {
            diagnostics.append(
                .error(
                    .fileTooLarge,
                    "the document expands to more than \(YAMLDocumentParser.maximumNodeCount) nodes",
                    at: location, hint: "aliases that nest other aliases multiply in size; write the data out"))
            throw Failure()
        }
    }

    mutating func register(anchor: String?, node: YAMLNode, size: Int) {
        guard let anchor else { return }
        anchors[anchor] = (node, size)
    }

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    // MARK: - Positions

    mutating func location(_ mark: yaml_mark_t) -> SourceLocation {
        let line = Int(mark.line) + 1
        let scalarColumn = Int(mark.column)
        return SourceLocation(file: file, line: line, column: characterColumn(line: line, scalarOffset: scalarColumn))
    }

    /// libyaml counts columns in Unicode scalars; diagnostics count characters.
    mutating func characterColumn(line: Int, scalarOffset: Int) -> Int {
        if isASCII { return scalarOffset + 1 }
        if lineTexts == nil { lineTexts = text.split(separator: "\n", omittingEmptySubsequences: false) }
        guard let lines = lineTexts, line - 1 < lines.count else { return scalarOffset + 1 }
        let scalars = lines[line - 1].unicodeScalars
        let end =
            scalars.index(scalars.startIndex, offsetBy: scalarOffset, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return String(String.UnicodeScalarView(scalars[scalars.startIndex..<end])).count + 1
    }

    mutating func locationOfByteOffset(_ offset: Int) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let prefix = bytes[lineStart..<min(offset, bytes.count)]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let at: SourceLocation
        let message: String
        if parser.error == YAML_READER_ERROR {
            at = locationOfByteOffset(Int(parser.problem_offset))
            message =
                problem == "control characters are not allowed"
                ? "the file contains control characters that are not allowed in YAML" : problem
        } else {
            at = location(parser.problem_mark)
            if problem.hasPrefix("Maximum nesting level reached") {
                // libyaml's own limit on flow nesting (`[[[…`), met before ours.
                diagnostics.append(
                    .error(
                        .fileTooLarge, "nesting is deeper than \(YAMLDocumentParser.maximumDepth) levels", at: at,
                        hint: "flatten the structure"))
                return
            }
            message = YAMLErrorWording.describe(problem: problem, context: context)
        }
        let hint: String? =
            if let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(at.line - 1).first,
                line.contains("\t")
            {
                "YAML indents with spaces; replace the tabs on this line with spaces"
            } else {
                "check the indentation and quoting around this point"
            }
        diagnostics.append(.error(.yamlSyntax, "invalid YAML: \(message)", at: at, hint: hint))
    }
}
