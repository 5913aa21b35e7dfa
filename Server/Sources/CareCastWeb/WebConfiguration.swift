import CareCastStore
import Foundation

/// Everything the web tier needs, read once at the edge (the server's `main`) and passed in.
public struct WebConfiguration: Sendable {
    public var store: Store
    /// Mark cookies Secure: set when the service is behind TLS (`SECURE_COOKIES=1`).
    public var secureCookies: Bool
    /// Largest upload accepted, in bytes.
    public var maxUploadBytes: Int
    /// Failed logins allowed per email (and per client address) in `loginWindow` before refusing.
    public var loginAttempts: Int
    public var loginWindow: TimeInterval
    /// How long a session lasts.
    public var sessionLifetime: TimeInterval
    /// Where uploads are spooled while they are read: a folder the server owns (created with
    /// owner-only permissions at start-up, and swept of any spool file left by a crash).
    public var spoolDirectory: String
    /// Bcrypt cost for new passwords.
    public var bcryptCost: Int
    /// The names in the assessment's assumptions file, which consultation evidence must name.
    public var assumptionNames: Set<String>
    /// Bytes of return files an organisation may keep stored (until purged), and uploads it may
    /// make in an hour: junk cannot fill the disk, nor one client the queue.
    public var quotaBytesPerOrganisation: Int
    public var uploadsPerHour: Int
    /// Returns checked at once (the rest queue): memory is bounded by this, not by the uploads.
    public var checks: CheckQueue
    /// The public explorer (`/explore`), when the server serves it.
    public var explorer: ExplorerService?

    public init(store: Store, secureCookies: Bool = false, maxUploadBytes: Int = 200 << 20, loginAttempts: Int = 5,
                loginWindow: TimeInterval = 900, sessionLifetime: TimeInterval = 8 * 3600,
                spoolDirectory: String = WebConfiguration.defaultSpoolDirectory, bcryptCost: Int = 12, assumptionNames: Set<String> = [],
                quotaBytesPerOrganisation: Int = 2 << 30, uploadsPerHour: Int = 120, concurrentChecks: Int = 2) {
        self.checks = CheckQueue(limit: concurrentChecks)
        self.quotaBytesPerOrganisation = quotaBytesPerOrganisation
        self.uploadsPerHour = uploadsPerHour
        self.assumptionNames = assumptionNames
        self.store = store
        self.secureCookies = secureCookies
        self.maxUploadBytes = maxUploadBytes
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
        self.sessionLifetime = sessionLifetime
        self.spoolDirectory = spoolDirectory
        self.bcryptCost = bcryptCost
    }

    /// `carecast-spool` in the system's temporary folder.
    public static var defaultSpoolDirectory: String { (NSTemporaryDirectory() as NSString).appendingPathComponent("carecast-spool") }
}
