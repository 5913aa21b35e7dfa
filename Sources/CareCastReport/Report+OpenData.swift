import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import Foundation

extension Report {
    static let geographyHeader = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name"

    /// The EES geography columns of every area of the baseline, by area code (without the time columns).
    func geographies() -> [String: String] {
        let units = Dictionary((try? bundle.reportingUnits())?.units.map { ($0.code, $0) } ?? [], uniquingKeysWith: { a, _ in a })
        var out: [String: String] = [:]
        for area in baseline.input.areas {
            switch area.level {
            case "national":
                out[area.code.rawValue] = "National,E92000001,England,,,,,"
            case "region":
                out[area.code.rawValue] = "Regional,E92000001,England,\(area.code.rawValue),\(csv(area.name)),,,"
            default:
                let unit = units[area.code.rawValue]
                let region = England.regions.first { $0.code == area.parent?.rawValue }
                out[area.code.rawValue] = "Local authority,E92000001,England,\(region?.code ?? ""),\(csv(region?.name ?? "")),\(csv(unit?.oldCode ?? "")),\(csv(area.code.rawValue)),\(csv(area.name))"
            }
        }
        return out
    }

    func csv(_ text: String) -> String { CSVText.inertField(text) }

    func number(_ v: Double, _ decimals: Int = 1) -> String { NumberText.fixedPublic(v, decimals: decimals) }

