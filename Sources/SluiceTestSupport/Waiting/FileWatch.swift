import Foundation

/// Waiting for text to appear in a file another process writes, by watching it with inotify
/// rather than sleeping.
public enum FileWatch {
    /// Whether `text` appeared in the file at `path` within `timeout`. It blocks: call it through
    /// ``offThePool(_:)`` from async code.
    public static func wait(for text: String, in path: String, within timeout: Duration = .seconds(30)) throws -> Bool {
        try wait(in: path, within: timeout) { $0.contains(text) }
    }

    /// Whether the file at `path` came to satisfy `condition` (given its text) within `timeout`.
    /// The condition is checked whenever the file's folder changes, and at least once a second,
    /// so it may also look at something else (a process that may have ended). Blocks.
    public static func wait(
        in path: String, within timeout: Duration = .seconds(30), until condition: (String) -> Bool
    ) throws -> Bool {
        func satisfied() -> Bool {
            let data = FileManager.default.contents(atPath: path) ?? Data()
            return condition(String(decoding: data, as: UTF8.self))
        }
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
        while Date() < deadline {
            if satisfied() { return true }
            let folder = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let watcher = inotify_init1(Int32(IN_CLOEXEC))
            guard watcher >= 0 else { return false }
            defer { close(watcher) }
            _ = inotify_add_watch(watcher, folder, UInt32(IN_MODIFY | IN_CREATE | IN_CLOSE_WRITE))
            if satisfied() { return true }
            var descriptor = pollfd(fd: watcher, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 1000) >= 0 else { return false }
            var buffer = [UInt8](repeating: 0, count: 4096)
            if descriptor.revents & Int16(POLLIN) != 0 { _ = read(watcher, &buffer, buffer.count) }
        }
        return false
    }
}
