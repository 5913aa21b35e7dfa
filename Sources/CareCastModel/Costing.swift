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

    /// Employer cost of one FTE for a year, `t` years after the base year.
    public func employerCost(yearsAhead t: Int) -> Double {
        let uplift = 1 + payUplift * Double(min(max(t, 0), payUpliftYears)) / Double(payUpliftYears)
        var growth = 1.0
        for _ in 0..<max(t, 0) { growth *= 1 + realEarningsGrowth }
        let pay = salary * uplift * growth
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

    /// HM Treasury's Green Book discount rate for years 0-30: 3.5% a year, real.
    public static let greenBookRate = 0.035

    /// What the run costs in year index `i`: the workforce actually deployed (LA staff in post
    /// and agency workers at full cost) and training.
    public func total(_ i: Int) -> Double { supplyPaybill[i] + agencyCost[i] + trainingCost[i] }

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
        years = result.years
        let index = result.areaIndex(area)
        var cost: [Double] = [], supply: [Double] = [], required: [Double] = [], agency: [Double] = [], training: [Double] = []
        for (i, year) in result.years.enumerated() {
            let perFTE = a.employerCost(yearsAhead: year - result.baseYear)
            var fte = 0.0, need = 0.0, agencyFTE = 0.0
            if let index {
                for r in result.roles.indices {
                    fte += result.value(.fte, area: index, role: r, yearIndex: i)
                    need += result.value(.required, area: index, role: r, yearIndex: i)
                    agencyFTE += result.value(.agencyFte, area: index, role: r, yearIndex: i)
                }
            }
            if !result.hasAgency { agencyFTE = max(0, need - fte) * a.agencyCoverShare }
            var trained = 0.0
            for p in input.pipelines {
                guard let perQualifier = a.trainingCostPerQualifier[p.id.rawValue] else { continue }
                trained += IntakeSchedule(p.intake).intake(in: year) * p.completion * perQualifier
            }
            cost.append(perFTE)
            supply.append(fte * perFTE)
            required.append(need * perFTE)
            agency.append(agencyFTE * perFTE * (1 + a.agencyPremium))
            training.append(trained)
        }
        employerCostPerFTE = cost
        supplyPaybill = supply
        requiredPaybill = required
        agencyCost = agency
        trainingCost = training
    }
}
