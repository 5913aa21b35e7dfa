import CareCastBaselines
import CareCastExplorer
import CareCastFormats
import CareCastModel
import CareCastReport
import Foundation
import Testing

@Suite("The explorer's figures are simulate's", .serialized)
struct ExplorerReproduceTests {
    static let edition: Result<ExplorerEdition, DataFileError> = {
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var out: Result<ExplorerEdition, DataFileError>!
        Task.detached {
            do throws(DataFileError) {
                out = .success(try await ExplorerEdition.load(dataDirectory: EnglandBundle.defaultDirectory(), parameterSets: 3))
            } catch {
                out = .failure(error)
            }
            semaphore.signal()
        }
        semaphore.wait()
        return out
    }()

    @Test("The reproduce panel's scenario and command give the explorer's gap CSV rows byte for byte, for levers and for the baseline")
    func reproduce() async throws {
        let edition = try Self.edition.get()
        for query in [[("area", "E09000007"), ("draws", "120"), ("seed", "7"), ("exit", "0.8"), ("intake_degree", "1.4"), ("caseload", "0.9"), ("reform", "0.5"), ("rules", "0.5"), ("trend", "0.005"), ("pay", "0.05")],
                      [("draws", "100"), ("seed", "1")]] {
            let settings = try ExplorerSettings.parse(query, edition: edition)
            // Through the engine, which prepares the parameter sets of the run's own seed.
            let run = try await ExplorerEngine(edition: edition, tasks: 2).run(settings)
            let view = ExplorerView(settings: settings, edition: edition, run: run)
            let csv = try #require(ExplorerData.csv("gap", view: view))
            let command = ExplorerReproduce.command(settings, edition: edition)
            #expect(command.contains("--scenario explorer-scenario.yaml --draws \(settings.draws) --seed \(settings.seed) --parameter-sets 3"))
            try Sandbox.with { sandbox in
                _ = try sandbox.write("explorer-scenario.yaml", ExplorerReproduce.scenarioFile(settings, edition: edition))
                // The command as the panel gives it, run by the built carecast.
                let arguments = Array(command.split(separator: " ").map(String.init).drop { $0 != "simulate" })
                let outcome = try sandbox.run(arguments)
                #expect(outcome.status == 0, "\(outcome.stderr)")
                let simulated = try String(contentsOfFile: sandbox.path("simulation.csv"), encoding: .utf8).split(separator: "\n")
                let code = settings.area == "E92000001" ? "National,E92000001,England,,,,,,Total," : ",\(settings.area),"
                let rows = simulated.filter { $0.contains(code) && $0.contains(",Total,") }
                let mine = csv.split(separator: "\n").dropFirst()
                #expect(rows.count == mine.count)
                #expect(Array(rows) == Array(mine))
            }
        }
    }

    @Test("The report's Monte Carlo gives the explorer's figures for the baseline: every quantile of an authority's roles and years, and the probability that supply meets need")
    func report() async throws {
        let edition = try Self.edition.get()
        let report = try await Report.build(dataDirectory: EnglandBundle.defaultDirectory(), draws: 100, seed: 1, parameterSets: 3, tasks: 2)
        let sim = try #require(report.simulation)
        for code in ["E09000007", "E92000001"] {
            let settings = try ExplorerSettings.parse([("draws", "100"), ("seed", "1"), ("area", code)], edition: edition)
            let run = try await ExplorerEngine(edition: edition, tasks: 2).run(settings)
            let a = try #require(sim.areas.firstIndex { $0.code.rawValue == code })
            for m in SimulationSummary.Measure.allCases {
                for t in sim.years.indices {
                    for r in sim.roles.indices {
                        #expect(run.quantile(m, role: r, yearIndex: t) == SimulationSummary.quantiles.map { sim.quantile(m, area: a, role: r, yearIndex: t, $0) })
                    }
                }
            }
            for t in sim.years.indices {
                let total = sim.roles.count - 1
                let expected = code == "E92000001" ? sim.supplyMeetsNeed[t] : sim.sketch.fraction(atMost: 0, cell: sim.cell(.gap, area: a, role: total, yearIndex: t))
                #expect(run.probabilityMet(role: total, yearIndex: t) == expected)
            }
        }
    }

