/// The projection model of MODEL.md, compiled: every identifier replaced by a small integer,
/// every table laid out as a flat array, so that `run()` is a handful of loops over
/// contiguous memory.
///
/// A `Projection` is a value: copy it, change a parameter (for a scenario or a Monte Carlo
/// draw) and run the copy, from as many tasks at once as you like.
///
/// Layout conventions (all row-major):
/// - supply state, base stock and leaver rates: `[role][band][leaf]`, so that the inner loops
///   run over the leaves, contiguous and vectorisable
/// - establishment: `[role][leaf]`
/// - population and its ratio to the base year: `[group][yearIndex][leaf]`
/// - results: see ``ProjectionResult``.
public struct Projection: Sendable {
    // MARK: Dimensions
    public let baseYear: Int
    public let horizon: Int
    public let areas: [AreaInfo]
    public let roles: [RoleInfo]
    public let ageBands: [AgeBandID]
    public let ageGroups: [AgeGroup]
    public let activityIDs: [ActivityID]
    /// Area index of each leaf, in depth-first order of the area tree: the leaves below any
    /// aggregate are a contiguous range of leaf indices.
    public let leafAreas: [Int]
    /// Where each area's figures sit in a result: leaves at their leaf index, then aggregates.
    public let areaSlots: [Int]
    /// How each aggregate is summed, deepest first.
    let aggregateSums: [AggregateSum]

    /// An aggregate's slot and the slot ranges of its direct children (runs of leaves, or one
    /// aggregate), all summed to give it.
    struct AggregateSum: Sendable {
        let slot: Int
        let terms: [Range<Int>]
    }

    public var leafCount: Int { leafAreas.count }
    public var yearCount: Int { horizon + 1 }

    // MARK: Supply parameters
    /// Width of each band but the last (0 for the open last band).
    public var bandWidths: [Int] {
        didSet { bandWidthReciprocals = Self.reciprocals(of: bandWidths) }
    }
    /// 1 / width, so that ageing multiplies rather than divides in the inner loop.
    private(set) var bandWidthReciprocals: [Double]
    /// FTE in post at the base year, `[role][band][leaf]`.
    public var baseStock: [Double]
    /// Vacancies at the base year, `[leaf][role]`.
    public var baseVacancies: [Double]
    /// ℓ[r,b] × m[a], `[role][band][leaf]`.
    public var leaverRateBase: [Double]
    /// k(T0 + t) for t = 0…H.
    public var leaverPathFactor: [Double]
    /// Not in MODEL.md (a deterministic run leaves them empty, which means 1): a factor on each
    /// leaf's exit rate and on its entrants in each year, `[year index][leaf]`. The Monte Carlo
    /// sets them to draw an authority's own year-to-year noise.
    public var leafYearExitFactor: [Double] = []
    public var leafYearEntrantFactor: [Double] = []
    public var progression: [ProgressionFlow]
    public var sources: [EntrantSource]
    public var pipelines: [PipelineInfo]

    // MARK: Version 2 (docs/MODEL.md)
    /// The input's model version (1 or 2).
    public var specVersion = 1
    /// m[a](T0+t) / m[a], `[year index][leaf]`: each leaf's reverting leaver multiplier relative
    /// to its own (1 where m[a] is 0); empty without `reversion`.
    public var leaverReversionFactor: [Double] = []
    /// w(T0+t) for t = 0…H; empty without `reversion`.
    public var reversionWeight: [Double] = []
    /// Agency workers as a stock; `nil` without `agency`.
    public var agency: AgencyParameters?
    /// The early-career cohorts; `nil` without `earlyCareer`.
    public var earlyCareer: EarlyCareerParameters?

