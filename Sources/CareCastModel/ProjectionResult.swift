/// What a projection produces: every area (leaves and aggregates) × role × year, the activity
/// counts of every leaf, and the training-sufficiency answers.
///
/// Figures are stored in one flat array, `[metric][year][role][slot]`, where an area's slot is
/// its leaf index for a leaf and follows the leaves for an aggregate; read them with
/// ``value(_:area:role:yearIndex:)``. Memory is proportional to the result.
public struct ProjectionResult: Sendable {
    public let baseYear: Int
    public let years: [Int]
    public let areas: [Projection.AreaInfo]
    public let roles: [Projection.RoleInfo]
    public let activityIDs: [ActivityID]
    public let leafAreas: [Int]
    /// Slot of each area (by its index in `areas`) in the storage of one metric, year and role.
    public let areaSlots: [Int]
    /// True when the input gave `demand.obr`, so the `…Obr` figures exist.
    public let hasOBR: Bool
    /// True when the input gave `agency` (model v2), so the agency figures exist.
    public let hasAgency: Bool
    /// True when the input gave `earlyCareer` (model v2), so `earlyCareerFte` exists.
    public let hasEarlyCareer: Bool
    /// The input's model version, which the output document repeats.
    public internal(set) var specVersion = 1

    /// The figures the engine computes for every area × role × year. Headcount and gaps are
    /// derived from them when read (headcount = fte / fteRatio, gap = required − fte).
    public enum Metric: Int, CaseIterable, Sendable {
        /// Σ_b S: FTE in post.
        case fte
        /// FTE leaving during the step that ended in the year (0 in the base year).
        case leavers
        /// FTE added by entrant sources during the step that ended in the year (0 in the base year).
        case entrants
        case required
        /// max(0, gap) in a leaf; the sum of its leaves' shortages in an aggregate.
        case shortage
        /// Present only when the input gave `demand.obr`.
        case requiredObr
        case shortageObr
        /// Present only when the input gave `agency` (model v2): Σ Q, and the flows of the step
        /// that ended in the year (M, K, X, A of `docs/MODEL.md`).
        case agencyFte
        case agencyMoves
        case agencyConversions
        case agencyLeavers
        case agencyEntrants
        /// max(0, required − fte − agencyFte) in a leaf; the sum of its leaves' in an aggregate.
        case shortageWithAgency
        /// Present only when the input gave `earlyCareer` (model v2): Σ_c Σ_b E_c.
        case earlyCareerFte

        /// How many metrics a result stores: the OBR ones only with `demand.obr`, the agency
        /// ones only with `agency`, early-career FTE only with `earlyCareer` (and the slots of
        /// the ones before whatever is stored).
        public static func storedCount(hasOBR: Bool, hasAgency: Bool, hasEarlyCareer: Bool = false) -> Int {
            hasEarlyCareer ? allCases.count : hasAgency ? earlyCareerFte.rawValue : hasOBR ? agencyFte.rawValue : requiredObr.rawValue
        }
    }

    /// False for a metric the input did not ask for (it reads as 0).
    @inlinable
    public func has(_ metric: Metric) -> Bool {
        switch metric {
        case .requiredObr, .shortageObr: hasOBR
        case .agencyFte, .agencyMoves, .agencyConversions, .agencyLeavers, .agencyEntrants, .shortageWithAgency: hasAgency
        case .earlyCareerFte: hasEarlyCareer
        default: true
        }
    }

    /// All figures, laid out `[metric][year][role][slot]`.
    public internal(set) var values: [Double]
    /// C[k,a,t], laid out `[activity][year][leaf]`; see ``activityIndex(activity:leaf:yearIndex:)``.
    public internal(set) var activityCounts: [Double]
    public internal(set) var trainingSufficiency: [TrainingSufficiency]

    public var yearCount: Int { years.count }
    /// Number of area × role × year cells of one metric.
    public var cellCount: Int { areas.count * roles.count * years.count }

    /// Position in `values` of one figure.
    @inlinable
    public func index(_ metric: Metric, area: Int, role: Int, yearIndex: Int) -> Int {
        ((metric.rawValue * years.count + yearIndex) * roles.count + role) * areas.count + areaSlots[area]
    }

    @inlinable
    public func activityIndex(activity: Int, leaf: Int, yearIndex: Int) -> Int {
        (activity * years.count + yearIndex) * leafAreas.count + leaf
    }

    /// One figure. The OBR metrics read as 0 when the input had no `demand.obr`, the agency
    /// metrics when it had no `agency`.
    @inlinable
    public func value(_ metric: Metric, area: Int, role: Int, yearIndex: Int) -> Double {
        if !has(metric) { return 0 }
        return values[index(metric, area: area, role: role, yearIndex: yearIndex)]
    }

    /// Index of a year in `years`, or `nil` outside the projection.
    /// A figure by area code, role id and year; 0 where the result has no such area, role or year.
    public func value(_ metric: Metric, _ area: AreaCode, _ role: RoleID, year: Int) -> Double {
        guard let a = areaIndex(area), let r = roleIndex(role), let t = yearIndex(year) else { return 0 }
        return value(metric, area: a, role: r, yearIndex: t)
    }

    public func yearIndex(_ year: Int) -> Int? {
        let t = year - baseYear
        return t >= 0 && t < years.count ? t : nil
    }

    public func areaIndex(_ code: AreaCode) -> Int? { areas.firstIndex { $0.code == code } }
    public func roleIndex(_ id: RoleID) -> Int? { roles.firstIndex { $0.id == id } }

