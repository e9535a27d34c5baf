public import SluiceCore

/// Every code the run store gives its errors and the failures it writes: the one catalogue for
/// SluiceStore, listed in docs/store.md.
extension DiagnosticCode {
    /// The file is not an SQLite database, or its pages are damaged.
    public static let storeNotADatabase: DiagnosticCode = "store-not-a-database"
    /// The file or its directory cannot be created or opened.
    public static let storeCannotOpen: DiagnosticCode = "store-cannot-open"
    /// A newer Sluice migrated the store.
    public static let storeNewerSchema: DiagnosticCode = "store-newer-schema"
    /// SQLite failed to write, for instance a writer held the store beyond the busy timeout.
    public static let storeWriteFailed: DiagnosticCode = "store-write-failed"
    /// SQLite failed to read, or the store holds a value it cannot read back.
    public static let storeReadFailed: DiagnosticCode = "store-read-failed"
    /// A write names a run, step, item or attempt that was never started.
    public static let storeMissingRecord: DiagnosticCode = "store-missing-record"
    /// A finish with the status `running`, or an attempt recorded twice.
    public static let storeInvalidWrite: DiagnosticCode = "store-invalid-write"
    /// No run has the given id or prefix.
    public static let runNotFound: DiagnosticCode = "run-not-found"
    /// A prefix matches several runs.
    public static let runIDAmbiguous: DiagnosticCode = "run-id-ambiguous"
    /// Text that cannot be a run id.
    public static let runIDInvalid: DiagnosticCode = "run-id-invalid"
    /// A run whose process ended without finishing it, as `reapAbandonedRuns` records it.
    public static let runAbandoned: DiagnosticCode = "run-abandoned"
    /// No cache entry's key starts with the text given.
    public static let cacheKeyNotFound: DiagnosticCode = "cache-key-not-found"
    /// Several cache entries' keys start with the text given.
    public static let cacheKeyAmbiguous: DiagnosticCode = "cache-key-ambiguous"
    /// The text given cannot start a cache key (keys are lowercase hex).
    public static let cacheKeyInvalid: DiagnosticCode = "cache-key-invalid"
    /// A failure written before failures were typed, read back with its text as the message.
    public static let untypedFailure: DiagnosticCode = "failed"
}
