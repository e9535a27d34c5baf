#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock held while one process opens the store and brings its schema up to date.
///
/// Two `sluice` processes that start together in a new project would otherwise both switch the
/// new database to WAL mode and both run its first migration; SQLite answers one of them
/// "database is locked" (WAL mode is switched without a busy wait) or "table already exists".
/// The lock is an `flock` on a sidecar file, `<store>-open.lock` (0600), never on the database
/// itself: SQLite's own locks are POSIX record locks, which closing any other descriptor of the
/// database file would drop. `release()` is called as soon as the store is open.
struct StoreOpeningLock {
    private let descriptor: Int32

    /// Waits for the lock beside `databasePath`; when the lock file cannot be made (a read-only
    /// directory), opening goes on unlocked and SQLite's own errors apply.
    init(databasePath: String) {
        descriptor = open(databasePath + "-open.lock", O_CREAT | O_RDWR | O_CLOEXEC, StoreFiles.fileMode)
        guard descriptor >= 0 else { return }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    /// Lets the next process open the store.
    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
