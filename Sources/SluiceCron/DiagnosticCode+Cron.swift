public import SluiceCore

/// Every code `SluiceCron` gives its diagnostics: the one catalogue for the module.
extension DiagnosticCode {
    // MARK: - Cron expressions

    /// A cron expression that cron would refuse or misread: wrong field count, a value out of range, bad syntax.
    public static let invalidCron: DiagnosticCode = "invalid-cron"
    /// A cron expression that no date can match, such as `0 0 30 2 *`.
    public static let cronNeverFires: DiagnosticCode = "cron-never-fires"

    // MARK: - The crontab block

    /// A crontab whose Sluice block is damaged (a begin marker without its end), so Sluice will not edit it.
    public static let damagedCrontabBlock: DiagnosticCode = "damaged-crontab-block"
    /// A pipeline whose `timezone` differs from the machine's, which cron cannot honour.
    public static let zoneNeedsDaemon: DiagnosticCode = "zone-needs-daemon"
    /// A crontab line Sluice cannot write safely (a path with a newline in it).
    public static let unsafeCrontabLine: DiagnosticCode = "unsafe-crontab-line"

    // MARK: - crontab itself

    /// The `crontab` program is missing or refused to read or write the crontab.
    public static let crontabFailed: DiagnosticCode = "crontab-failed"

    // MARK: - The overlap lock

    /// A pipeline's overlap lock file could not be opened or locked.
    public static let lockFailed: DiagnosticCode = "lock-failed"
}
