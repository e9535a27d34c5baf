import Foundation
import SluiceCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the store's directory and database file with private permissions before SQLite opens them.
///
/// SQLite creates the `-wal` and `-shm` files with the same permission bits as the database file,
/// so making the database file 0600 first keeps all three private whatever the umask is.
enum StoreFiles {
    /// Permission bits for the database, `-wal` and `-shm` files.
    static let fileMode: mode_t = 0o600
    /// Permission bits for a store directory the store creates.
    static let directoryMode: mode_t = 0o700

    /// The 16 bytes every SQLite database file starts with.
    private static let sqliteHeader = Array("SQLite format 3\u{0}".utf8)

    /// Makes sure the directory and database file exist with private permissions, and that an
    /// existing file really is an SQLite database, without changing a file that is not.
    static func prepare(databaseAt url: URL) throws(StoreError) {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        try createDirectory(directory)

        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw StoreError(
                    code: .storeCannotOpen,
                    message: "the store path '\(path)' exists but is not a file",
                    hint: "move it aside, or point the store at another path"
                )
            }
            try checkHeader(path: path, size: Int(status.st_size))
        } else {
            let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, fileMode)
            if descriptor >= 0 {
                close(descriptor)
            } else if errno != EEXIST {
                throw StoreError(
                    code: .storeCannotOpen,
                    message: "cannot create the store file '\(path)': \(String(cString: strerror(errno)))",
                    hint: "check that the directory is writable"
                )
            }
        }
        tightenPermissions(path: path)
    }

    /// Sets the database file and any existing `-wal`/`-shm` file to 0600. A file owned by
    /// someone else is left alone; SQLite will report whether it can be used.
    static func tightenPermissions(path: String) {
        for candidate in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(candidate, &status) == 0, status.st_mode & 0o777 != fileMode else { continue }
            _ = chmod(candidate, fileMode)
        }
    }

    private static func createDirectory(_ directory: String) throws(StoreError) {
        var status = stat()
        if stat(directory, &status) == 0 { return }
        let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
        if parent != directory, stat(parent, &status) != 0 {
            try createDirectory(parent)
        }
        if mkdir(directory, directoryMode) != 0, errno != EEXIST {
            throw StoreError(
                code: .storeCannotOpen,
                message: "cannot create the store directory '\(directory)': \(String(cString: strerror(errno)))",
                hint: "check that the parent directory is writable"
            )
        }
        // mkdir applies the umask; the store directory is private whatever the umask is.
        _ = chmod(directory, directoryMode)
    }

    private static func checkHeader(path: String, size: Int) throws(StoreError) {
        // An empty file is an empty database to SQLite, and what a crash during creation leaves.
        guard size > 0 else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(
                code: .storeCannotOpen,
                message: "cannot read the store file '\(path)'",
                hint: "check the file's owner and permissions"
            )
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: sqliteHeader.count)).map(Array.init) ?? []
        guard header == sqliteHeader else {
            throw notADatabase(path: path)
        }
    }

    /// The error for a file that is not an SQLite database.
    static func notADatabase(path: String) -> StoreError {
        StoreError(
            code: .storeNotADatabase,
            message: "the store file '\(path)' is not an SQLite database (or is corrupt)",
            hint: "move it aside (Sluice will create a new, empty store) or restore it from a backup"
        )
    }
}
