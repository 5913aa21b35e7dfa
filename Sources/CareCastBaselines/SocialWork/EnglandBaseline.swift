import CareCastFormats
import CareCastModel
import CareCastReturns
import Foundation

/// The England baseline: a MODEL.md input built from the bundled published statistics and the
/// assumptions file, with the calibrated figures a report needs to explain it.
public struct EnglandBaseline: Sendable {
    public var input: ModelInput
    public var notes: Notes

    /// What the builder calibrated or derived, for the report's method section.
    public struct Notes: Sendable {
        public var baseYear = 0
        /// Published turnover split into exits (leaving LA children's social work) and moves.
        public var exitShareOfLeavers = 0.0
        public var turnoverReferenceYear = 0
        public var nationalExitRate = 0.0
        /// The model's leavers per FTE nationally: exits and moves into agency work.
        public var leaverRate = 0.0
        public var entrantsFTE = 0.0
        public var flowYears = 1
        public var flowFirstYear = 0
        public var flowHalfLife = 0.0
        /// Half-life of each unit's leaver multiplier reverting to its region's (0: held).
        public var localHalfLife = 0.0
        /// The degree route's intake as the model takes it: published, interpolated, trended.
        public var intakePoints: [ModelInput.IntakePoint] = []
        /// England's net rate of growth at the base year's flows, and the experienced joiners by role (FTE).
        public var netGrowthRate = 0.0
        public var joinersByRole: [(role: String, fte: Double)] = []
        /// How each unit's exits and recruitment were estimated from its own published years.
        public var localFlows = LocalFlows.Summary()
        public var startersFTE = 0.0
        public var leaversFTE = 0.0
        public var newlyQualifiedFTE = 0.0
        public var experiencedFTE = 0.0
        public var degreeEntry = 0.0
        public var degreeCompletion = 0.0
        public var fastTrackPerYear = 0.0
        public var progression: [(from: String, to: String, rate: Double)] = []
        /// Each unit's calibrated caseload standard: base-year weighted cases per caseload FTE.
        public var calibratedStandards: [(unit: String, standard: Double)] = []
        public var activityWeights: [(activity: String, weight: Double)] = []
        public var demandImputations: [String] = []
        /// For each children's services count: England as published beside the sum of the units.
        public var demandTotals: [(file: String, measure: String, published: Double, units: Double)] = []
        public var populationMethod = ""
        /// The agency stock and its flows (model v2).
        public var agency = AgencyNotes()
        /// A back-test's national figures taken as published by its base year.
        public var asPublished: [String] = []
        /// The early-career years and the base year's estimated early-career FTE.
        public var earlyCareerYears = 0
        public var earlyCareerBase = 0.0
        /// Workload weights, standards and trends estimated from the published series.
        public var need = NeedEvidence()
        /// The year of the published age shares each activity's age mix uses (nil: none, like the population).
        public var ageMixSources: [(measure: String, year: Int?)] = []
        /// How each activity's rate moves: its estimated trend, the damping the baseline applies.
        public var needTrendDamping = 0.0
        /// How the caseload standard was set: "shrunk", "calibrated" or "stated".
        public var standardMethod = ""
        /// The OBR-consistent variant's settings as built.
        public var obr = OBRNotes()
    }

    public struct OBRNotes: Sendable {
        public var nonDemographicGrowth = 0.0
        public var costWeights: [(group: String, weight: Double)] = []
        public var populationIndexSource = ""
    }

    public static let roleIDs: [String: String] = [
        "Case holder": "case_holder", "Senior practitioner": "senior_practitioner",
        "First line manager": "first_line_manager", "Middle manager": "middle_manager",
        "Senior manager": "senior_manager", "Qualified without cases": "qualified_without_cases",
    ]
    /// The roles of the role file, front line first.
    public static let roleOrder = ["Case holder", "Senior practitioner", "First line manager", "Middle manager", "Senior manager", "Qualified without cases"]
    /// The progression ladder the steady-state calibration uses.
    public static let ladder = ["Case holder", "Senior practitioner", "First line manager", "Middle manager", "Senior manager"]
    public static let bands: [(id: String, profile: String?, width: Int?)] = [
        ("20-29", "20 to 29 years old", 10), ("30-39", "30 to 39 years old", 10), ("40-49", "40 to 49 years old", 10),
        ("50-59", "50 to 59 years old", 10), ("60+", nil, nil),
    ]

