import CareCastBaselines
import CareCastFormats
import CareCastReturns

/// The base-year accounts as text: for England, each region and each reporting unit, the
/// published figure, the sum of the units as DfE counts it, and what CareCast uses.
public enum AccountsTable {
    static let shown: [(measure: String, label: String)] = [
        ("inpost_fte", "In post FTE"), ("inpost_headcount", "In post HC"), ("agency_fte", "Agency FTE"),
        ("agency_cover_fte", "Agency cover FTE"), ("vacancy_fte", "Vacancies FTE"), ("case_holders_fte", "Case holders FTE"),
        ("cases", "Cases"),
    ]

    /// Vacancies not covered by agency workers, in the same published / basis / accounts form.
    static func uncoveredCell(_ g: BaseYearAccounts.Geography) -> String {
        func uncovered(_ values: [String: Double]) -> Double? {
            guard let v = values["vacancy_fte"], let c = values["agency_cover_fte"] else { return nil }
            return v - c
        }
        let published = uncovered(g.published).map { NumberFormat.grouped($0) } ?? "(symbol)"
        let basis = uncovered(g.basis) ?? 0
        let accounts = uncovered(g.accounts) ?? 0
        if g.level == .localAuthority { return g.published["agency_cover_fte"] == nil ? "\(published) → \(NumberFormat.grouped(accounts))" : published }
        return published + " / " + NumberFormat.grouped(basis) + (accounts != basis ? " / " + NumberFormat.grouped(accounts) : "")
    }

    public static func render(_ accounts: BaseYearAccounts) -> String {
        var out = "Base-year accounts: children's social work workforce at 30 September \(accounts.year) (DfE).\n"
        out += "For each area: the published figure / the sum of its reporting units as DfE counts them / what CareCast uses.\n\n"
        var table: [[String]] = [["Area", "Code"] + shown.map(\.label) + ["Uncovered vacancies", "Caseload"]]
        func cell(_ g: BaseYearAccounts.Geography, _ m: String, decimals: Int) -> String {
            let published = g.published[m].map { NumberFormat.grouped($0, decimals: decimals) } ?? "(symbol)"
            let basis = g.basis[m] ?? 0
            let accounts = g.accounts[m] ?? 0
            if g.level == .localAuthority {
                return g.published[m] == nil ? "\(published) → \(NumberFormat.grouped(accounts, decimals: decimals))" : published
            }
            var text = published + " / " + NumberFormat.grouped(basis, decimals: decimals)
            if accounts != basis { text += " / " + NumberFormat.grouped(accounts, decimals: decimals) }
            return text
        }
        for g in [accounts.england] + accounts.regions + accounts.subregions + accounts.units {
            var row = [g.name, g.code]
            for (m, _) in shown { row.append(cell(g, m, decimals: m.hasSuffix("headcount") || m == "cases" ? 0 : 1)) }
            row.append(uncoveredCell(g))
            let caseload = (g.accounts["case_holders_fte"] ?? 0) > 0 ? (g.accounts["cases"] ?? 0) / (g.accounts["case_holders_fte"] ?? 1) : 0
            row.append(NumberFormat.grouped(caseload))
            table.append(row)
        }
        out += SummaryTable.align(table)
        out += "\nCells that were symbols, and what stands in their place (\(accounts.imputations.count)):\n"
        for i in accounts.imputations {
            out += "  \(i.unit) \(i.measure): '\(i.symbol.rawValue)' (\(i.symbol.meaning)) → \(NumberFormat.grouped(i.value)): \(i.rule)\n"
        }
        out += "\nRules: " + BaseYearAccounts.imputationRules + "\n"
        return out
    }
}
