internal import SluiceCore
internal import SluiceSchema
internal import SluiceTemplates

extension PipelineLoader {
    /// File endings that make a one-word `prompt:`/`template:`/`system:`/`stdin:` value a path under `templates/`.
    static let templateFileExtensions = [".md", ".txt", ".j2", ".jinja", ".jinja2", ".tmpl", ".prompt"]

    /// Whether `text` names a template file rather than being the template itself.
    static func isTemplatePath(_ text: String) -> Bool {
        !text.contains(" ") && !text.contains("\n") && !text.contains("{")
            && templateFileExtensions.contains { text.hasSuffix($0) }
    }

    /// Whether inline `text` is one word shaped like a file path (`triage/classify`, `notes.mdx`), probably a mistake.
    static func looksLikePath(_ text: String) -> Bool {
        guard !text.isEmpty, !text.contains(" "), !text.contains("\n"), !text.contains("{") else { return false }
        if text.contains("/") { return true }
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex else { return false }
        let suffix = text[text.index(after: dot)...]
        return (1...6).contains(suffix.count) && suffix.allSatisfy { $0.isLetter }
    }

    /// Whether inline `text` is one word shaped like an absolute path (`/etc/hostname`, `~/notes`):
    /// a leading `/` followed by at least two components, or a leading `~/`. A single component
    /// (`/summarize`) reads as a slash command, not a path.
    static func looksLikeAbsolutePath(_ text: String) -> Bool {
        guard looksLikePath(text) else { return false }
        if text.hasPrefix("~/") { return true }
        return text.hasPrefix("/") && text.split(separator: "/").count >= 2
    }

    /// A template field's text: the file under `templates/` it names, or the inline text itself.
    mutating func templateText(_ node: YAMLNode, for name: String) -> SourceText? {
        guard let text = reader.string(node, for: name, expected: "template text or a path under templates/") else {
            return nil
        }
        if Self.looksLikeAbsolutePath(text) {
            reader.report(
                .error(
                    .pathOutsideProject,
                    "'\(text)' looks like a path outside the project; templates live under templates/",
                    at: node.location,
                    hint:
                        "copy the file into templates/ and name it relative to that folder (for example '\(name): notes.md'), or write the \(name) text as a sentence"
                ))
            return nil
        }
        guard Self.isTemplatePath(text) else {
            if Self.looksLikePath(text) {
                reader.report(
                    .warning(
                        .textLooksLikePath, "'\(text)' is used as the \(name) text itself, not as a file",
                        at: node.location,
                        hint:
                            "template files end in \(Self.templateFileExtensions.joined(separator: ", ")); rename the file, or write the text as a sentence"
                    ))
            }
            return inlineText(node, text: text)
        }
        guard let path = Self.normalisedRelativePath(text) else {
            reader.report(
                .error(
                    .pathOutsideProject, "template path '\(text)' leads outside templates/", at: node.location,
                    hint: "write the path relative to templates/, without '..' or a leading '/'"))
            return nil
        }
        let relative = Project.templatesFolder + "/" + path
        switch files.contents(of: relative) {
        case .text(let contents):
            return SourceText(
                text: contents, start: SourceLocation(file: relative, line: 1, column: 1), continuationIndent: 0,
                templatePath: path, declaration: node.location)
        case .missing:
            let known = files.files(under: Project.templatesFolder)
            reader.report(
                .error(
                    .templateNotFound, "template file '\(relative)' does not exist", at: node.location,
                    hint: NameSuggestion.hint(for: path, in: known)
                        ?? "create it, or write the prompt inline with 'prompt: |' on its own line followed by the text"
                ))
        case .notText, .tooLarge, .outsideProject:
            if let problem = files.contents(of: relative).unreadable(relative, at: node.location) {
                reader.report(problem)
            }
        }
        return nil
    }

    /// An expression field's text, with its position.
    mutating func expressionText(_ node: YAMLNode, for name: String) -> SourceText? {
        guard let text = reader.string(node, for: name, expected: "an expression") else { return nil }
        return inlineText(node, text: text)
    }

