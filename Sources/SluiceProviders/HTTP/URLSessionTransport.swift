import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP transport: one `URLSession` (libcurl on Linux) per provider account.
///
/// Linux's FoundationNetworking has no `bytes(for:)`, so a data delegate feeds each task's body
/// into an `AsyncThrowingStream`. The session allows as many connections per host as the
/// provider's concurrency (the platform default of 6 would quietly serialise a wider fan-out).
/// Proxies come from the environment as libcurl reads it: `https_proxy`/`HTTPS_PROXY`,
/// `http_proxy` (lowercase only), `all_proxy` and `no_proxy`.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let delegate: TransferDelegate
    private let timeouts: HTTPTimeouts

    /// A transport allowing `maximumConnections` connections per host, with the given limits.
    public init(maximumConnections: Int, timeouts: HTTPTimeouts = HTTPTimeouts()) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maximumConnections)
        // Stalls and totals are enforced per transfer below, where they can be told apart.
        // libcurl takes milliseconds as an integer, so "no limit" must stay finite.
        configuration.timeoutIntervalForRequest = Self.unlimited
        configuration.timeoutIntervalForResource = Self.unlimited
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let delegate = TransferDelegate()
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        self.session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        self.delegate = delegate
        self.timeouts = timeouts
    }

    /// A week: longer than any limit Sluice sets itself.
    private static let unlimited: TimeInterval = 7 * 24 * 3600

    deinit {
        session.invalidateAndCancel()
    }

    /// Sends the request; see ``HTTPTransport/send(_:)``.
    public func send(_ request: ProviderHTTPRequest) async throws -> HTTPStreamingResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for field in request.headers { urlRequest.setValue(field.value, forHTTPHeaderField: field.name) }
        urlRequest.httpBody = Data(request.body)
        urlRequest.timeoutInterval = Self.unlimited
        let task = session.dataTask(with: urlRequest)
        let transfer = Transfer(task: task, timeouts: timeouts, expectsUpload: !request.body.isEmpty)
        delegate.register(transfer, for: task.taskIdentifier)
        transfer.startWatchdog()
        task.resume()
        return try await withTaskCancellationHandler {
            try await transfer.response()
        } onCancel: {
            transfer.cancel()
        }
    }
}

/// Routes URLSession's delegate callbacks to the transfer each task belongs to.
private final class TransferDelegate: NSObject, URLSessionDataDelegate, Sendable {
    /// Transfers in flight, by task identifier.
    private let transfers = Mutex<[Int: Transfer]>([:])

    func register(_ transfer: Transfer, for identifier: Int) {
        transfers.withLock { $0[identifier] = transfer }
    }

