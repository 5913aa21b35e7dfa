import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastHTML

extension Report {
    static let css: StaticString = """
        body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:960px;margin:0 auto;padding:0 16px 48px;line-height:1.45}
        header{border-bottom:10px solid #1d70b8;padding:24px 0 12px;margin-bottom:16px}
        h1{font-size:2.1rem;margin:8px 0}h2{font-size:1.5rem;margin-top:40px;border-top:1px solid #b1b4b6;padding-top:16px}h3{font-size:1.15rem}
        .status{display:inline-block;background:#1d70b8;color:#fff;font-weight:bold;padding:2px 8px;font-size:.9rem}
        .answer{font-size:1.35rem;font-weight:bold;border-left:10px solid #1d70b8;padding:8px 16px;background:#f3f2f1}
        table{border-collapse:collapse;width:100%;margin:12px 0 24px;font-size:.9rem}caption{text-align:left;font-weight:bold;padding:6px 0}
        th,td{border-bottom:1px solid #b1b4b6;padding:6px 8px;text-align:left;vertical-align:top}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .chart{width:100%;height:auto;margin:8px 0 24px}figure{margin:16px 0}figcaption{font-size:.95rem}nav ol{columns:2}.note{color:#505a5f;font-size:.9rem}
        @media print{h2{break-before:auto}table,svg{break-inside:avoid}nav{display:none}}
        """

    static let sections: [(id: String, title: String)] = [
        ("headline", "Headline figures"), ("gap", "The gap, three ways"), ("supply", "2(a) Workforce now and projected supply"),
        ("required", "2(b) The workforce required by projected need"), ("obr", "2(b) The OBR-consistent variant"), ("regions", "Regional and local shortages"),
        ("skill-mix", "Skill mix"), ("training", "Are we training enough?"), ("placements", "The placements workforce: children's homes and foster care"), ("cost", "What it costs"), ("scenarios", "Scenarios"), ("uncertainty", "Uncertainty"), ("sensitivity", "Sensitivity"), ("backtest", "How well has this method done?"), ("track-record", "Track record: the last edition against what happened"), ("comparison", "Comparison with other projections"),
        ("evidence", "Local evidence"), ("ethnicity", "The workforce's ethnicity"), ("not-counted", "What is not counted"), ("definitions", "Definitions"),
        ("method", "Methodology and quality"), ("assumptions", "Assumptions"), ("sources", "Data sources"), ("verify", "How to verify"),
    ]

    func n(_ v: Double, _ decimals: Int = 0) -> String { NumberFormat.grouped(v, decimals: decimals) }
    func pct(_ v: Double) -> String { NumberFormat.grouped(v * 100) + "%" }