    /// Where inline text from `node` starts, and how its positions map back to the file.
    private mutating func inlineText(_ node: YAMLNode, text: String) -> SourceText {
        var start = node.location
        var indent = max(0, node.location.column - 1)
        var anchors: [TemplateOrigin.Anchor] = []
        let lines = node.location.file == file ? currentFileLines() : []
        if case .scalar(_, let style) = node.content {
            switch style {
            case .plain, .singleQuoted, .doubleQuoted:
                // Decoding changed the text's length; where the walk cannot follow libyaml, every
                // position is reported at the scalar's start rather than on a wrong line.
                anchors =
                    FlowScalarMap.anchors(for: text, style: style, at: node.location, in: lines) ?? [
                        TemplateOrigin.Anchor(
                            textLine: 1, textColumn: 1, fileLine: node.location.line, fileColumn: node.location.column,
                            advances: false)
                    ]
            case .literal, .folded:
                var line = node.location.line + 1
                while line - 1 < lines.count, lines[line - 1].allSatisfy({ $0 == " " || $0 == "\r" }) { line += 1 }
                if line - 1 < lines.count {
                    indent = lines[line - 1].prefix { $0 == " " }.count
                }
                start = SourceLocation(file: node.location.file, line: node.location.line + 1, column: indent + 1)
            }
        }
        return SourceText(
            text: text, start: start, continuationIndent: indent, anchors: anchors, declaration: node.location)
    }

    /// The current file's lines, split on `\n` once on first need.
    private mutating func currentFileLines() -> [Substring] {
        if let fileLines { return fileLines }
        let lines =
            files.cachedText(of: file).map { text in
                text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
            } ?? []
        fileLines = lines
        return lines
    }

    /// `path` without `.` parts, or `nil` when it is absolute or climbs out with `..`.
    static func normalisedRelativePath(_ path: String) -> String? {
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { return nil }
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard components.popLast() != nil else { return nil }
            default: components.append(component)
            }
        }
        return components.isEmpty ? nil : components.joined(separator: "/")
    }

    /// A step's output schema: a file in the project (JSON) or a schema written inline.
    mutating func readSchema(_ node: YAMLNode) -> OutputSchema? {
        if node.mappingEntries != nil {
            return compileSchema(node.jsonValue, writtenAs: node).map {
                OutputSchema(schema: $0, path: nil, location: node.location)
            }
        }
        guard let text = reader.string(node, for: "schema", expected: "a schema file path or an inline schema") else {
            return nil
        }
        return loadSchemaFile(text, at: node.location)
    }

    /// The JSON Schema in the project file `text`, reporting at `location` when it is missing or not JSON.
    mutating func loadSchemaFile(_ text: String, at location: SourceLocation) -> OutputSchema? {
        guard let path = Self.normalisedRelativePath(text) else {
            reader.report(
                .error(
                    .pathOutsideProject, "schema path '\(text)' leads outside the project", at: location,
                    hint: "write the path relative to the project root, such as schemas/summary.json"))
            return nil
        }
        switch files.contents(of: path) {
        case .text(let contents):
            if let cached = schemaCache[path] { return OutputSchema(schema: cached, path: path, location: location) }
            do throws(DiagnosticError) {
                let schema = try Schema(text: contents, file: path)
                schemaCache[path] = schema
                return OutputSchema(schema: schema, path: path, location: location)
            } catch {
                for diagnostic in error.diagnostics where !reader.diagnostics.contains(diagnostic) {
                    reader.report(diagnostic)
                }
            }
        case .missing:
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            let siblings = folder.isEmpty ? [] : files.files(under: folder).map { folder + "/" + $0 }
            reader.report(
                .error(
                    .schemaNotFound, "schema file '\(path)' does not exist", at: location,
                    hint: NameSuggestion.hint(for: path, in: siblings)
                        ?? "create it, or write the schema inline under 'schema:'"))
        case .notText, .tooLarge, .outsideProject:
            if let problem = files.contents(of: path).unreadable(path, at: location) { reader.report(problem) }
        }
        return nil
    }
}

extension PipelineLoader {
    /// `document` compiled as a JSON Schema written in the pipeline as `node` (or an empty schema at
    /// `node`'s place); each problem is reported at the line and column of the keyword it is about.
    mutating func compileSchema(_ document: JSONValue, writtenAs node: YAMLNode) -> Schema? {
        do throws(DiagnosticError) {
            return try Schema(document, locate: { node.location(at: $0) })
        } catch {
            for var diagnostic in error.diagnostics {
                diagnostic.location = diagnostic.location ?? node.location
                reader.report(diagnostic)
            }
            return nil
        }
    }
}
