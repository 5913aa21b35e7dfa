import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastHTML
import Foundation

/// The report's part on the placements workforce: children's homes staff and foster carers.
extension Report {
    static let homesRoles = [PlacementsBaseline.managerRole, PlacementsBaseline.careRole, PlacementsBaseline.otherRole]

    /// The placements part's answer in one sentence each, for the top of the report.
    func placementsAnswer() -> BodyNode {
        guard let p = placements else { return Markup.group([]) }
        let year = p.homes.baseYear + min(10, p.homes.years.count - 1)
        let homesRequired = p.england(p.homes, .required, year: year), homesSupply = p.england(p.homes, .fte, year: year)
        let fosterRequired = p.england(p.foster, .required, year: year), fosterSupply = p.england(p.foster, .fte, year: year)
        func gap(_ required: Double, _ supply: Double, _ unit: String) -> String {
            required > supply ? "short by \(n(required - supply)) \(unit)" : "\(n(supply - required)) \(unit) more than need requires"
        }
        return Markup.p("Placements: children's homes will need \(n(homesRequired)) staff in \(year) (heads, derived from places); on today's recruitment they will have \(n(homesSupply)): \(gap(homesRequired, homesSupply, "staff")). Foster care will need \(n(fosterRequired)) mainstream fostering households; on today's approvals and deregistrations there will be \(n(fosterSupply)): \(gap(fosterRequired, fosterSupply, "households")).", class: "answer", id: "answer-placements")
    }

