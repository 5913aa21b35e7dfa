import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel
import CareCastHTML
import Foundation

/// Part (b) of the duty: the workforce that need requires, the evidence behind each piece of
/// it, the OBR-consistent variant and the bridges to it and to other projections.
extension Report {
    static let activityNames = [
        "children_in_need_other": "Other children in need", "child_protection_not_looked_after": "On a protection plan, not looked after",
        "looked_after": "Looked after",
    ]

    /// England, all roles, of any run.
    func englandTotal(_ metric: ProjectionResult.Metric, _ run: ProjectionResult, _ t: Int) -> Double {
        guard t < run.years.count else { return 0 }
        return england(metric, run, t)
    }

    func requiredSection() -> BodyNode {
        let need = baseline.notes.need
        var html = Markup.p("\(strong: "Need-based:") each authority's children in need (other than those on a protection plan or looked after), children on a protection plan who are not looked after, and looked-after children at 31 March \(baseYear), each carried forward by the projected number of children of the ages who need care, weighted by the social work each needs, and divided by the authority's caseload standard. Managers and the other roles follow the case-holding roles at their base-year ratios. Each piece rests on the evidence below, re-estimated for every edition.")

        // 1. Workload weights.
        let weightRows = need.weights.map { w -> [String] in
            [Self.activityNames[w.activity] ?? w.activity,
             w.activity == NeedEvidence.activityIDs[0] ? "1 (reference)" : "\(n(w.data, 2)) ± \(n(w.dataSD, 2))",
             w.prior.map { "\(n($0, 2)) ± \(n(w.priorSD ?? 0, 2))" } ?? "none",
             w.activity == NeedEvidence.activityIDs[0] ? "1" : "\(n(w.weight, 2)) ± \(n(w.sd, 2))"]
        }
        html += Markup.heading(3, "How much work each kind of need brings") + Markup.p("The relative workload of a child of each kind was estimated from \(need.panelObservations) authority-years (\(need.panelAuthorities) authorities, census years \(need.panelYears.lowerBound)–\(need.panelYears.upperBound)): each authority's case-holding FTE at 30 September against its counts of each kind at the 31 March before, by least squares on relative errors (case-holding FTE = Σ FTE per child × children), with standard deviations from \(NeedEvidence.replicates) bootstrap samples of whole authorities. The data pin down the weight of a looked-after child; they hardly tell a protection plan from other need, as plans are a small and steady share of every authority's children. Each data estimate is combined, by precision, with published evidence (the assumptions \(code: "workload_weight_prior_mean") and \(code: "_sd"): the Department's survey weeks of social work hours per child, and the statutory and procedural visiting minimums). The Monte Carlo draws each weight from its combined distribution. Overlap: a child on a plan who is also looked after counts once, as looked after (\(code: "cpp_looked_after_overlap"), drawn between its stated bounds), so the overlap moves workload from the plan's weight to the looked-after one.")
        html += Components.table(caption: "Relative workload per child (other children in need = 1)", header: ["Kind of need", "From authorities' staffing (± sd)", "Published evidence (± sd)", "Used (± sd)"], rows: weightRows, numeric: [1, 2, 3], id: "table-workload-weights")

        // 2. Age.
        let groups = baseline.input.activities.first?.ageMix.map(\.key.rawValue) ?? []
        let ageRows = baseline.input.activities.map { a -> [String] in
            [Self.activityNames[a.id.rawValue] ?? a.id.rawValue] + a.ageMix.map { pct($0.value) }
        }
        let sources = baseline.notes.ageMixSources.map { "\($0.measure): " + ($0.year.map { "published shares of \($0)" } ?? "none found, taken like the child population") }.joined(separator: "; ")
        html += Markup.heading(3, "Need by age") + Markup.p("Each kind of need is carried forward with the children of the ages it falls on: its national age mix (DfE's published shares by age where found, the ages not published like the child population; \(sources)) applied to each authority's projected children of each age group. Other children in need are all children in need less those on plans and looked after, age group by age group.")
        html += Components.table(caption: "Age mix of each kind of need, England", header: ["Kind of need"] + groups, rows: ageRows, numeric: Set(1...max(1, groups.count)), id: "table-need-age")

        // 3. Trends.
        let trendRows = need.trends.map { t -> [String] in
            let first = t.rates.first!, last = t.rates.last!
            return [Self.activityNames[t.activity] ?? t.activity, "\(first.year): \(n(first.rate, 1))", "\(last.year): \(n(last.rate, 1))", pct(t.growth)]
        }
        let phi = baseline.notes.needTrendDamping
        let errorRows = need.dampingErrors.map { e -> [String] in
            ["φ = \(describeValue(e.phi))" + (e.phi == 0 ? " (held)" : e.phi == 1 ? " (carried)" : " (damped)")] + e.byHorizon.map { $0.isNaN ? "–" : pct($0) }
        }
        html += Markup.heading(3, "Need over time") + Markup.p("Rates of need per 10,000 children aged 0 to 17 in England since the series begin, with each rate's log-linear trend. Whether to carry a trend was tested out of sample: from each base year four or more years into the series, the rate was projected one to five years ahead with the trend fitted to that base year, damped by φ (φ = 0 holds today's rate, φ = 1 carries the trend), and compared with what happened. The baseline uses φ = \(describeValue(phi)) (\(code: "need_trend_damping")); the sensitivity analysis shows the gap with the trend carried.")
        html += Components.table(caption: "Rates of need per 10,000 children, England", header: ["Kind of need", "First year", "Base year", "Trend a year"], rows: trendRows, numeric: [1, 2, 3], id: "table-need-trend")
        html += Components.table(caption: "Mean absolute error of the projected rate, out of sample, by years ahead", header: ["Trend"] + (1...5).map { "\($0) year\($0 == 1 ? "" : "s")" }, rows: errorRows, numeric: Set(1...5), id: "table-need-trend-test")

        // 4. Standards.
        html += standardsText()

        // Required by role, both methods.
        var rows: [[String]] = []
        for (r, role) in result.roles.enumerated() {
            rows.append([role.name] + horizons.flatMap { [n(value(.required, England.code, role: r, $0)), n(value(.requiredObr, England.code, role: r, $0))] })
        }
        let header = ["Role"] + horizons.flatMap { ["\(baseYear + $0) need", "\(baseYear + $0) OBR"] }
        html += Components.table(caption: "Required workforce by role, England (FTE), need-based and OBR-consistent", header: header, rows: rows, numeric: Set(1..<header.count), id: "table-required")
        return section("required", html)
    }

