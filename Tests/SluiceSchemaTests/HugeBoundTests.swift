import SluiceCore
import SluiceSchema
import Testing

/// Bounds near `Int.max` must give answers, never a trap or an allocation as large as the bound.
@Suite struct HugeBoundTests {
    static let huge = "2305843009213693952"

    @Test(arguments: ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"])
    func hugeCountBoundsValidate(keyword: String) throws {
        let schema = try Schema(text: #"{"\#(keyword)": \#(Self.huge)}"#)
        #expect(schema.isValid(.string("abc")) == (keyword != "minLength"))
        #expect(schema.isValid(.array([.integer(1)])) == (keyword != "minItems"))
        #expect(schema.isValid(.object(["a": .integer(1)])) == (keyword != "minProperties"))
    }

    @Test func minLengthNearIntMaxReportsTheLength() throws {
        let schema = try Schema(text: #"{"minLength": 9223372036854775807}"#)
        let result = schema.validate(.string("short"))
        #expect(!result.isValid)
        #expect(result.errors.first?.found == "5 characters")
    }

    @Test(arguments: ["minLength", "minItems", "minProperties"])
    func synthesisRefusesHugeBoundsInsteadOfAllocating(keyword: String) throws {
        let schema = try Schema(text: #"{"\#(keyword)": \#(Self.huge)}"#)
        #expect(SyntheticInstance.generate(for: schema) == nil)
    }

    @Test func containsWithAHugeMinimumGetsNoInstance() throws {
        let schema = try Schema(
            text: #"{"type": "array", "contains": {"type": "integer"}, "minContains": \#(Self.huge)}"#)
        #expect(SyntheticInstance.generate(for: schema) == nil)
    }
}
