import Foundation
import SluiceCore
import SluiceStore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Run store: files, permissions and damaged files")
struct StoreFilesTests {
    private func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("the store directory is 0700 and the database, -wal and -shm files are 0600 under a loose umask")
    func privateFileModes() async throws {
        let directory = try TemporaryDirectory()
        let previous = umask(0o000)
        defer { umask(previous) }
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        try await store.finishRun(run.id, status: .succeeded)

        let path = directory.storeURL.path
        #expect(try permissions(directory.storeURL.deletingLastPathComponent().path) == 0o700)
        #expect(try permissions(path) == 0o600)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(try permissions(path + "-wal") == 0o600)
        #expect(try permissions(path + "-shm") == 0o600)
    }

    @Test("an existing database readable by others is tightened to 0600 when opened")
    func existingLooseFileIsTightened() async throws {
        let directory = try TemporaryDirectory()
        do { _ = try SluiceStore(at: directory.storeURL) }
        let path = directory.storeURL.path
        #expect(chmod(path, 0o644) == 0)
        _ = try SluiceStore(at: directory.storeURL)
        #expect(try permissions(path) == 0o600)
    }

    @Test("a file that is not SQLite gives a clear error and is left untouched")
    func notADatabase() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.storeURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        let garbage = Data("this is a text file, not a database\n".utf8)
        try garbage.write(to: directory.storeURL)

        let error = #expect(throws: StoreError.self) { try SluiceStore(at: directory.storeURL) }
        #expect(error?.code == "store-not-a-database")
        #expect(error?.message.contains(directory.storeURL.path) == true)
        #expect(error?.hint?.contains("move it aside") == true)
        #expect(try Data(contentsOf: directory.storeURL) == garbage)
        #expect(!FileManager.default.fileExists(atPath: directory.storeURL.path + "-wal"))
    }

    @Test("a database whose pages are damaged after the header gives a clear error, not a crash")
    func corruptPages() throws {
        let directory = try TemporaryDirectory()
        do { _ = try SluiceStore(at: directory.storeURL) }
        var bytes = try Data(contentsOf: directory.storeURL)
        // Keep the 16-byte magic so only SQLite itself can notice; wreck the rest of page one.
        for index in 16..<min(bytes.count, 4096) { bytes[index] = 0xA5 }
        try bytes.write(to: directory.storeURL)
        try? FileManager.default.removeItem(atPath: directory.storeURL.path + "-wal")
        try? FileManager.default.removeItem(atPath: directory.storeURL.path + "-shm")

        let error = #expect(throws: StoreError.self) { try SluiceStore(at: directory.storeURL) }
        #expect(error?.code == "store-not-a-database")
    }

    @Test("a directory where the database should be is reported, not opened")
    func directoryInTheWay() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.storeURL, withIntermediateDirectories: true)
        let error = #expect(throws: StoreError.self) { try SluiceStore(at: directory.storeURL) }
        #expect(error?.code == "store-cannot-open")
    }

    @Test("an empty file (a crash during creation) becomes a working store")
    func emptyFileIsAFreshStore() async throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.storeURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: directory.storeURL)
        let store = try SluiceStore(at: directory.storeURL)
        let run = try await store.createRun(pipeline: "p", inputs: [:])
        #expect(try await store.run(run.id).pipeline == "p")
    }
}