    /// What following the early-career cohorts needs.
    public struct EarlyCareerParameters: Sendable, Equatable {
        /// Y.
        public var years: Int
        /// The indices in `sources` of the listed pipelines.
        public var sources: [Int]
        /// E_c at T0 for each c given, `[role][band][leaf]`, in order of c.
        public var stock: [(since: Int, values: [Double])]

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.years == rhs.years && lhs.sources == rhs.sources
                && lhs.stock.map(\.since) == rhs.stock.map(\.since) && lhs.stock.map(\.values) == rhs.stock.map(\.values)
        }
    }

    /// The agency stock and its flows, laid out for the kernel.
    public struct AgencyParameters: Sendable, Equatable {
        /// Q at T0, `[role][leaf]`.
        public var stock: [Double]
        /// min(1, α α_a μ(T0+t)), `[year index][leaf]`: the share of leavers moving into agency work.
        public var moveRate: [Double]
        /// min(1, o ω(T0+t)) by year index.
        public var outflowRate: [Double]
        /// κ.
        public var conversionShare: Double
        /// The bands conversions join and their shares.
        public var bands: [Int]
        public var bandShares: [Double]
        /// A: FTE entering agency work from elsewhere, `[year index][role][leaf]`; empty when none.
        public var entrants: [Double]
    }

    // MARK: Demand parameters
    /// P[a,g,t] / P[a,g,T0], `[group][yearIndex][leaf]`.
    public var populationRatio: [Double]
    /// P[a,g,t], `[group][yearIndex][leaf]`.
    public var population: [Double]
    public var activities: [ActivityParameters]
    public var caseloadStandard: ModelInput.CaseloadStandard
    /// Version 2: each leaf's own standard where given (`nil` elsewhere); empty when none is.
    public var areaStandards: [Double?] = []
    /// A factor on every leaf's caseload standard, given or calibrated (1 from an input: a
    /// lever on the compiled model, `docs/MODEL.md` "Levers on the compiled model").
    public var standardMultiplier = 1.0
    public var productivityGrowth: Double
    public var obr: OBRParameters?

    /// A flow of people between roles each year.
    public struct ProgressionFlow: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var rate: Double
        /// Version 2: the rate responds to the destination's shortfall (docs/MODEL.md).
        public var response: Response?

        public struct Response: Sendable, Equatable {
            public var strength: Double
            public var maxRate: Double
            /// θ̄, the row's `targetRatio`.
            public var targetRatio: Double
            /// θ by leaf.
            public var targets: [Double]
        }
    }

    /// A pipeline or joiners source: people per year into one role, split over leaves and bands.
    public struct EntrantSource: Sendable, Equatable {
        public var role: Int
        /// People entering in year T0 + t, for t = 0…H (entry 0 is never used).
        public var people: [Double]
        /// Share of each leaf.
        public var areaShare: [Double]
        /// (band, share) pairs with a share given.
        public var bandShares: [(band: Int, share: Double)]
        /// Version 2: the leaf shares `areaShare` reverts to, with weight w(y) on `areaShare`.
        public var areaShareTarget: [Double]?

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.role == rhs.role && lhs.people == rhs.people && lhs.areaShare == rhs.areaShare && lhs.areaShareTarget == rhs.areaShareTarget
                && lhs.bandShares.map(\.band) == rhs.bandShares.map(\.band)
                && lhs.bandShares.map(\.share) == rhs.bandShares.map(\.share)
        }
    }

    /// What training sufficiency needs of a pipeline.
    public struct PipelineInfo: Sendable, Equatable {
        public var id: PipelineID
        public var role: Int
        /// Index of this pipeline's flow in `sources`.
        public var source: Int
        public var duration: Int
        /// completion × entry.
        public var yield: Double
    }

    public struct ActivityParameters: Sendable, Equatable {
        public var id: ActivityID
        public var weight: Double
        public var trend: Double
        /// Share of each age group, indexed like `ageGroups` (0 where not given).
        public var ageMix: [Double]
        /// B[k,a] by leaf.
        public var baseCounts: [Double]
        /// policy_k(T0 + t) for t = 0…H.
        public var policyFactor: [Double]
    }

    public struct OBRParameters: Sendable, Equatable {
        /// Cost weight of each age group, indexed like `ageGroups` (0 where not given).
        public var costWeights: [Double]
        public var nonDemographicGrowth: Double
        /// Version 2: I[g,t] / I[g,T0], `[group][yearIndex]`; empty: each leaf's own P.
        public var indexRatio: [Double] = []
    }

    /// How the required FTE of a role is derived, with indices resolved.
    public enum DemandRule: Sendable, Equatable {
        case caseload
        case ratio(of: Int)
        case perActivity(activity: Int, staffPerUnit: Double)
    }

    public struct AreaInfo: Sendable, Equatable {
        public var code: AreaCode
        public var name: String
        public var parent: Int?
        public var level: String
        /// Index among the leaves, or `nil` for an aggregate.
        public var leafIndex: Int?
        public var isLeaf: Bool { leafIndex != nil }
    }

    public struct RoleInfo: Sendable, Equatable {
        public var id: RoleID
        public var name: String
        public var fteRatio: Double
        public var demand: DemandRule
    }

    private static func reciprocals(of widths: [Int]) -> [Double] {
        widths.map { $0 > 0 ? 1 / Double($0) : 0 }
    }

    /// Ratio roles in an order where each comes after the role it is a ratio of.
    let ratioOrder: [Int]
    /// Indices of the caseload roles.
    let caseloadRoles: [Int]

    init(
        baseYear: Int, horizon: Int, areas: [AreaInfo], roles: [RoleInfo], ageBands: [AgeBandID],
        ageGroups: [AgeGroup], activityIDs: [ActivityID], leafAreas: [Int], areaSlots: [Int],
        aggregateSums: [AggregateSum], bandWidths: [Int], baseStock: [Double],
        baseVacancies: [Double], leaverRateBase: [Double], leaverPathFactor: [Double],
        progression: [ProgressionFlow], sources: [EntrantSource], pipelines: [PipelineInfo],
        populationRatio: [Double], population: [Double], activities: [ActivityParameters],
        caseloadStandard: ModelInput.CaseloadStandard, productivityGrowth: Double,
        obr: OBRParameters?, ratioOrder: [Int]
    ) {
        self.baseYear = baseYear
        self.horizon = horizon
        self.areas = areas
        self.roles = roles
        self.ageBands = ageBands
        self.ageGroups = ageGroups
        self.activityIDs = activityIDs
        self.leafAreas = leafAreas
        self.areaSlots = areaSlots
        self.aggregateSums = aggregateSums
        self.bandWidths = bandWidths
        self.bandWidthReciprocals = Self.reciprocals(of: bandWidths)
        self.baseStock = baseStock
        self.baseVacancies = baseVacancies
        self.leaverRateBase = leaverRateBase
        self.leaverPathFactor = leaverPathFactor
        self.progression = progression
        self.sources = sources
        self.pipelines = pipelines
        self.populationRatio = populationRatio
        self.population = population
        self.activities = activities
        self.caseloadStandard = caseloadStandard
        self.productivityGrowth = productivityGrowth
        self.obr = obr
        self.ratioOrder = ratioOrder
        self.caseloadRoles = roles.indices.filter { roles[$0].demand == .caseload }
    }
}