    @Test("A run that reuses the requirement's layout of the same seed and demand levers gives a fresh run's figures")
    func layoutReuse() async throws {
        let edition = try Self.edition.get()
        let engine = ExplorerEngine(edition: edition, tasks: 2)
        _ = try await engine.run(try ExplorerSettings.parse([("draws", "100"), ("caseload", "0.9"), ("exit", "0.8")], edition: edition))
        let settings = try ExplorerSettings.parse([("draws", "100"), ("caseload", "0.9"), ("exit", "1.2"), ("area", "E12000002")], edition: edition)
        let reused = try await engine.run(settings)
        let fresh = try await ExplorerEngine(edition: edition, tasks: 1).run(settings)
        for m in SimulationSummary.Measure.allCases {
            for t in reused.years.indices { #expect(reused.quantile(m, role: 0, yearIndex: t) == fresh.quantile(m, role: 0, yearIndex: t)) }
        }
        #expect(reused.mapMedians(area: reused.areas.firstIndex { $0.isLeaf }!, horizon: 10) == fresh.mapMedians(area: fresh.areas.firstIndex { $0.isLeaf }!, horizon: 10))
    }

    @Test("Bad parameters are refused with the parameter named; the canonical query reads back to the same settings")
    func parameters() throws {
        let edition = try Self.edition.get()
        for (query, parameter) in [([("exit", "banana")], "exit"), ([("exit", "9")], "exit"), ([("colour", "red")], "colour"), ([("area", "E99999999")], "area"),
                                   ([("draws", "5")], "draws"), ([("seed", "-1")], "seed"), ([("exit", "0.9"), ("exit", "0.8")], "exit"), ([("preset", "nope")], "preset"),
                                   ([("horizon", "7")], "horizon"), ([("role", "nobody")], "role")] {
            #expect(throws: ExplorerProblem.self) { _ = try ExplorerSettings.parse(query, edition: edition) }
            do { _ = try ExplorerSettings.parse(query, edition: edition) } catch { #expect(error.parameter == parameter && error.status == 400) }
        }
        let settings = try ExplorerSettings.parse([("preset", "training-expansion"), ("exit", "0.9"), ("area", "E12000007")], edition: edition)
        #expect(settings.levers["intake_all"] == 1.25 && settings.levers["exit"] == 0.9)
        let query = settings.query(edition)
        let pairs = query.split(separator: "&").map { $0.split(separator: "=").map(String.init) }.map { ($0[0], $0[1]) }
        #expect(try ExplorerSettings.parse(pairs, edition: edition) == settings)
        // Every shipped scenario whose levers the explorer has is a starting point.
        #expect(Set(edition.presets.map(\.name)).isSuperset(of: ["training-expansion", "pay-and-retention", "agency-conversion", "reform", "no-agency-rules"]))
        #expect(edition.hexes.count >= 140)
    }

    @Test("The page: a form that works without script, a table beside every chart, escaped text, the same bytes twice")
    func page() async throws {
        let edition = try Self.edition.get()
        let settings = try ExplorerSettings.parse([("draws", "100"), ("exit", "0.85"), ("area", "E08000025")], edition: edition)
        let run = await ExplorerRun.run(settings, edition: edition, parameterSets: edition.parameterSets, tasks: 2)
        let context = ExplorerPage.Context(latestEdition: edition.year + 1, editions: [edition.year + 1, edition.year], version: "test")
        let page = ExplorerPage.page(settings, edition: edition, run: run, context: context)
        #expect(page == ExplorerPage.page(settings, edition: edition, run: run, context: context))
        #expect(page.hasPrefix("<!DOCTYPE html><html lang=\"en-GB\">"))
        #expect(page.contains("<form id=\"levers\" method=\"get\" action=\"/explore\">"))
        #expect(page.contains("id=\"newer-edition\""))
        for lever in edition.levers { #expect(page.contains("<label for=\"l-\(lever.name)\">")) }
        let charts = page.components(separatedBy: "<svg").count - 1
        #expect(charts >= 5)
        #expect(page.components(separatedBy: "class=\"chart-pair\"").count - 1 == charts)
        #expect(!page.contains(" style=\"") && !page.contains("<script>"))
        // Built from nodes: no markup escaped into text, as a tag added to a node as a string would be.
        for tag in ["&lt;p", "&lt;/", "&lt;a ", "&lt;code", "&amp;amp;"] { #expect(!page.contains(tag), "escaped markup \(tag)") }
        #expect(page.contains("data-figure=\"gap-10\""))
        // No asset from elsewhere: the only absolute URL is SVG's namespace.
        #expect(page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
        // Gap with levers differs from the baseline's.
        let baseline = await ExplorerRun.run(try ExplorerSettings.parse([("draws", "100"), ("area", "E08000025")], edition: edition), edition: edition, parameterSets: edition.parameterSets, tasks: 2)
        #expect(run.quantile(.gap, role: run.roleNames.count - 1, yearIndex: 10) != baseline.quantile(.gap, role: run.roleNames.count - 1, yearIndex: 10))
        #expect(!run.contributions.isEmpty)
    }
}
