import Foundation
import Synchronization

/// The HTTP transport: one `URLSession` (libcurl on Linux) per provider account.
///
/// Linux's FoundationNetworking has no `bytes(for:)`, so a data delegate feeds each task's body
/// into an `AsyncThrowingStream`. The session allows as many connections per host as the
/// provider's concurrency (the platform default of 6 would quietly serialise a wider fan-out).
/// Proxies come from the environment as libcurl reads it: `https_proxy`/`HTTPS_PROXY`,
/// `http_proxy` (lowercase only), `all_proxy` and `no_proxy`.
///
/// The URLSession itself lives in `libSluiceHTTPClient.so` (see ``HTTPClientLibrary``), opened on
/// the first request, so commands that make none never load libcurl. Connect, idle and total
/// limits are enforced here, per transfer, so a stall and a slow connection are told apart.
public final class URLSessionTransport: HTTPTransport {
    private let maximumConnections: Int
    private let timeouts: HTTPTimeouts
    /// The library's session, made on the first request.
    private let session = Mutex<UnsafeMutableRawPointer?>(nil)

    /// A transport allowing `maximumConnections` connections per host, with the given limits.
    public init(maximumConnections: Int, timeouts: HTTPTimeouts = HTTPTimeouts()) {
        self.maximumConnections = maximumConnections
        self.timeouts = timeouts
    }

    deinit {
        if let handle = session.withLock({ $0 }), case .success(let library) = HTTPClientLibrary.shared {
            library.destroy(handle)
        }
    }

    /// Sends the request; see ``HTTPTransport/send(_:)``.
    public func send(_ request: ProviderHTTPRequest) async throws -> HTTPStreamingResponse {
        let library = try HTTPClientLibrary.shared.get()
        let handle = session.withLock { handle in
            if let handle { return handle }
            let created = library.create(maximumConnections)
            handle = created
            return created
        }
        let transfer = Transfer(timeouts: timeouts, expectsUpload: !request.body.isEmpty)
        let headers = request.headers.map { "\($0.name)\n\($0.value.replacingOccurrences(of: "\n", with: " "))\n" }
            .joined()
        // The transfer stays alive until the library's completion callback releases it.
        let context = Unmanaged.passRetained(transfer).toOpaque()
        let identifier = request.body.withUnsafeBufferPointer { body in
            library.send(
                handle, request.method, request.url.absoluteString, headers, body.baseAddress, body.count, context,
                { context, status, headers in Transfer.from(context)?.receiveHead(status: status, headers: headers) },
                { context, bytes, count in Transfer.from(context)?.receive(bytes, count: count) },
                { context in Transfer.from(context)?.markConnected() },
                { context, failed, message in
                    guard let context else { return }
                    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeRetainedValue()
                    transfer.complete(failure: failed == 0 ? nil : message.map { String(cString: $0) } ?? "failed")
                })
        }
        // The session outlives its transfers (this transport owns it), so its address may travel.
        let sessionAddress = Int(bitPattern: handle)
        transfer.attach {
            if let handle = UnsafeMutableRawPointer(bitPattern: sessionAddress) { library.cancel(handle, identifier) }
        }
        transfer.startWatchdog()
        return try await withTaskCancellationHandler {
            try await transfer.response()
        } onCancel: {
            transfer.cancel()
        }
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
        var cancelRequested = false
        var cancelTask: (@Sendable () -> Void)?
        var watchdog: Task<Void, Never>?
    }

    private let timeouts: HTTPTimeouts
    private let started: ContinuousClock.Instant
    private let expectsUpload: Bool
    private let body: AsyncThrowingStream<[UInt8], any Error>
    private let bodyContinuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    /// Everything the library's delegate queue, the watchdog and the caller share.
    private let state: Mutex<State>

    init(timeouts: HTTPTimeouts, expectsUpload: Bool) {
        self.timeouts = timeouts
        self.expectsUpload = expectsUpload
        let now = ContinuousClock.now
        self.started = now
        self.state = Mutex(State(lastActivity: now))
        (body, bodyContinuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        bodyContinuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { self?.cancelNetworkTask() }
        }
    }

