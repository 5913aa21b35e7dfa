import CareCastFormats
import CareCastModel
import CareCastReturns

extension AssumptionSet {
    /// The cost assumptions (`cost_…` entries), with the share of vacancies covered by agency
    /// workers taken from the published base year.
    public func costAssumptions(agencyCoverShare: Double) throws(DataFileError) -> CostAssumptions {
        var a = CostAssumptions(
            salary: try number("cost_salary"), pensionRate: try number("cost_employer_pension_rate"),
            nationalInsuranceRate: try number("cost_employer_ni_rate"), nationalInsuranceThreshold: try number("cost_employer_ni_threshold"),
            realEarningsGrowth: try number("cost_real_earnings_growth"), payUplift: try number("cost_pay_uplift"),
            payUpliftYears: Int(try number("cost_pay_uplift_years")), agencyPremium: try number("cost_agency_premium"),
            agencyCoverShare: agencyCoverShare,
            trainingCostPerQualifier: Dictionary(try numbers("cost_training_per_qualifier").map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
        // Pay by role: relativities keyed by the role file's names, turned into the model's role ids.
        for (name, value) in try numbers("cost_pay_relativity") {
            guard let id = EnglandBaseline.roleIDs[name] else { throw fail("cost_pay_relativity", "\(name) is not a role of the role file") }
            a.payRelativity[id] = value
        }
        a.technologyPerFTE = try number("cost_technology_per_fte")
        a.conversionRate = try number("agency_conversion_rate")
        a.conversionRetained = try number("agency_conversion_retained")
        a.conversionIncentive = try number("cost_conversion_incentive")
        a.programmeCost = try number("cost_reform_programme_gbp")
        a.programmeYears = Int(try number("cost_reform_programme_years"))
        return a
    }
}
