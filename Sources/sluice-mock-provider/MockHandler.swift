import FlyingFox
import Foundation
import SluiceCore

/// Answers every request: the three model dialects, `GET /_mock/stats` and `GET /_mock/requests`.
struct MockHandler: HTTPHandler {
    let state: MockState
    let options: MockOptions

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> HTTPResponse {
        if request.method == .GET {
            switch request.path {
            case "/_mock/stats": return Self.json(200, await state.stats)
            case "/_mock/requests": return Self.json(200, await state.requests)
            case "/_mock/health": return Self.json(200, ["ok": true])
            default: return Self.json(404, ["error": ["message": "no such route", "type": "not_found_error"]])
            }
        }
        let bytes = [UInt8](try await request.bodyData)
        let headers = request.headers
        func header(_ name: String) -> String? { headers[HTTPHeader(name)] }
        guard let body = try? SluiceCore.JSONValue(parsing: bytes),
            let call = MockRequest(path: request.path, body: body, header: header)
        else {
            await state.record(
                ["path": .string(request.path), "error": "not a model call"], status: 400, dialect: nil, fault: nil)
            return Self.json(
                400,
                ["error": ["message": "the mock does not understand this request", "type": "invalid_request_error"]])
        }
        var fault =
            header("x-mock-fault").flatMap(Fault.init(rawValue:)) ?? call.promptFault
            ?? options.fault(forModel: call.model)
        if fault == nil { fault = await state.rollFault() }
        let responder = MockResponder(request: call, options: options, state: state)
        let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        var entry: JSONObject = [
            "path": .string(request.path), "query": .string(query), "dialect": .string(call.dialect.rawValue),
            "model": .string(call.model), "stream": .bool(call.stream), "body": body,
            "auth_header": .string(credentialHeader(header) ?? ""),
        ]
        if let fault { entry["fault"] = .string(fault.rawValue) }
        if call.dialect == .gemini && request.query.contains(where: { $0.name == "key" }) {
            await state.record(.object(entry), status: 400, dialect: call.dialect.rawValue, fault: fault)
            return responder.error(400, .badRequest, message: "API keys belong in the x-goog-api-key header")
        }
        let decision = await state.admit(key: call.key ?? "", tokens: call.promptTokens + 32)
        if let limited = decision.limited {
            await state.record(.object(entry), status: 429, dialect: call.dialect.rawValue, fault: fault)
            return responder.rateLimited(limited, decision: decision)
        }
        let response = await responder.respond(fault: fault, decision: decision)
        await state.record(
            .object(entry), status: response.statusCode.code, dialect: call.dialect.rawValue, fault: fault)
        return response
    }

    private func credentialHeader(_ header: (String) -> String?) -> String? {
        ["authorization", "x-api-key", "x-goog-api-key"].first { header($0) != nil }
    }

    static func json(_ status: Int, _ value: SluiceCore.JSONValue, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return HTTPResponse(
            statusCode: HTTPStatusCode(status, phrase: phrase(status)), headers: headers,
            body: Data(value.formatted(.compact).utf8))
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        case 529: "Overloaded"
        default: "Status"
        }
    }
}
