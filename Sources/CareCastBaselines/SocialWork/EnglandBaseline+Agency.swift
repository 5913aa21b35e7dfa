import CareCastFormats
import CareCastModel
import CareCastReturns

/// Agency workers as a stock (model v2, `docs/MODEL.md`): how the baseline sizes their flows.
///
/// Published: agency FTE by authority at each census, and (for 2019/20 and 2020/21 only) the
/// share of LA staff who left for agency work. Not published: conversions into LA posts, exits
/// from agency work, entrants to it from elsewhere. So only the net outflow is identified:
/// with moves in M_y = (into-agency share of turnover) × leavers_y and the stock Q,
/// o_y = (M_y − (Q_y − Q_{y−1})) / Q_{y−1}, entrants from elsewhere taken as 0 (any there are
/// sit inside o as a lower net outflow). o before the rules' first year is recency-weighted
/// like the other rates; the rules' effect is the rise in o in the years since, carried by the
/// stated persistence; the share of the outflow that takes LA posts is a stated assumption.
extension EnglandBaseline {
    /// What the baseline derived for the agency stock, for the report.
    public struct AgencyNotes: Sendable {
        /// Moves into agency work as a share of DfE's turnover (reference year).
        public var moveShareOfTurnover = 0.0
        /// o_y for each census year with a year before it.
        public var yearlyOutflow: [(year: Int, rate: Double)] = []
        public var preRulesOutflow = 0.0
        /// Recency-weighted o over the rules' years, when the data reach them.
        public var rulesOutflow: Double?
        public var rulesYear = 0
        public var persistence = 0.0
        /// ω: the factor on o from the year after the base year.
        public var outflowFactor = 1.0
        public var conversionShare = 0.0
        public var firstYearConversions = 0.0
        public var stock = 0.0
        public var moveShare = 0.0
    }

    struct AgencyCalibration {
        var outflowRate: Double
        var outflowFactor: Double
        var conversionShare: Double
    }

    static func agencyCalibration(
        _ bundle: EnglandBundle, assumptions: AssumptionSet, baseYear t0: Int, moveShareOfLeavers: Double, halfLife: Double,
        notes: inout Notes
    ) throws(DataFileError) -> AgencyCalibration {
        let rulesYear = Int(try assumptions.number("agency_rules_year"))
        let persistence = try assumptions.number("agency_rules_persistence")
        guard persistence >= 0, persistence <= 1 else { throw assumptions.fail("agency_rules_persistence", "must be between 0 and 1, got \(persistence)") }
        let conversionShare = try assumptions.number("agency_conversion_share")
        guard conversionShare >= 0, conversionShare <= 1 else { throw assumptions.fail("agency_conversion_share", "must be between 0 and 1, got \(conversionShare)") }
        var series: [(year: Int, agency: Double, leavers: Double)] = []
        for row in bundle.indicators.rows where row.level == .national && row.year <= t0 {
            guard let agency = row.value("agency_fte").number, let leavers = row.value("leavers_fte").number else { continue }
            series.append((row.year, agency, leavers))
        }
        series.sort { $0.year < $1.year }
        var before: [(year: Int, value: Double)] = []
        var after: [(year: Int, value: Double)] = []
        for (previous, current) in zip(series, series.dropFirst()) where current.year == previous.year + 1 && previous.agency > 0 {
            let rate = min(1, max(0, (moveShareOfLeavers * current.leavers - (current.agency - previous.agency)) / previous.agency))
            notes.agency.yearlyOutflow.append((current.year, rate))
            if current.year < rulesYear { before.append((current.year, rate)) } else { after.append((current.year, rate)) }
        }
        guard let preRules = FlowEstimation.recencyWeightedMean(before, halfLife: halfLife) else {
            throw assumptions.fail("agency_rules_year", "no two consecutive national agency FTE figures before \(rulesYear) up to \(t0)")
        }
        let rules = FlowEstimation.recencyWeightedMean(after, halfLife: halfLife)
        let factor = rules.map { preRules > 0 ? 1 + persistence * ($0 / preRules - 1) : 1 } ?? 1
        notes.agency.preRulesOutflow = preRules
        notes.agency.rulesOutflow = rules
        notes.agency.rulesYear = rulesYear
        notes.agency.persistence = persistence
        notes.agency.outflowFactor = factor
        notes.agency.conversionShare = conversionShare
        return AgencyCalibration(outflowRate: preRules, outflowFactor: factor, conversionShare: conversionShare)
    }
}
