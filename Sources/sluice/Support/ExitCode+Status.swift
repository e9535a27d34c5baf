import ArgumentParser
import SluiceCore

extension ExitCode {
    /// The argument parser's exit for one of Sluice's named statuses.
    init(_ status: ExitStatus) {
        self.init(status.rawValue)
    }
}
