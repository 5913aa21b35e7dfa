import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastReport
import Foundation
import Testing

/// The report as a reader meets it: rendered by a real browser and the workbook opened by
/// LibreOffice. On CI (CI=true) the tools must be there: `.ci/run` installs them.
@Suite("The report in a real browser and the workbook in LibreOffice", .serialized)
struct BrowserTests {
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    static var onCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Runs a tool, returning its exit status and standard error.
    static func run(_ tool: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> (status: Int32, stderr: String, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-capture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: err, encoding: .utf8)) ?? "", (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }

    static func writeReport() async throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("carecast-browser-\(UUID().uuidString)")
        let report = try await Report.build(dataDirectory: ReportTests.bundle)
        try ReportTests.write(report, to: dir.appendingPathComponent("report").path)
        return dir
    }

    @Test("Headless Chromium renders the page with its charts, no console errors; a screenshot and a PDF are saved")
    func chromium() async throws {
        guard let chromium = Self.find(["chromium", "chromium-browser", "google-chrome"]) else {
            #expect(!Self.onCI, "Chromium is not installed: .ci/run installs Debian's chromium package")
            return
        }
        let dir = try await Self.writeReport()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report/index.html").absoluteString
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]
        // The page as rendered (after any script would run), and the browser's console.
        let dom = try Self.run(chromium, flags + ["--enable-logging=stderr", "--v=0", "--dump-dom", page])
        #expect(dom.status == 0)
        #expect(dom.stdout.contains("id=\"answer\""), "the page rendered blank")
        for chart in ["chart-england", "chart-regions", "chart-supply-regions"] {
            #expect(dom.stdout.contains("id=\"\(chart)\""), "chart \(chart) missing")
        }
        let consoleErrors = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") && ($0.contains("ERROR") || $0.contains("Uncaught")) }
        #expect(consoleErrors.isEmpty, "console errors: \(consoleErrors.joined(separator: "\n"))")
        // A screenshot: a blank white page compresses to a few kilobytes; this one has text and charts.
        let shot = dir.appendingPathComponent("screenshot.png")
        _ = try Self.run(chromium, flags + ["--window-size=1200,3000", "--screenshot=\(shot.path)", page])
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 50_000, "screenshot of \(png.count) bytes looks blank")
        // And a PDF.
        let pdf = dir.appendingPathComponent("report.pdf")
        _ = try Self.run(chromium, flags + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page])
        let pdfBytes = try Data(contentsOf: pdf)
        #expect(pdfBytes.starts(with: Array("%PDF".utf8)))
        #expect(pdfBytes.count > 50_000)
    }

    @Test("The workbook opens in LibreOffice and its first sheet is the projection table")
    func libreOffice() async throws {
        guard let office = Self.find(["libreoffice", "soffice"]) else {
            #expect(!Self.onCI, "LibreOffice is not installed: .ci/run installs Debian's libreoffice-calc-nogui package")
            return
        }
        let dir = try await Self.writeReport()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("converted")
        let profile = dir.appendingPathComponent("lo-profile").absoluteString
        let run = try Self.run(office, ["-env:UserInstallation=\(profile)", "--headless", "--convert-to", "csv", "--outdir", out.path, dir.appendingPathComponent("report/data/open-data.xlsx").path], timeout: 300)
        #expect(run.status == 0, "LibreOffice: \(run.stderr)")
        let converted = try CSVReader.parse(Array(try Data(contentsOf: out.appendingPathComponent("open-data.csv"))), file: "open-data.csv")
        let original = try CSVReader.parse(Array(try Data(contentsOf: dir.appendingPathComponent("report/data/projection.csv"))), file: "projection.csv")
        #expect(converted.header == original.header)
        #expect(converted.rows.count == original.rows.count)
        for i in stride(from: 0, to: original.rows.count, by: 997) {
            for (c, cell) in original.rows[i].enumerated() {
                if let a = Double(cell), let b = Double(converted.rows[i][c]) {
                    #expect(abs(a - b) < 1e-9, "row \(i + 2) column \(original.header[c])")
                } else {
                    #expect(cell == converted.rows[i][c], "row \(i + 2) column \(original.header[c])")
                }
            }
        }
    }
}