    func placementsSection() -> BodyNode {
        guard let p = placements else {
            return section("placements", Markup.p("The data folder has no \(code: "placements.yaml"): the placements workforce is not assessed in this run."))
        }
        let b = p.baseline, f = b.figures, e = b.evidence, t0 = p.homes.baseYear
        let horizons = [0] + ModelInput.reportingHorizons.filter { $0 < p.homes.years.count }
        var html = Markup.p("The motion asks for the workforce needs of \(em: "social care placements for children"). This part counts the two workforces that look after most looked-after children: the staff of children's homes and mainstream foster carers. Both are built from their own published data into model inputs run by the same engine, Monte Carlo and scenarios as the social workers (\(code: "placements/childrens-homes-input.json") and \(code: "placements/foster-care-input.json"), each a version 1 model input that \(code: "carecast project") reruns), and both take their need from the same projection of looked-after children, by age, authority and year, on the baseline and on the reform path.")

        // The base year.
        let now: [[String]] = [
            ["Children's homes (all types), 31 March \(e.year)", n(e.nationalHomes.reduce(0, +))],
            ["Registered places", n(e.nationalPlaces.reduce(0, +))],
            ["Looked-after children in secure homes and children's homes (by responsible authority)", n(e.nationalChildrenInHomes)],
            ["… of whom placed outside their authority (FOI)", n(e.nationalPlacedOutside)],
            ["Children living in children's homes in England (own children plus net gain)", n(f.childrenLivingIn)],
            ["Staff, census \(f.staffYear) (secondary sources; headcount basis not stated)", n(f.staffCensus)],
            ["Staff per place (census over places in scope, with the ratio factor)", n(f.staffPerPlace, 2)],
            ["Registered managers in post (one per home less the vacancy rate of \(pct(f.managerVacancyRate)))", n(f.managers)],
            ["Care staff (derived)", n(f.careStaff)],
            ["Other staff (derived; illustrative share)", n(f.otherStaff)],
            ["Looked-after children in foster placements", n(f.fosterChildren)],
            ["Mainstream fostering households", n(f.mainstreamHouseholds)],
            ["… with local authority services / independent agencies", "\(n(f.laHouseholds)) / \(n(f.ifaHouseholds))"],
            ["Households approved a year / deregistration rate", "\(n(f.approvals)) / \(pct(f.deregistrationRate))"],
        ]
        html += Components.table(caption: "The placements workforce now, England", header: ["Measure", "Value"], rows: now, numeric: [1], id: "table-placements-now")
        html += Components.note(b.notes.joined(separator: " "))

        // Projections.
        var homesRows: [[String]] = []
        for h in horizons {
            let year = t0 + h
            var row = ["\(year)\(h == 0 ? " (base year)" : " (+\(h))")"]
            for role in Self.homesRoles {
                row.append(n(p.england(p.homes, .fte, role: role, year: year)))
                row.append(n(p.england(p.homes, .required, role: role, year: year)))
            }
            row.append(n(p.england(p.homes, .required, year: year) - p.england(p.homes, .fte, year: year)))
            homesRows.append(row)
        }
        html += Markup.heading(3, "Children's homes")
        html += Components.table(
            caption: "Children's homes staff, England: supply and required (heads)",
            header: ["Year", "Registered managers", "required", "Care staff", "required", "Other staff", "required", "Gap, all staff"],
            rows: homesRows, numeric: Set(1...7), id: "table-placements-homes")
        html += Markup.p("Supply: staff leave at the census's turnover (\(pct(f.turnover))), registered managers at \(pct(f.managerLeaverRate)); \(pct(f.progressionRate)) of care staff a year become managers (enough to replace managers who leave and to grow with places); joiners continue the growth of places of recent years (\(pct(f.placesGrowth)) a year) in the first year and are then carried. Required: each child living in a children's home needs today's staff per child, and one registered manager per home at today's homes per child. The number of children in homes is the projection of looked-after children (their age mix, population and trend) times the share living in children's homes, whose trend is carried as the out-of-sample test below chose.")
        html += Charts.lines(
            title: "Children's homes staff, England: supply and required (heads)", years: p.homes.years,
            series: [
                .init(name: "Supply", values: p.homes.years.map { p.england(p.homes, .fte, year: $0) }, colour: Charts.blue),
                .init(name: "Required", values: p.homes.years.map { p.england(p.homes, .required, year: $0) }, colour: Charts.red),
            ], yLabel: "staff", id: "chart-placements-homes")

        // New and closing homes: the national series' net change (Ofsted publishes homes joining
        // and leaving the register in lists the bundle does not hold).
        let series = p.capacitySeries
        if series.count > 1 {
            let rows = series.indices.dropFirst().map { i -> [String] in
                [String(series[i].year), n(series[i].homes), n(series[i].homes - series[i - 1].homes), n(series[i].places), n(series[i].places - series[i - 1].places), n(series[i].places / max(series[i].homes, 1), 2)]
            }
            html += Components.table(caption: "Children's homes of every type in England at 31 March (Ofsted tables 6a/6b): homes and places, and their net change in the year", header: ["Year", "Homes", "Net new homes", "Places", "Net new places", "Places per home"], rows: rows, numeric: [1, 2, 3, 4, 5], id: "table-placements-capacity")
            html += Components.note("Net change only: homes opening and closing are published separately in Ofsted's joiners and leavers lists, which the bundle does not hold (research notes: about 10-15% of homes joined and 4-5% left each year from 2020 to 2023). New homes are smaller, so homes grow faster than places; supply here follows places.")
        }

        // Registered managers: their own gap.
        let managerRows = horizons.map { h -> [String] in
            let year = t0 + h
            let required = p.england(p.homes, .required, role: PlacementsBaseline.managerRole, year: year), supply = p.england(p.homes, .fte, role: PlacementsBaseline.managerRole, year: year)
            return ["\(year)", n(required), n(supply), n(required - supply), pct(required > 0 ? (required - supply) / required : 0)]
        }
        html += Components.table(caption: "Registered managers: homes needing a manager and managers in post", header: ["Year", "Homes needing a manager", "Managers in post", "Gap", "Share of homes without one"], rows: managerRows, numeric: [1, 2, 3, 4], id: "table-placements-managers")
        if let sufficiency = p.homes.trainingSufficiency.first(where: { $0.pipeline == PlacementsBaseline.leadershipPipeline && $0.horizon == 5 }) {
            html += Markup.p("Training registered managers: the leadership programme pipeline (off in the baseline) would need \(sufficiency.extraAnnualIntake.map { n($0) } ?? "–") starters a year from \(t0 + 1) to close the managers' gap of \(n(sufficiency.gap)) by \(sufficiency.year) on its own (each starter adds \(n(sufficiency.ftePerExtraIntake, 2)) managers by then, after completion, entry and leavers).")
        }

        // Regions: where homes are, whose children they are, and the gap.
        let ten = t0 + min(10, p.homes.years.count - 1)
        var regionRows: [[String]] = []
        let units = e.units
        for region in England.regions {
            let members = units.indices.filter { units[$0].regionCode == region.code }
            let places = members.reduce(0.0) { $0 + e.totalPlaces($1) }
            let own = members.reduce(0.0) { $0 + e.childrenInHomes[$1] }, living = members.reduce(0.0) { $0 + e.childrenLivingIn[$1] }
            let outside = members.reduce(0.0) { $0 + e.placedOutside[$1] }
            let code = AreaCode(region.code)
            let gap = Self.homesRoles.reduce(0.0) { $0 + p.homes.value(.required, code, $1, year: ten) - p.homes.value(.fte, code, $1, year: ten) }
            let staff = Self.homesRoles.reduce(0.0) { $0 + p.homes.value(.fte, code, $1, year: t0) }
            regionRows.append([region.name, n(places), n(own), n(outside), n(living), n(living - own), n(staff), n(gap)])
        }
        html += Components.table(
            caption: "Children's homes by region, \(e.year): places where the homes are, children by the authority responsible and where they live, staff (derived) and the gap in \(ten)",
            header: ["Region", "Places", "Children in homes (responsible)", "… placed outside their authority", "Children living in the region's homes", "Net gain", "Staff (derived)", "Gap \(ten)"],
            rows: regionRows, numeric: Set(1...7), id: "table-placements-regions")
        let byGain = units.indices.sorted { e.netGain[$0] > e.netGain[$1] || (e.netGain[$0] == e.netGain[$1] && units[$0].code < units[$1].code) }
        let top = Array(byGain.prefix(5)) + Array(byGain.suffix(5))
        html += Components.table(
            caption: "Out-of-area placements: the five authorities hosting most other authorities' children in their homes, and the five sending most out (net gain, \(e.year))",
            header: ["Authority", "Places", "Own children in homes", "Placed outside", "Net gain"],
            rows: top.map { [units[$0].name, n(e.totalPlaces($0)), n(e.childrenInHomes[$0]), n(e.placedOutside[$0]), n(e.netGain[$0])] },
            numeric: [1, 2, 3, 4], id: "table-placements-out-of-area")

        // Foster care.
        html += Markup.heading(3, "Foster care")
        var fosterRows: [[String]] = []
        let ifa = PlacementsBaseline.independentAgencies, role = PlacementsBaseline.householdRole
        for h in horizons {
            let year = t0 + h
            let required = p.england(p.foster, .required, year: year), supply = p.england(p.foster, .fte, year: year)
            fosterRows.append(["\(year)\(h == 0 ? " (base year)" : " (+\(h))")", n(supply), n(p.foster.value(.fte, ifa, role, year: year)), n(required), n(required - supply)])
        }
        if let carried = p.fosterCarried {
            for (i, h) in horizons.enumerated() { fosterRows[i].append(n(p.england(carried, .required, year: t0 + h))) }
        }
        for (i, h) in horizons.enumerated() {
            let gap = p.england(p.foster, .required, year: t0 + h) - p.england(p.foster, .fte, year: t0 + h)
            fosterRows[i].append(f.placesPerHousehold > 0 ? n(gap * f.placesPerHousehold) : "–")
        }
        html += Components.table(caption: "Mainstream fostering households, England: supply and required", header: ["Year", "Households", "… of which with independent agencies", "Required", "Gap", "Required if the fall in fostering's share continues", "Gap in approved places"], rows: fosterRows, numeric: [1, 2, 3, 4, 5, 6], id: "table-placements-foster")
        if f.placesPerHousehold > 0 {
            html += Components.note("The gap in places is the gap in households times \(f.placesYear)'s mainstream approved places per mainstream household (\(n(f.placesPerHousehold, 2)), the latest year Ofsted published both; about three in five approved places are filled at any time, so places are capacity, not children.")
        }
        html += Markup.p("Supply: households deregister at \(pct(f.deregistrationRate)) a year and \(n(f.approvals)) are approved a year (\(pct(1 - ((try? p.assumptions.number("foster_la_share_of_approvals")) ?? 0))) by independent agencies), carried. Required: the projected children in foster placements times today's mainstream households per foster child (\(n(f.householdsPerFosterChild, 3))); the base year's requirement is therefore today's households nationally, and the gap is what the flows and need do from here. The share of looked-after children in foster placements is held at today's: it has fallen every year, and carrying that fall forecast the observed share best out of sample (table below), but the fall is what a shortage of carers produces (children go to other placements when no foster home is found), so the carried trend is shown as a variant, not as need. Local authority services' households by authority are spread by their approved places (LAIT); independent agencies' households exist nationally only and are one area.")
        html += Charts.lines(
            title: "Mainstream fostering households, England: supply and required", years: p.foster.years,
            series: [
                .init(name: "Households", values: p.foster.years.map { p.england(p.foster, .fte, year: $0) }, colour: Charts.blue),
                .init(name: "Required", values: p.foster.years.map { p.england(p.foster, .required, year: $0) }, colour: Charts.red),
            ], yLabel: "households", id: "chart-placements-foster")
        var sufficiencyRows: [[String]] = []
        for region in England.regions {
            let members = units.indices.filter { units[$0].regionCode == region.code }
            let children = members.reduce(0.0) { $0 + e.fosterChildren[$1] }
            let approved = e.laFosterPlaces.isEmpty ? 0 : members.reduce(0.0) { $0 + e.laFosterPlaces[$1] }
            let filled = e.laFilledPlaces.isEmpty ? 0 : members.reduce(0.0) { $0 + e.laFilledPlaces[$1] }
            let code = AreaCode(region.code)
            sufficiencyRows.append([region.name, n(children), n(approved), n(filled), pct(children > 0 ? filled / children : 0),
                                    n(p.foster.value(.required, code, role, year: ten) - p.foster.value(.fte, code, role, year: ten))])
        }
        html += Components.table(
            caption: "Sufficiency of foster places by region, \(e.year): children in foster placements against local authority places (excluding family and friends), and the households independent agencies must supply in \(ten)",
            header: ["Region", "Children in foster placements", "LA approved places", "LA places filled", "Share of the region's foster children in LA places", "Households needed from agencies, \(ten)"],
            rows: sufficiencyRows, numeric: [1, 2, 3, 4, 5], id: "table-placements-sufficiency")
        html += Components.note("The region's requirement is for all its foster children; its supply is its own authorities' households, so the last column is what independent fostering agencies (\(n(p.foster.value(.fte, ifa, role, year: ten))) households nationally in \(ten)) must provide for the region. LA places exclude family and friends carers, so the share is a lower bound of the children fostered by the region's own services.")

        // Trends of placement shares, tested out of sample.
        func trendRows(_ trend: PlacementShareTrend) -> [[String]] {
            trend.test.map { ["φ = \(describeValue($0.damping))\($0.damping == trend.damping ? " (used)" : "")", n(100 * $0.error, 2) + "%", String($0.cases)] }
        }
        html += Components.table(caption: "Share of looked-after children in children's homes (\(b.homesShare.years.first ?? 0)-\(b.homesShare.years.last ?? 0), \(pct(b.homesShare.shares.first ?? 0)) to \(pct(b.homesShare.shares.last ?? 0)); slope \(n(100 * b.homesShare.slope, 2))% a year): mean absolute error 3 and 5 years ahead, out of sample", header: ["Damping", "Error", "Forecasts"], rows: trendRows(b.homesShare), numeric: [1, 2], id: "table-placements-homes-trend")
        html += Components.table(caption: "Share of looked-after children in foster placements (\(b.fosterShare.years.first ?? 0)-\(b.fosterShare.years.last ?? 0), \(pct(b.fosterShare.shares.first ?? 0)) to \(pct(b.fosterShare.shares.last ?? 0)); slope \(n(100 * b.fosterShare.slope, 2))% a year): the same test", header: ["Damping", "Error", "Forecasts"], rows: trendRows(b.fosterShare), numeric: [1, 2], id: "table-placements-foster-trend")

        html += placementsUncertainty(p)
        html += placementsScenarios(p)
        html += placementsBacktestText(p)
        html += Markup.p("What this part cannot yet say: no staff counts by authority exist (they are derived from places and a national ratio, and said to be); the census's role split, FTE, ages and agency use are not published, so staff are counted in heads in three roles with one age band, and managers' and other staff's shares rest on stated figures; the children's homes returns the returns service collects (one row per home, staff by role) feed the same model input (\(code: "PlacementsReturns")) once homes submit them.", class: "note")
        return section("placements", html)
    }