    /// The open data tables, in DfE's EES layout.
    public func openData() -> [(name: String, text: String)] {
        let areas = baseline.input.areas
        let places = geographies()
        func geography(_ area: ModelInput.Area, year: Int) -> String { "\(year),Reporting year," + places[area.code.rawValue]! }
        var totalShortageWithAgency = 0.0
        var projection = Self.geographyHeader + ",role,fte_in_post,headcount,leavers_fte,entrants_fte,required_fte,gap_fte,shortage_fte,required_obr_fte,gap_obr_fte,shortage_obr_fte"
            + ",agency_fte,agency_moves_in_fte,agency_conversions_fte,agency_leavers_fte,gap_with_agency_fte,shortage_with_agency_fte,early_career_fte\n"
        for (t, year) in result.years.enumerated() {
            for area in areas {
                let geography = geography(area, year: year)
                var totals = [Double](repeating: 0, count: 13)
                var totalEarlyCareer = 0.0
                var headcount = 0.0
                for (r, role) in result.roles.enumerated() {
                    let row = result.row(area: result.areaIndex(area.code)!, role: r, yearIndex: t)
                    let agency = row.agency
                    let values = [row.fte, row.leavers, row.entrants, row.required, row.gap, row.shortage, row.requiredObr ?? 0, row.gapObr ?? 0, row.shortageObr ?? 0,
                                  agency?.fte ?? 0, agency?.moves ?? 0, agency?.conversions ?? 0, agency?.leavers ?? 0]
                    let shortageWithAgency = agency?.shortageWithAgency ?? 0
                    for i in values.indices { totals[i] += values[i] }
                    headcount += row.headcount
                    projection += "\(geography),\(csv(role.name)),\(number(row.fte)),\(number(row.headcount))," + values[1...].map { number($0) }.joined(separator: ",")
                        + ",\(number(row.required - row.fte - (agency?.fte ?? 0))),\(number(shortageWithAgency)),\(number(row.earlyCareerFte ?? 0))\n"
                    totalEarlyCareer += row.earlyCareerFte ?? 0
                    totalShortageWithAgency += shortageWithAgency
                }
                projection += "\(geography),Total,\(number(totals[0])),\(number(headcount))," + totals[1...].map { number($0) }.joined(separator: ",")
                    + ",\(number(totals[3] - totals[0] - totals[9])),\(number(totalShortageWithAgency)),\(number(totalEarlyCareer))\n"
                totalShortageWithAgency = 0
            }
        }
        var training = Self.geographyHeader + ",route,role,horizon_years,gap_fte,gap_less_frictional_vacancies_fte,fte_per_extra_place,extra_places_per_year\n"
        for s in sufficiency() {
            training += "\(s.answer.year),Reporting year,National,E92000001,England,,,,,,\(s.answer.pipeline.rawValue),\(csv(s.role)),\(s.answer.horizon),\(number(s.answer.gap)),\(number(s.gapFrictional)),\(number(s.answer.ftePerExtraIntake, 4)),\(s.extraFrictional.map { number($0) } ?? "z")\n"
        }
        var accountsCSV = Self.geographyHeader + "," + BaseYearAccounts.measures.joined(separator: ",") + ",imputed_measures,carecast_differs\n"
        let year = accounts.year
        for g in [accounts.england] + accounts.regions + accounts.subregions + accounts.units {
            let level: String
            switch g.level {
            case .national: level = "\(year),Reporting year,National,E92000001,England,,,,,"
            case .regional: level = "\(year),Reporting year,Regional,E92000001,England,\(g.code),\(csv(g.name)),,,"
            case .localAuthority:
                level = "\(year),Reporting year," + (places[g.code] ?? "Local authority,E92000001,England,,,,\(csv(g.code)),\(csv(g.name))")
            }
            let imputed = accounts.imputations.filter { $0.unit == g.code }.map(\.measure).joined(separator: " ")
            // Aggregates carry DfE's published figure; where the units CareCast builds on add up to
            // something else, the difference and its reason are listed.
            let aggregate = g.level != .localAuthority
            var differs: [String] = []
            let values = BaseYearAccounts.measures.map { m -> String in
                guard aggregate, let published = g.published[m] else { return number(g.accounts[m] ?? 0) }
                let used = g.accounts[m] ?? 0
                if number(used) != number(published) {
                    let reason = (g.basis[m] ?? used) == used ? "units' figures rounded to 0.1" : "units DfE left out of its total estimated"
                    differs.append("\(m) \(used > published ? "+" : "")\(number(used - published)) (\(reason))")
                }
                return number(published)
            }
            accountsCSV += level + "," + values.joined(separator: ",") + "," + imputed + "," + csv(differs.joined(separator: "; ")) + "\n"
        }
        var standards = Self.geographyHeader + ",calibrated_caseload_standard,estimated_caseload_standard,census_years_used,reliability\n"
        for s in baseline.notes.calibratedStandards {
            if let area = areas.first(where: { $0.code.rawValue == s.unit }) {
                let estimate = baseline.notes.need.standards.first { $0.unit == s.unit }
                standards += geography(area, year: baseYear) + "," + number(s.standard, 2) + "," + (estimate.map { number($0.shrunk, 2) } ?? "z")
                    + "," + (estimate.map { String($0.years) } ?? "z") + "," + (estimate.map { number($0.reliability, 3) } ?? "z") + "\n"
            }
        }
        var scenarioCSV = Self.geographyHeader + ",scenario,supply_fte,required_fte,gap_fte,required_obr_fte\n"
        for (title, run) in [("Baseline", result)] + scenarios.map({ ($0.title, $0.result) }) {
            for (t, year) in run.years.enumerated() {
                scenarioCSV += "\(year),Reporting year,National,E92000001,England,,,,,,\(csv(title)),\(number(england(.fte, run, t))),\(number(england(.required, run, t))),\(number(england(.required, run, t) - england(.fte, run, t))),\(number(england(.requiredObr, run, t)))\n"
            }
        }
        var costs = Self.geographyHeader + ",scenario,employer_cost_per_fte_gbp,supply_paybill_gbp,required_paybill_gbp,agency_cost_gbp,training_cost_gbp,lever_cost_gbp,green_book_discount_factor\n"
        for (title, c) in [("Baseline", cost)] + scenarios.map({ ($0.title, $0.cost) }) {
            for (t, year) in c.years.enumerated() {
                costs += "\(year),Reporting year,National,E92000001,England,,,,,,\(csv(title)),\(number(c.employerCostPerFTE[t])),\(number(c.supplyPaybill[t])),\(number(c.requiredPaybill[t])),\(number(c.agencyCost[t])),\(number(c.trainingCost[t])),\(number(c.leverCost[t])),\(NumberText.fixedPublic(Foundation.pow(1 + CostProjection.greenBookRate, -Double(t)), decimals: 6))\n"
            }
        }
        return [
            ("projection.csv", projection), ("scenarios.csv", scenarioCSV), ("training_sufficiency.csv", training),
            ("base_year_accounts.csv", accountsCSV), ("calibrated_caseload_standards.csv", standards), ("costs.csv", costs),
        ]
    }

