import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastStore
import CareCastWeb
import Foundation
import Logging
import Vapor

/// `carecast-server admin …`: set-up from the command line, on the same store the service uses.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the first administrator, organisations, people and tokens; open rounds; apply the retention schedule.",
        subcommands: [CreateAdmin.self, CreateUser.self, CreateOrganisation.self, ImportLAs.self, CreateToken.self, OpenRound.self, CloseRound.self, Purge.self]
    )

    /// Opens the store named by the environment, runs `body`, and closes it.
    static func withStore<T>(_ body: (Store) async throws -> T) async throws -> T {
        let settings = try ServerSettings.fromEnvironment()
        var logger = Logger(label: "carecast.admin")
        logger.logLevel = .warning
        let store = try await Store.open(settings.location, logger: logger)
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            if let e = error as? StoreError { throw ValidationError(e.description) }
            throw error
        }
    }

    /// The first line of standard input: passwords are never taken as arguments (they would
    /// show in the process list and the shell's history).
    static func readPassword() throws -> String {
        guard let line = readLine(strippingNewline: true), line.count >= 12 else {
            throw ValidationError("give the password (at least 12 characters) on standard input")
        }
        return line
    }

    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-admin", abstract: "Create an administrator (password on standard input).")
    @Option var email: String
    @Option var name: String

    func run() async throws {
        let hash = try Bcrypt.hash(try Admin.readPassword())
        let account = try await Admin.withStore { try await $0.createUser(email: email, name: name, role: .administrator, organisation: nil, passwordHash: hash, by: nil) }
        Admin.say("administrator \(account.email) created (\(account.id))")
    }
}

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-user", abstract: "Create a submitter, analyst or administrator (password on standard input).")
    @Option var email: String
    @Option var name: String
    @Option(help: "submitter, analyst or administrator") var role: String
    @Option(help: "For a submitter: the organisation, by name or by one of its ONS codes.") var organisation: String?

    func run() async throws {
        guard let role = UserRole(rawValue: role) else { throw ValidationError("--role must be submitter, analyst or administrator") }
        let hash = try Bcrypt.hash(try Admin.readPassword())
        let account = try await Admin.withStore { store -> Account in
            var orgID: UUID?
            if let organisation {
                let all = try await store.organisations()
                guard let o = all.first(where: { $0.name == organisation || $0.onsCodes.contains(organisation) }) else {
                    throw ValidationError("no organisation named or coded '\(organisation)'")
                }
                orgID = o.id
            }
            return try await store.createUser(email: email, name: name, role: role, organisation: orgID, passwordHash: hash, by: nil)
        }
        Admin.say("\(role.rawValue) \(account.email) created (\(account.id))")
    }
}

struct CreateOrganisation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-organisation", abstract: "Create an organisation.")
    @Option(help: "local_authority, childrens_home or training_provider") var kind: String
    @Option var name: String
    @Option(help: "ONS code (repeat for a joint return).") var ons: [String] = []
    @Option(help: "Old three-digit LEA code (repeat, in the same order).") var lea: [String] = []
    @Option(help: "Ofsted URN, for a children's home.") var urn: String?
    @Option var region: String?

    func run() async throws {
        guard let kind = OrganisationKind(rawValue: kind) else { throw ValidationError("--kind must be local_authority, childrens_home or training_provider") }
        if kind == .localAuthority, ons.isEmpty || ons.count != lea.count { throw ValidationError("a local authority needs --ons and --lea, one of each per authority") }
        let o = try await Admin.withStore { try await $0.createOrganisation(Organisation(kind: kind, name: name, onsCodes: ons, leaCodes: lea, urn: urn, region: region), by: nil) }
        Admin.say("organisation \(o.name) created (\(o.id))")
    }
}

struct ImportLAs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import-las", abstract: "Create an organisation for every reporting unit of the bundled workforce statistics (joint returns as one).")
    @Option(help: "A folder in the layout of data/england (default: the bundled data).") var data: String?

    func run() async throws {
        let bundle: EnglandBundle
        let units: ReportingUnits
        do {
            bundle = try EnglandBundle(directory: data ?? EnglandBundle.defaultDirectory())
            units = try bundle.reportingUnits()
        } catch {
            throw ValidationError("\(error)")
        }
        let regionNames = Dictionary(uniqueKeysWithValues: England.regions.map { ($0.code, $0.name) })
        let created = try await Admin.withStore { store -> (Int, Int) in
            let existing = Set(try await store.organisations().flatMap(\.onsCodes))
            var made = 0, skipped = 0
            for unit in units.units {
                if unit.members.contains(where: existing.contains) { skipped += 1; continue }
                let lea = unit.oldCode.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
                try await store.createOrganisation(Organisation(kind: .localAuthority, name: unit.name, onsCodes: unit.members, leaCodes: lea,
                                                                region: regionNames[unit.regionCode]), by: nil)
                made += 1
            }
            return (made, skipped)
        }
        Admin.say("\(created.0) local authorities created from the \(units.year) workforce statistics; \(created.1) already present")
    }
}

struct CreateToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-token", abstract: "Create an API token for a person and print it (once: it is stored hashed).")
    @Option var email: String
    @Option var label: String

    func run() async throws {
        let secret = try await Admin.withStore { store -> String in
            guard let account = try await store.user(email: email) else { throw ValidationError("no one with the email \(email)") }
            let secret = Secrets.token()
            _ = try await store.createToken(user: account.id, label: label, tokenHash: Secrets.hash(secret))
            return secret
        }
        Admin.say(secret)
    }
}

struct OpenRound: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open-round", abstract: "Open a collection round.")
    @Option var year: Int
    @Option(help: "YYYY-MM-DD (default: 30 September of the year).") var referenceDate: String?
    @Option(help: "YYYY-MM-DD") var deadline: String
    @Option(help: "The administrator opening it.") var email: String

    func run() async throws {
        try await Admin.withStore { store in
            guard let account = try await store.user(email: email), account.role == .administrator else { throw ValidationError("\(email) is not an administrator") }
            let round = try await store.openRound(year: year, referenceDate: referenceDate ?? "\(year)-09-30", deadline: deadline, by: account.id)
            Admin.say("the \(round.year) round is open: reference date \(round.referenceDate), due \(round.deadline)")
        }
    }
}

struct CloseRound: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close-round", abstract: "Close a collection round.")
    @Option var year: Int
    @Option(help: "The administrator closing it.") var email: String

    func run() async throws {
        try await Admin.withStore { store in
            guard let account = try await store.user(email: email), account.role == .administrator else { throw ValidationError("\(email) is not an administrator") }
            try await store.closeRound(year: year, by: account.id)
            Admin.say("the \(year) round is closed")
        }
    }
}

struct Purge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the retention schedule: delete worker-level data (uploaded files, SWE numbers and values in findings) of rounds closed at least --days ago. Counts are kept.")
    @Option(help: "Days after a round closes (default 90: time to query the counts with the authorities).") var days = 90

    func run() async throws {
        let n = try await Admin.withStore { try await $0.purgeWorkerLevelData(olderThanDays: days, by: nil) }
        Admin.say("\(n) return versions purged of worker-level data")
        // Spool files a crash left behind (an upload in flight is younger than an hour).
        let spool = try ServerSettings.fromEnvironment().spoolDirectory
        let swept = Spool.sweep(directory: spool, olderThan: 3600)
        Admin.say("\(swept) spool files older than an hour removed from \(spool)")
    }
}