    func standardsText() -> BodyNode {
        let need = baseline.notes.need
        var html = Markup.heading(3, "Caseload standards")
        let calibrated = baseline.notes.calibratedStandards.map(\.standard).filter { $0 > 0 }.sorted()
        func quantiles(_ v: [Double]) -> [String] {
            guard !v.isEmpty else { return ["–", "–", "–", "–", "–"] }
            func q(_ p: Double) -> Double { v[min(v.count - 1, Int((p * Double(v.count - 1)).rounded()))] }
            return [n(q(0), 1), n(q(0.1), 1), n(q(0.5), 1), n(q(0.9), 1), n(q(1), 1)]
        }
        if baseline.notes.standardMethod == "shrunk", !need.standards.isEmpty {
            let shrunk = need.standards.map(\.shrunk).filter { $0 > 0 }.sorted()
            let estimated = need.standards.filter { $0.years > 0 }
            let meanReliability = estimated.isEmpty ? 0 : estimated.reduce(0) { $0 + $1.reliability } / Double(estimated.count)
            let share = need.betweenVariance + need.withinVariance > 0 ? need.betweenVariance / (need.betweenVariance + need.withinVariance) : 0
            html += Markup.p("An authority's standard is the weighted cases it carries per caseload post (FTE in post plus vacancies). One year's figure is noisy, so each authority's standard was estimated from every census year: the mean of the logarithm of its standard relative to England's that year, kept in the share its own years support (τ² / (τ² + σ²/n), by the method of moments: the spread between authorities' persistent standards, τ² = \(n(need.betweenVariance, 4)), against the year-to-year scatter within an authority, σ² = \(n(need.withinVariance, 4)); \(pct(share)) of the variance of one year's figure is the authority's persistent standard), and so drawn towards England's standard (\(n(need.nationalStandard, 1)) weighted cases per post, set so that England's requirement at \(baseYear) is its establishment). The mean reliability is \(pct(meanReliability)): authorities differ in their standards for lasting reasons (how they count and organise cases, their mix of need beyond the three kinds counted, their funding), and the estimate keeps most of that difference while removing a single year's noise. Authorities with no usable year, or formed by a boundary change, take England's.")
            html += Components.table(caption: "The spread of authorities' caseload standards (weighted cases per caseload post)", header: ["Standard", "Lowest", "10th percentile", "Median", "90th percentile", "Highest"],
                               rows: [["Base year alone (calibrated)"] + quantiles(calibrated), ["Estimated over every census year, shrunk (used)"] + quantiles(shrunk)], numeric: [1, 2, 3, 4, 5], id: "table-standards")
        } else {
            html += Markup.p("Each authority's standard is its base-year weighted cases per caseload post (FTE in post plus vacancies).")
        }
        if let v = variants {
            let rows = [("Estimated and shrunk (baseline)", result), ("Calibrated: each authority's base year", v.calibrated),
                        ("Stated: \(describeValue((try? assumptions.number("stated_caseload_standard")) ?? 0)) in every authority", v.stated)].map { label, run in
                [label] + horizons.map { n(englandTotal(.required, run, $0)) }
            }
            html += Components.table(caption: "Required workforce under each caseload standard, England, all roles (FTE)", header: ["Standard"] + horizons.map { "\(baseYear + $0)" }, rows: rows, numeric: Set(1...horizons.count), id: "table-standards-variants")
        }
        return html
    }