    /// The transfer a callback's context points at, without taking ownership.
    static func from(_ context: UnsafeMutableRawPointer?) -> Transfer? {
        context.map { Unmanaged<Transfer>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Gives the transfer the way to cancel its network task (run at once if already cancelled).
    func attach(cancel: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state in
            state.cancelTask = cancel
            return state.cancelRequested
        }
        if runNow { cancel() }
    }

    private func cancelNetworkTask() {
        let action = state.withLock { state in
            state.cancelRequested = true
            return state.cancelTask
        }
        action?()
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
                try? await Task.sleep(until: deadline, clock: .continuous)
                if Task.isCancelled { return }
                if let failure = self.expired() {
                    self.fail(failure)
                    return
                }
            }
        }
        state.withLock { $0.watchdog = watchdog }
    }

    /// The earliest limit that could fire, with its kind, or `nil` once the transfer is over.
    private func nextLimit() -> (instant: ContinuousClock.Instant, kind: HTTPTransportError.Kind)? {
        state.withLock { state in
            guard !state.finished else { return nil }
            var candidates = [(state.lastActivity + timeouts.idle, HTTPTransportError.Kind.stalled)]
            if expectsUpload && state.connectedAt == nil && state.headResult == nil {
                candidates.append((started + timeouts.connect, .connectTimeout))
            }
            if let total = timeouts.total { candidates.append((started + total, .totalTimeout)) }
            return candidates.min { $0.0 < $1.0 }
        }
    }

    private func nextDeadline() -> ContinuousClock.Instant? { nextLimit()?.instant }

    /// The failure if a limit has passed now (activity may have moved the idle limit on).
    private func expired() -> HTTPTransportError? {
        guard let limit = nextLimit(), limit.instant <= ContinuousClock.now else { return nil }
        switch limit.kind {
        case .stalled: return HTTPTransportError(.stalled, "the server sent nothing for \(timeouts.idle)")
        case .connectTimeout: return HTTPTransportError(.connectTimeout, "no connection within \(timeouts.connect)")
        case .totalTimeout:
            return HTTPTransportError(.totalTimeout, "no complete response within \(timeouts.total ?? .zero)")
        case .network, .libraryMissing: return nil
        }
    }

    func markConnected() {
        state.withLock { state in
            let now = ContinuousClock.now
            if state.connectedAt == nil { state.connectedAt = now }
            state.lastActivity = now
        }
    }

    func receiveHead(status: Int, headers text: UnsafePointer<CChar>?) {
        let lines = text.map { String(cString: $0) }?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
        var fields: [(String, String)] = []
        var index = 0
        while index + 1 < lines.count {
            fields.append((String(lines[index]), String(lines[index + 1])))
            index += 2
        }
        let now = ContinuousClock.now
        let (continuation, head) = state.withLock { state in
            state.lastActivity = now
            let timings = HTTPTimings(connected: state.connectedAt.map { $0 - started }, firstByte: now - started)
            let head = HTTPStreamingResponse(status: status, headers: HTTPHeaders(fields), body: body, timings: timings)
            state.headResult = .success(head)
            let continuation = state.head
            state.head = nil
            return (continuation, head)
        }
        continuation?.resume(returning: head)
    }

    func receive(_ bytes: UnsafePointer<UInt8>?, count: Int) {
        guard let bytes, count > 0 else { return }
        let now = ContinuousClock.now
        state.withLock { $0.lastActivity = now }
        // A trickling body keeps the watchdog's idle limit moving; the total limit is checked
        // here too, so it holds even when the watchdog's task is slow to be scheduled.
        if let total = timeouts.total, now - started > total {
            fail(HTTPTransportError(.totalTimeout, "no complete response within \(total)"))
            return
        }
        bodyContinuation.yield(Array(UnsafeBufferPointer(start: bytes, count: count)))
    }

    /// The library finished the task; `failure` is its `kind: text` when it failed.
    func complete(failure: String?) {
        let error: HTTPTransportError? = state.withLock { state in
            if let failure = state.failure { return failure }
            guard let failure else { return nil }
            if failure.hasPrefix("timed-out: ") { return HTTPTransportError(.stalled, String(failure.dropFirst(11))) }
            return HTTPTransportError(.network, failure.hasPrefix("network: ") ? String(failure.dropFirst(9)) : failure)
        }
        finish(with: error)
    }

    func cancel() {
        cancelNetworkTask()
        finish(with: nil, cancelled: true)
    }

    private func fail(_ failure: HTTPTransportError) {
        state.withLock { $0.failure = failure }
        cancelNetworkTask()
        finish(with: failure)
    }

    private func finish(with failure: HTTPTransportError?, cancelled: Bool = false) {
        let (head, result, watchdog) = state.withLock {
            state -> (
                CheckedContinuation<HTTPStreamingResponse, any Error>?, Result<HTTPStreamingResponse, any Error>?,
                Task<Void, Never>?
            ) in
            guard !state.finished else { return (nil, nil, nil) }
            state.finished = true
            let head = state.head
            state.head = nil
            if state.headResult == nil {
                let error: any Error =
                    cancelled ? CancellationError() : (failure ?? HTTPTransportError(.network, "no response"))
                state.headResult = .failure(error)
            }
            return (head, state.headResult, state.watchdog)
        }
        watchdog?.cancel()
        if let head, let result { head.resume(with: result) }
        if cancelled {
            bodyContinuation.finish(throwing: CancellationError())
        } else if let failure {
            bodyContinuation.finish(throwing: failure)
        } else {
            bodyContinuation.finish()
        }
    }
}