    public func dataGuidance() -> String {
        """
        # Data guidance: children's social care workforce in England, assessment \(baseYear)

        Status: official statistics in development. Produced by CareCast \(Self.toolVersion) from the
        published statistics bundled with it. Every file uses DfE's explore-education-statistics
        layout: `time_period`, `time_identifier`, `geographic_level`, `country_code`,
        `country_name`, `region_code`, `region_name`, `old_la_code`, `new_la_code`, `la_name`, then
        filters and indicators. Joint workforce returns (Kingston upon Thames with Richmond upon
        Thames; North with West Northamptonshire) are single reporting units with compound codes.
        Symbols: `z` not applicable.

        ## costs.csv

        What the workforce costs in England, all roles, for the baseline and each scenario run:
        employer cost per FTE in post (salary by role, employer pension and National Insurance,
        in real terms growing with earnings; averaged over the roles in post), the paybill of
        supply and of the required workforce (each role at its pay), agency workers at their full
        cost (each role's agency FTE × its employer cost × (1 + the agency premium)), training
        (qualifiers × cost per qualifier by route), and the levers' own costs (technology
        licences, incentives for agency workers a conversion programme moves, a reform
        programme's cost spread over its years). Pounds a year, undiscounted;
        `green_book_discount_factor` = 1.035^−t (HM Treasury's Green Book, 3.5% real) turns a
        year's figure into its present value at the base year, as the report's ten-year sums
        are. Sources and what could not be sourced are in the assumptions file (`cost_…` entries).

        ## projection.csv
        Projected supply and required workforce by year (\(baseYear) to \(result.years.last ?? baseYear)),
        area (England, regions, reporting units) and role (and `Total`). Filter: `role`.
        Indicators (FTE unless stated): `fte_in_post` LA-employed staff in post; `headcount`
        (= FTE ÷ the role's FTE per person); `leavers_fte` leaving LA employment in the authority
        in the year to the date, by leaving LA children's social care or moving into agency work
        (moves between authorities net out, unlike DfE's leavers); `entrants_fte` joining in that
        year, conversions from agency work included; `required_fte` the workforce the projected
        need requires; `gap_fte` = required − in post; `shortage_fte` the sum of reporting units'
        positive gaps; `required_obr_fte`, `gap_obr_fte`, `shortage_obr_fte` the same by the
        OBR-consistent variant (the national principal projection weighted by spending per child
        by age, and non-demographic growth from the history of LA spending). Agency workers (a stock of their own; DfE publishes them by authority only,
        so each authority's are split over roles like its vacancies): `agency_fte` at the date;
        `agency_moves_in_fte` LA leavers moving into agency work, `agency_conversions_fte` agency
        workers taking LA posts, `agency_leavers_fte` leaving agency work otherwise, each in the
        year to the date; `gap_with_agency_fte` = required − in post − agency, the posts filled by
        nobody; `shortage_with_agency_fte` its positive part summed over reporting units;
        `early_career_fte` the staff in post in their first years after qualifying (see the
        assumptions' `early_career_years`; the base year's is an estimate).

        ## training_sufficiency.csv
        For each training route and horizon (5, 10, 20 years): `gap_fte` the national gap of the
        route's role; `gap_less_frictional_vacancies_fte` required × (1 − \(number(frictionalVacancyRate, 2))) − supply;
        `fte_per_extra_place` FTE added by then by one more place a year from next year;
        `extra_places_per_year` the extra places a year that route alone would need (`z`: none
        would do by then).

        ## base_year_accounts.csv
        DfE's workforce indicators at 30 September \(accounts.year) for England, regions, Inner and
        Outer London and reporting units, with symbols imputed by these rules: \(BaseYearAccounts.imputationRules)
        `imputed_measures` names the measures imputed for a unit. England, the regions and Inner
        and Outer London carry DfE's published figures; `carecast_differs` lists each measure where
        the units CareCast projects add up to something else (the difference, and why: the units'
        figures are rounded to 0.1, or DfE left a unit out of its total and CareCast estimated it).

        ## calibrated_caseload_standards.csv
        Each reporting unit's caseload standard, in weighted cases per caseload post (FTE in post
        plus vacancies): `calibrated_caseload_standard`, the base year's alone;
        `estimated_caseload_standard`, the one the baseline uses: its mean over `census_years_used`
        relative to England's, kept in the share `reliability` = τ² / (τ² + σ²/n) and drawn
        towards England's for the rest (`z` where the baseline uses another method).

        ## model-input.json and result.json
        The exact model input run (model v2, the project's docs/MODEL.md), and its result, at full precision.

        ## The placements workforce (children's homes and foster care)
        `placements/childrens-homes-input.json` and `placements/foster-care-input.json` are the
        two placements workforces' model inputs (model v1), `…-result.json` their results;
        `carecast project` reruns each.

        `placements_projection.csv`: by year, area and role, `supply`, `required` and `gap`, for
        `workforce` `childrens_homes` (roles `registered_manager`, `care_staff`, `other_staff`,
        counted in heads; areas where the homes are) and `foster_care` (role
        `mainstream_households`; local authority fostering services by authority, and
        `E92000001-IFA`, the independent fostering agencies, nationally).

        `placements_by_la.csv`, the base year by reporting unit: children's `homes` and `places`
        (all types, scaled to England's published totals), `listed_places` (Ofsted's list as read),
        `children_in_homes_responsible` (looked-after children in secure and children's homes,
        by responsible authority), `placed_outside` and `net_gain` (DfE FOI),
        `children_living_in_homes`, the derived staff (`registered_managers`, `care_staff`,
        `other_staff`: not published by authority), `children_in_foster_placements`,
        `la_approved_foster_places` and `la_filled_foster_places` (LAIT, excluding family and
        friends; `x` where the year has none) and `la_mainstream_households` (derived).

        `placements_backtest.csv`: each base year's projection against the outturn (`model`,
        `naive` = the base year carried), England's errors and authorities' (Σ|error| / Σ outturn).
        `placements_childrens_homes_simulation_quantiles.csv` and
        `placements_foster_care_simulation_quantiles.csv`: the draws' quantiles, as
        `simulation_quantiles.csv`.
        """
    }
}
