// Measures how long SluiceSchema takes to validate a 1 MB instance against a schema of about 50
// keywords. Run with a release build:
//
//     swift run -c release sluice-schema-bench
//
// It prints the instance size, the keyword count, and for the fast path (`isValid`), full error
// collection (`validate`) and format assertion: the median and best wall time of 15 runs, and the
// median CPU time of the validating thread (steadier on a busy machine).
import Foundation
import SluiceCore
import SluiceSchema

let schemaText = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "required": ["tickets", "generatedAt"],
      "additionalProperties": false,
      "properties": {
        "generatedAt": {"type": "string", "format": "date-time"},
        "tickets": {
          "type": "array",
          "minItems": 1,
          "items": {"$ref": "#/$defs/ticket"}
        }
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

/// A ticket list of about `targetBytes` of compact JSON that satisfies the schema above.
func makeInstance(targetBytes: Int) -> JSONValue {
    var tickets: [JSONValue] = []
    var size = 0
    var index = 0
    let urgencies = ["low", "medium", "high"]
    while size < targetBytes {
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
        index += 1
    }
    return ["generatedAt": "2026-11-29T12:00:00Z", "tickets": .array(tickets)]
}

func countKeywords(_ value: JSONValue) -> Int {
    let keywords: Set<String> = [
        "type", "required", "additionalProperties", "properties", "format", "minItems", "items", "$ref", "pattern",
        "minLength", "maxLength", "enum", "minimum", "maximum", "multipleOf", "exclusiveMinimum", "maxItems",
        "uniqueItems", "anyOf", "const", "if", "then", "$defs", "$schema",
    ]
    switch value {
    case .object(let object):
        return object.reduce(0) { total, member in
            let isKeyword = keywords.contains(member.key) ? 1 : 0
            if member.key == "properties" || member.key == "$defs", case .object(let children) = member.value {
                return total + isKeyword + children.values.reduce(0) { $0 + countKeywords($1) }
            }
            return total + isKeyword + countKeywords(member.value)
        }
    case .array(let elements):
        return elements.reduce(0) { $0 + countKeywords($1) }
    default:
        return 0
    }
}

/// Milliseconds of CPU time this thread has used: unlike wall time, not inflated when other
/// processes compete for the cores.
func threadCPUMilliseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
}

struct Measurement {
    var wallMedian: Double
    var wallBest: Double
    var cpuMedian: Double
    var valid: Bool

    func line(_ label: String) -> String {
        String(
            format: "%@ wall median %.2f ms, best %.2f ms; CPU median %.2f ms (valid: %@)", label, wallMedian,
            wallBest, cpuMedian, "\(valid)")
    }
}

func measure(_ runs: Int, _ body: () -> Bool) -> Measurement {
    var wall: [Double] = []
    var cpu: [Double] = []
    var valid = true
    let clock = ContinuousClock()
    for _ in 0..<runs {
        var outcome = false
        let cpuStart = threadCPUMilliseconds()
        let elapsed = clock.measure { outcome = body() }
        cpu.append(threadCPUMilliseconds() - cpuStart)
        valid = valid && outcome
        wall.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    wall.sort()
    cpu.sort()
    return Measurement(wallMedian: wall[runs / 2], wallBest: wall[0], cpuMedian: cpu[runs / 2], valid: valid)
}

do {
    let document = try JSONValue(parsing: schemaText)
    let schema = try Schema(document)
    let instance = makeInstance(targetBytes: 1_000_000)
    let bytes = instance.formatted(.compact).utf8.count
    let count = instance["tickets"]?.arrayValue?.count ?? 0
    print("instance: \(bytes) bytes of compact JSON, \(count) tickets")
    print("schema: \(countKeywords(document)) keywords")
    print(measure(15) { schema.isValid(instance) }.line("isValid: "))
    print(measure(15) { schema.validate(instance).isValid }.line("validate:"))
    let formats = ValidationOptions(assertsFormat: true)
    print(measure(15) { schema.validate(instance, options: formats).isValid }.line("validate, formats asserted:"))
} catch {
    print("benchmark setup failed: \(error)")
    exit(1)
}
