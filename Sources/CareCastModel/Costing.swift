/// What a workforce costs: the figures a costed plan needs, on top of a projection. Not part
/// of MODEL.md; every parameter is an argument (from the assumptions file, each sourced there).
public struct CostAssumptions: Sendable, Equatable {
    /// Annual salary per FTE at the price base, all roles.
    public var salary: Double
    /// Employer pension contribution, share of salary.
    public var pensionRate: Double
    /// Employer National Insurance, share of salary above the threshold.
    public var nationalInsuranceRate: Double
    public var nationalInsuranceThreshold: Double
    /// Real growth of pay a year from the base year.
    public var realEarningsGrowth: Double
    /// A pay rise on top of that (a policy lever: 0 in the baseline), phased in over `payUpliftYears`.
    public var payUplift: Double
    public var payUpliftYears: Int
    /// Extra cost of an agency FTE over an employed one, as a share of the employed cost.
    public var agencyPremium: Double
    /// Share of the gap (vacancies) covered by agency workers.
    public var agencyCoverShare: Double
    /// Cost of training per qualifier, by pipeline id; a pipeline not named costs nothing here.
    public var trainingCostPerQualifier: [String: Double]
    /// Each role's salary relative to `salary` (a practitioner's), by role id; 1 where not named.
    public var payRelativity: [String: Double] = [:]
    /// Levers' own costs. A technology licence per LA FTE in post a year (after the base year).
    public var technologyPerFTE: Double = 0
    /// A conversion programme: the further share of the agency stock leaving agency work each
    /// year, the share of them taking LA posts, and the incentive paid to each who does.
    public var conversionRate: Double = 0
    public var conversionRetained: Double = 0
    public var conversionIncentive: Double = 0
    /// A reform programme's cost, spread evenly over its first `programmeYears` years.
    public var programmeCost: Double = 0
    public var programmeYears: Int = 1

    public init(salary: Double, pensionRate: Double, nationalInsuranceRate: Double, nationalInsuranceThreshold: Double,
                realEarningsGrowth: Double, payUplift: Double = 0, payUpliftYears: Int = 1, agencyPremium: Double,
                agencyCoverShare: Double, trainingCostPerQualifier: [String: Double]) {
        self.salary = salary
        self.pensionRate = pensionRate
        self.nationalInsuranceRate = nationalInsuranceRate
        self.nationalInsuranceThreshold = nationalInsuranceThreshold
        self.realEarningsGrowth = realEarningsGrowth
        self.payUplift = payUplift
        self.payUpliftYears = max(1, payUpliftYears)
        self.agencyPremium = agencyPremium
        self.agencyCoverShare = agencyCoverShare
        self.trainingCostPerQualifier = trainingCostPerQualifier
    }

    /// Employer cost of one FTE for a year, `t` years after the base year, at `relativity`
    /// times a practitioner's salary.
    public func employerCost(yearsAhead t: Int, relativity: Double = 1) -> Double {
        var growth = 1.0
        for _ in 0..<max(t, 0) { growth *= 1 + realEarningsGrowth }
        return employerCost(yearsAhead: t, relativity: relativity, growth: growth)
    }

    /// The same with the real growth factor (1 + g)^t given (the caller steps it year by year).
    @inline(__always)
    func employerCost(yearsAhead t: Int, relativity: Double, growth: Double) -> Double {
        let uplift = 1 + payUplift * Double(min(max(t, 0), payUpliftYears)) / Double(payUpliftYears)
        let pay = salary * relativity * uplift * growth
        return pay + pensionRate * pay + nationalInsuranceRate * max(0, pay - nationalInsuranceThreshold)
    }
}

/// Costs of one run for one area, all roles, by year of the result.
public struct CostProjection: Sendable, Equatable {
    public var years: [Int]
    public var employerCostPerFTE: [Double]
    /// FTE in post × employer cost.
    public var supplyPaybill: [Double]
    /// Required FTE (need-based) × employer cost.
    public var requiredPaybill: [Double]
    /// Agency workers deployed at their full cost: agency FTE × employer cost × (1 + premium).
    /// The agency FTE is the projection's own stock (model v2), or without one the gap's
    /// agency-covered part.
    public var agencyCost: [Double]
    /// Intake × completion × cost per qualifier, summed over pipelines.
    public var trainingCost: [Double]
    /// The levers' own costs: technology licences, conversion incentives, a reform programme.
    public var leverCost: [Double]

    /// HM Treasury's Green Book discount rate for years 0-30: 3.5% a year, real.
    public static let greenBookRate = 0.035

    /// What the run costs in year index `i`: the workforce actually deployed (LA staff in post
    /// and agency workers at full cost) and training.
    public func total(_ i: Int) -> Double { supplyPaybill[i] + agencyCost[i] + trainingCost[i] + leverCost[i] }

    /// The sum of `total` over year indices 1…`through` (the years after the base year).
    public func cumulative(through: Int) -> Double {
        (1...max(1, min(through, years.count - 1))).reduce(0) { $0 + total($1) }
    }

