/// Which runs a listing holds, by whether `sluice test` started them: a run is a test run when
/// it carries a `test-case` note (``RunNote/Kind-swift.struct/testCase``).
public enum TestRunSelection: Sendable, Hashable {
    /// Every run.
    case included
    /// Only runs that are not test runs.
    case excluded
    /// Only test runs.
    case only
}
