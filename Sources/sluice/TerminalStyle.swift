#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the terminal allows: colour only on a terminal, never with `NO_COLOR`, and no escape
/// sequences at all (colour, redrawn lines) when `TERM=dumb`.
enum TerminalStyle {
    /// Whether standard output is a terminal (live text of streaming steps is shown there).
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard error is a terminal.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether `TERM` is `dumb`: a terminal that understands no escape sequences.
    static var isDumb: Bool { getenv("TERM").map { String(cString: $0) == "dumb" } ?? false }

    /// Whether `NO_COLOR` is set (to anything).
    static var forbidsColor: Bool { getenv("NO_COLOR") != nil }

    /// Whether standard error is a terminal and the user has not asked for no colour.
    static var standardErrorUsesColor: Bool {
        standardErrorIsTerminal && !forbidsColor && !isDumb
    }

    /// Whether standard output is a terminal and the user has not asked for no colour.
    static var standardOutputUsesColor: Bool {
        standardOutputIsTerminal && !forbidsColor && !isDumb
    }

    /// Whether stderr can redraw a line in place (a terminal that understands escape sequences).
    static var standardErrorRedraws: Bool { standardErrorIsTerminal && !isDumb }
}