    private func transfer(for task: URLSessionTask) -> Transfer? {
        transfers.withLock { $0[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        transfer(for: dataTask)?.receive(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        transfer(for: dataTask)?.receive(data)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
        totalBytesExpectedToSend: Int64
    ) {
        transfer(for: task)?.markConnected()
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let transfer = transfers.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        transfer?.complete(error)
    }
}

/// One request's state: the continuation waiting for the head, the body stream, and the
/// watchdog that turns silence into a stall.
private final class Transfer: Sendable {
    private struct State {
        var head: CheckedContinuation<HTTPStreamingResponse, any Error>?
        var headResult: Result<HTTPStreamingResponse, any Error>?
        var connectedAt: ContinuousClock.Instant?
        var lastActivity: ContinuousClock.Instant
        var failure: HTTPTransportError?
        var finished = false
        var watchdog: Task<Void, Never>?
    }

    private let task: URLSessionDataTask
    private let timeouts: HTTPTimeouts
    private let started: ContinuousClock.Instant
    private let expectsUpload: Bool
    private let body: AsyncThrowingStream<[UInt8], any Error>
    private let bodyContinuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    /// Everything the delegate queue, the watchdog and the caller share.
    private let state: Mutex<State>

    init(task: URLSessionDataTask, timeouts: HTTPTimeouts, expectsUpload: Bool) {
        self.task = task
        self.timeouts = timeouts
        self.expectsUpload = expectsUpload
        let now = ContinuousClock.now
        self.started = now
        self.state = Mutex(State(lastActivity: now))
        (body, bodyContinuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        bodyContinuation.onTermination = { [task] termination in
            if case .cancelled = termination { task.cancel() }
        }
    }

    /// Waits for the status and headers.
    func response() async throws -> HTTPStreamingResponse {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<HTTPStreamingResponse, any Error>? = state.withLock { state in
                if let result = state.headResult { return result }
                state.head = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func startWatchdog() {
        let watchdog = Task { [weak self] in
            while let self, let deadline = self.nextDeadline() {
                try? await Task.sleep(until: deadline.instant, clock: .continuous)
                if Task.isCancelled { return }
                if let failure = self.expired(deadline) {
                    self.fail(failure)
                    return
                }
            }
        }
        state.withLock { $0.watchdog = watchdog }
    }

    private struct Deadline {
        var instant: ContinuousClock.Instant
        var kind: HTTPTransportError.Kind
    }

    /// The earliest limit that could fire now, or `nil` once the transfer is over.
    private func nextDeadline() -> Deadline? {
        state.withLock { state in
            guard !state.finished else { return nil }
            var candidates = [Deadline(instant: state.lastActivity + timeouts.idle, kind: .stalled)]
            if expectsUpload && state.connectedAt == nil && state.headResult == nil {
                candidates.append(Deadline(instant: started + timeouts.connect, kind: .connectTimeout))
            }
            if let total = timeouts.total { candidates.append(Deadline(instant: started + total, kind: .totalTimeout)) }
            return candidates.min { $0.instant < $1.instant }
        }
    }

    /// The failure if `deadline` still applies now (activity may have moved it on).
    private func expired(_ deadline: Deadline) -> HTTPTransportError? {
        guard let current = nextDeadline(), current.instant <= ContinuousClock.now else { return nil }
        switch current.kind {
        case .stalled:
            return HTTPTransportError(.stalled, "the server sent nothing for \(timeouts.idle)")
        case .connectTimeout:
            return HTTPTransportError(.connectTimeout, "no connection within \(timeouts.connect)")
        case .totalTimeout:
            return HTTPTransportError(.totalTimeout, "no complete response within \(timeouts.total ?? .zero)")
        case .network:
            return nil
        }
    }

    func markConnected() {
        state.withLock { state in
            let now = ContinuousClock.now
            if state.connectedAt == nil { state.connectedAt = now }
            state.lastActivity = now
        }
    }

    func receive(_ response: URLResponse) {
        let http = response as? HTTPURLResponse
        var fields: [(String, String)] = []
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { fields.append((name, value)) }
        }
        let now = ContinuousClock.now
        let (continuation, head) = state.withLock { state in
            state.lastActivity = now
            let timings = HTTPTimings(connected: state.connectedAt.map { $0 - started }, firstByte: now - started)
            let head = HTTPStreamingResponse(
                status: http?.statusCode ?? 0, headers: HTTPHeaders(fields), body: body, timings: timings)
            state.headResult = .success(head)
            let continuation = state.head
            state.head = nil
            return (continuation, head)
        }
        continuation?.resume(returning: head)
    }

    func receive(_ data: Data) {
        state.withLock { $0.lastActivity = ContinuousClock.now }
        bodyContinuation.yield(Array(data))
    }

    func complete(_ error: (any Error)?) {
        let failure: HTTPTransportError? = state.withLock { state in
            if let failure = state.failure { return failure }
            guard let error else { return nil }
            return Self.transportError(error)
        }
        finish(with: failure)
    }

    func cancel() {
        task.cancel()
        finish(with: nil, cancelled: true)
    }

    private func fail(_ failure: HTTPTransportError) {
        state.withLock { $0.failure = failure }
        task.cancel()
        finish(with: failure)
    }

    private func finish(with failure: HTTPTransportError?, cancelled: Bool = false) {
        let (head, watchdog): (CheckedContinuation<HTTPStreamingResponse, any Error>?, Task<Void, Never>?) =
            state.withLock { state in
                guard !state.finished else { return (nil, nil) }
                state.finished = true
                let head = state.head
                state.head = nil
                if state.headResult == nil {
                    let error: any Error =
                        cancelled ? CancellationError() : (failure ?? HTTPTransportError(.network, "no response"))
                    state.headResult = .failure(error)
                }
                return (head, state.watchdog)
            }
        watchdog?.cancel()
        if let head, let result = state.withLock({ $0.headResult }) { head.resume(with: result) }
        if cancelled {
            bodyContinuation.finish(throwing: CancellationError())
        } else if let failure {
            bodyContinuation.finish(throwing: failure)
        } else {
            bodyContinuation.finish()
        }
    }

    /// The URLSession error as a transport error, without the URL (whose query could hold secrets).
    private static func transportError(_ error: any Error) -> HTTPTransportError {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return HTTPTransportError(.stalled, "the request timed out")
            case .cancelled: return HTTPTransportError(.network, "the request was cancelled")
            default: break
            }
            return HTTPTransportError(.network, "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))")
        }
        let nsError = error as NSError
        return HTTPTransportError(.network, "\(nsError.domain) error \(nsError.code)")
    }
}
