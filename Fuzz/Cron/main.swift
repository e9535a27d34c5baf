import Foundation
import FuzzDriver
import SluiceCore
import SluiceCron

// libFuzzer target: the cron expression parser behind `schedule:`. Every input is an
// expression or located diagnostics; an expression that can fire must give its next fire times,
// each later than the one before, in UTC and in a zone with daylight saving time. A trap, a
// hang or a sanitizer report is a bug.
// Build and run with `scripts/fuzz.sh cron SECONDS` (see docs/development.md, "Fuzzing").

private let start = Date(timeIntervalSince1970: 1_767_225_600)
private let zones = [TimeZone(identifier: "UTC"), TimeZone(identifier: "Europe/Berlin")].compactMap { $0 }

runFuzzer { data, size in
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    guard let expression = try? CronExpression.parse(text), expression.canFire else { return 0 }
    for zone in zones {
        let times = expression.fireTimes(after: start, in: zone, count: 3)
        var previous = start
        for time in times {
            if time <= previous { fatalError("'\(text)' fires at \(time), not after \(previous), in \(zone)") }
            previous = time
        }
    }
    return 0
}
