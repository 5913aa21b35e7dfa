/// The keys version 2 of the model adds (`docs/MODEL.md`): agency workers as a stock, and local
/// rates that revert.
extension ModelInput {
    /// Agency FTE by leaf and role, with its flows (step 3a of `docs/MODEL.md`).
    public struct Agency: Sendable, Equatable {
        /// Agency FTE at the base year; rows with the same area and role are summed.
        public var stock: [AgencyStockRow]
        /// α: the share of each step's leavers who move into agency work in the same area and role.
        public var moveShare: Double
        /// α_a by leaf (default 1).
        public var areaMoveShareMultipliers: [AreaMultiplier]
        /// μ(y), default 1.
        public var moveSharePath: [PathPoint]
        /// o: the share of the agency stock that leaves agency work each year (conversions included).
        public var outflowRate: Double
        /// κ: the share of that outflow who take LA posts in the same area and role.
        public var conversionShare: Double
        /// ω(y), default 1.
        public var outflowPath: [PathPoint]
        /// The age bands conversions join.
        public var ageDistribution: [Share<AgeBandID>]
        /// People entering agency work from elsewhere each year.
        public var entrants: [AgencyEntrants]

        public init(
            stock: [AgencyStockRow], moveShare: Double, areaMoveShareMultipliers: [AreaMultiplier] = [],
            moveSharePath: [PathPoint] = [], outflowRate: Double, conversionShare: Double,
            outflowPath: [PathPoint] = [], ageDistribution: [Share<AgeBandID>], entrants: [AgencyEntrants] = []
        ) {
            self.stock = stock
            self.moveShare = moveShare
            self.areaMoveShareMultipliers = areaMoveShareMultipliers
            self.moveSharePath = moveSharePath
            self.outflowRate = outflowRate
            self.conversionShare = conversionShare
            self.outflowPath = outflowPath
            self.ageDistribution = ageDistribution
            self.entrants = entrants
        }
    }

    public struct AgencyStockRow: Sendable, Equatable {
        public var area: AreaCode
        public var role: RoleID
        public var fte: Double

        public init(area: AreaCode, role: RoleID, fte: Double) {
            self.area = area
            self.role = role
            self.fte = fte
        }
    }

    /// N(y) = base × (1 + growth)^(y − T0) people a year into agency work in one role.
    public struct AgencyEntrants: Sendable, Equatable {
        public var source: String
        public var role: RoleID
        public var base: Double
        public var growth: Double
        /// `nil`: each leaf's share of the role's national agency stock at the base year.
        public var areaShare: [Share<AreaCode>]?

        public init(source: String, role: RoleID, base: Double, growth: Double = 0, areaShare: [Share<AreaCode>]? = nil) {
            self.source = source
            self.role = role
            self.base = base
            self.growth = growth
            self.areaShare = areaShare
        }
    }

    /// w(y) = 2^(−(y − T0)/halfLife): each leaf's leaver multiplier moves geometrically towards
    /// its target, m^w τ^(1−w), and each source's area shares linearly towards theirs.
    public struct Reversion: Sendable, Equatable {
        public var halfLife: Double
        /// τ by leaf (default 1).
        public var leaverMultiplierTargets: [AreaMultiplier]

        public init(halfLife: Double, leaverMultiplierTargets: [AreaMultiplier] = []) {
            self.halfLife = halfLife
            self.leaverMultiplierTargets = leaverMultiplierTargets
        }
    }

    /// The early-career years (`docs/MODEL.md`, "Early-career supply"): the FTE in post who
    /// entered through `pipelines` within the last `years` years, followed like everyone else.
    public struct EarlyCareer: Sendable, Equatable {
        public var years: Int
        public var pipelines: [PipelineID]
        /// The base year's early-career FTE by years since entry; same key rows summed.
        public var stock: [EarlyCareerStockRow]

        public init(years: Int, pipelines: [PipelineID], stock: [EarlyCareerStockRow] = []) {
            self.years = years
            self.pipelines = pipelines
            self.stock = stock
        }
    }

    public struct EarlyCareerStockRow: Sendable, Equatable {
        public var area: AreaCode
        public var role: RoleID
        public var ageBand: AgeBandID
        public var yearsSinceEntry: Int
        public var fte: Double

        public init(area: AreaCode, role: RoleID, ageBand: AgeBandID, yearsSinceEntry: Int, fte: Double) {
            self.area = area
            self.role = role
            self.ageBand = ageBand
            self.yearsSinceEntry = yearsSinceEntry
            self.fte = fte
        }
    }

    /// ρ[a] = min(maxRate, max(0, rate × (1 + strength × g[a]))), g[a] the destination's relative
    /// shortfall against `targetRatio` (or its area's) times the source's FTE (docs/MODEL.md).
    public struct ProgressionResponse: Sendable, Equatable {
        public var strength: Double
        public var targetRatio: Double
        public var areaTargetRatios: [AreaRatio]
        public var maxRate: Double

        public init(strength: Double, targetRatio: Double, areaTargetRatios: [AreaRatio] = [], maxRate: Double) {
            self.strength = strength
            self.targetRatio = targetRatio
            self.areaTargetRatios = areaTargetRatios
            self.maxRate = maxRate
        }
    }

    public struct AreaRatio: Sendable, Equatable {
        public var area: AreaCode
        public var ratio: Double

        public init(area: AreaCode, ratio: Double) {
            self.area = area
            self.ratio = ratio
        }
    }
}