    /// The whole report as one self-contained HTML file: inline CSS and SVG, no network.
    public func html(manifestSummary: String) -> String {
        let t0 = baseYear
        let ten = min(10, result.years.count - 1)
        let required10 = allRoles(.required, England.code, ten)
        let supply10 = allRoles(.fte, England.code, ten)
        let gap10 = required10 - supply10
        let answer = gap10 > 0
            ? "England will need \(n(required10)) FTE of children and family social workers in \(t0 + ten); on current trends it will have \(n(supply10)): short by \(n(gap10)) FTE."
            : "England will need \(n(required10)) FTE of children and family social workers in \(t0 + ten); on current trends it will have \(n(supply10)): \(n(-gap10)) FTE more than need requires, nationally."
        let header: BodyNode = Markup.element("header", [], [
            Markup.element("span", [("class", "status")], [Markup.text("Official statistics in development")]),
            Markup.heading(1, "The children's social care workforce in England: assessment of need and supply, \(t0) to \(t0 + result.years.count - 1)"),
            Markup.p("CareCast assessment built from DfE, ONS and other published statistics to \(t0). Every figure can be re-derived from the published inputs (see \(link: "How to verify", to: "#verify")).", class: "note"),
        ])
        let contents: BodyNode = Markup.element("nav", [], [
            Markup.heading(2, "Contents", attributes: [("style", "border:0;margin-top:16px")]),
            Markup.element("ol", [], Self.sections.map { Markup.element("li", [], [Markup.link($0.title, to: "#" + $0.id)]) }),
        ])
        let body: [BodyNode] = [
            header, Markup.p("\(answer)", class: "answer", id: "answer"), placementsAnswer(), headlineRanges(), contents,
            headlineSection(), gapSection(), supplySection(), requiredSection(), obrSection(), regionsSection(), skillMixSection(),
            trainingSection(), placementsSection(), costSection(), scenariosSection(), uncertaintySection(), sensitivitySection(), backtestSection(), trackRecordSection(), comparisonSection(), evidenceSection(), ethnicitySection(), notCountedSection(), definitionsSection(),
            methodSection(), assumptionsSection(), sourcesSection(), verifySection(manifestSummary),
        ]
        let head: [BodyNode] = [
            Markup.leaf("meta", [("charset", "utf-8")]),
            Markup.leaf("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            Markup.element("title", [], [Markup.text("Children's social care workforce in England: assessment \(t0)")]),
            Markup.style(Self.css),
        ]
        return Markup.document(language: "en-GB", head: head, body: body)
    }

    /// The probability that a cell's gap (required less supply) is at most 0, read from its
    /// distribution: the share of draws at or below 0, interpolated within its bin as the
    /// quantiles are (the explorer reads it the same way).
    func probabilityMet(_ sim: SimulationSummary, area: Int, role: Int, yearIndex: Int) -> Double {
        sim.sketch.fraction(atMost: 0, cell: sim.cell(.gap, area: area, role: role, yearIndex: yearIndex))
    }

    /// With draws: the answer as ranges and probabilities, by role, at +5, +10 and +20, and in
    /// words what the back-test says of them.
    func headlineRanges() -> BodyNode {
        guard let sim = simulation, let a = sim.areas.firstIndex(where: { $0.code.rawValue == England.code }) else { return Markup.group([]) }
        let horizons = [5, 10, 20].filter { $0 < sim.years.count }
        var rows: [[String]] = []
        for (r, role) in sim.roles.enumerated() {
            for h in horizons {
                func range(_ m: SimulationSummary.Measure) -> String {
                    "\(n(sim.quantile(m, area: a, role: r, yearIndex: h, 0.5))) (\(n(sim.quantile(m, area: a, role: r, yearIndex: h, 0.05))) to \(n(sim.quantile(m, area: a, role: r, yearIndex: h, 0.95))))"
                }
                let probability = role == "Total" ? sim.supplyMeetsNeed[h] : probabilityMet(sim, area: a, role: r, yearIndex: h)
                rows.append([role == "Total" ? "All roles" : role, "\(sim.years[h]) (+\(h))", range(.supply), range(.required), range(.gap), pct(probability)])
            }
        }
        var html = Markup.p("The answer is a range, not a figure. England's supply, required workforce and gap by role, as the median and 90% range of \(n(Double(sim.draws))) draws, and the probability that supply meets need:")
        html += Components.table(caption: "England by role: median (90% range), FTE; probability that supply meets need", header: ["Role", "Year", "Supply", "Required", "Gap", "Probability supply meets need"], rows: rows, numeric: [5], id: "table-headline-ranges")
        if let b = backtest {
            let coverage = b.coverage()
            let upper = coverage.filter { $0.level != .localAuthority && $0.horizon <= 3 }
            let local = coverage.filter { $0.level == .localAuthority && $0.horizon <= 3 }
            func share(_ c: [Backtest.Coverage]) -> String {
                let n = c.reduce(0) { $0 + $1.count }
                let inside = c.reduce(0.0) { $0 + $1.inside90 * Double($1.count) }
                return n > 0 ? pct(inside / Double(n)) : "–"
            }
            html += Components.note("How far to trust these ranges: in the back-test (each base year from \(b.comparisons.map(\.baseYear).min() ?? baseYear) calibrated only on data to that year), the outturn of FTE in post one to three years ahead fell inside the 90% range \(share(upper)) of the time for England and the regions and \(share(local)) for authorities. The ranges cover the uncertainty of flows, need and the stated assumptions as the past shows it; they do not cover a change of policy or counting unlike any in the series. The required workforce rests on today's caseloads and need rates (see the required workforce section), which the back-test can only partly check.")
        }
        return html
    }

    func section(_ id: String, _ content: BodyNode) -> BodyNode {
        let title = Self.sections.first { $0.id == id }!.title
        return Markup.element("section", [("id", id)], [Markup.heading(2, "\(title)"), content])
    }

    func headlineSection() -> BodyNode {
        let p = accounts.england.published
        var rows: [[String]] = [
            ["FTE in post (LA-employed), 30 September \(baseYear)", n(p["inpost_fte"] ?? 0, 1)],
            ["Headcount in post", n(p["inpost_headcount"] ?? 0)],
            ["Agency workers, FTE", n(p["agency_fte"] ?? 0, 1)],
            ["Vacancies, FTE", n(p["vacancy_fte"] ?? 0, 1)],
        ]
        var projected: [[String]] = []
        for h in horizons {
            let required = allRoles(.required, England.code, h), supply = allRoles(.fte, England.code, h), agency = allRoles(.agencyFte, England.code, h)
            projected.append(["\(baseYear + h)\(h == 0 ? " (base year)" : " (+\(h))")", n(supply), n(agency), n(required),
                              n(allRoles(.requiredObr, England.code, h)), n(required - supply), n(required - supply - agency)])
        }
        rows.append(["Required FTE at \(baseYear) (in post plus vacancies, all roles)", n(allRoles(.required, England.code, 0))])
        let chart = Charts.lines(
            title: "England: projected supply and required workforce, FTE", years: result.years,
            series: [
                .init(name: "Supply (in post)", values: result.years.indices.map { allRoles(.fte, England.code, $0) }, colour: Charts.blue),
                .init(name: "Required (need)", values: result.years.indices.map { allRoles(.required, England.code, $0) }, colour: Charts.red),
                .init(name: "Required (OBR-consistent)", values: result.years.indices.map { allRoles(.requiredObr, England.code, $0) }, colour: Charts.orange, dashed: true),
            ], yLabel: "FTE", id: "chart-england")
        return section("headline", Components.table(caption: "The workforce now (DfE, as published)", header: ["Measure", "Value"], rows: rows, numeric: [1], id: "table-now")
            + Components.table(caption: "Projected supply and required workforce, England, all roles (FTE)", header: ["Year", "Supply (LA staff)", "Agency workers", "Required (need)", "Required (OBR-consistent)", "Gap: required less LA staff", "Required less LA staff and agency workers"], rows: projected, numeric: [1, 2, 3, 4, 5, 6], id: "table-headline")
            + Components.note("Two gaps, as the duty's reader needs both: required less LA-employed staff (posts not filled by the authority's own staff, many of them covered by agency workers), and required less LA staff and agency workers (posts filled by nobody where positive; where negative, more people are deployed than the projected need requires, as happens when need falls with the child population while staff stay). A converted agency worker leaves the agency stock as they join the LA's: nobody is counted twice.")
            + chart)
    }

    func gapSection() -> BodyNode {
        let p = accounts.england.published
        let required = allRoles(.required, England.code, 0)
        let rows: [[String]] = [
            ["Vacancies", n(p["vacancy_fte"] ?? 0, 1), "Posts without a permanent holder at 30 September"],
            ["Vacancies not covered by agency workers", n((p["vacancy_fte"] ?? 0) - (p["agency_cover_fte"] ?? 0), 1), "Vacancies less agency workers covering them"],
            ["Need less staff in post and agency workers", n(required - (p["inpost_fte"] ?? 0) - (p["agency_fte"] ?? 0), 1), "Required FTE (establishment) less LA staff in post and all agency FTE"],
        ]
        var projected: [[String]] = []
        for h in horizons.dropFirst() {
            let r = allRoles(.required, England.code, h), s = allRoles(.fte, England.code, h)
            projected.append(["\(baseYear + h) (+\(h))", n(r - s), n(allRoles(.shortage, England.code, h)), n(r * (1 - frictionalVacancyRate) - s),
                              n(r - s - allRoles(.agencyFte, England.code, h)), n(allRoles(.shortageWithAgency, England.code, h))])
        }
        return section("gap", Markup.p("At the base year the gap can be measured three ways; each answers a different question.")
            + Components.table(caption: "The gap at \(baseYear), England (FTE)", header: ["Measure", "FTE", "What it counts"], rows: rows, numeric: [1], id: "table-gap-now")
            + Components.table(caption: "The projected gap, England, all roles (FTE)", header: ["Year", "Required less supply", "Sum of local shortages", "Less a \(pct(frictionalVacancyRate)) frictional vacancy rate", "Required less supply and agency workers", "Sum of local shortages after agency workers"], rows: projected, numeric: [1, 2, 3, 4, 5], id: "table-gap-projected")
            + Components.note("Local shortages are summed over reporting units: a surplus in one authority does not fill another's posts. The frictional vacancy rate is an assumption (see Assumptions)."))
    }

    func supplySection() -> BodyNode {
        var roleRows: [[String]] = []
        for (r, role) in result.roles.enumerated() {
            roleRows.append([role.name] + horizons.map { n(value(.fte, England.code, role: r, $0)) })
        }
        var regionRows: [[String]] = []
        for region in England.regions {
            regionRows.append([region.name] + horizons.map { n(allRoles(.fte, region.code, $0)) })
        }
        let header = ["Role"] + horizons.map { "\(baseYear + $0)" }
        let flows = horizons.dropFirst().map { h in
            [String(baseYear + h), n(allRoles(.leavers, England.code, h)), n(allRoles(.entrants, England.code, h)),
             n(allRoles(.agencyMoves, England.code, h)), n(allRoles(.agencyConversions, England.code, h)), n(allRoles(.agencyLeavers, England.code, h)), n(allRoles(.agencyFte, England.code, h))]
        }
        let a = baseline.notes.agency
        var agencyText: Prose = "Agency workers are a stock of their own (model v2): LA leavers move into agency work (\(pct(a.moveShare)) of them, DfE's \(baseline.notes.turnoverReferenceYear) attrition split), and each year a share of agency workers leaves agency work, \(pct(a.conversionShare)) of them into LA posts (a stated assumption: no figure is published). "
        if let rules = a.rulesOutflow {
            agencyText += "The net outflow of agency work rose from \(pct(a.preRulesOutflow)) a year before the 2024 agency rules to \(pct(rules)) in the year to September \(a.rulesYear); the status quo carries \(pct(a.persistence)) of that rise (the rules are permanent; how far their effect lasts is drawn in the Monte Carlo)."
        } else {
            agencyText += "The net outflow of agency work is \(pct(a.preRulesOutflow)) a year."
        }
        return section("supply", Markup.p("Supply is the stock of LA-employed staff in post, carried forward by leavers (exits and moves into agency work), ageing, progression between roles and entrants (training pipelines; experienced, international and returning joiners; agency workers taking LA posts).") + Markup.p(agencyText)
            + Components.table(caption: "Supply by role, England (FTE)", header: header, rows: roleRows, numeric: Set(1...horizons.count), id: "table-supply-role")
            + Components.table(caption: "Supply by region, all roles (FTE)", header: ["Region"] + header.dropFirst(), rows: regionRows, numeric: Set(1...horizons.count), id: "table-supply-region")
            + Components.table(caption: "Flows in the year to each date, England (FTE)", header: ["Year", "LA leavers", "LA entrants", "Moves into agency work", "Agency workers taking LA posts", "Agency workers leaving", "Agency workers at the date"], rows: flows, numeric: [1, 2, 3, 4, 5, 6], id: "table-flows")
            + Charts.bars(title: "Supply by region at +10 years", labels: England.regions.map(\.name), values: England.regions.map { allRoles(.fte, $0.code, min(10, result.years.count - 1)) }, unit: "", id: "chart-supply-regions"))
    }

    func regionsSection() -> BodyNode {
        let t = min(10, result.years.count - 1)
        let regionGaps = England.regions.map { region -> Double in
            let r = allRoles(.required, region.code, t)
            return r > 0 ? (r - allRoles(.fte, region.code, t)) / r * 100 : 0
        }
        var units: [(name: String, code: String, gap: Double, relative: Double)] = []
        for unit in baseline.input.areas where unit.level == "local_authority" || unit.level == "joint_reporting_unit" {
            let r = allRoles(.required, unit.code.rawValue, t), s = allRoles(.fte, unit.code.rawValue, t)
            units.append((unit.name, unit.code.rawValue, r - s, r > 0 ? (r - s) / r : 0))
        }
        let top = units.sorted { $0.relative != $1.relative ? $0.relative > $1.relative : $0.code < $1.code }.prefix(15)
        let rows = top.map { [$0.name, $0.code, n($0.gap), pct($0.relative)] }
        return section("regions", Charts.bars(title: "Gap as a share of required workforce at +10 years, by region", labels: England.regions.map(\.name), values: regionGaps, unit: "%", id: "chart-regions")
            + Components.table(caption: "The 15 reporting units with the largest relative gap at \(baseYear + t) (all roles)", header: ["Reporting unit", "Code", "Gap (FTE)", "Gap / required"], rows: rows, numeric: [2, 3], id: "table-local"))
    }

    func skillMixSection() -> BodyNode {
        let t = min(10, result.years.count - 1)
        let total0 = allRoles(.fte, England.code, 0), totalT = allRoles(.fte, England.code, t)
        let rows = result.roles.indices.map { r in
            [result.roles[r].name, pct(value(.fte, England.code, role: r, 0) / total0), pct(value(.fte, England.code, role: r, t) / totalT),
             pct(value(.required, England.code, role: r, t) / max(allRoles(.required, England.code, t), 1))]
        }
        var html = Components.table(caption: "Share of FTE by role, England", header: ["Role", "In post \(baseYear)", "Supply \(baseYear + t)", "Required \(baseYear + t)"], rows: rows, numeric: [1, 2, 3], id: "table-skill-mix")
        if result.hasEarlyCareer {
            let years = baseline.notes.earlyCareerYears
            let experience = result.roles.indices.map { r in
                [result.roles[r].name] + horizons.flatMap { h -> [String] in
                    let early = value(.earlyCareerFte, England.code, role: r, h)
                    return [n(early), n(value(.fte, England.code, role: r, h) - early)]
                }
            }
            html += Markup.p("Experience is a dimension of supply (model v2): staff in their first \(years) years after qualifying (the early career framework's span; the 2024 agency rules ask three years' post-qualifying experience of agency workers), followed through leavers, ageing and progression like everyone else. DfE publishes no experience breakdown of the workforce, so the base year's early-career FTE (\(n(baseline.notes.earlyCareerBase))) is an estimate: the newly qualified starters of each of the last \(years) census years less leavers since.")
            html += Components.table(caption: "Early-career and experienced FTE by role, England", header: ["Role"] + horizons.flatMap { ["Early career \(baseYear + $0)", "Experienced \(baseYear + $0)"] }, rows: experience, numeric: Set(1...(2 * horizons.count)), id: "table-experience")
        }
        return section("skill-mix", html)
    }

    func trainingSection() -> BodyNode {
        let rows = sufficiency().map { s in
            [s.answer.pipeline.rawValue, s.role, "\(s.answer.year) (+\(s.answer.horizon))", n(s.answer.gap), n(s.gapFrictional), n(s.answer.ftePerExtraIntake, 3),
             s.extraFrictional.map { $0 == 0 ? "0 (no gap)" : n($0) } ?? "none*"]
        }
        return section("training", Markup.p("For each training route: how many more people would have to start training every year from next year, through that route alone, to close the national gap of its role by each date, measured against supply reaching the required workforce less a \(pct(frictionalVacancyRate)) frictional vacancy rate. Routes are alternatives, not a sum.")
            + Components.table(caption: "Are we training enough? Extra annual intake needed", header: ["Route", "Role", "Year", "Gap (FTE)", "Gap less frictional vacancies", "FTE per extra place", "Extra places a year"], rows: rows, numeric: [3, 4, 5, 6], id: "table-training")
            + Components.note("* none: one more place a year adds no FTE by then (the course outlasts the horizon)."))
    }

    /// England, all roles, for a result.
    func england(_ metric: ProjectionResult.Metric, _ run: ProjectionResult, _ t: Int) -> Double {
        guard let a = run.areaIndex(AreaCode(England.code)) else { return 0 }
        return run.roles.indices.reduce(0) { $0 + run.value(metric, area: a, role: $1, yearIndex: t) }
    }

    /// £ millions, whole.
    func millions(_ v: Double) -> String { (v < -0.5e6 ? "−£" : "£") + n(abs(v) / 1e6) + "m" }
    func pounds(_ v: Double) -> String { (v < -0.5 ? "−£" : "£") + n(abs(v)) }

    func costSection() -> BodyNode {
        let a = costAssumptions
        var rows: [[String]] = []
        for h in horizons {
            rows.append([String(baseYear + h), "£" + n(cost.employerCostPerFTE[h]), millions(cost.supplyPaybill[h]), millions(cost.requiredPaybill[h]),
                         millions(cost.agencyCost[h]), millions(cost.trainingCost[h]), millions(cost.total(h))])
        }
        let header = ["Year", "Employer cost per FTE in post (average over roles)", "Paybill of LA staff in post", "Paybill of the required workforce", "Agency workers at full cost", "Training", "LA staff + agency workers + training"]
        let relativities = result.roles.map { "\($0.name.lowercased()) \(n(a.payRelativity[$0.id.rawValue] ?? 1, 2))" }.joined(separator: ", ")
        let text = Markup.p("England, all roles, in real terms (September 2024 pay, growing \(pct(a.realEarningsGrowth)) a year, the OBR's long-run real earnings growth). A practitioner's FTE costs a salary of £\(n(a.salary)) (a proxy: the mean for local authority adult social workers, as no national figure for children's social workers was found), and each other role that times its pay relativity (\(relativities); from one authority's published scale by role, with senior managers and staff without cases as stated proxies), employer pension contributions (\(pct(a.pensionRate)), the LGPS average primary rate) and employer National Insurance (\(pct(a.nationalInsuranceRate)) above £\(n(a.nationalInsuranceThreshold))). The workforce actually deployed is costed: LA staff in post, and agency workers (the projected agency stock) at their full cost, an employed FTE's cost plus a premium of \(pct(a.agencyPremium)) (one authority's published figure), so that converting an agency worker saves the premium and nothing is counted twice. Sums over years are present values at \(baseYear), discounted at HM Treasury's Green Book rate of 3.5% a year (real). Training costs each route's qualifiers at DfE's 2016 cost per newly qualified social worker (2015-16 prices, not uprated). Every figure's source is in the assumptions file; what could not be sourced is said there.")
        return section("cost", text + Components.table(caption: "What the workforce costs, England, all roles (£ a year)", header: header, rows: rows, numeric: Set(1..<header.count), id: "table-cost"))
    }

    func scenariosSection() -> BodyNode {
        guard !scenarios.isEmpty else {
            return section("scenarios", Markup.p("No scenarios were run with this report. \(code: "carecast report --scenario FILE …") adds them; CareCast ships six in \(code: "data/england/scenarios")."))
        }
        let runs = [("Baseline", result)] + scenarios.map { ($0.title, $0.result) }
        var rows: [[String]] = []
        for (title, run) in runs {
            var row = [title]
            for h in horizons.dropFirst() {
                let s = england(.fte, run, h), r = england(.required, run, h)
                row += [n(s), n(r), n(r - s)]
            }
            rows.append(row)
        }
        let header = ["Scenario"] + horizons.dropFirst().flatMap { ["+\($0) supply", "+\($0) required", "+\($0) gap"] }
        let colours = Charts.palette
        let chart = Charts.lines(
            title: "England: required less supply under each scenario, all roles (FTE)", years: result.years,
            series: runs.enumerated().map { i, run in
                .init(name: String(run.0.prefix(28)), values: result.years.indices.map { england(.required, run.1, $0) - england(.fte, run.1, $0) }, colour: colours[i % colours.count], dashed: i == 0)
            }, yLabel: "FTE", id: "chart-scenarios")
        let descriptions = Markup.list(scenarios.map { "\(strong: $0.title): \($0.description)" })
        let (costText, costTable) = scenarioCosts()
        return section("scenarios", descriptions + Components.table(caption: "Supply, required workforce and gap, England, all roles (FTE)", header: header, rows: rows, numeric: Set(1..<header.count), id: "table-scenarios") + chart + costText + costTable)
    }

    static func describe(_ distribution: Distribution) -> String {
        switch distribution {
        case .normal(let mean, let sd): "normal, mean \(describeValue(mean)), standard deviation \(describeValue(sd))"
        case .lognormal(let median, let sigma): "lognormal, median \(describeValue(median)), σ of the log \(describeValue(sigma))"
        case .triangular(let low, let mode, let high): "triangular, \(describeValue(low)) to \(describeValue(high)), most likely \(describeValue(mode))"
        case .uniform(let low, let high): "uniform, \(describeValue(low)) to \(describeValue(high))"
        case .variants(let variants): "variants: " + variants.map { "\($0.name) (\(describeValue($0.probability * 100))%)" }.joined(separator: ", ")
        }
    }

    func uncertaintySection() -> BodyNode {
        guard let sim = simulation else {
            return section("uncertainty", Markup.p("No Monte Carlo draws were run with this report. \(code: "carecast report --draws 1000") adds fan charts and the probability that supply meets need; \(code: "carecast simulate") writes the quantiles for every area, role and year."))
        }
        let total = sim.roles.count - 1
        func fan(_ code: String, _ name: String, _ id: String) -> BodyNode {
            guard let a = sim.areas.firstIndex(where: { $0.code.rawValue == code }) else { return Markup.group([]) }
            let bands = SimulationSummary.quantiles.map { q in sim.years.indices.map { sim.quantile(.gap, area: a, role: total, yearIndex: $0, q) } }
            return Charts.fan(title: "\(name): required less supply, all roles (FTE)", years: sim.years, bands: bands, yLabel: "FTE", id: id)
        }
        let rows = [5, 10, 20].filter { $0 < sim.years.count }.map { h in [String(sim.years[h]) + " (+\(h))", pct(sim.supplyMeetsNeed[h])] }
        var text: Prose = "\(n(Double(sim.draws))) draws (seed \(sim.seed)). "
        let distributed = assumptions.distributed
        if sim.parameterSets > 0 {
            text += "The \(distributed.count) assumptions below carry a distribution: they were sampled in \(sim.parameterSets) parameter sets, stratified by Latin hypercube (each assumption's distribution cut into \(sim.parameterSets) equally likely strata, one set in each), and the baseline was built in full from each set; draw i starts from set i mod \(sim.parameterSets). "
        }
        text += "Each draw then shocks exits, entrants and the growth of need with the structured shocks stated in the assumptions file: a national shock shared by every authority, persistent from year to year as stated; for exits a fixed factor per region and one per authority; for entrants a factor per region each year; and each authority's own year-to-year scatter in exits and entrants, as large as its published leavers and starters have shown. The sizes of the national, regional and authority shocks were set on the back-test, so that the intervals are as wide as the projection's own errors out of sample have been (see the back-test section for how often the outturn fell inside them); they carry the uncertainty the past shows, not shocks unlike any in the series. Quantiles are read from a fixed histogram per cell."
        var html = Markup.p(text)
        html += Components.table(caption: "Probability that England's supply meets need (all roles)", header: ["Year", "Probability"], rows: rows, numeric: [1], id: "table-probability")
        if sim.parameterSets > 0 {
            html += Components.table(
                caption: "Assumptions with a distribution", header: ["Assumption", "Stated value", "Distribution", "Why"],
                rows: distributed.map { [$0.name, BaselineMethod.describe($0.value), Self.describe($0.distribution!), $0.justification] }, id: "table-distributions")
        }
        html += fan(England.code, "England", "fan-england")
        for (i, region) in England.regions.enumerated() { html += fan(region.code, region.name, "fan-region-\(i + 1)") }
        return section("uncertainty", html)
    }

    func sensitivitySection() -> BodyNode {
        guard let s = sensitivity else {
            return section("sensitivity", Markup.p("The sensitivity analysis was not run with this report: \(code: "carecast report --sensitivity") adds it."))
        }
        let top = Array(s.assumptions.prefix(10))
        let rows = top.map { [$0.name, "\(describeValue($0.low)) to \(describeValue($0.high))", n($0.gapLow), n($0.gapHigh), n(abs($0.gapHigh - $0.gapLow))] }
        let structural = s.structural.map { [$0.choice, $0.variant, n($0.gap), n($0.gap - s.baseGap)] }
        return section("sensitivity", Markup.p("How far England's gap (required less supply, all roles, need-based) in \(s.year) moves when each assumption with a stated range in the assumptions file is set to either end of it, the others held; and beside them the structural choices. Baseline gap: \(n(s.baseGap)) FTE.")
            + Charts.tornado(title: "The ten assumptions that move England's \(s.year) gap most (FTE)", labels: top.map(\.name), low: top.map(\.gapLow), high: top.map(\.gapHigh), base: s.baseGap, id: "chart-tornado")
            + Components.table(caption: "Gap in \(s.year) at each end of an assumption's range (FTE)", header: ["Assumption", "Range", "Gap at low end", "Gap at high end", "Swing"], rows: rows, numeric: [2, 3, 4], id: "table-sensitivity")
            + Components.table(caption: "Structural choices: the gap in \(s.year) with the alternative (FTE)", header: ["Choice", "Alternative", "Gap", "Change"], rows: structural, numeric: [2, 3], id: "table-structural"))
    }

    func trackRecordSection() -> BodyNode {
        guard let record = trackRecord else {
            return section("track-record", Markup.p("No earlier edition was given: \(code: "carecast report --previous-edition editions/YEAR") scores one against the census since (the repository keeps each published edition in \(code: "editions/"))."))
        }
        let summaries = record.summary()
        var text: Prose = "The \(record.edition) edition projected FTE in post (LA-employed, all roles) for every area; DfE has since published \(Set(record.rows.map(\.year)).sorted().map(String.init).joined(separator: ", ")). "
        text += "Below, by level: how far the edition's central projection was from the outturn, and how often the outturn fell inside the intervals it published (its Monte Carlo draws). Every area's figure is in \(code: "data/track_record.csv")."
        var html = Markup.p(text)
        let rows = summaries.map { s -> [String] in
            let level = s.level == .national ? "England" : s.level == .regional ? "Regions" : "Authorities"
            let inside = s.withIntervals > 0 ? "\(s.inside90) of \(s.withIntervals)" : "not published"
            let inside50 = s.withIntervals > 0 ? "\(s.inside50) of \(s.withIntervals)" : "not published"
            return [String(s.year), level, String(s.count), n(s.mape, 1) + "%", n(s.bias, 1) + "%", inside50, inside]
        }
        html += Components.table(caption: "The \(record.edition) edition's projection of FTE in post against the outturn", header: ["Year", "Level", "Areas", "Mean absolute error", "Mean error (outturn less projection)", "Inside the 50% interval", "Inside the 90% interval"], rows: rows, numeric: [2, 3, 4], id: "table-track-record")
        if let england = record.rows.first(where: { $0.level == .national }) {
            let verdict = england.inside90 == true ? "inside" : england.inside90 == false ? "outside" : "without"
            var outturn: Prose = "England \(england.year): projected \(n(england.central, 1)) FTE"
            if let lo = england.q05, let hi = england.q95 { outturn += " (90% interval \(n(lo, 1)) to \(n(hi, 1)))" }
            outturn += "; DfE published \(n(england.outturn, 1)): \(verdict) the interval, \(n(england.error * 100, 1))% from the central figure."
            html += Markup.p(outturn)
        }
        if !record.waterfall.isEmpty {
            var previous: Double?
            let steps = record.waterfall.map { step -> [String] in
                defer { previous = step.gap }
                return [step.step, n(step.gap), previous.map { n(step.gap - $0) } ?? ""]
            }
            html += Components.table(caption: "What changed since the last edition: England's gap ten years ahead (required less in post, all roles, FTE)", header: ["Step", "Gap", "Change"], rows: steps, numeric: [1, 2], id: "table-waterfall")
        }
        return section("track-record", html)
    }

    func backtestSection() -> BodyNode {
        guard let b = backtest else {
            return section("backtest", Markup.p("The back-test was not run with this report: \(code: "carecast report --backtest") adds it, and \(code: "carecast backtest") prints it."))
        }
        let scores = b.scores().filter { $0.measure == "inpost_fte" }
        let rows = Self.scoreRows(scores)
        // England: what was published, and each base year's projection.
        let national = b.comparisons.filter { $0.level == .national && $0.measure == "inpost_fte" }
        let bases = Set(national.map(\.baseYear)).sorted()
        let years = Array((bases.first ?? baseYear)...(national.map(\.year).max() ?? baseYear))
        let outturn = years.map { y in accounts.year == y ? (accounts.england.published["inpost_fte"] ?? 0) : (national.first { $0.year == y }?.outturn ?? national.first { $0.baseYear == y }?.lastValue ?? 0) }
        let colours = Array(Charts.palette.dropFirst())
        var series: [Charts.Series] = [.init(name: "Published", values: outturn, colour: Charts.black)]
        for (i, base) in bases.enumerated() {
            let values = years.map { y -> Double in
                if y < base { return outturn[years.firstIndex(of: base)!] }
                if y == base { return outturn[years.firstIndex(of: y)!] }
                return national.first { $0.baseYear == base && $0.year == y }?.projected ?? 0
            }
            series.append(.init(name: "From \(base)", values: values, colour: colours[i % colours.count], dashed: true))
        }
        let worse = scores.filter { min($0.mapeLastValue, $0.mapeTrend) < $0.mape }
        let meanBias = scores.isEmpty ? 0 : scores.reduce(0) { $0 + $1.bias } / Double(scores.count)
        let direction = meanBias > 0 ? "positive: it has projected more staff than came about" : "negative: it has projected fewer staff than came about"
        var plain = (worse.isEmpty ? "The method beat both benchmarks everywhere." : "Plainly: a simpler benchmark did better than the method in \(worse.count) of \(scores.count) comparisons of FTE in post (marked below).")
            + " On average the method's bias is \(direction) (\(NumberFormat.grouped(meanBias))%)."
        // Why, where the published series itself turned: a fall after growth is what a method
        // calibrated on the years before cannot foresee, and what carrying the last value hedges.
        let falls = zip(years, years.dropFirst()).compactMap { a, b -> String? in
            guard let i = years.firstIndex(of: a), outturn[i] > 0 else { return nil }
            let change = outturn[i + 1] / outturn[i] - 1
            return change < 0 ? "\(b) (\(NumberFormat.grouped(change * 100))%)" : nil
        }
        if !worse.isEmpty, !falls.isEmpty {
            plain += " Where the last value won, it is mostly because England's FTE in post fell in \(falls.joined(separator: ", ")) after years of growth that projections from earlier base years carried on; the method projects flows, not turning points."
        }
        return section("backtest", Markup.p("For each base year from \(bases.first ?? baseYear) the baseline was calibrated on data up to that year only (except the few figures the bundle has only later, listed by \(code: "carecast backtest")), projected to \(years.last ?? baseYear), and compared with what DfE published. \(plain)")
            + Components.table(caption: "FTE in post: mean absolute percentage error and bias by level and years ahead", header: ["Level", "Years ahead", "Cases", "MAPE", "Bias", "Last value MAPE", "Trend MAPE", "Best"], rows: rows, numeric: [1, 2, 3, 4, 5, 6], id: "table-backtest")
            + Charts.lines(title: "England: FTE in post as published and as projected from each base year", years: years, series: series, yLabel: "FTE", id: "chart-backtest")
            + coverageText(b)
            + agencyBacktestText(b)
            + demandBacktestText(b)
            + Markup.p("Leavers and starters are scored too (see \(code: "backtest.csv")). National figures are taken as published by each base year where the bundle's vintages have them (for the calibration and the benchmarks alike); local figures, and the outturn compared with, are the latest published.", class: "note"))
    }

    /// A back-test table's rows: level, years ahead, cases, the method's MAPE and bias, the
    /// benchmarks' MAPE, and which did best.
    static func scoreRows(_ scores: [Backtest.Score]) -> [[String]] {
        scores.map { s in
            let best = min(s.mapeLastValue, s.mapeTrend)
            return [s.level.rawValue, String(s.horizon), String(s.count), NumberFormat.grouped(s.mape) + "%", NumberFormat.grouped(s.bias) + "%",
                    NumberFormat.grouped(s.mapeLastValue) + "%", NumberFormat.grouped(s.mapeTrend) + "%",
                    best < s.mape ? (s.mapeLastValue <= s.mapeTrend ? "last value" : "trend") : "the method"]
        }
    }

    /// The agency stock's back-test (model v2): its own table and plain words.
    func agencyBacktestText(_ b: Backtest) -> BodyNode {
        let scores = b.scores().filter { $0.measure == "agency_fte" }
        guard !scores.isEmpty else { return Markup.group([]) }
        let rows = Self.scoreRows(scores)
        let worse = scores.filter { min($0.mapeLastValue, $0.mapeTrend) < $0.mape }
        let rulesYear = baseline.notes.agency.rulesYear
        let text = Markup.p("Agency workers (a stock of their own): \(worse.isEmpty ? "the method beat both benchmarks everywhere" : "a simpler benchmark did better in \(worse.count) of \(scores.count) comparisons, mostly for authorities, whose agency numbers are small and jumpy")."
            + " Every back-test base year precedes the agency rules (first census year reflecting them: \(rulesYear)), so projections of \(rulesYear) on hold the outflow from before them; the baseline applies the rules' effect as \(rulesYear) shows it.")
        return text + Components.table(caption: "Agency FTE: mean absolute percentage error and bias by level and years ahead", header: ["Level", "Years ahead", "Cases", "MAPE", "Bias", "Last value MAPE", "Trend MAPE", "Best"], rows: rows, numeric: [1, 2, 3, 4, 5, 6], id: "table-backtest-agency")
    }

    /// The demand side: projected children in need against what DfE published.
    func demandBacktestText(_ b: Backtest) -> BodyNode {
        let scores = b.scores().filter { $0.measure == "children_in_need" }
        guard !scores.isEmpty else { return Markup.group([]) }
        let rows = Self.scoreRows(scores)
        return Markup.p("The demand the required workforce rests on: children in need at 31 March as projected (population × need rates, the model's activities added up) against what DfE published.")
            + Components.table(caption: "Children in need: mean absolute percentage error and bias by level and years ahead", header: ["Level", "Years ahead", "Cases", "MAPE", "Bias", "Last value MAPE", "Trend MAPE", "Best"], rows: rows, numeric: [1, 2, 3, 4, 5, 6], id: "table-backtest-demand")
    }

    func coverageText(_ b: Backtest) -> BodyNode {
        let coverage = b.coverage()
        guard !coverage.isEmpty else { return Markup.group([]) }
        let rows = coverage.map { c in
            [c.level.rawValue, String(c.horizon), String(c.count), pct(c.inside50), pct(c.inside90),
             n(c.meanError * 100, 1) + "%", n(c.halfWidth90 * 100, 1) + "%", c.poor ? "poor: " + c.diagnosis : ""]
        }
        let poor = coverage.filter(\.poor)
        let warning = poor.isEmpty
            ? Markup.p("The outturn fell inside the projection's intervals about as often as their width says it should.")
            : Markup.p("Warning: the outturn fell outside the projection's intervals more often than their width allows in \(poor.count) of \(coverage.count) comparisons below (marked poor). The uncertainty shown in this report understates the real uncertainty, at least at the levels and horizons marked: read its intervals and probabilities as too confident. Where a row says bias, the central projection itself was off by more than the intervals allow (its mean error beside the interval's half-width), and wider noise would not fix it; where it says spread, the draws are too narrow.", class: "answer")
        return Markup.p("Each base year's projection was also simulated (\(b.draws) draws, the same parameter sets and structured shocks as the uncertainty section), and the published outturn checked against its 50% and 90% intervals.") + warning
            + Components.table(caption: "FTE in post: how often the outturn fell inside the 50% and 90% intervals", header: ["Level", "Years ahead", "Cases", "Inside 50% interval", "Inside 90% interval", "Mean error (outturn less projection)", "90% interval half-width", ""], rows: rows, numeric: [1, 2, 3, 4, 5, 6], id: "table-backtest-coverage")
    }

    func ethnicitySection() -> BodyNode {
        let rows = ethnicity.map { [$0.group, n($0.fte, 1), $0.group == "Not known" ? "\(n($0.percent)) of all" : "\(n($0.percent))% of known"] }
        return section("ethnicity", Components.table(caption: "Children and family social workers in post by ethnic group, England, 30 September \(baseYear) (FTE)", header: ["Ethnic group", "FTE", "Share"], rows: rows, numeric: [1, 2], id: "table-ethnicity")
            + Markup.p("The ethnicity of children in need and looked-after children is not in this edition's data, so the two cannot yet be set side by side; this section will carry both when the children's figures are added. The bundled role file's 'Non-white' rows repeat the 'White' figures and are not used."))
    }

    /// What organisations told the assessment through the returns service, by assumption.
    func evidenceSection() -> BodyNode {
        guard !evidence.isEmpty else {
            return section("evidence", Markup.p("No consultation evidence is in this report's data. Organisations send it through the returns service (\(code: "carecast-server")), and \(code: "carecast-server export") writes it beside the collected returns."))
        }
        let shown = evidence.filter(\.publishable)
        let names = Set(assumptions.assumptions.map(\.name))
        var rows: [[String]] = []
        for e in shown {
            let informs = e.assumptions.map { name -> String in
                guard names.contains(name), let a = assumptions[name] else { return name + " (not an assumption of this run)" }
                let changed = a.source.localizedCaseInsensitiveContains(e.title) || a.source.localizedCaseInsensitiveContains(e.organisation)
                return name + (changed ? " (changed: its source cites this evidence)" : " (not changed)")
            }
            rows.append([e.date, e.organisation, e.title, e.text, informs.joined(separator: "; ")])
        }
        let withheld = evidence.count - shown.count
        return section("evidence", Markup.p("\(evidence.count) items of evidence were received from local organisations\(withheld > 0 ? ", \(withheld) of them in confidence (counted here, not shown)" : ""). Each is listed against the assumptions it informs; an assumption changed in response cites the evidence in its source.")
            + Components.table(caption: "Evidence received", header: ["Date", "Organisation", "Title", "Evidence", "Assumptions it informs"], rows: rows, numeric: [], id: "table-evidence"))
    }

    func notCountedSection() -> BodyNode {
        section("not-counted", Markup.list([
            "Family help workers, personal advisers for care leavers and early help staff: not in any workforce census.",
            "Children's homes staff and foster carers are counted in their own part (the placements workforce); children's homes staff by authority are derived from places and a national ratio, as no staff counts by authority are published. Family and friends (kinship) foster carers are not projected as households: the requirement holds their share of foster children.",
            "Privately employed social workers outside local authorities. Agency workers are counted as a stock of their own, by authority; DfE does not publish their roles, so each authority's are split over roles like its vacancies.",
            "Adult social care: the same machinery, later.",
        ]))
    }

    func definitionsSection() -> BodyNode {
        let rows: [[String]] = [
            ["Supply (FTE in post)", "LA-employed children and family social workers in post at 30 September, FTE", "inpost_fte (DfE CSWW)"],
            ["Agency workers", "Agency FTE at 30 September: a stock of their own, not in supply (LA staff); in the second gap", "agency_fte"],
            ["Vacancies", "Vacant FTE at 30 September", "vacancy_fte"],
            ["Establishment", "FTE in post plus vacancies", "inpost_fte + vacancy_fte"],
            ["Case-holding roles", "Case holders and senior practitioners", "case_holders_fte ≈ their FTE"],
            ["Caseload", "Cases ÷ FTE of workers holding cases", "caseload_fte"],
            ["Leavers (model)", "Leavers who leave LA children's social care (full attrition) or move into agency work; moves between authorities net out", "leavers_fte less moves between authorities"],
            ["Gap with agency workers", "Required less LA staff in post and agency workers: posts filled by nobody", "required − inpost_fte − agency_fte"],
            ["Children in need (other)", "Children in need at 31 March other than those on a plan or looked after", "At31_episodes − CPP_At31 − CLA"],
            ["On a protection plan", "Children on a child protection plan at 31 March, not looked after", "CPP_At31"],
            ["Looked after", "Children looked after at 31 March", "children_count (CLA)"],
            ["Required (need)", "FTE the projected need requires at each area's calibrated caseload standard", "MODEL.md demand"],
            ["Required (OBR-consistent)", "Establishment grown by the national principal projection weighted by spending per child by age, and by non-demographic growth from the history of LA children's social care spending", "MODEL.md demand.obr; docs/MODEL.md populationIndex"],
        ]
        return section("definitions", Components.table(caption: "Every quantity and the DfE measure behind it", header: ["Quantity", "Definition", "DfE measure"], rows: rows, id: "table-definitions"))
    }

    func methodSection() -> BodyNode {
        let text = BaselineMethod.render(baseline, assumptions: assumptions)
        let method = text.components(separatedBy: "\nAssumptions (")[0]
        // The method's text in paragraphs, its lines kept as line breaks.
        let paragraphs = Markup.group(method.split(separator: "\n\n").map { paragraph in
            Markup.p(.lines(paragraph.split(separator: "\n", omittingEmptySubsequences: false)))
        })
        return section("method", Markup.p("Quality: these are \(strong: "official statistics in development"). The projection follows the published model contract (MODEL.md v1, extended by the project's docs/MODEL.md v2 for agency workers, reverting local rates, early-career years, responsive progression, local caseload standards and the OBR variant's national population index) and its engine is checked against an independent implementation of both. The base year reproduces DfE's published workforce indicators (see the accounts in the open data). Assumptions that could not be sourced are marked so in the assumptions table.") + paragraphs)
    }

    func assumptionsSection() -> BodyNode {
        let rows = assumptions.assumptions.map { [$0.name, BaselineMethod.describe($0.value), $0.unit, $0.source, $0.rationale] }
        return section("assumptions", Components.table(caption: "Every assumption, with its source (\(assumptions.title))", header: ["Assumption", "Value", "Unit", "Source", "Why"], rows: rows, id: "table-assumptions"))
    }

    func sourcesSection() -> BodyNode {
        section("sources", Markup.p("All inputs are the published files bundled with CareCast (\(code: "data/england"), listed with their origins in its SOURCES.md): DfE's children's social work workforce, children in need, child protection plans and children looked after statistics; ONS mid-year population estimates and 2022-based national and subnational population projections; Skills for Care (HESA) social work education figures; Ofsted's children's social care data; the LGA's published projection. Every input file's SHA-256 is in \(code: "manifest.json")."))
    }

    func verifySection(_ manifestSummary: String) -> BodyNode {
        section("verify", Markup.p("The exact model input run is \(code: "model-input.json"); any implementation of the model contract (MODEL.md v1 and the project's docs/MODEL.md v2) run on it reproduces \(code: "result.json"). To re-derive every published file from the published inputs:")
            + Markup.pre("swift run carecast report --out report\nswift run carecast verify report")
            + Markup.p("\(code: "verify") re-runs the assessment from the inputs the manifest names and compares every output byte for byte.")
            + Markup.p("\(manifestSummary)", class: "note"))
    }
}
