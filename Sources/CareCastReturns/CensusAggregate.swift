import CareCastFormats

/// FTE and headcount of one group of workers.
public struct WorkforceMeasure: Sendable, Codable, Equatable {
    public var fte: Double
    public var headcount: Int

    public init(fte: Double = 0, headcount: Int = 0) {
        self.fte = fte
        self.headcount = headcount
    }
}

/// What one local authority's census return says, counted the way the published statistics
/// count (RETURNS.md, "the census's own logic"):
/// - in post: workers employed by the LA (AgencyWorker 0) with no RoleEndDate in the year, FTE
///   from the `FTE` item;
/// - agency: the LA-level items NoAgencyFTE and NoAgencyHeadcount;
/// - starters: LA workers whose RoleStartDate is in the year to the reference date;
/// - leavers: LA workers whose RoleEndDate is in that year; their FTE is 0 by the census's
///   rule, so leavers' FTE is taken from `FTE30` where it is given (the schema's only other FTE
///   item), and only headcount counts where it is not;
/// - cases: Cases30 of workers in post; case holders are workers in post holding a case;
/// - headcount counts distinct SWE numbers.
/// It holds no personal data: counts only.
public struct CensusAggregate: Sendable, Codable, Equatable {
    public var year: Int
    public var lea: String
    public var workerRecords = 0
    public var inPost = WorkforceMeasure()
    public var agency = WorkforceMeasure()
    /// FTE of the agency workers listed one by one in the file.
    public var agencyListedFTE = 0.0
    public var vacancyFTE = 0.0
    public var starters = WorkforceMeasure()
    public var leavers = WorkforceMeasure()
    public var caseHoldersFTE = 0.0
    public var cases = 0
    public var workingDaysLost = 0.0
    /// In post by OrgRole code ("1"…"6", or "not recorded").
    public var byRole: [String: WorkforceMeasure] = [:]
    /// In post by age band at the reference date ("under 30", "30-39", "40-49", "50-59", "60 and over", "not recorded").
    public var byAge: [String: WorkforceMeasure] = [:]
    /// Starters by StartOrigin code, leavers by LeaverDestination and ReasonLeave code (headcount).
    public var startersByOrigin: [String: Int] = [:]
    public var leaversByDestination: [String: Int] = [:]
    public var leaversByReason: [String: Int] = [:]

    public init(year: Int, lea: String) {
        self.year = year
        self.lea = lea
    }

    /// Cases per case-holder FTE.
    public var caseload: Double? { caseHoldersFTE > 0 ? Double(cases) / caseHoldersFTE : nil }
    /// Vacancies as a share of vacancies plus FTE in post, in percent.
    public var vacancyRate: Double? {
        let base = vacancyFTE + inPost.fte
        return base > 0 ? 100 * vacancyFTE / base : nil
    }

    public static let ageBands = ["under 30", "30-39", "40-49", "50-59", "60 and over", "not recorded"]

    static func ageBand(_ age: Int?) -> String { ageBands[ageBandIndex(age)] }

    static func ageBandIndex(_ age: Int?) -> Int {
        guard let age else { return 5 }
        switch age {
        case ..<30: return 0
        case 30..<40: return 1
        case 40..<50: return 2
        case 50..<60: return 3
        default: return 4
        }
    }

    /// Adds another return's counts (for a region, or England). Headcounts add, as the
    /// published statistics add them across authorities.
    public mutating func add(_ other: CensusAggregate) {
        workerRecords += other.workerRecords
        inPost.fte += other.inPost.fte; inPost.headcount += other.inPost.headcount
        agency.fte += other.agency.fte; agency.headcount += other.agency.headcount
        agencyListedFTE += other.agencyListedFTE
        vacancyFTE += other.vacancyFTE
        starters.fte += other.starters.fte; starters.headcount += other.starters.headcount
        leavers.fte += other.leavers.fte; leavers.headcount += other.leavers.headcount
        caseHoldersFTE += other.caseHoldersFTE
        cases += other.cases
        workingDaysLost += other.workingDaysLost
        for (k, v) in other.byRole { byRole[k, default: .init()].fte += v.fte; byRole[k, default: .init()].headcount += v.headcount }
        for (k, v) in other.byAge { byAge[k, default: .init()].fte += v.fte; byAge[k, default: .init()].headcount += v.headcount }
        for (k, v) in other.startersByOrigin { startersByOrigin[k, default: 0] += v }
        for (k, v) in other.leaversByDestination { leaversByDestination[k, default: 0] += v }
        for (k, v) in other.leaversByReason { leaversByReason[k, default: 0] += v }
    }
}