    // MARK: The OBR-consistent variant

    func obrSection() -> BodyNode {
        let o = baseline.notes.obr
        var html = Markup.p("The OBR projects spending, not children's social care, so CareCast builds this variant as the OBR builds its long-term projections, from what the OBR uses: the population of the ONS 2022-based \(strong: "national principal projection") (\(o.populationIndexSource)), applied to each authority's base-year children by age; a spending weight per child by age (\(o.costWeights.map { "\($0.group) \(n($0.weight, 2))" }.joined(separator: ", ")), taken from the workload per child of each age since no spending by age is published; and \(strong: "non-demographic growth") estimated from the history of local authorities' spending on children's social care. Each authority's establishment is grown by the weighted population index and by that growth.")
        if let h = try? EnglandBaseline.spendingHistory(bundle, baseYear: baseYear) {
            let unitCost = (try? assumptions.number("obr_historical_real_unit_cost_growth")) ?? 0
            let share = (try? assumptions.number("obr_non_demographic_share")) ?? 1
            html += Markup.p("\(strong: "Non-demographic growth.") Local authorities' spending on children's social care grew by \(pct(h.realGrowth)) a year in real terms from \(h.firstYear)-\(String(h.firstYear + 1).suffix(2)) to \(h.lastYear)-\(String(h.lastYear + 1).suffix(2)) (the chained published changes in \(code: "la_childrens_social_care_spending.csv")), while children aged 0 to 17 grew by \(pct(h.childGrowth)) a year\(h.extrapolatedPopulation ? " (the ONS estimates before the bundle's first year extended back at its first five years' rate)" : ""): \(pct(h.perChildGrowth)) a year per child. Less real unit-cost growth of \(pct(unitCost)) a year (real pay was flat over the span) and times the share carried on, \(describeValue(share)), the variant grows the care per child by \(pct(o.nonDemographicGrowth)) a year. Part of the spending growth was the rising price of placements rather than more care, so this is an upper reading: the sensitivity of the bridge below shows the variant without it.")
        }
        if let trend = NeedEvidence.establishmentPerChildTrend(bundle) {
            html += Markup.p("A check from the workforce's own history: England's establishment (FTE in post plus vacancies) per child aged 0 to 17 grew by \(pct(trend.growth)) a year from \(trend.years.lowerBound) to \(trend.years.upperBound), while the census's cases per child did not grow and caseloads fell. The variant carries that kind of growth on; the need-based requirement holds today's caseloads and rates of need. The difference between them is the question Parliament has to weigh: whether the resources per child will go on rising as they have.")
        }
        html += obrSpendingTable()
        html += obrBridge()
        return section("obr", html)
    }

