public import Foundation

/// One HTTP request to a provider, as an adapter builds it.
public struct ProviderHTTPRequest: Sendable {
    /// The method, `POST` for every model call.
    public var method: String
    /// The full address. Keys never go here: every adapter sends them in a header.
    public var url: URL
    /// The request headers, credentials included.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]

    /// A request with the given parts.
    public init(method: String = "POST", url: URL, headers: HTTPHeaders, body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
