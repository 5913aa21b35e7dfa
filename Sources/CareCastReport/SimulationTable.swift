import CareCastData
import CareCastModel

/// A simulation's quantiles as open data in the EES layout.
public enum SimulationTable {
    public static func csv(_ s: SimulationSummary) -> String {
        var out = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,role,measure,q05,q25,q50,q75,q95,draws,seed\n"
        func quote(_ t: String) -> String { t.contains(",") ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t }
        for (t, year) in s.years.enumerated() {
            for (a, area) in s.areas.enumerated() {
                let geography: String
                switch area.level {
                case "national": geography = "National,E92000001,England,,,,,"
                case "region": geography = "Regional,E92000001,England,\(area.code.rawValue),\(quote(area.name)),,,"
                default:
                    let region = area.parent.map { s.areas[$0] }
                    geography = "Local authority,E92000001,England,\(region?.code.rawValue ?? ""),\(quote(region?.name ?? "")),,\(quote(area.code.rawValue)),\(quote(area.name))"
                }
                for (r, role) in s.roles.enumerated() {
                    for measure in SimulationSummary.Measure.allCases {
                        let q = SimulationSummary.quantiles.map { NumberText.fixedPublic(s.quantile(measure, area: a, role: r, yearIndex: t, $0), decimals: 1) }
                        out += "\(year),Reporting year,\(geography),\(quote(role)),\(measure),\(q.joined(separator: ",")),\(s.draws),\(s.seed)\n"
                    }
                }
            }
        }
        return out
    }
}
