/// The input of the projection model, version 1: one value per key of `MODEL.md`.
///
/// Optional keys of the JSON form carry their defaults here (an absent `horizon` is 20, an
/// absent `fteRatio` is 1, and so on), so the engine never sees "absent". The order of every
/// array is the order of the file, which lets validation name a row as `stock[5]`.
public struct ModelInput: Sendable, Equatable {
    public var specVersion: Int
    public var baseYear: Int
    public var horizon: Int
    public var areas: [Area]
    public var roles: [Role]
    public var ageBands: [AgeBand]
    public var stock: [StockRow]
    public var vacancies: [VacancyRow]
    public var leaverRates: [LeaverRate]
    public var areaLeaverMultipliers: [AreaMultiplier]
    public var leaverMultiplierPath: [PathPoint]
    public var progression: [Progression]
    public var pipelines: [Pipeline]
    public var joiners: [Joiners]
    public var population: [PopulationRow]
    public var activities: [Activity]
    public var policies: [Policy]
    public var demand: DemandSettings
    /// Version 2 (`docs/MODEL.md`): agency workers as a stock; `nil` in a v1 input.
    public var agency: Agency?
    /// Version 2: local leaver multipliers and area shares reverting with a half-life.
    public var reversion: Reversion?
    /// Version 2: the early-career years as a dimension of supply.
    public var earlyCareer: EarlyCareer?

    public init(
        specVersion: Int = 1, baseYear: Int, horizon: Int = 20, areas: [Area], roles: [Role],
        ageBands: [AgeBand], stock: [StockRow], vacancies: [VacancyRow] = [],
        leaverRates: [LeaverRate], areaLeaverMultipliers: [AreaMultiplier] = [],
        leaverMultiplierPath: [PathPoint] = [], progression: [Progression] = [],
        pipelines: [Pipeline] = [], joiners: [Joiners] = [], population: [PopulationRow],
        activities: [Activity], policies: [Policy] = [], demand: DemandSettings,
        agency: Agency? = nil, reversion: Reversion? = nil, earlyCareer: EarlyCareer? = nil
    ) {
        self.specVersion = specVersion
        self.baseYear = baseYear
        self.horizon = horizon
        self.areas = areas
        self.roles = roles
        self.ageBands = ageBands
        self.stock = stock
        self.vacancies = vacancies
        self.leaverRates = leaverRates
        self.areaLeaverMultipliers = areaLeaverMultipliers
        self.leaverMultiplierPath = leaverMultiplierPath
        self.progression = progression
        self.pipelines = pipelines
        self.joiners = joiners
        self.population = population
        self.activities = activities
        self.policies = policies
        self.demand = demand
        self.agency = agency
        self.reversion = reversion
        self.earlyCareer = earlyCareer
    }

    /// The model version a new input is written in: v1 (the shared `MODEL.md`) unless it needs v2.
    public static let supportedSpecVersion = 1
    /// The versions this engine runs: v1, and v2 of the project's `docs/MODEL.md`.
    public static let specVersions = 1...2
    /// True when the input uses a key that only version 2 has.
    public var usesVersion2: Bool {
        agency != nil || reversion != nil || earlyCareer != nil
            || pipelines.contains { $0.areaShareTarget != nil } || joiners.contains { $0.areaShareTarget != nil }
            || progression.contains { $0.response != nil }
    }
    /// The horizons that reports quote and training sufficiency answers for.
    public static let reportingHorizons = [5, 10, 20]
}

extension ModelInput {
    public struct Area: Sendable, Equatable {
        public var code: AreaCode
        public var name: String
        /// `nil` for a root.
        public var parent: AreaCode?
        /// Free text such as `national`, `region`, `local_authority`.
        public var level: String

        public init(code: AreaCode, name: String, parent: AreaCode?, level: String) {
            self.code = code
            self.name = name
            self.parent = parent
            self.level = level
        }
    }

    public struct Role: Sendable, Equatable {
        public var id: RoleID
        public var name: String
        /// FTE per person (> 0).
        public var fteRatio: Double
        public var demand: RoleDemand

        public init(id: RoleID, name: String, fteRatio: Double = 1, demand: RoleDemand) {
            self.id = id
            self.name = name
            self.fteRatio = fteRatio
            self.demand = demand
        }
    }