    // swiftlint:disable:next function_body_length
    /// `officialPopulation`, an ONS subnational projection file for local authorities, replaces
    /// the population the builder derives from the regional projections.
    /// `baseYear`, earlier than the latest census, builds a back-test baseline: only data up to
    /// that year calibrates it (except where the bundle has no earlier figure: the age profile,
    /// the attrition split and the fast-track figure, said in the notes), it projects to the
    /// latest census year, and the child population is the published mid-year estimates (a
    /// back-test conditional on the population that came about).
    public static func build(
        _ bundle: EnglandBundle, assumptions: AssumptionSet, statedStandard: Bool = false, officialPopulation: SNPPFile? = nil,
        baseYear requestedBaseYear: Int? = nil
    ) throws(DataFileError) -> EnglandBaseline {
        var notes = Notes()
        let backtest = requestedBaseYear.map { $0 < bundle.baseYear } ?? false
        // A back-test calibrates on the national figures as published by its base year, where
        // the bundle's vintages have them (pseudo-real time); the latest otherwise.
        let latestBundle = bundle
        let bundle: EnglandBundle
        if backtest, let year = requestedBaseYear {
            let published = try latestBundle.asPublished(by: year)
            bundle = published.bundle
            notes.asPublished = published.replaced
        } else {
            bundle = latestBundle
        }
        let reporting = try bundle.reportingUnits(year: requestedBaseYear)
        let accounts = BaseYearAccounts(indicators: bundle.indicators, units: reporting)
        let t0 = reporting.year
        notes.baseYear = t0
        let horizon = backtest ? bundle.baseYear - t0 : Int(try assumptions.number("horizon"))
        let unitCount = reporting.units.count

        // Areas: England, its regions, the reporting units.
        var areas = [ModelInput.Area(code: AreaCode(England.code), name: "England", parent: nil, level: "national")]
        for region in England.regions {
            areas.append(.init(code: AreaCode(region.code), name: region.name, parent: AreaCode(England.code), level: "region"))
        }
        for unit in reporting.units {
            areas.append(.init(code: AreaCode(unit.code), name: unit.name, parent: AreaCode(unit.regionCode), level: unit.members.count > 1 ? "joint_reporting_unit" : "local_authority"))
        }

        // Roles: FTE and headcount by role, nationally and for each unit.
        let year = String(t0)
        let roleLookup = try bundle.lookup(
            "tidy/csww_workforce_by_role_and_ethnicity.csv", columns: ["year", "geographic_level", "geography_code", "role", "breakdown", "measure", "value"],
            keys: ["year", "geographic_level", "geography_code", "role", "breakdown", "measure"])
        func roleFigure(_ level: String, _ code: String, _ role: String, _ measure: String) throws(DataFileError) -> Double {
            try roleLookup.number([year, level, code, role, "Total", measure])
        }
        let caseloadRoles = try assumptions.list("caseload_roles")
        let ratioRoles = try assumptions.texts("ratio_roles")
        var roles: [ModelInput.Role] = []
        var nationalFTE: [String: Double] = [:]
        for name in roleOrder {
            let fte = try roleFigure("national", England.code, name, "inpost_FTE")
            let headcount = try roleFigure("national", England.code, name, "inpost_headcount")
            nationalFTE[name] = fte
            let demand: ModelInput.RoleDemand
            if caseloadRoles.contains(name) {
                demand = .caseload
            } else if let of = ratioRoles.first(where: { $0.key == name })?.value, let ofID = roleIDs[of] {
                demand = .ratio(of: RoleID(ofID))
            } else {
                throw assumptions.fail("ratio_roles", "role \"\(name)\" is neither a caseload role nor a ratio role")
            }
            roles.append(.init(id: RoleID(roleIDs[name]!), name: name, fteRatio: fte / headcount, demand: demand))
        }
        var unitRoleFTE = Array(repeating: [Double](repeating: 0, count: roleOrder.count), count: unitCount)
        let nationalRoleTotal = roleOrder.reduce(0.0) { $0 + nationalFTE[$1]! }
        for (u, unit) in reporting.units.enumerated() {
            for (r, name) in roleOrder.enumerated() {
                if let fte = try? roleFigure("local_authority", unit.code, name, "inpost_FTE") {
                    unitRoleFTE[u][r] = fte
                } else {
                    // The role file leaves out a few units in some years: the national role mix
                    // applied to the unit's published FTE in post.
                    let inPost = accounts.units[u].accounts["inpost_fte"] ?? 0
                    unitRoleFTE[u][r] = inPost * nationalFTE[name]! / nationalRoleTotal
                    if r == 0 { notes.demandImputations.append("\(unit.name) \(t0): no role figures in the role file; the national role mix applied to its FTE in post") }
                }
            }
        }

        // Age bands from the published national profile.
        let characteristics = try bundle.tidy("tidy/csww_characteristics_published.csv", columns: ["year", "characteristic_type", "characteristic", "measure", "value"])
        let profileYear = String(Int(try assumptions.number("age_profile_year")))
        func profile(_ measure: String) throws(DataFileError) -> [Double] {
            var shares: [Double] = []
            for band in bands {
                if let label = band.profile {
                    shares.append(try characteristics.number(["year": profileYear, "characteristic_type": "Age group", "characteristic": label, "measure": measure]) / 100)
                } else {
                    shares.append(max(0, 1 - shares.reduce(0, +)))
                }
            }
            return shares
        }
        let inPostProfile = try profile("inpost_FTE_percentage")
        let leaverProfile = try profile("leavers_FTE_percentage")
        let starterProfile = try profile("starters_FTE_percentage")
        let ageBands = bands.map { ModelInput.AgeBand(id: AgeBandID($0.id), width: $0.width) }

        var stock: [ModelInput.StockRow] = []
        var vacancies: [ModelInput.VacancyRow] = []
        let nationalTotal = roleOrder.reduce(0.0) { $0 + nationalFTE[$1]! }
        for (u, unit) in reporting.units.enumerated() {
            let total = unitRoleFTE[u].reduce(0, +)
            let vacancy = accounts.units[u].accounts["vacancy_fte"] ?? 0
            for (r, name) in roleOrder.enumerated() {
                for (b, band) in bands.enumerated() where unitRoleFTE[u][r] > 0 {
                    stock.append(.init(area: AreaCode(unit.code), role: roles[r].id, ageBand: AgeBandID(band.id), fte: unitRoleFTE[u][r] * inPostProfile[b]))
                }
                // Vacancies by role in proportion to FTE in post (the national mix where none is in post).
                let share = total > 0 ? unitRoleFTE[u][r] / total : nationalFTE[name]! / nationalTotal
                vacancies.append(.init(area: AreaCode(unit.code), role: roles[r].id, fte: vacancy * share))
            }
        }

        // Leavers: full attrition only; moves between authorities and into agency are not exits.
        let statedReference = Int(try assumptions.number("attrition_reference_year"))
        // A back-test uses the latest split published by its base year, or the earliest there is.
        let referenceYear = backtest ? max(2020, min(statedReference, t0)) : statedReference
        if referenceYear > t0 { notes.demandImputations.append("Back-test from \(t0): the attrition split of \(referenceYear) is used, the earliest in the bundle (later than the base year)") }
        let fullAttrition = try characteristics.number(["year": String(referenceYear), "characteristic_type": "Attrition", "characteristic": "Full attrition (left LA CSC)", "measure": "attrition_rate"])
        guard let referenceTurnover = bundle.indicators.rows.first(where: { $0.year == referenceYear && $0.level == .national })?.value("turnover_rate_headcount").number else {
            throw .badData(file: bundle.indicators.file, [DataProblem(line: 1, column: 0, field: "turnover_rate_headcount", message: "no national turnover for \(referenceYear)")])
        }
        let exitShare = fullAttrition / referenceTurnover
        notes.exitShareOfLeavers = exitShare
        // Moves into agency work leave the LA stock for the agency stock (model v2).
        let intoAgency = try characteristics.number(["year": String(referenceYear), "characteristic_type": "Attrition", "characteristic": "Attrition into agency", "measure": "attrition_rate"])
        let moveShareOfLeavers = intoAgency / referenceTurnover
        notes.agency.moveShareOfTurnover = moveShareOfLeavers
        notes.turnoverReferenceYear = referenceYear
        let england = accounts.england.accounts
        // Flows: starters and leavers per FTE in post over the whole published series to the base
        // year, recent years weighted more (half-life `flow_half_life`), applied to the base
        // year's stock. A single year's flows are noisy (2023's starters were high).
        let halfLife = try assumptions.number("flow_half_life")
        guard halfLife > 0 else { throw assumptions.fail("flow_half_life", "must be above 0 years, got \(halfLife)") }
        func nationalRate(_ measure: String) -> [(year: Int, value: Double)] {
            bundle.indicators.rows.compactMap { row in
                guard row.level == .national, row.year <= t0, let inPost = row.value("inpost_fte").number, inPost > 0,
                      let flow = row.value(measure).number else { return nil }
                return (row.year, flow / inPost)
            }
        }
        let starterSeries = nationalRate("starters_fte")
        let leaverSeries = nationalRate("leavers_fte")
        guard let starterRate = FlowEstimation.recencyWeightedMean(starterSeries, halfLife: halfLife),
              let leaverRate = FlowEstimation.recencyWeightedMean(leaverSeries, halfLife: halfLife) else {
            throw assumptions.fail("flow_half_life", "no national in-post, starters and leavers FTE up to \(t0)")
        }
        let startersFTE = england["inpost_fte"]! * starterRate
        let leaversFTE = england["inpost_fte"]! * leaverRate
        notes.flowYears = Set(starterSeries.map(\.year)).intersection(leaverSeries.map(\.year)).count
        notes.flowFirstYear = starterSeries.map(\.year).min() ?? t0
        notes.flowHalfLife = halfLife
        notes.startersFTE = startersFTE
        notes.leaversFTE = leaversFTE
        let exits = exitShare * leaversFTE
        let exitRate = exits / england["inpost_fte"]!
        notes.nationalExitRate = exitRate
        // The model's leavers: exits and moves into agency work (moves between authorities net out).
        let moves = moveShareOfLeavers * leaversFTE
        let leaveRate = (exits + moves) / england["inpost_fte"]!
        notes.leaverRate = leaveRate
        var leaverRates: [ModelInput.LeaverRate] = []
        for role in roles {
            for (b, band) in bands.enumerated() {
                let factor = inPostProfile[b] > 0 ? leaverProfile[b] / inPostProfile[b] : 1
                leaverRates.append(.init(role: role.id, ageBand: AgeBandID(band.id), rate: min(1, leaveRate * factor)))
            }
        }
        let unitStock = unitRoleFTE.map { $0.reduce(0, +) }
        let local = try LocalFlows.estimate(bundle, reporting: reporting, stock: unitStock, halfLife: halfLife,
                                            netFlowWeight: try assumptions.number("local_net_flow_weight"))
        notes.localFlows = local.summary
        let multipliers = reporting.units.indices.map { u in
            ModelInput.AreaMultiplier(area: AreaCode(reporting.units[u].code), multiplier: local.exitMultipliers[u])
        }
        let localHalfLife = try assumptions.number("local_rate_half_life")
        guard localHalfLife >= 0 else { throw assumptions.fail("local_rate_half_life", "must be 0 (held) or more years, got \(localHalfLife)") }
        notes.localHalfLife = localHalfLife
        let reversion: ModelInput.Reversion? = localHalfLife > 0
            ? .init(halfLife: localHalfLife, leaverMultiplierTargets: reporting.units.indices.map { u in
                ModelInput.AreaMultiplier(area: AreaCode(reporting.units[u].code), multiplier: local.regionMultipliers[u])
            })
            : nil

        // Agency workers: each unit's published FTE, split over roles like its vacancies; the
        // flows calibrated on the national series (see EnglandBaseline+Agency).
        let agencyCalibration = try Self.agencyCalibration(
            bundle, assumptions: assumptions, baseYear: t0, moveShareOfLeavers: moveShareOfLeavers, halfLife: halfLife, notes: &notes)
        let agencyByUnit = accounts.units.map { $0.accounts["agency_fte"] ?? 0 }
        let agencyTotal = agencyByUnit.reduce(0, +)
        let firstYearConversions = agencyCalibration.conversionShare * min(1, agencyCalibration.outflowRate * agencyCalibration.outflowFactor) * agencyTotal
        notes.agency.firstYearConversions = firstYearConversions

        // Entrants: starters less moves between authorities (leavers less exits and moves into
        // agency work) less conversions from agency work; newly qualified by the stated proxy,
        // the rest experienced.
        let entrants = startersFTE - (leaversFTE - exits - moves) - firstYearConversions
        let newlyQualifiedBand = try assumptions.text("newly_qualified_starters")
        guard let nqBand = bands.firstIndex(where: { $0.profile == newlyQualifiedBand }) else {
            throw assumptions.fail("newly_qualified_starters", "\"\(newlyQualifiedBand)\" is not an age band of the profile")
        }
        let newlyQualified = startersFTE * starterProfile[nqBand]
        let experienced = entrants - newlyQualified
        guard experienced >= 0 else {
            throw assumptions.fail("newly_qualified_starters", "the proxy gives more newly qualified starters (\(newlyQualified)) than entrants (\(entrants))")
        }
        notes.entrantsFTE = entrants
        notes.newlyQualifiedFTE = newlyQualified
        notes.experiencedFTE = experienced

        let pipelineFile = try bundle.tidy("tidy/social_work_training_pipeline.csv", columns: ["year", "measure", "value"])
        let caseHolder = roles[0]
        let newlyQualifiedPeople = newlyQualified / caseHolder.fteRatio
        let fastTrack = try pipelineFile.number(["measure": try assumptions.text("fast_track_trained_per_year")])
        let fastTrackEntry = try assumptions.number("fast_track_entry")
        let completionYear = try assumptions.text("degree_completion_year")
        let completion = try pipelineFile.number(["year": completionYear, "measure": "social_work_qualifiers"]) / pipelineFile.number(["year": completionYear, "measure": "social_work_course_leavers"])
        let degreeDuration = Int(try assumptions.number("degree_duration"))
        var enrolments: [ModelInput.IntakePoint] = []
        for row in pipelineFile.select(["measure": "social_work_enrolments"]) {
            let text = row.fields[pipelineFile.column("year")!]
            guard let y = Int(text.prefix(4)), let v = Double(row.fields[pipelineFile.column("value")!]) else {
                throw .badData(file: pipelineFile.file, [DataProblem(line: row.line, column: 1, field: "year", message: "expected an academic year such as 2021-22, got \"\(text)\"")])
            }
            if !backtest || y <= t0 { enrolments.append(.init(year: y, value: v)) }
        }
        // The published years, the years between them on a straight line (not the older
        // figure held), and from the last published year on, the stated trend.
        enrolments = Self.intakeSeries(enrolments, trend: try assumptions.number("intake_trend"), through: t0 + horizon)
        notes.intakePoints = enrolments
        let schedule = IntakeSchedule(enrolments)
        let degreePeople = newlyQualifiedPeople - fastTrack * fastTrackEntry
        let degreeEntry = degreePeople / (schedule.intake(in: t0 - degreeDuration) * completion)
        guard degreeEntry >= 0, degreeEntry <= 1 else {
            throw assumptions.fail("newly_qualified_starters", "calibrating the degree route's entry rate gives \(degreeEntry), outside 0…1")
        }
        notes.degreeEntry = degreeEntry
        notes.degreeCompletion = completion
        notes.fastTrackPerYear = fastTrack
        let youngest: [ModelInput.Share<AgeBandID>] = [.init(AgeBandID(bands[nqBand].id), 1)]
        // Where entrants go: each unit's own recruitment (see LocalFlows).
        // As a unit's exits revert to its region's, so does its recruitment.
        // Each unit's own conversions from its agency workers count towards what it recruits.
        let unitConversions = agencyByUnit.map { $0 * firstYearConversions / max(agencyTotal, 1e-9) }
        let recruitmentShares = local.recruitmentShares(entrantsRate: entrants / unitStock.reduce(0, +), exitRate: leaveRate, otherInflows: unitConversions)
        let recruitment = reporting.units.indices.map { ModelInput.Share(AreaCode(reporting.units[$0].code), recruitmentShares[$0]) }
        let recruitmentTarget: [ModelInput.Share<AreaCode>]? = reversion.map { _ in
            let shares = local.recruitmentShares(entrantsRate: entrants / unitStock.reduce(0, +), exitRate: leaveRate, regional: true, otherInflows: unitConversions)
            return reporting.units.indices.map { ModelInput.Share(AreaCode(reporting.units[$0].code), shares[$0]) }
        }
        let pipelines: [ModelInput.Pipeline] = [
            .init(id: "degree", role: caseHolder.id, duration: degreeDuration, completion: completion, entry: degreeEntry, intake: enrolments,
                  ageDistribution: youngest, areaShare: recruitment, areaShareTarget: recruitmentTarget),
            .init(id: "fast_track", role: caseHolder.id, duration: Int(try assumptions.number("fast_track_duration")), completion: 1, entry: fastTrackEntry,
                  intake: [.init(year: t0, value: fastTrack)], ageDistribution: youngest, areaShare: recruitment, areaShareTarget: recruitmentTarget),
        ]
        // The early-career years: the newly qualified of each of the last Y census years (DfE's
        // starters × the stated proxy's share), less leavers at the youngest band's rate for each
        // year since, as case holders in the youngest band, placed like recruitment (an estimate:
        // DfE publishes no experience breakdown of the stock).
        let earlyYears = Int(try assumptions.number("early_career_years"))
        guard earlyYears >= 1 else { throw assumptions.fail("early_career_years", "must be 1 or more, got \(earlyYears)") }
        let youngestLeaving = min(1, leaveRate * (inPostProfile[nqBand] > 0 ? leaverProfile[nqBand] / inPostProfile[nqBand] : 1))
        var earlyStock: [ModelInput.EarlyCareerStockRow] = []
        for c in 0..<earlyYears {
            guard let starters = bundle.indicators.rows.first(where: { $0.level == .national && $0.year == t0 - c })?.value("starters_fte").number else { continue }
            let surviving = starters * starterProfile[nqBand] * Foundation.pow(1 - youngestLeaving, Double(c))
            notes.earlyCareerBase += surviving
            for (u, unit) in reporting.units.enumerated() where recruitmentShares[u] > 0 {
                earlyStock.append(.init(area: AreaCode(unit.code), role: caseHolder.id, ageBand: AgeBandID(bands[nqBand].id), yearsSinceEntry: c, fte: surviving * recruitmentShares[u]))
            }
        }
        let earlyCareer = ModelInput.EarlyCareer(years: earlyYears, pipelines: pipelines.map(\.id), stock: earlyStock)
        notes.earlyCareerYears = earlyYears

        // Experienced joiners (the age mix of starters over 30) and progression, set so that every
        // role keeps its base-year share of the workforce while the whole grows at England's net
        // rate g = (entrants − exits) / FTE: a role off the ladder (qualified without cases) is
        // kept by joiners alone; each ladder role above the first takes joiners in proportion to
        // its FTE and the rest of what it needs from the role below; the first (case holders)
        // takes the newly qualified and the experienced joiners left over.
        let olderStarters = starterProfile.enumerated().filter { $0.offset != nqBand }.reduce(0) { $0 + $1.element }
        let joinerAges = bands.indices.filter { $0 != nqBand && starterProfile[$0] > 0 }.map { ModelInput.Share(AgeBandID(bands[$0].id), starterProfile[$0] / olderStarters) }
        let joinersGrowth = try assumptions.number("joiners_growth")
        let netGrowth = (entrants + firstYearConversions - exits - moves) / england["inpost_fte"]!
        notes.netGrowthRate = netGrowth
        // What each role must take in a year per FTE, from joiners and progression: its leavers
        // and its growth, less the conversions it receives (shared like the agency stock).
        let refill = leaveRate + netGrowth - firstYearConversions / nationalTotal
        var joinersFTE: [String: Double] = [:]
        for name in roleOrder where !ladder.contains(name) { joinersFTE[name] = refill * nationalFTE[name]! }
        for name in ladder.dropFirst() { joinersFTE[name] = experienced * nationalFTE[name]! / nationalTotal }
        // Summed in role order (a dictionary's order varies between runs, and so would the sum's last bit).
        joinersFTE[ladder[0]] = experienced - roleOrder.filter { $0 != ladder[0] }.reduce(0) { $0 + joinersFTE[$1]! }
        guard joinersFTE[ladder[0]]! >= 0 else {
            throw assumptions.fail("newly_qualified_starters", "keeping every role's share leaves \(joinersFTE[ladder[0]]!) experienced joiners for \(ladder[0]): fewer than none")
        }
        let joiners = roles.enumerated().map { r, role in
            ModelInput.Joiners(source: "experienced", role: role.id, base: joinersFTE[roleOrder[r]]! / role.fteRatio, growth: joinersGrowth,
                               ageDistribution: joinerAges, areaShare: recruitment, areaShareTarget: recruitmentTarget)
        }
        notes.joinersByRole = roleOrder.map { ($0, joinersFTE[$0]!) }

        let progressionResponse = try assumptions.number("progression_response")
        let progressionMaxMultiple = try assumptions.number("progression_max_multiple")
        guard progressionResponse >= 0, progressionMaxMultiple >= 1 else {
            throw assumptions.fail("progression_response", "the strength must be 0 or more and the cap multiple 1 or more")
        }
        var progression: [ModelInput.Progression] = []
        var outflow = 0.0
        for i in stride(from: ladder.count - 1, to: 0, by: -1) {
            let role = ladder[i]
            let below = ladder[i - 1]
            let fte = nationalFTE[role]!
            let need = max(0, refill * fte - joinersFTE[role]! + outflow)
            let rate = need / nationalFTE[below]!
            // The role's need: its base-year establishment per FTE of the role below, in each
            // unit (the national ratio where a unit has none of the role below).
            var ratios: [ModelInput.AreaRatio] = []
            let r = roleOrder.firstIndex(of: role)!, rb = roleOrder.firstIndex(of: below)!
            for (u, unit) in reporting.units.enumerated() where unitRoleFTE[u][rb] > 0 {
                ratios.append(.init(area: AreaCode(unit.code), ratio: unitRoleFTE[u][r] / unitRoleFTE[u][rb]))
            }
            let response = ModelInput.ProgressionResponse(
                strength: progressionResponse, targetRatio: fte / nationalFTE[below]!, areaTargetRatios: ratios,
                maxRate: min(1, progressionMaxMultiple * rate))
            progression.insert(.init(from: RoleID(roleIDs[below]!), to: RoleID(roleIDs[role]!), rate: rate,
                                     response: progressionResponse > 0 ? response : nil), at: 0)
            notes.progression.insert((below, role, rate), at: 0)
            outflow = need
        }

        // Population and activities.
        let groups = backtest ? ["0-17"] : try assumptions.list("age_groups")
        var population = backtest
            ? try Self.populationFromEstimates(bundle, reporting: reporting, years: t0...(t0 + horizon), notes: &notes)
            : try Self.population(bundle, reporting: reporting, groups: groups, years: t0...(t0 + horizon), method: try assumptions.text("population_projection"), notes: &notes)
        if let officialPopulation, !backtest {
            let ages = population.byAge2022
            population = try Self.population(official: officialPopulation, reporting: reporting, groups: groups, years: t0...(t0 + horizon), weights: population.childrenByLA, notes: &notes)
            // England's age structure (for the age mixes and the OBR index) is the estimates' still.
            population.byAge2022 = ages
        }
        let activities = try Self.activities(bundle, reporting: reporting, accounts: accounts, assumptions: assumptions, groups: groups, population: population, notes: &notes)

        // Each unit's base-year workload and caseload establishment (its calibrated standard is
        // the one over the other), and the standard the baseline uses.
        let activityWeights = activities.map(\.weight)
        var unitWorkload = [Double](repeating: 0, count: reporting.units.count)
        var unitCaseloadPosts = [Double](repeating: 0, count: reporting.units.count)
        var unitPosts = [Double](repeating: 0, count: reporting.units.count)
        for (u, unit) in reporting.units.enumerated() {
            for (k, activity) in activities.enumerated() {
                let count = u < activity.baseCounts.count && activity.baseCounts[u].area.rawValue == unit.code
                    ? activity.baseCounts[u].count
                    : activity.baseCounts.first { $0.area.rawValue == unit.code }?.count ?? 0
                unitWorkload[u] += count * activityWeights[k]
            }
            for (r, role) in roles.enumerated() {
                let i = u * roles.count + r
                let vacancy = i < vacancies.count && vacancies[i].area.rawValue == unit.code && vacancies[i].role == role.id
                    ? vacancies[i].fte
                    : vacancies.filter { $0.area.rawValue == unit.code && $0.role == role.id }.reduce(0) { $0 + $1.fte }
                if role.demand == .caseload { unitCaseloadPosts[u] += unitRoleFTE[u][r] + vacancy }
                // Every role of the baseline is a caseload role or in ratio to one.
                unitPosts[u] += unitRoleFTE[u][r] + vacancy
            }
            notes.calibratedStandards.append((unit.code, unitCaseloadPosts[u] > 0 ? unitWorkload[u] / unitCaseloadPosts[u] : 0))
        }
        let standardMethod = statedStandard ? "stated" : (backtest ? "calibrated" : try assumptions.text("caseload_standard_method"))
        notes.standardMethod = standardMethod
        var areaStandards: [ModelInput.AreaStandard] = []
        switch standardMethod {
        case "stated", "calibrated": break
        case "shrunk":
            let overlap = try assumptions.number("cpp_looked_after_overlap")
            let panel = try NeedEvidence.panel(bundle, baseYear: t0, overlap: overlap)
            let relative = activityWeights.map { activityWeights[0] > 0 ? $0 / activityWeights[0] : $0 }
            notes.need.shrinkStandards(panel, weights: relative, reporting: reporting, workload: unitWorkload, establishment: unitCaseloadPosts, followers: unitPosts)
            areaStandards = notes.need.standards.filter { $0.shrunk > 0 }.map { .init(area: AreaCode($0.unit), standard: $0.shrunk) }
        default:
            throw assumptions.fail("caseload_standard_method", "expected shrunk or calibrated, got \(standardMethod)")
        }
        // `caseload_standard_multiplier`: every unit's standard, its own or its calibrated one
        // (England's where a unit has neither workload nor posts), times the factor.
        let standardMultiplier = try assumptions.caseloadStandardMultiplier()
        if standardMultiplier != 1 && standardMethod != "stated" {
            let national = unitCaseloadPosts.reduce(0, +) > 0 ? unitWorkload.reduce(0, +) / unitCaseloadPosts.reduce(0, +) : 0
            let own = Dictionary(areaStandards.map { ($0.area, $0.standard) }, uniquingKeysWith: { a, _ in a })
            areaStandards = reporting.units.indices.map { u in
                let code = AreaCode(reporting.units[u].code)
                let calibrated = unitWorkload[u] > 0 && unitCaseloadPosts[u] > 0 ? unitWorkload[u] / unitCaseloadPosts[u] : national
                return .init(area: code, standard: (own[code] ?? calibrated) * standardMultiplier)
            }
        }

        // The OBR-consistent requirement: the national principal projection by age, cost weights
        // by age (each age's workload per child, or as stated), and non-demographic growth.
        var obrWeights: [ModelInput.Share<AgeGroup>] = []
        var populationIndex: [ModelInput.PopulationIndexRow] = []
        if backtest {
            obrWeights = [.init(AgeGroup("0-17"), 1)]
        } else {
            if (try? assumptions.text("obr_cost_weights")) == "workload" {
                // Workload per child of each group at the base year: Σ_k weight_k × count_k × mix_k[g] / P[g].
                for (g, group) in groups.enumerated() {
                    var load = 0.0
                    for activity in activities {
                        let total = activity.baseCounts.reduce(0) { $0 + $1.count }
                        load += activity.weight * total * (activity.ageMix.first { $0.key.rawValue == group }?.value ?? 0)
                    }
                    let persons = population.baseYearByGroup[g]
                    obrWeights.append(.init(AgeGroup(group), persons > 0 ? load / persons : 0))
                }
                let top = obrWeights.map(\.value).max() ?? 1
                if top > 0 { obrWeights = obrWeights.map { .init($0.key, $0.value / top) } }
            } else {
                for (key, value) in try assumptions.numbers("obr_cost_weights") { obrWeights.append(.init(AgeGroup(key), value)) }
            }
            let factors = try Self.nationalGrowth(bundle, ages: 0..<18, years: t0...(t0 + horizon))
            let persons2022 = population.byAge2022
            for group in groups {
                guard let range = Self.ages(group) else { continue }
                for (t, year) in (t0...(t0 + horizon)).enumerated() {
                    var total = 0.0
                    for age in range where age < persons2022.count { total += persons2022[age] * factors[age][t] }
                    populationIndex.append(.init(ageGroup: AgeGroup(group), year: year, index: total))
                }
            }
            notes.obr.populationIndexSource = "ONS 2022-based national principal projection for England, by single year of age, grouped with England's mid-2022 age structure within each group"
        }
        notes.obr.costWeights = obrWeights.map { ($0.key.rawValue, $0.value) }
        let nonDemographic = try Self.obrNonDemographicGrowth(bundle, assumptions: assumptions, baseYear: t0)
        notes.obr.nonDemographicGrowth = nonDemographic
        let demand = ModelInput.DemandSettings(
            caseloadStandard: standardMethod == "stated" ? .fixed(try assumptions.number("stated_caseload_standard") * standardMultiplier) : .calibrated,
            productivityGrowth: try assumptions.number("productivity_growth"),
            obr: .init(costWeights: obrWeights, nonDemographicGrowth: nonDemographic, populationIndex: populationIndex),
            areaCaseloadStandards: areaStandards)

        // Levers (neutral in the baseline; scenarios set them).
        let exitMultiplier = try assumptions.number("exit_rate_multiplier")
        let leaverPath: [ModelInput.PathPoint] = exitMultiplier == 1 ? [] : [.init(year: t0, factor: 1), .init(year: t0 + 5, factor: exitMultiplier)]
        var intakeLevers = Levers()
        intakeLevers.intakeMultiplier = try assumptions.number("pipeline_intake_multiplier")
        intakeLevers.routeIntake = try assumptions.routeIntakeMultipliers()
        for route in intakeLevers.routeIntake.keys where !pipelines.contains(where: { $0.id.rawValue == route }) {
            throw assumptions.fail("route_intake_multiplier", "no training route \(route); the routes are \(pipelines.map(\.id.rawValue).joined(separator: ", "))")
        }
        let pipelinesWithLevers = intakeLevers.pipelines(pipelines, baseYear: t0)
        // Agency workers: the stock by unit and role (like vacancies), moves into agency work
        // as a share of leavers (each unit's scaled so that its agency workers keep their share
        // of England's at its own leavers), the outflow with the rules' factor, and the
        // conversion lever: a further share of the stock converting each year, of whom
        // `agency_conversion_retained` take LA posts.
        let conversionLever = try assumptions.number("agency_conversion_rate")
        let conversionRetained = try assumptions.number("agency_conversion_retained")
        var agencyStock: [ModelInput.AgencyStockRow] = []
        var moveMultipliers: [ModelInput.AreaMultiplier] = []
        let stockTotal = unitStock.reduce(0, +)
        for (u, unit) in reporting.units.enumerated() {
            let total = unitRoleFTE[u].reduce(0, +)
            for (r, name) in roleOrder.enumerated() where agencyByUnit[u] > 0 {
                let share = total > 0 ? unitRoleFTE[u][r] / total : nationalFTE[name]! / nationalTotal
                if share > 0 { agencyStock.append(.init(area: AreaCode(unit.code), role: roles[r].id, fte: agencyByUnit[u] * share)) }
            }
            let leaving = local.exitMultipliers[u] * unitStock[u]
            let multiplier = leaving > 0 && agencyTotal > 0 ? (agencyByUnit[u] / leaving) / (agencyTotal / stockTotal) : 1
            moveMultipliers.append(.init(area: AreaCode(unit.code), multiplier: multiplier))
        }
        let ruledOutflow = agencyCalibration.outflowRate * agencyCalibration.outflowFactor
        let agencyOutflow = ruledOutflow + conversionLever
        let conversionShare = agencyOutflow > 0 ? (agencyCalibration.conversionShare * ruledOutflow + conversionRetained * conversionLever) / agencyOutflow : agencyCalibration.conversionShare
        let outflowPath: [ModelInput.PathPoint] = agencyCalibration.outflowRate > 0 && agencyOutflow != agencyCalibration.outflowRate
            ? [.init(year: t0 + 1, factor: agencyOutflow / agencyCalibration.outflowRate)] : []
        let agency = ModelInput.Agency(
            stock: agencyStock, moveShare: moveShareOfLeavers / (exitShare + moveShareOfLeavers), areaMoveShareMultipliers: moveMultipliers,
            outflowRate: agencyCalibration.outflowRate > 0 ? agencyCalibration.outflowRate : min(1, agencyOutflow),
            conversionShare: conversionShare, outflowPath: agencyCalibration.outflowRate > 0 ? outflowPath : [],
            ageDistribution: joinerAges)
        notes.agency.stock = agencyTotal
        notes.agency.moveShare = agency.moveShare
        // Each activity's rate: its estimated trend damped by φ (0 holds today's rates), times
        // the reform path where a scenario sets one.
        let damping = try assumptions.number("need_trend_damping")
        guard (0...1).contains(damping) else { throw assumptions.fail("need_trend_damping", "must be between 0 and 1, got \(damping)") }
        notes.needTrendDamping = damping
        var policies: [ModelInput.Policy] = []
        let reformPaths = ["children_in_need_other": "children_in_need_path", "looked_after": "looked_after_path"]
        for activity in activities {
            var reform: [ModelInput.PathPoint] = []
            if let name = reformPaths[activity.id.rawValue] {
                for (key, value) in try assumptions.numbers(name) {
                    guard let y = Int(key) else { throw assumptions.fail(name, "expected years as keys, got \(key)") }
                    reform.append(.init(year: y, factor: value))
                }
            }
            let growth = backtest ? 0 : notes.need.trends.first { $0.activity == activity.id.rawValue }?.growth ?? 0
            guard reform.contains(where: { $0.factor != 1 }) || (growth != 0 && damping > 0) else { continue }
            let curve = PiecewiseLinearPath(reform)
            let path = (0...horizon).map { t in
                ModelInput.PathPoint(year: t0 + t, factor: Foundation.exp(growth * NeedEvidence.dampedSteps(damping, t)) * curve.factor(at: t0 + t))
            }
            policies.append(.init(activity: activity.id, path: path))
        }

        let input = ModelInput(
            specVersion: 2, baseYear: t0, horizon: horizon, areas: areas, roles: roles, ageBands: ageBands, stock: stock,
            vacancies: vacancies, leaverRates: leaverRates, areaLeaverMultipliers: multipliers,
            leaverMultiplierPath: leaverPath, progression: progression, pipelines: pipelinesWithLevers,
            joiners: joiners, population: population.rows, activities: activities, policies: policies,
            demand: demand, agency: agency, reversion: reversion, earlyCareer: earlyCareer)

        return EnglandBaseline(input: input, notes: notes)
    }

    /// Yearly intake points: the published ones, straight lines between them, and from the last
    /// one to `through` its value grown by `trend` a year (nothing after it when the trend is 0,
    /// as the last value then holds).
    public static func intakeSeries(_ published: [ModelInput.IntakePoint], trend: Double, through last: Int) -> [ModelInput.IntakePoint] {
        let sorted = published.sorted { $0.year < $1.year }
        guard let final = sorted.last else { return [] }
        var out: [ModelInput.IntakePoint] = []
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            for y in a.year..<b.year {
                out.append(.init(year: y, value: a.value + (b.value - a.value) * Double(y - a.year) / Double(b.year - a.year)))
            }
        }
        out.append(final)
        if trend != 0, final.year < last {
            for y in (final.year + 1)...last { out.append(.init(year: y, value: final.value * Foundation.pow(1 + trend, Double(y - final.year)))) }
        }
        return out
    }
}