/// A benchmark that could not run: a missing binary, a child that failed, a mock that did not start.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