    /// How the required FTE of a role follows from need.
    public enum RoleDemand: Sendable, Equatable {
        /// Carries the weighted caseload with the other caseload roles.
        case caseload
        /// In proportion to another role's requirement, at the base-year establishment ratio.
        case ratio(of: RoleID)
        /// FTE per unit of one activity (for example staff per children's home placement).
        case perActivity(activity: ActivityID, staffPerUnit: Double)
    }

    public struct AgeBand: Sendable, Equatable {
        public var id: AgeBandID
        /// Years in the band; `nil` on the last, open band.
        public var width: Int?

        public init(id: AgeBandID, width: Int?) {
            self.id = id
            self.width = width
        }
    }

    public struct StockRow: Sendable, Equatable {
        public var area: AreaCode
        public var role: RoleID
        public var ageBand: AgeBandID
        public var fte: Double

        public init(area: AreaCode, role: RoleID, ageBand: AgeBandID, fte: Double) {
            self.area = area
            self.role = role
            self.ageBand = ageBand
            self.fte = fte
        }
    }

    public struct VacancyRow: Sendable, Equatable {
        public var area: AreaCode
        public var role: RoleID
        public var fte: Double

        public init(area: AreaCode, role: RoleID, fte: Double) {
            self.area = area
            self.role = role
            self.fte = fte
        }
    }

    public struct LeaverRate: Sendable, Equatable {
        public var role: RoleID
        public var ageBand: AgeBandID
        public var rate: Double

        public init(role: RoleID, ageBand: AgeBandID, rate: Double) {
            self.role = role
            self.ageBand = ageBand
            self.rate = rate
        }
    }

    public struct AreaMultiplier: Sendable, Equatable {
        public var area: AreaCode
        public var multiplier: Double

        public init(area: AreaCode, multiplier: Double) {
            self.area = area
            self.multiplier = multiplier
        }
    }

    /// One point of a piecewise-linear path over years.
    public struct PathPoint: Sendable, Equatable {
        public var year: Int
        public var factor: Double

        public init(year: Int, factor: Double) {
            self.year = year
            self.factor = factor
        }
    }

    public struct Progression: Sendable, Equatable {
        public var from: RoleID
        public var to: RoleID
        public var rate: Double
        /// Version 2: the rate responds to the destination's shortfall against its target ratio.
        public var response: ProgressionResponse?

        public init(from: RoleID, to: RoleID, rate: Double, response: ProgressionResponse? = nil) {
            self.from = from
            self.to = to
            self.rate = rate
            self.response = response
        }
    }

    /// A keyed share, in the order the file gives it (`ageDistribution`, `areaShare`, `ageMix`, ...).
    public struct Share<Key: Hashable & Sendable>: Sendable, Equatable {
        public var key: Key
        public var value: Double

        public init(_ key: Key, _ value: Double) {
            self.key = key
            self.value = value
        }
    }

    public struct IntakePoint: Sendable, Equatable {
        public var year: Int
        public var value: Double

        public init(year: Int, value: Double) {
            self.year = year
            self.value = value
        }
    }

    public struct Pipeline: Sendable, Equatable {
        public var id: PipelineID
        public var role: RoleID
        /// Whole years from intake to entry (≥ 0).
        public var duration: Int
        public var completion: Double
        public var entry: Double
        public var intake: [IntakePoint]
        public var ageDistribution: [Share<AgeBandID>]
        /// `nil`: each leaf's share of the role's national FTE in post at the base year.
        public var areaShare: [Share<AreaCode>]?
        /// Version 2: the shares `areaShare` reverts to (see `Reversion`).
        public var areaShareTarget: [Share<AreaCode>]?

        public init(
            id: PipelineID, role: RoleID, duration: Int, completion: Double, entry: Double,
            intake: [IntakePoint], ageDistribution: [Share<AgeBandID>], areaShare: [Share<AreaCode>]? = nil,
            areaShareTarget: [Share<AreaCode>]? = nil
        ) {
            self.id = id
            self.role = role
            self.duration = duration
            self.completion = completion
            self.entry = entry
            self.intake = intake
            self.ageDistribution = ageDistribution
            self.areaShare = areaShare
            self.areaShareTarget = areaShareTarget
        }
    }

