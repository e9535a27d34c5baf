import Foundation
import SluiceCore
import SluiceSchema

/// JSON Schema validation of a large instance (1 MB of tickets) against a schema of about 50
/// keywords: the fast path (`isValid`), full error collection (`validate`) and format assertion.
/// Thread CPU time, median of the runs.
struct SchemaValidationMicro {
    static let schemaText = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["tickets", "generatedAt"],
          "additionalProperties": false,
          "properties": {
            "generatedAt": {"type": "string", "format": "date-time"},
            "tickets": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/ticket"}}
          },
          "$defs": {
            "ticket": {
              "type": "object",
              "required": ["id", "summary", "urgency", "score", "labels", "customer"],
              "additionalProperties": false,
              "properties": {
                "id": {"type": "string", "pattern": "^T-[0-9]+$"},
                "summary": {"type": "string", "minLength": 1, "maxLength": 400},
                "urgency": {"enum": ["low", "medium", "high"]},
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "count": {"type": "integer", "multipleOf": 1, "exclusiveMinimum": -1},
                "labels": {"type": "array", "items": {"type": "string", "maxLength": 32}, "maxItems": 10, "uniqueItems": true},
                "customer": {
                  "type": "object",
                  "required": ["name", "email"],
                  "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "email": {"type": "string", "format": "email"},
                    "tier": {"anyOf": [{"const": "free"}, {"const": "pro"}, {"type": "null"}]}
                  }
                },
                "resolved": {"type": "boolean"}
              },
              "if": {"properties": {"urgency": {"const": "high"}}},
              "then": {"properties": {"score": {"minimum": 0.5}}}
            }
          }
        }
        """

    /// A ticket list of about `targetBytes` of compact JSON that satisfies the schema.
    static func instance(targetBytes: Int) -> JSONValue {
        var tickets: [JSONValue] = []
        var size = 0
        let urgencies = ["low", "medium", "high"]
        while size < targetBytes {
            let index = tickets.count
            let urgency = urgencies[index % 3]
            let ticket: JSONValue = [
                "id": .string("T-\(index)"),
                "summary": .string("Customer reports that the export button does nothing on page \(index % 17)."),
                "urgency": .string(urgency),
                "score": .double(urgency == "high" ? 0.75 : 0.25),
                "count": .integer(index % 40),
                "labels": ["export", "ui", .string("batch-\(index % 9)")],
                "customer": ["name": .string("Customer \(index)"), "email": "someone@example.com", "tier": "pro"],
                "resolved": .bool(index % 2 == 0),
            ]
            size += ticket.formatted(.compact).utf8.count + 1
            tickets.append(ticket)
        }
        return ["generatedAt": "2026-11-29T12:00:00Z", "tickets": .array(tickets)]
    }

    func run(_ context: BenchContext) throws -> [Figure] {
        let schema = try Schema(try JSONValue(parsing: Self.schemaText))
        let bytes = context.size(1_000_000, quick: 50_000)
        let instance = Self.instance(targetBytes: bytes)
        let runs = context.size(15, quick: 3)
        let size = Figure.format(Double(bytes) / 1_000_000) + " MB"
        func median(_ check: () -> Bool) throws -> Double {
            var valid = true
            let times = (0..<runs).map { _ in CPUTime.measure { valid = check() && valid } }
            guard valid else { throw BenchError("the generated instance does not validate against the bench schema") }
            return times.median
        }
        let formats = ValidationOptions(assertsFormat: true)
        return [
            Figure(name: "schema: isValid of \(size)", value: try median { schema.isValid(instance) }, unit: "ms"),
            Figure(
                name: "schema: validate of \(size)", value: try median { schema.validate(instance).isValid }, unit: "ms"
            ),
            Figure(
                name: "schema: validate of \(size), formats asserted",
                value: try median { schema.validate(instance, options: formats).isValid }, unit: "ms"),
        ]
    }
}
