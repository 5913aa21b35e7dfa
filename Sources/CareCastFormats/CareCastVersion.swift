/// The tool's version, written into every report's manifest and shown by the explorer.
public enum CareCastVersion {
    public static let string = "0.1.0"
}