    /// The variant as spending: base-year spending grown with the variant's requirement and real
    /// pay, against GDP on the OBR's path.
    func obrSpendingTable() -> BodyNode {
        guard let spending = try? assumptions.number("obr_spending_base_gbp"), let gdp = try? assumptions.number("obr_gdp_base_gbp"),
              let growth = try? assumptions.numbers("obr_real_gdp_growth"), let longRun = try? assumptions.number("obr_long_run_real_gdp_growth") else { return Markup.group([]) }
        let earnings = costAssumptions.realEarningsGrowth
        var gdpLevel = gdp
        var rows: [[String]] = []
        let base = englandTotal(.requiredObr, result, 0)
        for (t, year) in result.years.enumerated() {
            if t > 0 { gdpLevel *= 1 + (growth.first { $0.key == String(year) }?.value ?? longRun) }
            guard horizons.contains(t) else { continue }
            let volume = base > 0 ? englandTotal(.requiredObr, result, t) / base : 1
            let s = spending * volume * Foundation.pow(1 + earnings, Double(t))
            rows.append(["\(year)", n(volume * 100, 1), millions(s), n(gdpLevel / 1e9, 0), n(s / gdpLevel * 100, 2) + "%"])
        }
        return Markup.heading(3, "The variant as spending") + Markup.p("Local authorities' spending on children's social care in the base year (\(millions(spending)), \(code: "obr_spending_base_gbp")) grown with the variant's required workforce (its volume) and with real pay (\(pct(earnings)) a year, the OBR's long-run earnings growth less its GDP deflator), set against GDP in real terms on the OBR's path (\(code: "obr_real_gdp_growth") to the end of its medium-term forecast, \(pct(longRun)) a year after it). Prices of the base year; the base year's spending and GDP are those of the last financial year published before the census.")
            + Components.table(caption: "The OBR-consistent variant as spending, England", header: ["Year", "Volume (base year = 100)", "Spending (real)", "GDP, £bn (real)", "Share of GDP"], rows: rows, numeric: [1, 2, 3, 4], id: "table-obr-spending")
    }

    /// Numbered steps from the need-based requirement to the OBR-consistent one.
    func obrBridge() -> BodyNode {
        guard let v = variants else { return Markup.p("The bridge between the two requirements needs the reruns of the full report (not run with \(code: "--quick")).") }
        let hs = horizons.dropFirst()
        func row(_ label: String, _ f: (Int) -> Double, sign: Bool = true) -> [String] {
            [label] + hs.map { h in (sign && f(h) > 0 ? "+" : "") + n(f(h)) }
        }
        let need = { (h: Int) in self.englandTotal(.required, self.result, h) }
        let needNPP = { (h: Int) in self.englandTotal(.required, v.npp, h) }
        let obrFlat = { (h: Int) in self.englandTotal(.requiredObr, v.obrNoGrowth, h) }
        let obr = { (h: Int) in self.englandTotal(.requiredObr, self.result, h) }
        let rows = [
            row("1. Need-based requirement (baseline)", need, sign: false),
            row("2. Population: ONS national principal projection instead of the subnational one", { needNPP($0) - need($0) }),
            row("3. Method: each authority's establishment grown by the national, spending-weighted population index instead of its own rates of need by age and caseload standard", { obrFlat($0) - needNPP($0) }),
            row("4. Non-demographic growth of care per child (\(pct(baseline.notes.obr.nonDemographicGrowth)) a year)", { obr($0) - obrFlat($0) }),
            row("5. OBR-consistent requirement", obr, sign: false),
        ]
        return Markup.heading(3, "From the need-based requirement to the OBR-consistent one") + Markup.p("Each step changes one thing, in order, and is sized by rerunning the model; productivity is the same in both (\(pct((try? assumptions.number("productivity_growth")) ?? 0)) a year), so it is not a step.")
            + Components.table(caption: "Bridge: need-based to OBR-consistent required workforce, England, all roles (FTE)", header: ["Step"] + hs.map { "\(baseYear + $0)" }, rows: rows, numeric: Set(1...hs.count), id: "table-obr-bridge")
    }

    // MARK: Other projections

