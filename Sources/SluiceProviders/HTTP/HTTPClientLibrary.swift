import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `libSluiceHTTPClient.so`, the URLSession half of the transport, opened on first use.
///
/// Linking FoundationNetworking into `sluice` would load libcurl and its dependencies at every
/// start-up, `--help` included (about 9 ms measured); keeping URLSession in a shared library
/// that is opened only when the first provider request is made keeps start-up where it was.
/// The library is looked for next to the running executable (where `swift build` puts it), then
/// in `../lib` beside the executable's folder (an install as `PREFIX/bin/sluice` with
/// `PREFIX/lib/libSluiceHTTPClient.so`), then through the system's library path. SwiftPM cannot
/// build a library for `sluice` without linking it (docs/performance.md, "Shipping the HTTP
/// library"), so `swift run sluice` and `swift build --product sluice` leave it unbuilt.
struct HTTPClientLibrary: @unchecked Sendable {
    // The function pointers are immutable C entry points of a library that is never closed.
    typealias Create = @convention(c) (Int) -> UnsafeMutableRawPointer
    typealias Destroy = @convention(c) (UnsafeMutableRawPointer) -> Void
    typealias Send =
        @convention(c) (
            UnsafeMutableRawPointer, UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<CChar>,
            UnsafePointer<UInt8>?, Int, UnsafeMutableRawPointer?, HeadCallback, DataCallback, SentCallback,
            CompleteCallback
        ) -> Int
    typealias Cancel = @convention(c) (UnsafeMutableRawPointer, Int) -> Void
    typealias HeadCallback = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafePointer<CChar>?) -> Void
    typealias DataCallback = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, Int) -> Void
    typealias SentCallback = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias CompleteCallback = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> Void

    /// The library's file name.
    static let fileName = "libSluiceHTTPClient.so"

    let create: Create
    let destroy: Destroy
    let send: Send
    let cancel: Cancel

    /// The library, opened once per process; the failure says why it could not be.
    static let shared: Result<HTTPClientLibrary, HTTPTransportError> = load()

    private static func load() -> Result<HTTPClientLibrary, HTTPTransportError> {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let folder = executable.deletingLastPathComponent()
        let candidates = [
            folder.appendingPathComponent(fileName).path,
            folder.deletingLastPathComponent().appendingPathComponent("lib").appendingPathComponent(fileName).path,
            fileName,
        ]
        var reasons: [String] = []
        for path in candidates {
            let place = path == fileName ? "on the system's library path" : "at \(path)"
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                // dlerror repeats the path it was given ("PATH: cannot open shared object file…").
                let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
                let withoutPath = reason.hasPrefix(path + ": ") ? String(reason.dropFirst(path.count + 2)) : reason
                reasons.append("\(place): \(withoutPath)")
                continue
            }
            guard let create = dlsym(handle, "sluice_http_session_create"),
                let destroy = dlsym(handle, "sluice_http_session_destroy"),
                let send = dlsym(handle, "sluice_http_send"), let cancel = dlsym(handle, "sluice_http_cancel")
            else {
                reasons.append("\(place): the library does not export the sluice_http_* functions (a broken build)")
                continue
            }
            return .success(
                HTTPClientLibrary(
                    create: unsafeBitCast(create, to: Create.self), destroy: unsafeBitCast(destroy, to: Destroy.self),
                    send: unsafeBitCast(send, to: Send.self), cancel: unsafeBitCast(cancel, to: Cancel.self)))
        }
        return .failure(
            HTTPTransportError(
                .libraryMissing,
                "cannot load \(fileName), which sluice needs for every call to an HTTP provider; looked "
                    + reasons.joined(separator: "; ")
                    + ". It must sit next to the sluice executable or in ../lib beside its folder; in a build tree "
                    + "'swift build' builds it, but 'swift run sluice' and 'swift build --product sluice' do not: "
                    + "run 'swift build --product SluiceHTTPClient' once"))
    }
}
