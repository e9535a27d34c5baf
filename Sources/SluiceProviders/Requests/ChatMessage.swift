/// Who a message in a conversation comes from.
public enum MessageRole: String, Sendable, Hashable, CaseIterable {
    /// Instructions that frame the conversation.
    case system
    /// The person (or pipeline) asking.
    case user
    /// The model's earlier replies.
    case assistant
}

/// One message of the conversation sent to a model.
public struct ChatMessage: Sendable, Hashable {
    /// Who the message comes from.
    public var role: MessageRole
    /// The message text.
    public var content: String

    /// A message with the given role and text.
    public init(role: MessageRole, content: String) {
        self.role = role
        self.content = content
    }

    /// A system message.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    /// A user message.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    /// An assistant message.
    public static func assistant(_ content: String) -> ChatMessage {
        ChatMessage(role: .assistant, content: content)
    }
}
