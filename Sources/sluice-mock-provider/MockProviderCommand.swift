import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation

/// `sluice-mock-provider`: a loopback HTTP server speaking the OpenAI, Anthropic and Gemini
/// dialects, streamed and not, with deterministic replies, rate limits and fault injection, for
/// tests and benchmarks. It prints `listening on 127.0.0.1:PORT` once it accepts connections.
@main
struct MockProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-mock-provider",
        abstract: "A mock LLM provider server on loopback, for Sluice's tests and benchmarks.")

    @OptionGroup var options: MockOptions

    func run() async throws {
        if options.exitsWithStandardInput {
            // A test process that dies without stopping its mock closes the pipe; the mock follows.
            Thread.detachNewThread {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                Foundation.exit(0)
            }
        }
        let state = MockState(options: options)
        let server = HTTPServer(
            address: try sockaddr_in.inet(ip4: "127.0.0.1", port: options.port), timeout: 3600,
            logger: .disabled, handler: MockHandler(state: state, options: options))
        let announce = Task {
            try await server.waitUntilListening()
            if case .ip4(let host, let port)? = await server.listeningAddress {
                FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
            }
        }
        defer { announce.cancel() }
        try await server.run()
    }
}
