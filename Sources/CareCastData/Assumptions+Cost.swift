import CareCastModel

extension AssumptionSet {
    /// The cost assumptions (`cost_…` entries), with the share of vacancies covered by agency
    /// workers taken from the published base year.
    public func costAssumptions(agencyCoverShare: Double) throws(DataFileError) -> CostAssumptions {
        CostAssumptions(
            salary: try number("cost_salary"), pensionRate: try number("cost_employer_pension_rate"),
            nationalInsuranceRate: try number("cost_employer_ni_rate"), nationalInsuranceThreshold: try number("cost_employer_ni_threshold"),
            realEarningsGrowth: try number("cost_real_earnings_growth"), payUplift: try number("cost_pay_uplift"),
            payUpliftYears: Int(try number("cost_pay_uplift_years")), agencyPremium: try number("cost_agency_premium"),
            agencyCoverShare: agencyCoverShare,
            trainingCostPerQualifier: Dictionary(try numbers("cost_training_per_qualifier").map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }
}
