import Foundation
public import SluiceCore

/// A JSON Schema compiled once for validating many instances (draft 2020-12 by default, draft-07 too).
///
/// Compiling checks the document: a keyword of the wrong type, a pattern the platform cannot
/// compile, or a `$ref` that resolves nowhere is a located ``Diagnostic`` (thrown together as one
/// ``DiagnosticError``). The compiled value is an immutable, `Sendable` table of nodes, so one
/// schema can validate instances from many tasks at once.
///
/// ```swift
/// let schema = try Schema(loadingFile: "schemas/ticket.json")
/// let result = schema.validate(output)
/// if !result.isValid { print(result.renderedForModel()) }
/// ```
public struct Schema: Sendable {
    /// The draft the document is read with, chosen by its root `$schema` (2020-12 when absent).
    public let draft: SchemaDraft
    /// The schema document as written.
    public let document: JSONValue
    /// Warnings found while compiling (an unknown `$schema`, say); errors are thrown instead.
    public let warnings: [Diagnostic]
    let nodes: [SchemaNode]
    let resources: [SchemaCompiler.Resource]
    let root: Int

    /// The base URI a document without a root `$id` is given, so relative `$id`s still resolve.
    public static let defaultBaseURI = "https://sluice.invalid/schema.json"

    /// Compiles `document`, reporting problems at JSON pointers inside `file` (or `schema` when `nil`),
    /// mapped to line and column through `sourceMap` when one is given, or through `locate` (which
    /// receives the pointer's reference tokens) for a schema written in another format, such as a
    /// mapping in a YAML file.
    ///
    /// References may leave the document: to the 2020-12 and draft-07 meta-schemas (built in), to
    /// any document in `resources` (keyed by absolute URI, without fragment), and, when
    /// `loadsFiles` is set, to `file://` URIs, which are read from disk; with `filesConfinedTo`,
    /// only files that lie inside that folder once symbolic links are resolved (the project path
    /// rule; one outside is a `schema-ref-outside-project` error). Nothing is fetched from the
    /// network. `draft` applies when the document has no `$schema`; `nil` means detect it (see
    /// ``SchemaDraft``).
    public init(
        _ document: JSONValue, file: String? = nil, sourceMap: JSONSourceMap? = nil,
        baseURI: String = Schema.defaultBaseURI, draft defaultDraft: SchemaDraft? = nil,
        resources: [String: JSONValue] = [:], loadsFiles: Bool = false, filesConfinedTo root: String? = nil,
        locate: ((_ path: [String]) -> SourceLocation?)? = nil
    ) throws(DiagnosticError) {
        var problems: [SchemaProblem] = []
        var draft = defaultDraft ?? SchemaDraft.detected(in: document)
        if case .string(let uri)? = document["$schema"] {
            if let recognised = SchemaDraft.recognising(uri) {
                draft = recognised
            } else {
                problems.append(
                    SchemaProblem(
                        pointer: "/$schema", code: .unknownSchemaDialect,
                        message: "unknown '$schema' '\(uri)'; reading the schema as draft 2020-12",
                        hint:
                            "use https://json-schema.org/draft/2020-12/schema or http://json-schema.org/draft-07/schema#",
                        severity: .warning))
            }
        }
        var compiler = SchemaCompiler(document: document, draft: draft, baseURI: baseURI) { uri in
            if let known = resources[uri] { return .loaded(known) }
            if let text = MetaSchemas.texts[uri], let parsed = try? JSONValue(parsing: text) { return .loaded(parsed) }
            guard loadsFiles, uri.hasPrefix("file://") else { return .unknown }
            let path = URIReference.percentDecoded(URIReference(uri).path)
            if let root, let target = ContainedPath.escape(of: path, from: root) {
                return .refused(
                    code: .schemaReferenceOutsideProject, message: "leads to '\(target)', outside '\(root)'",
                    hint: "a schema may refer only to files inside its project (symbolic links are followed to "
                        + "where they lead); copy the file into the project")
            }
            guard let data = FileManager.default.contents(atPath: path) else { return .unknown }
            do throws(JSONParseError) {
                return .loaded(try JSONValue(parsing: Array(data), strict: true))
            } catch {
                // A referenced file is held to the same rules as the schema file itself.
                return .refused(
                    code: .schemaParseError,
                    message: "leads to a file that is not valid JSON: \(path):\(error.line):\(error.column): "
                        + error.message,
                    hint: Self.parseErrorHint(error.kind) + " in '\(path)'")
            }
        }
        let root = compiler.compileRoot()
        problems += compiler.problems
        let unsorted = problems.map { problem in
            Diagnostic(
                severity: problem.severity, code: problem.code, message: "\(problem.message) (at #\(problem.pointer))",
                location: JSONPointer.tokens(problem.pointer).flatMap { locate?($0) }
                    ?? Self.location(of: problem.pointer, file: file, sourceMap: sourceMap), hint: problem.hint)
        }
        // Reading order, as a compiler prints; problems without a position keep their place at the end.
        let diagnostics = unsorted.enumerated().sorted { first, second in
            switch (first.element.location, second.element.location) {
            case (let left?, let right?): left == right ? first.offset < second.offset : left < right
            case (.some, .none): true
            case (.none, .some): false
            case (.none, .none): first.offset < second.offset
            }
        }.map(\.element)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw DiagnosticError(diagnostics) }
        self.draft = draft
        self.document = document
        self.warnings = diagnostics
        self.nodes = compiler.nodes
        self.resources = compiler.resources
        self.root = root
    }

    /// Parses and compiles JSON schema text; parse errors and schema problems point at `file`'s lines.
    public init(
        text: String, file: String = "schema", baseURI: String = Schema.defaultBaseURI, draft: SchemaDraft? = nil,
        loadsFiles: Bool = false, filesConfinedTo root: String? = nil
    ) throws(DiagnosticError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text, strict: true)
        } catch {
            throw DiagnosticError(
                .error(
                    .schemaParseError, "the schema is not valid JSON: \(error.message)",
                    at: SourceLocation(file: file, line: error.line, column: error.column),
                    hint: Self.parseErrorHint(error.kind)))
        }
        try self.init(
            document, file: file, sourceMap: JSONSourceMap(text: text), baseURI: baseURI, draft: draft,
            loadsFiles: loadsFiles, filesConfinedTo: root)
    }

    /// What to do about a JSON file that strict parsing refused, for each kind of refusal.
    static func parseErrorHint(_ kind: JSONParseError.Kind) -> String {
        switch kind {
        case .syntax: "fix the JSON syntax at this position"
        case .duplicateKey: "a key may appear once in an object: remove or rename one of them"
        case .loneSurrogate: "write the character itself, or both halves of its surrogate pair"
        case .numberOutOfRange: "write a smaller number"
        }
    }

    /// Reads, parses and compiles the schema file at `path`; diagnostics name the file as `path`.
    ///
    /// The file's URI is its base URI, so a relative `$ref` such as `common.json#/$defs/address`
    /// loads the file next to it. `path` itself is read wherever it is (the caller chose it), but
    /// the files its `$ref`s name must lie inside `root` (the project), or inside the folder
    /// holding `path` when no root is given, symbolic links resolved.
    public init(
        loadingFile path: String, draft: SchemaDraft? = nil, filesConfinedTo root: String? = nil
    ) throws(DiagnosticError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(
                .error(
                    .unreadableSchema, "cannot read schema file '\(path)'", at: nil,
                    hint: "check that the file exists and is readable"))
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        let text: String
        do throws(UTF8Text.Problem) {
            text = try UTF8Text.decode(data)
        } catch {
            throw DiagnosticError(error.diagnostic(file: path))
        }
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        try self.init(
            text: text, file: path, baseURI: absolute, draft: draft, loadsFiles: true,
            filesConfinedTo: root ?? folder)
    }

    /// Validates `instance`, collecting located errors (at most `options.maximumErrors`).
    public func validate(_ instance: JSONValue, options: ValidationOptions = ValidationOptions()) -> ValidationResult {
        // Most instances are valid: check that on the fast path first, and only walk again in
        // document order collecting located errors when it fails.
        if isValid(instance, options: options) { return ValidationResult(errors: []) }
        var evaluator = SchemaEvaluator(schema: self, options: options)
        var none: EvaluatedParts?
        _ = evaluator.evaluate(root, instance, record: true, evaluated: &none)
        return ValidationResult(errors: evaluator.errors, isTruncated: evaluator.isTruncated)
    }

    /// Whether `instance` is valid; faster than ``validate(_:options:)`` because it stops at the first failure.
    public func isValid(_ instance: JSONValue, options: ValidationOptions = ValidationOptions()) -> Bool {
        var evaluator = SchemaEvaluator(schema: self, options: options)
        var none: EvaluatedParts?
        return evaluator.evaluate(root, instance, record: false, evaluated: &none)
    }

    private static func location(of pointer: String, file: String?, sourceMap: JSONSourceMap?) -> SourceLocation? {
        let name = file ?? "schema"
        if let position = sourceMap?.position(of: pointer) {
            return SourceLocation(file: name, line: position.line, column: position.column)
        }
        guard file != nil else { return nil }
        return SourceLocation(file: name, line: 1, column: 1)
    }
}