    func placementsUncertainty(_ p: PlacementsAssessment) -> BodyNode {
        guard let homes = p.homesSimulation, let foster = p.fosterSimulation else {
            return Markup.p("No Monte Carlo draws were run with this report; \(code: "carecast report --draws 1000") adds ranges.")
        }
        var rows: [[String]] = []
        for (name, sim) in [("Children's homes staff", homes), ("Mainstream fostering households", foster)] {
            guard let a = sim.areas.firstIndex(where: { $0.code.rawValue == England.code }) else { continue }
            let total = sim.roles.count - 1
            for h in [5, 10, 20] where h < sim.years.count {
                func range(_ m: SimulationSummary.Measure) -> String {
                    "\(n(sim.quantile(m, area: a, role: total, yearIndex: h, 0.5))) (\(n(sim.quantile(m, area: a, role: total, yearIndex: h, 0.05))) to \(n(sim.quantile(m, area: a, role: total, yearIndex: h, 0.95))))"
                }
                rows.append([name, "\(sim.years[h]) (+\(h))", range(.supply), range(.required), range(.gap), pct(sim.supplyMeetsNeed[h])])
            }
        }
        var html = Markup.p("Ranges: \(n(Double(homes.draws))) draws each (seed \(homes.seed)), \(homes.parameterSets) parameter sets of the placements assumptions with a distribution (the staff-per-place ratio, the other staff's share, turnover, managers' leaving, joiners' growth, deregistrations and approvals' growth), and the structured shocks to exits, entrants and need stated in \(code: "placements.yaml").")
        html += Components.table(caption: "Placements workforce, England: median (90% range) and the probability that supply meets need", header: ["Workforce", "Year", "Supply", "Required", "Gap", "Probability supply meets need"], rows: rows, numeric: [5], id: "table-placements-ranges")
        for (name, sim, id) in [("Children's homes staff", homes, "fan-placements-homes"), ("Mainstream fostering households", foster, "fan-placements-foster")] {
            guard let a = sim.areas.firstIndex(where: { $0.code.rawValue == England.code }) else { continue }
            let bands = SimulationSummary.quantiles.map { q in sim.years.indices.map { sim.quantile(.gap, area: a, role: sim.roles.count - 1, yearIndex: $0, q) } }
            html += Charts.fan(title: "\(name), England: required less supply", years: sim.years, bands: bands, yLabel: "gap", id: id)
        }
        return html
    }

