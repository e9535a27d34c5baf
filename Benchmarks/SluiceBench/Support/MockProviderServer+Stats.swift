import Foundation
import SluiceCore
import SluiceTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension MockProviderServer {
    /// The mock's counters (`/_mock/stats`): answers per status, peak streams.
    func stats() async throws -> JSONValue {
        guard let url = URL(string: baseURL + "/_mock/stats") else { return .null }
        let (data, _) = try await URLSession.shared.data(from: url)
        return try JSONValue(parsing: Array(data))
    }
}