    func comparisonSection() -> BodyNode {
        let t = min(10, result.years.count - 1)
        let year = baseYear + t
        let required = allRoles(.required, England.code, t), supply = allRoles(.fte, England.code, t)
        let rows: [[String]] = [
            ["LGA children and family social worker model (29 November 2024)", "32,952 in post (2023)", "45,989 needed by 2034", "about 3,500 trainee starts a year needed"],
            ["CareCast (this assessment)", n(allRoles(.fte, England.code, 0)) + " FTE in post (\(baseYear))", n(required) + " FTE required in \(year); supply " + n(supply), "see Are we training enough?"],
        ]
        var html = Components.table(caption: "Published projections of the children's social worker workforce", header: ["Projection", "Base", "Need", "Training"], rows: rows, id: "table-comparison")
        guard let v = variants, year == 2034 || t == 10 else { return section("comparison", html) }
        let p = accounts.england.published
        let headcountRatio = (p["inpost_fte"] ?? 0) > 0 ? (p["inpost_headcount"] ?? 0) / p["inpost_fte"]! : 1
        let x0 = englandTotal(.required, result, t)
        let x1 = englandTotal(.required, v.npp, t)
        let x2 = englandTotal(.required, v.nppCarried, t)
        let x3 = englandTotal(.required, v.nppCarriedCaseload, t)
        let x4 = x3 * headcountRatio
        let lga = 45_989.0
        func step(_ label: String, _ delta: Double, _ level: Double) -> [String] { [label, (delta > 0 ? "+" : "") + n(delta), n(level)] }
        let walk = [
            ["1. CareCast need-based requirement, \(year) (FTE)", "", n(x0)],
            step("2. Demography: ONS national principal projection instead of the subnational one", x1 - x0, x1),
            step("3. Rate trends: each rate of need's 2013-\(baseYear) trend carried on (φ = 1) instead of held", x2 - x1, x2),
            step("4. Caseload standard: caseloads falling on as they did from \(v.caseloadYears.lowerBound) to \(v.caseloadYears.upperBound) (\(n(v.caseloads.first, 1)) to \(n(v.caseloads.last, 1)) cases per case holder, \(pct(v.caseloadTrend)) a year) instead of held", x3 - x2, x3),
            step("5. FTE or headcount: headcount at the base year's \(n(headcountRatio, 3)) people per FTE (the LGA's basis is not stated)", x4 - x3, x4),
            step("6. Not explained by any step CareCast can size: the LGA's unpublished assumptions (scope beyond local authorities, replacing agency staff, vacancy targets)", lga - x4, lga),
        ]
        html += Markup.heading(3, "A bridge to the LGA's 45,989") + Markup.p("The LGA's published text does not give its demographic driver, caseload target, vacancy assumption or basis, so each step sizes one candidate difference with CareCast's own model (reruns, cumulative, in order); what is left is the part no published figure explains.")
            + Components.table(caption: "From CareCast's required workforce in \(year) to the LGA's need for 2034", header: ["Step", "Change", "Level"], rows: walk, numeric: [1, 2], id: "table-lga-bridge")
        return section("comparison", html)
    }
}

// MARK: What closing the gap costs

