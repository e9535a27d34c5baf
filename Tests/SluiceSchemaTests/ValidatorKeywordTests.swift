import SluiceCore
import SluiceSchema
import Testing

@Suite struct ValidatorKeywordTests {
    private func schema(_ text: String) throws -> Schema {
        try Schema(text: text)
    }

    private func value(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }

    @Test func typeAcceptsWholeFloatsAsIntegers() throws {
        let integer = try schema(#"{"type": "integer"}"#)
        #expect(integer.isValid(try value("1.0")))
        #expect(!integer.isValid(try value("1.5")))
        #expect(!integer.isValid(try value("true")))
    }

    @Test func multipleOfWorksOnDecimalDigits() throws {
        let schema = try schema(#"{"multipleOf": 0.0001}"#)
        #expect(schema.isValid(try value("0.0075")))
        #expect(!schema.isValid(try value("0.00751")))
        let huge = try self.schema(#"{"type": "integer", "multipleOf": 0.123456789}"#)
        #expect(!huge.isValid(try value("1e308")))
    }
}
