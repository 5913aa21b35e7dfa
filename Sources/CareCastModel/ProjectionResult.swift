/// What a projection produces: every area (leaves and aggregates) × role × year, the activity
/// counts of every leaf, and the training-sufficiency answers.
///
/// Figures are stored as flat arrays indexed by ``index(area:role:yearIndex:)``, so a report
/// can read a whole series without building a row, and memory is proportional to the result.
public struct ProjectionResult: Sendable {
    public let baseYear: Int
    public let years: [Int]
    public let areas: [Projection.AreaInfo]
    public let roles: [Projection.RoleInfo]
    public let activityIDs: [ActivityID]
    public let leafAreas: [Int]
    /// True when the input gave `demand.obr`, so the `…Obr` figures exist.
    public let hasOBR: Bool

    /// Σ_b S: FTE in post.
    public internal(set) var fte: [Double]
    /// FTE leaving during the step that ended in the year (0 in the base year).
    public internal(set) var leavers: [Double]
    /// FTE added by entrant sources during the step that ended in the year (0 in the base year).
    public internal(set) var entrants: [Double]
    public internal(set) var required: [Double]
    /// max(0, gap) in a leaf; the sum of its leaves' shortages in an aggregate.
    public internal(set) var shortage: [Double]
    /// Empty when `hasOBR` is false.
    public internal(set) var requiredObr: [Double]
    public internal(set) var shortageObr: [Double]
    /// C[k,a,t], indexed by ``activityIndex(activity:leaf:yearIndex:)``.
    public internal(set) var activityCounts: [Double]
    public internal(set) var trainingSufficiency: [TrainingSufficiency]

    public var yearCount: Int { years.count }

    @inlinable
    public func index(area: Int, role: Int, yearIndex: Int) -> Int {
        (area * roles.count + role) * years.count + yearIndex
    }

    @inlinable
    public func activityIndex(activity: Int, leaf: Int, yearIndex: Int) -> Int {
        (activity * leafAreas.count + leaf) * years.count + yearIndex
    }

    /// Index of a year in `years`, or `nil` outside the projection.
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

        public init(
            area: AreaCode, role: RoleID, year: Int, fte: Double, headcount: Double, leavers: Double,
            entrants: Double, required: Double, gap: Double, shortage: Double,
            requiredObr: Double? = nil, gapObr: Double? = nil, shortageObr: Double? = nil
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
        let i = index(area: area, role: role, yearIndex: yearIndex)
        return Row(
            area: areas[area].code, role: roles[role].id, year: years[yearIndex], fte: fte[i],
            headcount: fte[i] / roles[role].fteRatio, leavers: leavers[i], entrants: entrants[i],
            required: required[i], gap: required[i] - fte[i], shortage: shortage[i],
            requiredObr: hasOBR ? requiredObr[i] : nil,
            gapObr: hasOBR ? requiredObr[i] - fte[i] : nil,
            shortageObr: hasOBR ? shortageObr[i] : nil)
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
    public func national(_ figure: KeyPath<ProjectionResult, [Double]>, role: Int, yearIndex: Int) -> Double {
        let values = self[keyPath: figure]
        var sum = 0.0
        for a in leafAreas { sum += values[index(area: a, role: role, yearIndex: yearIndex)] }
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
