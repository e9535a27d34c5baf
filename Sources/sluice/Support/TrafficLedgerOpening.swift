import Foundation
import SluicePipeline
import SluiceTraffic

/// The project's shared rate-limit ledger, `.sluice/traffic.db`, so that every `sluice run` on
/// this machine spends from the same per-account budgets; when it cannot be opened, a warning
/// and a ledger for this process alone.
func openTrafficLedger(project: Project) -> any RateLedger {
    let url = URL(fileURLWithPath: project.root).appendingPathComponent(".sluice/traffic.db")
    do {
        return try SQLiteRateLedger(at: url)
    } catch {
        Terminal.printError(
            "warning: \(error.message); rate limits are kept for this process only, so other runs on the same "
                + "account are not counted (\(error.hint))\n")
        return InMemoryRateLedger()
    }
}