    /// One output row of MODEL.md.
    public struct Row: Sendable, Equatable {
        public var area: AreaCode
        public var role: RoleID
        public var year: Int
        public var fte: Double
        public var headcount: Double
        public var leavers: Double
        public var entrants: Double
        public var required: Double
        public var gap: Double
        public var shortage: Double
        public var requiredObr: Double?
        public var gapObr: Double?
        public var shortageObr: Double?
        /// Model v2, with `agency` only.
        public var agency: AgencyFigures?
        /// Model v2, with `earlyCareer` only.
        public var earlyCareerFte: Double?

        public init(
            area: AreaCode, role: RoleID, year: Int, fte: Double, headcount: Double, leavers: Double,
            entrants: Double, required: Double, gap: Double, shortage: Double,
            requiredObr: Double? = nil, gapObr: Double? = nil, shortageObr: Double? = nil, agency: AgencyFigures? = nil,
            earlyCareerFte: Double? = nil
        ) {
            self.area = area
            self.role = role
            self.year = year
            self.fte = fte
            self.headcount = headcount
            self.leavers = leavers
            self.entrants = entrants
            self.required = required
            self.gap = gap
            self.shortage = shortage
            self.requiredObr = requiredObr
            self.gapObr = gapObr
            self.shortageObr = shortageObr
            self.agency = agency
            self.earlyCareerFte = earlyCareerFte
        }
    }

    /// A row's agency figures (model v2): `docs/MODEL.md`'s output fields.
    public struct AgencyFigures: Sendable, Equatable {
        public var fte: Double
        public var moves: Double
        public var conversions: Double
        public var leavers: Double
        public var entrants: Double
        /// required − LA FTE − agency FTE.
        public var gapWithAgency: Double
        public var shortageWithAgency: Double

        public init(fte: Double, moves: Double, conversions: Double, leavers: Double, entrants: Double, gapWithAgency: Double, shortageWithAgency: Double) {
            self.fte = fte
            self.moves = moves
            self.conversions = conversions
            self.leavers = leavers
            self.entrants = entrants
            self.gapWithAgency = gapWithAgency
            self.shortageWithAgency = shortageWithAgency
        }
    }

    /// One activity count of MODEL.md's output.
    public struct ActivityCount: Sendable, Equatable {
        public var activity: ActivityID
        public var area: AreaCode
        public var year: Int
        public var count: Double

        public init(activity: ActivityID, area: AreaCode, year: Int, count: Double) {
            self.activity = activity
            self.area = area
            self.year = year
            self.count = count
        }
    }

    /// Every activity × leaf × year.
    public var activityRows: [ActivityCount] {
        var rows: [ActivityCount] = []
        rows.reserveCapacity(activityCounts.count)
        for k in activityIDs.indices {
            for (leaf, area) in leafAreas.enumerated() {
                for t in years.indices {
                    rows.append(ActivityCount(
                        activity: activityIDs[k], area: areas[area].code, year: years[t],
                        count: activityCounts[activityIndex(activity: k, leaf: leaf, yearIndex: t)]))
                }
            }
        }
        return rows
    }

    public func row(area: Int, role: Int, yearIndex: Int) -> Row {
        func v(_ metric: Metric) -> Double { value(metric, area: area, role: role, yearIndex: yearIndex) }
        let fte = v(.fte)
        return Row(
            area: areas[area].code, role: roles[role].id, year: years[yearIndex], fte: fte,
            headcount: fte / roles[role].fteRatio, leavers: v(.leavers), entrants: v(.entrants),
            required: v(.required), gap: v(.required) - fte, shortage: v(.shortage),
            requiredObr: hasOBR ? v(.requiredObr) : nil,
            gapObr: hasOBR ? v(.requiredObr) - fte : nil,
            shortageObr: hasOBR ? v(.shortageObr) : nil,
            agency: hasAgency
                ? AgencyFigures(
                    fte: v(.agencyFte), moves: v(.agencyMoves), conversions: v(.agencyConversions), leavers: v(.agencyLeavers),
                    entrants: v(.agencyEntrants), gapWithAgency: v(.required) - fte - v(.agencyFte), shortageWithAgency: v(.shortageWithAgency))
                : nil,
            earlyCareerFte: hasEarlyCareer ? v(.earlyCareerFte) : nil)
    }

    /// Every row, year by year, areas and roles in input order.
    public var rows: [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(areas.count * roles.count * years.count)
        for t in years.indices {
            for a in areas.indices {
                for r in roles.indices { rows.append(row(area: a, role: r, yearIndex: t)) }
            }
        }
        return rows
    }

    /// A figure summed over all leaf areas: the national total of MODEL.md.
    public func national(_ metric: Metric, role: Int, yearIndex: Int) -> Double {
        if !has(metric) { return 0 }
        // Leaves occupy slots 0..<leafCount of each row.
        let start = ((metric.rawValue * years.count + yearIndex) * roles.count + role) * areas.count
        var sum = 0.0
        for leaf in 0..<leafAreas.count { sum += values[start + leaf] }
        return sum
    }
}

/// Are we training enough? For one pipeline and horizon: the national gap of the pipeline's role,
/// the FTE one more intake place a year adds by then, and the extra annual intake that would
/// close the gap by this pipeline alone.
public struct TrainingSufficiency: Sendable, Equatable {
    public var pipeline: PipelineID
    public var horizon: Int
    public var year: Int
    public var gap: Double
    public var ftePerExtraIntake: Double
    /// 0 when there is no gap; `nil` when one more place adds nothing by then.
    public var extraAnnualIntake: Double?

    public init(pipeline: PipelineID, horizon: Int, year: Int, gap: Double, ftePerExtraIntake: Double, extraAnnualIntake: Double?) {
        self.pipeline = pipeline
        self.horizon = horizon
        self.year = year
        self.gap = gap
        self.ftePerExtraIntake = ftePerExtraIntake
        self.extraAnnualIntake = extraAnnualIntake
    }
}
