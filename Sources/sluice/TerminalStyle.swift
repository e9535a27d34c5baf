#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether output may be coloured: only on a terminal, and never when `NO_COLOR` is set.
enum TerminalStyle {
    /// Whether standard error is a terminal and the user has not asked for no colour.
    static var standardErrorUsesColor: Bool {
        isatty(2) == 1 && getenv("NO_COLOR") == nil
    }
}