    public struct Joiners: Sendable, Equatable {
        public var source: String
        public var role: RoleID
        /// People joining in the base year's terms.
        public var base: Double
        public var growth: Double
        public var ageDistribution: [Share<AgeBandID>]
        public var areaShare: [Share<AreaCode>]?
        /// Version 2: the shares `areaShare` reverts to (see `Reversion`).
        public var areaShareTarget: [Share<AreaCode>]?

        public init(
            source: String, role: RoleID, base: Double, growth: Double = 0,
            ageDistribution: [Share<AgeBandID>], areaShare: [Share<AreaCode>]? = nil,
            areaShareTarget: [Share<AreaCode>]? = nil
        ) {
            self.source = source
            self.role = role
            self.base = base
            self.growth = growth
            self.ageDistribution = ageDistribution
            self.areaShare = areaShare
            self.areaShareTarget = areaShareTarget
        }
    }

    public struct PopulationRow: Sendable, Equatable {
        public var area: AreaCode
        public var ageGroup: AgeGroup
        public var year: Int
        public var persons: Double

        public init(area: AreaCode, ageGroup: AgeGroup, year: Int, persons: Double) {
            self.area = area
            self.ageGroup = ageGroup
            self.year = year
            self.persons = persons
        }
    }

    public struct BaseCount: Sendable, Equatable {
        public var area: AreaCode
        public var count: Double

        public init(area: AreaCode, count: Double) {
            self.area = area
            self.count = count
        }
    }

    public struct Activity: Sendable, Equatable {
        public var id: ActivityID
        public var weight: Double
        public var trend: Double
        public var ageMix: [Share<AgeGroup>]
        public var baseCounts: [BaseCount]

        public init(
            id: ActivityID, weight: Double = 1, trend: Double = 0, ageMix: [Share<AgeGroup>],
            baseCounts: [BaseCount]
        ) {
            self.id = id
            self.weight = weight
            self.trend = trend
            self.ageMix = ageMix
            self.baseCounts = baseCounts
        }
    }

    public struct Policy: Sendable, Equatable {
        public var activity: ActivityID
        public var path: [PathPoint]

        public init(activity: ActivityID, path: [PathPoint]) {
            self.activity = activity
            self.path = path
        }
    }

    public enum CaseloadStandard: Sendable, Equatable {
        /// Each area's own base-year weighted cases per caseload FTE (required = establishment at T0).
        case calibrated
        /// Weighted cases per FTE, the same in every area.
        case fixed(Double)
    }

    public struct OBRSettings: Sendable, Equatable {
        public var costWeights: [Share<AgeGroup>]
        public var nonDemographicGrowth: Double
        /// Version 2: a national population index by group and year that drives the demographic
        /// pressure in place of each leaf's own projection (empty: v1's D).
        public var populationIndex: [PopulationIndexRow]

        public init(costWeights: [Share<AgeGroup>], nonDemographicGrowth: Double, populationIndex: [PopulationIndexRow] = []) {
            self.costWeights = costWeights
            self.nonDemographicGrowth = nonDemographicGrowth
            self.populationIndex = populationIndex
        }
    }

    /// Version 2: I[g, year], one point of `demand.obr.populationIndex`.
    public struct PopulationIndexRow: Sendable, Equatable {
        public var ageGroup: AgeGroup
        public var year: Int
        public var index: Double

        public init(ageGroup: AgeGroup, year: Int, index: Double) {
            self.ageGroup = ageGroup
            self.year = year
            self.index = index
        }
    }

    /// Version 2: one leaf's own caseload standard (`demand.areaCaseloadStandards`).
    public struct AreaStandard: Sendable, Equatable {
        public var area: AreaCode
        public var standard: Double

        public init(area: AreaCode, standard: Double) {
            self.area = area
            self.standard = standard
        }
    }

    public struct DemandSettings: Sendable, Equatable {
        public var caseloadStandard: CaseloadStandard
        public var productivityGrowth: Double
        public var obr: OBRSettings?
        /// Version 2: leaves with their own standard, which replaces `caseloadStandard`'s there.
        public var areaCaseloadStandards: [AreaStandard]

        public init(
            caseloadStandard: CaseloadStandard, productivityGrowth: Double = 0, obr: OBRSettings? = nil,
            areaCaseloadStandards: [AreaStandard] = []
        ) {
            self.caseloadStandard = caseloadStandard
            self.productivityGrowth = productivityGrowth
            self.obr = obr
            self.areaCaseloadStandards = areaCaseloadStandards
        }
    }
}
