import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel

/// How the England baseline was built, in words and numbers, for the report's method section.
public enum BaselineMethod {
    public static func render(_ baseline: EnglandBaseline, assumptions: AssumptionSet) -> String {
        let n = baseline.notes
        func pct(_ x: Double) -> String { NumberFormat.grouped(x * 100) + "%" }
        var out = "How the England baseline was built (base year \(n.baseYear))\n\n"
        out += "Leavers. DfE's turnover counts everyone who left an authority, including moves to another authority and into agency work, which are not losses to the country. "
        out += "In \(n.turnoverReferenceYear), full attrition (leaving LA children's social care) was \(pct(n.exitShareOfLeavers)) of turnover and moves into agency work \(pct(n.agency.moveShareOfTurnover)); the rest, \(pct(1 - n.exitShareOfLeavers - n.agency.moveShareOfTurnover)), moved between authorities and nets out nationally. "
        out += "Applied from \(n.baseYear), exits are \(pct(n.nationalExitRate)) of FTE in post a year, and the model's leavers (exits and moves into agency work) \(pct(n.nationalExitRate / max(n.exitShareOfLeavers, 1e-9) * (n.exitShareOfLeavers + n.agency.moveShareOfTurnover))), with each age band's rate from the leavers' age profile.\n\n"
        let a = n.agency
        out += "Agency workers (model v2, docs/MODEL.md). A stock of their own by authority and role: \(NumberFormat.grouped(a.stock)) FTE at \(n.baseYear), each authority's published figure split over roles like its vacancies. "
        out += "Each year \(pct(a.moveShare)) of the LA leavers move into agency work in the same authority (each authority's share scaled so that its agency workers keep their share of England's at its own leavers), and a share of the agency stock leaves it, of whom \(pct(a.conversionShare)) take LA posts (agency_conversion_share: no published figure) and the rest leave LA children's social work. "
        out += "Only the net outflow is published, as the change in agency FTE less the moves in: by year "
        out += a.yearlyOutflow.map { "\($0.year) \(pct($0.rate))" }.joined(separator: ", ") + ". "
        out += "Before the rules' first year (\(a.rulesYear)) it averages \(pct(a.preRulesOutflow)) (recency-weighted)"
        if let rules = a.rulesOutflow {
            out += "; since, \(pct(rules)): the 2024 agency rules, in force from 31 October 2024 and announced before, are in the status quo as that rise, carried at \(pct(a.persistence)) (agency_rules_persistence), so the agency stock's outflow is \(NumberFormat.grouped(a.outflowFactor, decimals: 2)) times its earlier rate from \(n.baseYear + 1).\n\n"
        } else {
            out += "; the data do not reach the rules' first year, so no rules effect is applied.\n\n"
        }
        out += "Conversions at the base year's flows (\(NumberFormat.grouped(a.firstYearConversions)) FTE) are part of DfE's starters, so the entrants below exclude them.\n\n"
        out += "Flows. Starters and leavers per FTE in post over every census year from \(n.flowFirstYear) to \(n.baseYear) (\(n.flowYears) years), a year \(describeValue(n.flowHalfLife)) years older counting half as much, applied to the base year's stock: \(NumberFormat.grouped(n.startersFTE)) starters and \(NumberFormat.grouped(n.leaversFTE)) leavers (FTE) a year.\n\n"
        let l = n.localFlows
        out += "Each authority's exits. Its own leavers per FTE in post relative to its region's, averaged over its census years (median \(l.medianYears)), and shrunk towards the region by how much those years can support: "
        out += "a single year scatters about an authority's own level with a standard deviation of \(NumberFormat.grouped(l.exitWithinSD, decimals: 3)) (log), while authorities' true levels differ by \(NumberFormat.grouped(l.exitBetweenSD, decimals: 3)), so the median authority's own mean gets a weight of \(NumberFormat.grouped(l.exitMedianWeight, decimals: 2)) and the region the rest (empirical Bayes). "
        out += "The region's level relative to England is its own series, recency-weighted like England's. Multipliers run from \(NumberFormat.grouped(l.multiplierRange.lowerBound, decimals: 2)) to \(NumberFormat.grouped(l.multiplierRange.upperBound, decimals: 2)) and average 1 over the stock. They revert to the region's level with a half-life of \(describeValue(n.localHalfLife)) years (local_rate_half_life; model v2's reversion), and each authority's recruitment share with them. "
        if let h = l.exitPersistenceHalfLife {
            out += "The data say how long such differences last: the correlation across authorities of their relative leaver rates one to six years apart is "
            out += l.exitAutocorrelations.map { NumberFormat.grouped($0.r, decimals: 2) }.joined(separator: ", ")
            out += ", a half-life of \(NumberFormat.grouped(h, decimals: 1)) years.\n\n"
        } else {
            out += "\n\n"
        }
        out += "Each authority's recruitment. Entrants (newly qualified and experienced alike) go where the exits are: each authority recruits what its own exits call for at England's net rate of growth, plus \(describeValue(l.netFlowWeight)) times its own net flow beyond its region's. "
        out += "Authorities' net flows differ persistently by \(NumberFormat.grouped(l.netBetweenSD * 100, decimals: 1)) points a year against \(NumberFormat.grouped(l.netWithinSD * 100, decimals: 1)) of yearly scatter (median weight \(NumberFormat.grouped(l.netMedianWeight, decimals: 2))), but in the back-test any weight on them made authorities' projections worse, so none is given (local_net_flow_weight).\n\n"
        out += "Entrants. Starters less moves between authorities and less conversions from agency work: \(NumberFormat.grouped(n.entrantsFTE)) FTE a year, of which \(NumberFormat.grouped(n.newlyQualifiedFTE)) newly qualified (the stated proxy) and \(NumberFormat.grouped(n.experiencedFTE)) experienced, international or returning.\n"
        if let first = n.intakePoints.first, let last = n.intakePoints.last {
            out += "Degree intakes: HESA enrolments from \(first.year) to \(last.year), years between published figures on a straight line, then the stated trend (intake_trend).\n"
        }
        out += "Training pipelines: the degree route (HESA enrolments; completion \(pct(n.degreeCompletion)); entry into LA children's social work calibrated to \(pct(n.degreeEntry)) so that newly qualified entrants match the starters they explain) and the fast-track routes (\(NumberFormat.grouped(n.fastTrackPerYear, decimals: 0)) a year).\n\n"
        out += "Roles. At the base year's flows every role would keep its base-year share of the workforce while the whole grows at England's net rate (\(pct(n.netGrowthRate)) a year): qualified staff without cases are kept by experienced joiners alone; each role up the ladder takes experienced joiners in proportion to its FTE and the rest of what it needs from the role below; case holders take the newly qualified and the experienced joiners left over; agency workers who take LA posts join the roles their agency work was counted in. Experienced joiners by role (FTE a year): "
        out += n.joinersByRole.map { "\($0.role) \(NumberFormat.grouped($0.fte))" }.joined(separator: "; ") + ".\n"
        out += "Progression (the rates that keep the ladder's shares at the base year's flows):\n"
        for p in n.progression { out += "  \(p.from) → \(p.to): \(pct(p.rate)) a year\n" }
        if let strength = baseline.input.progression.first?.response?.strength {
            out += "The rates respond to need (model v2): in each authority, a role short of its required ratio to the role below (its base-year establishment ratio) draws more promotions, one over it fewer, with strength \(describeValue(strength)) (progression_response) and at most \(describeValue((try? assumptions.number("progression_max_multiple")) ?? 0)) times the rate (progression_max_multiple).\n"
        }
        out += "\nWorkload. Activity weights, scaled so that England's base-year workload equals the census's cases:\n"
        for w in n.activityWeights { out += "  \(w.activity): \(NumberFormat.grouped(w.weight, decimals: 4))\n" }
        out += "\nPopulation. \(n.populationMethod)\n"
        out += "\nChildren's services counts at 31 March \(n.baseYear): England as published, and the sum of the reporting units (local authorities' counts are rounded):\n"
        for t in n.demandTotals {
            out += "  \(t.file) \(t.measure): published \(NumberFormat.grouped(t.published, decimals: 0)); units \(NumberFormat.grouped(t.units, decimals: 0)); difference \(NumberFormat.grouped(t.units - t.published, decimals: 0))\n"
        }
        if !n.demandImputations.isEmpty {
            out += "\nCells of the children's services files that were symbols, or adjusted:\n"
            for note in n.demandImputations { out += "  \(note)\n" }
        }
        out += "\nAssumptions (\(assumptions.file)):\n"
        for a in assumptions.assumptions {
            out += "  \(a.name) = \(describe(a.value)) [\(a.unit)]. Source: \(a.source). Why: \(a.rationale)\n"
        }
        return out
    }

    static func describe(_ value: AssumptionValue) -> String {
        switch value {
        case .number(let x): describeValue(x)
        case .text(let t): t
        case .list(let l): l.joined(separator: ", ")
        case .table(let t): t.map { "\($0.key): \(describe($0.value))" }.joined(separator: "; ")
        }
    }

    /// Each unit's calibrated caseload standard, weighted cases per caseload FTE (establishment).
    public static func standardsCSV(_ baseline: EnglandBaseline) -> String {
        var out = "time_period,area_code,area_name,calibrated_caseload_standard\n"
        let names = Dictionary(baseline.input.areas.map { ($0.code.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })
        for s in baseline.notes.calibratedStandards {
            let name = names[s.unit] ?? s.unit
            let quoted = name.contains(",") ? "\"\(name)\"" : name
            out += "\(baseline.notes.baseYear),\(s.unit),\(quoted),\(NumberText.fixedPublic(s.standard, decimals: 2))\n"
        }
        return out
    }
}