    func placementsScenarios(_ p: PlacementsAssessment) -> BodyNode {
        guard !p.scenarios.isEmpty else { return Markup.p("No placements scenarios were run with this report (\(code: "--no-scenarios") or \(code: "--quick")).") }
        let t0 = p.homes.baseYear
        let horizons = ModelInput.reportingHorizons.filter { $0 < p.homes.years.count }
        var rows: [[String]] = []
        func gaps(_ homes: ProjectionResult, _ foster: ProjectionResult) -> [String] {
            horizons.map { h in n(p.england(homes, .required, year: t0 + h) - p.england(homes, .fte, year: t0 + h)) }
                + horizons.map { h in n(p.england(homes, .required, role: PlacementsBaseline.managerRole, year: t0 + h) - p.england(homes, .fte, role: PlacementsBaseline.managerRole, year: t0 + h)) }
                + [n(p.england(foster, .required, year: t0 + min(10, foster.years.count - 1)) - p.england(foster, .fte, year: t0 + min(10, foster.years.count - 1)))]
        }
        rows.append(["Baseline"] + gaps(p.homes, p.foster) + ["–"])
        for s in p.scenarios {
            let cost = s.leverCost.prefix(11).reduce(0, +)
            rows.append([s.title] + gaps(s.homes, s.foster) + [cost > 0 ? "£" + n(cost / 1e6, 1) + "m" : "–"])
        }
        let header = ["Scenario"] + horizons.map { "Homes staff gap \(t0 + $0)" } + horizons.map { "Managers gap \(t0 + $0)" } + ["Foster households gap \(t0 + min(10, p.foster.years.count - 1))", "Lever cost to \(t0 + 10)"]
        var html = Components.table(caption: "Placements scenarios: gaps in England and the cost of each lever (illustrative effects labelled in each file)", header: header, rows: rows, numeric: Set(1..<header.count), id: "table-placements-scenarios")
        html += Markup.list(p.scenarios.map { "\(strong: $0.title): \($0.description) \("Changes: \($0.changes.joined(separator: ", ")).", class: "note")" })
        let pay = Self.homesRoles.map { "\($0.rawValue.replacingOccurrences(of: "_", with: " ")) £\(n(p.costs.annualCost[$0.rawValue] ?? 0))" }.joined(separator: ", ")
        let bill = Self.homesRoles.reduce(0.0) { $0 + p.england(p.homes, .fte, role: $1, year: t0) * (p.costs.annualCost[$1.rawValue] ?? 0) }
        html += Markup.p("Pay: the census's mean hourly pay times \(n(p.costs.hours)) hours and \(pct(p.costs.onCost)) on-costs a year per head (\(pay)); the base year's children's homes pay bill is about £\(n(bill / 1e6))m. \(p.costs.notes.joined(separator: " "))")
        return html
    }