    /// The present value at the base year of `total` over year indices 1…`through`, each year
    /// discounted by (1 + `rate`)^t (the figures are already real).
    public func discounted(through: Int, rate: Double = CostProjection.greenBookRate) -> Double {
        var sum = 0.0
        var factor = 1.0
        for i in 1...max(1, min(through, years.count - 1)) {
            factor /= 1 + rate
            sum += total(i) * factor
        }
        return sum
    }

    public init(result: ProjectionResult, input: ModelInput, area: AreaCode, assumptions a: CostAssumptions) {
        self.init(figures: CostFigures(result: result, input: input, area: area), assumptions: a)
    }

    public init(figures f: CostFigures, assumptions a: CostAssumptions) {
        years = f.years
        let relativity = f.roles.map { a.payRelativity[$0] ?? 1 }
        var cost: [Double] = [], supply: [Double] = [], required: [Double] = [], agency: [Double] = [], training: [Double] = [], levers: [Double] = []
        var previousAgency = 0.0
        let schedules = f.pipelines.map { (schedule: IntakeSchedule($0.intake), completion: $0.completion, perQualifier: a.trainingCostPerQualifier[$0.id.rawValue]) }
        // (1 + g)^t, stepped year by year from the first year's t (the same product as
        // `employerCost(yearsAhead:)` forms).
        var growth = 1.0
        var grownTo = 0
        for (i, year) in f.years.enumerated() {
            let t = year - f.baseYear
            while grownTo < t {
                growth *= 1 + a.realEarningsGrowth
                grownTo += 1
            }
            var fte = 0.0, supplyPay = 0.0, requiredPay = 0.0, agencyPay = 0.0, agencyFTE = 0.0
            for r in f.roles.indices {
                // Each role at its own pay; agency workers cost what the role's employed staff
                // cost, plus the premium.
                let perFTE = a.employerCost(yearsAhead: t, relativity: relativity[r], growth: growth)
                let roleFTE = f.fte[i][r], roleNeed = f.required[i][r]
                let roleAgency = f.hasAgency ? f.agency[i][r] : max(0, roleNeed - roleFTE) * a.agencyCoverShare
                fte += roleFTE
                agencyFTE += roleAgency
                supplyPay += roleFTE * perFTE
                requiredPay += roleNeed * perFTE
                agencyPay += roleAgency * perFTE * (1 + a.agencyPremium)
            }
            var trained = 0.0
            for p in schedules {
                guard let perQualifier = p.perQualifier else { continue }
                trained += p.schedule.intake(in: year) * p.completion * perQualifier
            }
            var lever = 0.0
            if t > 0 {
                lever += fte * a.technologyPerFTE
                // The programme converts this share of last year's agency stock.
                lever += previousAgency * a.conversionRate * a.conversionRetained * a.conversionIncentive
                if t <= max(1, a.programmeYears) { lever += a.programmeCost / Double(max(1, a.programmeYears)) }
            }
            previousAgency = agencyFTE
            cost.append(fte > 0 ? supplyPay / fte : a.employerCost(yearsAhead: t, relativity: 1, growth: growth))
            supply.append(supplyPay)
            required.append(requiredPay)
            agency.append(agencyPay)
            training.append(trained)
            levers.append(lever)
        }
        employerCostPerFTE = cost
        supplyPaybill = supply
        requiredPaybill = required
        agencyCost = agency
        trainingCost = training
        leverCost = levers
    }
}

/// What costing needs of a run for one area: FTE in post, required and agency FTE by year and
/// role, and the training routes (a few kilobytes, where a result is megabytes).
public struct CostFigures: Sendable, Equatable {
    public var years: [Int]
    public var baseYear: Int
    /// Role ids, in the result's order.
    public var roles: [String]
    /// `[year index][role]`.
    public var fte: [[Double]]
    public var required: [[Double]]
    public var agency: [[Double]]
    public var hasAgency: Bool
    public var pipelines: [ModelInput.Pipeline]

    public init(result: ProjectionResult, input: ModelInput, area: AreaCode) {
        years = result.years
        baseYear = result.baseYear
        roles = result.roles.map(\.id.rawValue)
        hasAgency = result.hasAgency
        pipelines = input.pipelines
        let index = result.areaIndex(area)
        func grid(_ metric: ProjectionResult.Metric) -> [[Double]] {
            result.years.indices.map { t in result.roles.indices.map { r in index.map { result.value(metric, area: $0, role: r, yearIndex: t) } ?? 0 } }
        }
        fte = grid(.fte)
        required = grid(.required)
        agency = hasAgency ? grid(.agencyFte) : []
    }

    /// England's gap (required less in post), all roles or one, in year index `t`.
    public func gap(_ t: Int, role: Int? = nil) -> Double {
        let roles = role.map { [$0] } ?? Array(self.roles.indices)
        return roles.reduce(0) { $0 + required[t][$1] - fte[t][$1] }
    }
}
