import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// The URLSession (libcurl) half of Sluice's HTTP transport, built as its own shared library so
// that only a process making provider calls loads FoundationNetworking and libcurl (with its
// thirty-odd dependencies, about 9 ms of start-up). SluiceProviders opens it with dlopen on the
// first request and talks to it through these C functions; nothing Swift-typed crosses, so the
// library and the executable need not share type metadata. The functions are public: a release
// build (whole-module optimisation) keeps an internal @_cdecl function out of the library's
// exported symbols, and dlsym would not find it.

/// Called once the status line and headers arrive: context, status, headers as `name\nvalue\n` pairs.
public typealias HeadCallback = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafePointer<CChar>?) -> Void
/// Called for each body chunk: context, bytes, count.
public typealias DataCallback = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, Int) -> Void
/// Called when request body bytes were sent (the connection is up): context.
public typealias SentCallback = @convention(c) (UnsafeMutableRawPointer?) -> Void
/// Called once at the end: context, 0 for success or 1 for failure, and the failure's text.
public typealias CompleteCallback = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> Void

/// Creates a session allowing `maximumConnections` per host; returns a retained handle.
@_cdecl("sluice_http_session_create")
public func sessionCreate(_ maximumConnections: Int) -> UnsafeMutableRawPointer {
    Unmanaged.passRetained(ClientSession(maximumConnections: maximumConnections)).toOpaque()
}

/// Cancels every task of the session and releases it.
@_cdecl("sluice_http_session_destroy")
public func sessionDestroy(_ handle: UnsafeMutableRawPointer) {
    let session = Unmanaged<ClientSession>.fromOpaque(handle).takeRetainedValue()
    session.invalidate()
}

/// Starts a request; returns its task identifier for ``taskCancel``. `headers` holds
/// `name\nvalue\n` pairs. The callbacks run on the session's delegate queue with `context`.
@_cdecl("sluice_http_send")
public func send(
    _ handle: UnsafeMutableRawPointer, _ method: UnsafePointer<CChar>, _ url: UnsafePointer<CChar>,
    _ headers: UnsafePointer<CChar>, _ body: UnsafePointer<UInt8>?, _ bodyCount: Int,
    _ context: UnsafeMutableRawPointer?, _ onHead: HeadCallback, _ onData: DataCallback, _ onSent: SentCallback,
    _ onComplete: CompleteCallback
) -> Int {
    let session = Unmanaged<ClientSession>.fromOpaque(handle).takeUnretainedValue()
    guard let address = URL(string: String(cString: url)) else {
        onComplete(context, 1, "the URL is not valid")
        return -1
    }
    var request = URLRequest(url: address)
    request.httpMethod = String(cString: method)
    let lines = String(cString: headers).split(separator: "\n", omittingEmptySubsequences: false)
    var index = 0
    while index + 1 < lines.count {
        request.setValue(String(lines[index + 1]), forHTTPHeaderField: String(lines[index]))
        index += 2
    }
    if let body, bodyCount > 0 { request.httpBody = Data(bytes: body, count: bodyCount) }
    // libcurl takes milliseconds as an integer, so "no limit" must stay finite; the caller
    // enforces its own limits.
    request.timeoutInterval = ClientSession.unlimited
    let callbacks = Callbacks(context: context, onHead: onHead, onData: onData, onSent: onSent, onComplete: onComplete)
    return session.start(request, callbacks: callbacks)
}

/// Cancels one task; its completion callback still runs.
@_cdecl("sluice_http_cancel")
public func taskCancel(_ handle: UnsafeMutableRawPointer, _ identifier: Int) {
    Unmanaged<ClientSession>.fromOpaque(handle).takeUnretainedValue().cancel(identifier)
}

/// One request's callbacks and the caller's context pointer.
struct Callbacks: @unchecked Sendable {
    // The context is the caller's retained object; it is only handed back, never read here.
    let context: UnsafeMutableRawPointer?
    let onHead: HeadCallback
    let onData: DataCallback
    let onSent: SentCallback
    let onComplete: CompleteCallback
}

/// A URLSession and the callbacks of its tasks in flight.
final class ClientSession: NSObject, URLSessionDataDelegate, Sendable {
    static let unlimited: TimeInterval = 7 * 24 * 3600

    private let session = Mutex<URLSession?>(nil)
    /// Callbacks of tasks in flight, by task identifier; tasks themselves, for cancelling.
    private let tasks = Mutex<[Int: (task: URLSessionTask, callbacks: Callbacks)]>([:])

    init(maximumConnections: Int) {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maximumConnections)
        configuration.timeoutIntervalForRequest = Self.unlimited
        configuration.timeoutIntervalForResource = Self.unlimited
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session.withLock {
            $0 = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        }
    }

    func start(_ request: URLRequest, callbacks: Callbacks) -> Int {
        guard let task = session.withLock({ $0?.dataTask(with: request) }) else {
            callbacks.onComplete(callbacks.context, 1, "the session is closed")
            return -1
        }
        tasks.withLock { $0[task.taskIdentifier] = (task, callbacks) }
        task.resume()
        return task.taskIdentifier
    }

    func cancel(_ identifier: Int) {
        tasks.withLock { $0[identifier]?.task }?.cancel()
    }

    func invalidate() {
        session.withLock {
            $0?.invalidateAndCancel()
            $0 = nil
        }
    }

    private func callbacks(for task: URLSessionTask) -> Callbacks? {
        tasks.withLock { $0[task.taskIdentifier]?.callbacks }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        if let callbacks = callbacks(for: dataTask) {
            let http = response as? HTTPURLResponse
            var text = ""
            for (name, value) in http?.allHeaderFields ?? [:] {
                guard let name = name as? String, let value = value as? String else { continue }
                text += "\(name)\n\(value.replacingOccurrences(of: "\n", with: " "))\n"
            }
            callbacks.onHead(callbacks.context, http?.statusCode ?? 0, text)
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let callbacks = callbacks(for: dataTask) else { return }
        data.withUnsafeBytes { buffer in
            callbacks.onData(
                callbacks.context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count)
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
        totalBytesExpectedToSend: Int64
    ) {
        if let callbacks = callbacks(for: task) { callbacks.onSent(callbacks.context) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let callbacks = tasks.withLock({ $0.removeValue(forKey: task.taskIdentifier)?.callbacks }) else {
            return
        }
        guard let error else {
            callbacks.onComplete(callbacks.context, 0, nil)
            return
        }
        // The URL is left out of the text: its query could hold a secret.
        let text: String
        if let urlError = error as? URLError {
            text =
                urlError.code == .timedOut
                ? "timed-out: the request timed out"
                : "network: \(urlError.localizedDescription) (URLError \(urlError.code.rawValue))"
        } else {
            let nsError = error as NSError
            text = "network: \(nsError.domain) error \(nsError.code)"
        }
        callbacks.onComplete(callbacks.context, 1, text)
    }
}