extension Report {
    /// The scenarios' costs against the baseline, which are ranked and why not, and the answer
    /// to "what is the cheapest way to close the gap?" by horizon and role, with its uncertainty.
    func scenarioCosts() -> (text: BodyNode, table: BodyNode) {
        let ten = min(10, result.years.count - 1)
        let baseGap = england(.required, result, ten) - england(.fte, result, ten)
        let baseCost = cost.discounted(through: ten)
        var costRows: [[String]] = []
        var unranked: [String] = []
        for s in scenarios {
            let gap = england(.required, s.result, ten) - england(.fte, s.result, ten)
            let closed = min(max(baseGap, 0), baseGap - gap)
            let extra = s.cost.discounted(through: ten) - baseCost
            let per = closed > 1 ? extra / closed : .nan
            let reason = s.notCosted ?? (closed > 1 ? nil : "it closes none of the baseline's +10 gap")
            if let reason { unranked.append("\(s.title): \(reason)") }
            costRows.append([s.title, millions(s.cost.discounted(through: ten)), millions(extra), millions(s.cost.leverCost.prefix(ten + 1).reduce(0, +)), n(closed), per.isFinite ? pounds(per) : "–", reason == nil ? "yes" : "no"])
        }
        var text = Markup.p("Cost over the years after \(baseYear), as a present value at \(baseYear) (HM Treasury's Green Book: 3.5% a year, real): the workforce actually deployed, LA staff in post at each role's pay and agency workers at their full cost (the role's employed cost plus the premium), training, and each lever's own cost (technology licences, incentives for agency workers who convert, a reform programme). The gap closed is England's gap (required less LA staff, all roles) under the baseline less under the scenario, capped at the baseline's gap: closing more than there is to close buys nothing, and a converted agency worker is counted once, in the LA's stock. A scenario is ranked only where the model carries the cost of every lever it moves; the others are shown, not ranked, with the reason.")
        if !unranked.isEmpty { text += Markup.p("Not ranked: \(unranked.joined(separator: "; ")).") }
        let table = Components.table(caption: "Cost and gap closed by each scenario, England, all roles, ten years (present values)", header: ["Scenario", "Cost over ten years", "Extra cost against the baseline", "Of which the lever's own cost (undiscounted)", "+10 gap closed, capped (FTE)", "Cost per FTE gained", "Ranked"], rows: costRows, numeric: [1, 2, 3, 4, 5], id: "table-scenario-costs")
        guard let ranking = costRanking, !ranking.entries.isEmpty, !(ranking.entries.first?.isEmpty ?? true) else { return (text, table) }
        // By horizon, with how often each is cheapest across draws of the cost assumptions.
        var rows: [[String]] = []
        for (i, entry) in ranking.entries[0].enumerated() {
            var row = [entry.title]
            for k in ranking.horizons.indices {
                let e = ranking.entries[k][i]
                row += [e.perFTE.map(pounds) ?? "closes none", pct(ranking.cheapestShare[k][i].share)]
            }
            rows.append(row)
        }
        // Draws in which the baseline has no gap to close at the horizon: no scenario is cheapest.
        rows.append(["None: no gap to close in the draw"] + ranking.horizons.indices.flatMap { k in
            ["–", pct(max(0, 1 - ranking.cheapestShare[k].reduce(0) { $0 + $1.share }))]
        })
        let header = ["Scenario"] + ranking.horizons.flatMap { ["+\($0): cost per FTE gained", "+\($0): cheapest in"] }
        var answers: [Prose] = []
        for (k, h) in ranking.horizons.enumerated() {
            let candidates = ranking.entries[k].filter { $0.perFTE != nil }
            guard let best = candidates.min(by: { $0.perFTE! < $1.perFTE! }) else {
                answers.append("at +\(h) none of the ranked scenarios closes any of the gap")
                continue
            }
            let share = ranking.cheapestShare[k].first { $0.title == best.title }?.share ?? 0
            answers.append("at +\(h) (\(baseYear + h)), \(strong: best.title) at \(pounds(best.perFTE!)) per FTE gained, cheapest in \(pct(share)) of the draws")
        }
        text += Markup.p("The cheapest way to close the gap, among the scenarios whose every lever is costed: \(answers.joined(separator: "; ")).", class: "answer")
        let across: Prose = ranking.parameterSets > 0
            ? "each on one of the Monte Carlo's \(ranking.parameterSets) parameter sets in turn (the baseline and every scenario whose levers can be applied to the compiled model rerun on it, so the workforce's own uncertainty, from exits and training to need, moves the gap each closes and the cost of the workforce it deploys; the yearly shocks are not redrawn), and with "
            : "with the scenarios' effects on the workforce held at their projections (no Monte Carlo draws were run with this report), and "
        text += Markup.p("How sure that answer is: the ranking was redone for \(n(Double(ranking.draws))) draws, \(across)the cost assumptions drawn uniform over their stated ranges (\(ranking.drawn.map { "\(code: $0)" as Prose }.joined(separator: ", "))). A negative cost per FTE gained means the scenario saves money while it closes the gap (typically by replacing agency workers with cheaper employed staff).")
        text += Components.table(caption: "Cost per FTE of the gap closed, by horizon, and how often each scenario is cheapest", header: header, rows: rows, numeric: Set(1..<header.count), id: "table-cheapest")
        let roleRows = ranking.byRole.map { r in
            [result.roles.first { $0.id.rawValue == r.role }?.name ?? r.role, n(r.baseGap), r.title ?? "none closes it", r.perFTE.map(pounds) ?? "–"]
        }
        text += Components.table(caption: "By role at +10: the ranked scenario that closes each role's gap most cheaply (its whole extra cost per FTE of that role's gap closed)", header: ["Role", "Baseline gap (FTE)", "Cheapest scenario", "Cost per FTE gained"], rows: roleRows, numeric: [1, 3], id: "table-cheapest-role")
        return (text, table)
    }
}
