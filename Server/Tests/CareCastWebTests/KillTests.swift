import CareCastBaselines
import CareCastFormats
import CareCastReturns
@testable import CareCastStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real server, as a process: started, fed, killed with SIGKILL in the middle of an
/// upload, and the database read afterwards.
struct ServerProcess {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("carecast-server").path

    let directory: String
    let port: Int
    /// The server's spool folder, inside the test's own folder.
    var spool: String { directory + "/spool" }

    /// The spool files in it (what a crash may leave behind).
    func spoolFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasPrefix("carecast-") }
    }
    var env: [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["DATABASE_URL"] = "sqlite:\(directory)/carecast.sqlite"
        e["PORT"] = String(port)
        e["LOG_LEVEL"] = "warning"
        e["SPOOL_DIR"] = spool
        return e
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Runs `carecast-server ARGS` to completion with `input` on standard input; its output.
    func run(_ arguments: [String], input: String = "") throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = arguments
        p.environment = env
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = FileHandle.nullDevice
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func start() throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["serve"]
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<200 {
            if let r = try? request("GET", "/health"), r.status == 200 { return p }
            usleep(50_000)
        }
        p.terminate()
        throw CocoaError(.fileReadUnknown)
    }

    func connect() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { close(fd); throw CocoaError(.fileReadNoSuchFile) }
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// One HTTP/1.1 request, `Connection: close`; the status and body.
    func request(_ method: String, _ path: String, token: String? = nil, body: [UInt8] = []) throws -> (status: Int, body: String) {
        let fd = try connect()
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if body.first == UInt8(ascii: "{") { head += "Content-Type: application/json\r\n" }
        _ = Self.send(fd, Array((head + "\r\n").utf8) + body)
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }
}

@Suite("Nothing lost: the server killed in the middle of an upload", .serialized)
struct KillTests {
    @Test("SIGKILL during an upload, and again while a return is being checked and stored: the database is consistent and the accepted version intact")
    func killDuringUpload() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-kill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = ServerProcess(directory: directory, port: ServerProcess.freePort())
        _ = try server.run(["admin", "create-admin", "--email", "admin@dfe.example", "--name", "Admin"], input: "admin password 1\n")
        _ = try server.run(["admin", "create-organisation", "--kind", "local_authority", "--name", "Hartlepool", "--ons", "E06000001", "--lea", "805", "--region", "North East"])
        _ = try server.run(["admin", "create-user", "--email", "a@hartlepool.example", "--name", "A", "--role", "submitter", "--organisation", "Hartlepool"], input: "password of a 1\n")
        _ = try server.run(["admin", "open-round", "--year", "2022", "--deadline", "2022-11-30", "--email", "admin@dfe.example"])
        let token = try server.run(["admin", "create-token", "--email", "a@hartlepool.example", "--label", "test"])
        #expect(token.count > 30)

        var process = try server.start()
        let orgs = try server.request("GET", "/api/v1/organisations", token: token)
        let org = try #require((try JSONSerialization.jsonObject(with: Data(orgs.body.utf8)) as? [[String: Any]])?.first?["id"] as? String)
        // Version 1: a clean return, accepted.
        let clean = Array(cleanReturn().replacingOccurrences(of: "<Cases30>45</Cases30>", with: "<Cases30>20</Cases30>").utf8)
        let v1 = try server.request("POST", "/api/v1/returns?organisation=\(org)&year=2022&name=v1.xml", token: token, body: clean)
        #expect(v1.status == 201)
        let v1id = try #require((try JSONSerialization.jsonObject(with: Data(v1.body.utf8)) as? [String: Any])?["id"] as? String)
        #expect(try server.request("POST", "/api/v1/returns/\(v1id)/accept", token: token).status == 200)

        // A large return: 40,000 generated workers (about 20 MB).
        let big = directory + "/big.xml"
        try CensusSample.writeXML(records: 40_000, seed: 3, year: 2022, lea: "805", to: big)
        let bigBytes = Array(try Data(contentsOf: URL(fileURLWithPath: big)))

        // 1. Killed while the body is still arriving.
        do {
            let fd = try server.connect()
            let head = "POST /api/v1/returns?organisation=\(org)&year=2022&name=big.xml HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(bigBytes.count)\r\n\r\n"
            _ = ServerProcess.send(fd, Array(head.utf8) + bigBytes[0..<(bigBytes.count / 3)])
            usleep(200_000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            close(fd)
            #expect(process.terminationReason == .uncaughtSignal)
        }
        try await Self.checkConsistent(directory: directory, acceptedID: v1id, clean: clean)

        // 2. Killed after the whole body has arrived, while it is checked and stored.
        process = try server.start()
        do {
            let fd = try server.connect()
            let head = "POST /api/v1/returns?organisation=\(org)&year=2022&name=big.xml HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(bigBytes.count)\r\n\r\n"
            _ = ServerProcess.send(fd, Array(head.utf8) + bigBytes)
            usleep(300_000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            close(fd)
        }
        try await Self.checkConsistent(directory: directory, acceptedID: v1id, clean: clean)

        // The server starts again on the same database and serves version 1; the spool file
        // the kill left behind (personal data: SWE numbers) is gone before the first request.
        process = try server.start()
        let again = try server.request("GET", "/api/v1/returns/\(v1id)", token: token)
        #expect(again.status == 200 && again.body.contains("\"status\":\"accepted\""))
        #expect(server.spoolFiles().isEmpty, "left in the spool folder: \(server.spoolFiles())")
        let mode = (try FileManager.default.attributesOfItem(atPath: server.spool)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o700, "the spool folder is the server's alone")
        process.terminate()
        process.waitUntilExit()
    }

    /// The database passes SQLite's integrity check; version 1 is accepted with its file; any
    /// later version is whole (its findings all there) and not accepted.
    static func checkConsistent(directory: String, acceptedID: String, clean: [UInt8]) async throws {
        let store = try await Store.open(.sqlite(path: directory + "/carecast.sqlite"))
        do {
            #expect(try await store.integrityCheck() == "ok")
            let versions = try await store.returns()
            let v1 = try #require(versions.first { $0.id.uuidString == acceptedID })
            #expect(v1.status == .accepted && v1.version == 1)
            #expect(try await store.parts(returnID: v1.id).first?.content == Data(clean))
            for v in versions where v.id != v1.id {
                #expect(v.status == .checked)
                let findings = try await store.findings(returnID: v.id)
                #expect(findings.count == min(v.errors + v.queries, 10_000), "a stored version has all its findings")
                #expect(try await store.parts(returnID: v.id).first?.content.count == v.size, "and its whole file")
            }
            #expect(Set(versions.map(\.version)).count == versions.count)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
