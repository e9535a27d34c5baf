import SluiceCore
public import SluiceStore

/// The prompt an attempt sent, as text a person reads and diffs: each message under a
/// `--- role ---` line for a model call; the command, its stdin and environment for a run step.
///
/// `sluice report` shows it and `sluice diff` compares it, so both see the same text.
public enum RecordedPrompt {
    /// The prompt `attempt` sent, from its recorded request.
    public static func text(of attempt: AttemptRecord) -> String {
        let request = attempt.start.request.objectValue
        if let messages = request?["messages"]?.arrayValue {
            return messages.map { message in
                let role = message.objectValue?["role"]?.stringValue ?? "message"
                return "--- \(role) ---\n" + (message.objectValue?["content"]?.stringValue ?? "")
            }.joined(separator: "\n")
        }
        guard let request else { return attempt.start.request.formatted(.compact) }
        return request.map { key, value in
            "--- \(key) ---\n" + (value.stringValue ?? value.formatted(.pretty))
        }.joined(separator: "\n")
    }

    /// The prompt of the first attempt among `attempts`, or `nil` when none was made (a template
    /// step, a skipped step, a cache-less failure before any call).
    public static func text(ofFirst attempts: [AttemptRecord]) -> String? {
        attempts.first.map(text(of:))
    }
}