    func placementsBacktestText(_ p: PlacementsAssessment) -> BodyNode {
        guard let b = p.backtest else { return Markup.p("The placements back-test runs with \(code: "carecast report") (not with \(code: "--quick")).") }
        func pct1(_ v: Double?) -> String { v.map { n(100 * $0, 1) + "%" } ?? "–" }
        let rows = b.scores.filter { $0.year == p.homes.baseYear || $0.measure.hasPrefix("fostering") }.map { s -> [String] in
            [s.measure, String(s.baseYear), String(s.year), n(s.actual), n(s.model), n(s.naive),
             pct1(s.actual > 0 ? (s.model - s.actual) / s.actual : nil), pct1(s.actual > 0 ? (s.naive - s.actual) / s.actual : nil), pct1(s.authorityError), pct1(s.authorityNaiveError)]
        }
        var html = Components.table(
            caption: "Back-test: the placements models from earlier base years against the outturn, beside the naive benchmark (the base year's figure carried)",
            header: ["Measure", "Base year", "Year", "Outturn", "Model", "Naive", "Model error, England", "Naive error, England", "Model error, authorities", "Naive error, authorities"],
            rows: rows, numeric: Set(3...9), id: "table-placements-backtest")
        html += Markup.p("Authority errors are Σ|projected − outturn| / Σ outturn over the base year's reporting units. Every year is in \(code: "data/placements_backtest.csv"). \(b.notes.joined(separator: " "))", class: "note")
        return html
    }

