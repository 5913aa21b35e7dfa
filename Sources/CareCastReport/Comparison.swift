import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel

/// The difference between two runs (result files of MODEL.md): for every area present in
/// both and every role, in post, required and gap at the reporting horizons, A, B and B − A.
public enum Comparison {
    public static func render(_ a: ResultDocument, _ b: ResultDocument, nameA: String, nameB: String, areas: [String]? = nil) -> String {
        func key(_ row: ProjectionResult.Row) -> String { row.area.rawValue + "\u{1F}" + row.role.rawValue + "\u{1F}" + String(row.year) }
        let rowsB = Dictionary(b.rows.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
        let horizons = ([0] + ModelInput.reportingHorizons).map { a.baseYear + $0 }.filter { a.years.contains($0) }
        var order: [String] = []
        var seen = Set<String>()
        for row in a.rows where seen.insert(row.area.rawValue).inserted { order.append(row.area.rawValue) }
        let shown = areas.map { wanted in order.filter { wanted.contains($0) } } ?? Array(order.prefix(1))
        var out = "A: \(nameA)\nB: \(nameB)\n"
        if a.baseYear != b.baseYear { out += "Note: the runs have different base years (\(a.baseYear) and \(b.baseYear)); rows are matched by calendar year.\n" }
        for area in shown {
            var table: [[String]] = [["Role", "Year", "In post A", "In post B", "B − A", "Required A", "Required B", "B − A", "Gap A", "Gap B", "B − A"]]
            var roles: [RoleID] = []
            for row in a.rows where row.area.rawValue == area && !roles.contains(row.role) { roles.append(row.role) }
            for role in roles {
                for (i, year) in horizons.enumerated() {
                    guard let ra = a.rows.first(where: { $0.area.rawValue == area && $0.role == role && $0.year == year }),
                          let rb = rowsB[key(ra)] else { continue }
                    func g(_ v: Double) -> String { NumberFormat.grouped(v) }
                    table.append([i == 0 ? role.rawValue : "", String(year), g(ra.fte), g(rb.fte), g(rb.fte - ra.fte), g(ra.required), g(rb.required), g(rb.required - ra.required), g(ra.gap), g(rb.gap), g(rb.gap - ra.gap)])
                }
            }
            out += "\n\(area)\n" + SummaryTable.align(table)
        }
        return out
    }
}
