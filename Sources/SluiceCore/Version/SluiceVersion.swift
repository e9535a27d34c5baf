/// The version of this build of Sluice, shown by `sluice --version` and recorded with every run.
public enum SluiceVersion {
    /// The semantic version string.
    public static let current = "0.1.0-dev"
}