    /// The placements part's open data tables and model files.
    func placementsOutputs() -> [(path: String, bytes: [UInt8])] {
        guard let p = placements else { return [] }
        var files: [(String, [UInt8])] = [
            ("placements/childrens-homes-input.json", p.baseline.childrensHomes.jsonBytes()),
            ("placements/childrens-homes-result.json", p.homes.jsonBytes()),
            ("placements/foster-care-input.json", p.fosterInput.jsonBytes()),
            ("placements/foster-care-result.json", p.foster.jsonBytes()),
        ]
        let places = geographies()
        // Projections of both workforces, every area, role and year.
        var projection = Self.geographyHeader + ",workforce,role,supply,required,gap\n"
        for (workforce, result, input) in [("childrens_homes", p.homes, p.baseline.childrensHomes), ("foster_care", p.foster, p.fosterInput)] {
            for (t, year) in result.years.enumerated() {
                for area in input.areas {
                    let geography = places[area.code.rawValue] ?? "Other,E92000001,England,,,,\(csv(area.code.rawValue)),\(csv(area.name))"
                    guard let a = result.areaIndex(area.code) else { continue }
                    for (r, role) in result.roles.enumerated() {
                        let supply = result.value(.fte, area: a, role: r, yearIndex: t), required = result.value(.required, area: a, role: r, yearIndex: t)
                        projection += "\(year),Reporting year,\(geography),\(workforce),\(role.id.rawValue),\(number(supply)),\(number(required)),\(number(required - supply))\n"
                    }
                }
            }
        }
        files.append(("data/placements_projection.csv", Array(projection.utf8)))
        // The base year by authority.
        let e = p.baseline.evidence
        var base = Self.geographyHeader + ",homes,places,listed_places,children_in_homes_responsible,placed_outside,net_gain,children_living_in_homes,registered_managers,care_staff,other_staff,children_in_foster_placements,la_approved_foster_places,la_filled_foster_places,la_mainstream_households\n"
        let stock = Dictionary(p.baseline.childrensHomes.stock.map { ("\($0.area.rawValue)|\($0.role.rawValue)", $0.fte) }, uniquingKeysWith: +)
        let households = Dictionary(p.fosterInput.stock.map { ($0.area.rawValue, $0.fte) }, uniquingKeysWith: +)
        for (u, unit) in e.units.enumerated() {
            guard let geography = places[unit.code] else { continue }
            let staff = Self.homesRoles.map { number(stock["\(unit.code)|\($0.rawValue)"] ?? 0) }.joined(separator: ",")
            base += "\(e.year),Reporting year,\(geography),\(number(e.totalHomes(u))),\(number(e.totalPlaces(u))),\(number(e.listedPlaces[u].reduce(0, +), 0)),\(number(e.childrenInHomes[u])),\(number(e.placedOutside[u], 0)),\(number(e.netGain[u], 0)),\(number(e.childrenLivingIn[u])),\(staff),"
            base += "\(number(e.fosterChildren[u])),\(e.laFosterPlaces.isEmpty ? "x" : number(e.laFosterPlaces[u])),\(e.laFilledPlaces.isEmpty ? "x" : number(e.laFilledPlaces[u])),\(number(households[unit.code] ?? 0))\n"
        }
        files.append(("data/placements_by_la.csv", Array(base.utf8)))
        if let b = p.backtest { files.append(("data/placements_backtest.csv", Array(b.csv().utf8))) }
        for (name, sim) in [("childrens_homes", p.homesSimulation), ("foster_care", p.fosterSimulation)] {
            if let sim { files.append(("data/placements_\(name)_simulation_quantiles.csv", Array(SimulationTable.csv(sim).utf8))) }
        }
        return files
    }
}
