import SluiceCore
import SluicePipeline
import SluiceProviders
import SluiceSchema

/// The conversation of a repair attempt: the step's own messages, the model's unusable answer as
/// the assistant's turn, then a user turn saying what is wrong with it and what to send instead.
///
/// Each repair repeats only the latest answer, not every earlier one, so a repair's prompt stays
/// the size of the original prompt plus one answer (which keeps its largest cost known before the
/// call; see docs/structured-output.md).
enum RepairTurn {
    /// `original` followed by `answer` and the request to correct it.
    static func messages(
        after original: [ChatMessage], answer: String, problem: UnusableOutput, output: OutputMode
    ) -> [ChatMessage] {
        original + [
            ChatMessage(role: .assistant, content: answer),
            ChatMessage(role: .user, content: problem.feedback + "\n\n" + instruction(for: output)),
        ]
    }

    /// What the corrected answer must be.
    static func instruction(for output: OutputMode) -> String {
        switch output {
        case .json(let schema?):
            "Reply again with only the corrected JSON, matching this JSON Schema, and no other text:\n"
                + schema.schema.document.formatted(.compact)
        case .json(nil):
            "Reply again with only the corrected JSON value and no other text."
        case .xml(let tags):
            "Reply again with the corrected answer, each part inside its tag: "
                + XMLTagExtractor.parseTagList(tags).required.map { "<\($0)>" }.joined(separator: ", ") + "."
        case .text:
            "Reply again with the corrected answer."
        }
    }
}
