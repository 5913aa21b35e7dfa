import CareCastBaselines
import CareCastFormats
import CareCastModel

/// Every chart's figures as CSV in DfE's explore-education-statistics layout, and the JSON API:
/// both read ``ExplorerView``, as the page does.
public enum ExplorerData {
    public static let tables = ["gap", "required", "map", "contributions", "cost"]

    static let geography = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name"

    static func f1(_ v: Double) -> String { v.isNaN ? "z" : NumberText.fixed(v, decimals: 1) }

    /// A table by name (one of ``tables``); nil for another name.
    public static func csv(_ name: String, view: ExplorerView) -> String? {
        let run = view.run, s = view.settings
        let where_ = EESGeography.columns(run.areas, view.area)
        let role = EESGeography.quote(view.role == run.roleNames.count - 1 ? "Total" : run.roleNames[view.role])
        var out: [String]
        switch name {
        case "gap":
            // Exactly the rows `carecast simulate` writes for this area and role.
            out = [geography + ",role,measure,q05,q25,q50,q75,q95,draws,seed"]
            for t in run.years.indices {
                for m in SimulationSummary.Measure.allCases {
                    out.append("\(run.years[t]),Reporting year,\(where_),\(role),\(m)," + view.quantiles(m, yearIndex: t).map(f1).joined(separator: ",") + ",\(s.draws),\(s.seed)")
                }
            }
        case "required":
            out = [geography + ",role,required_need_based,required_obr_consistent,supply,gap_need_based,gap_obr_consistent"]
            for (t, row) in view.requiredRows().enumerated() { out.append("\(run.years[t]),Reporting year,\(where_),\(role)," + row.map(f1).joined(separator: ",")) }
        case "map":
            out = [geography + ",role,gap_median,required_median,gap_percent_of_required,draws,seed"]
            let year = run.years[min(s.horizon, run.years.count - 1)]
            let index = Dictionary(run.areas.indices.map { (run.areas[$0].code.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            for f in view.mapFigures() {
                out.append("\(year),Reporting year,\(EESGeography.columns(run.areas, index[f.code]!)),Total,\(f1(f.gap)),\(f1(f.required)),\(NumberText.fixed(f.relative * 100, decimals: 2)),\(s.draws),\(s.seed)")
            }
        case "contributions":
            out = [geography + ",role,lever,lever_label,gap_change"]
            let year = run.years[min(s.horizon, run.years.count - 1)]
            for c in view.contributionRows() { out.append("\(year),Reporting year,\(where_),Total,\(c.lever),\(EESGeography.quote(c.label)),\(f1(c.change))") }
        case "cost":
            out = [geography + ",baseline_gbp,levers_gbp,difference_gbp"]
            let (base, with, _) = view.costs()
            for t in run.years.indices { out.append("\(run.years[t]),Reporting year,\(where_),\(f1(base.total(t))),\(f1(with.total(t))),\(f1(with.total(t) - base.total(t)))") }
        default:
            return nil
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The JSON answer of `/api/v1/explore`.
    public static func json(view: ExplorerView, permalink: String, latestEdition: Int) -> [UInt8] {
        let run = view.run, s = view.settings, edition = view.edition
        var w = JSONWriter()
        w.beginObject()
        w.member("edition", s.edition)
        w.member("latestEdition", latestEdition)
        w.member("area", s.area)
        w.member("areaName", view.areaName)
        w.member("role", s.role)
        w.member("draws", s.draws)
        w.member("seed", String(s.seed))
        w.member("parameterSets", run.parameterSets)
        w.member("permalink", permalink)
        w.memberObject("levers") { w in
            for lever in edition.levers { w.member(lever.name, s.value(lever)) }
        }
        w.memberArray("years") { w in for y in run.years { w.integer(y) } }
        for m in SimulationSummary.Measure.allCases {
            w.memberObject("\(m)") { w in
                for (i, q) in ["q05", "q25", "q50", "q75", "q95"].enumerated() {
                    w.memberArray(q) { w in for t in run.years.indices { w.number(view.quantiles(m, yearIndex: t)[i]) } }
                }
            }
        }
        w.memberObject("probabilitySupplyMeetsNeed") { w in
            for h in ExplorerSettings.horizons where h < run.years.count { w.member("+\(h)", run.probabilityMet(role: view.role, yearIndex: h)) }
        }
        let rows = view.requiredRows()
        w.memberObject("central") { w in
            for (i, name) in ["requiredNeedBased", "requiredObrConsistent", "supply", "gapNeedBased", "gapObrConsistent"].enumerated() {
                w.memberArray(name) { w in for row in rows { if row[i].isNaN { w.null() } else { w.number(row[i]) } } }
            }
        }
        let (base, with, _) = view.costs()
        w.memberObject("cost") { w in
            w.memberArray("baselineGBP") { w in for t in run.years.indices { w.number(base.total(t)) } }
            w.memberArray("leversGBP") { w in for t in run.years.indices { w.number(with.total(t)) } }
            w.member("tenYearPresentValueBaselineGBP", base.discounted(through: min(10, run.years.count - 1)))
            w.member("tenYearPresentValueLeversGBP", with.discounted(through: min(10, run.years.count - 1)))
        }
        w.memberArray("contributions") { w in
            for c in view.contributionRows() {
                w.beginObject()
                w.member("lever", c.lever)
                w.member("label", c.label)
                w.member("horizon", s.horizon)
                w.member("gapChange", c.change)
                w.endObject()
            }
        }
        w.memberObject("reproduce") { w in
            w.member("scenario", ExplorerReproduce.scenarioFile(s, edition: edition))
            w.member("command", ExplorerReproduce.command(s, edition: edition, latest: latestEdition))
        }
        w.endObject()
        return w.bytes + [UInt8(ascii: "\n")]
    }
}
