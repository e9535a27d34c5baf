/// What a streaming step does when its answer breaks off after some of it was shown
/// (`on_stream_error:`). Before the first token is shown a retry or fallback is invisible and
/// this policy does not apply.
public enum StreamErrorPolicy: String, Sendable, Hashable, CaseIterable {
    /// Start the answer again on the retry or the next model (the default), after a visible
    /// marker in the output and a note in the transcript.
    case restart
    /// Fail the step (`stream-interrupted`): shown text is never followed by a second answer.
    case fail
}
