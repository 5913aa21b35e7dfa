import CareCastFormats

/// The items of one worker in the Children's Social Work Workforce census (RETURNS.md §1).
public enum CensusItem: Int, CaseIterable, Sendable {
    case agencyWorker, sweNo, fte, personBirthDate, genderCurrent, ethnicity, qualInst, qualLevel
    case stepUpGrad, frontlineGrad, orgRole, roleStartDate, roleEndDate, startOrigin, leaverDestination
    case reasonLeave, fte30, cases30, workingDaysLost, contractWeeks, absat30Sept, reasonAbsence, cfkssStatus

    /// The element name in the census XML, and the column name in CSV.
    public var element: String { Self.names[rawValue] }

    /// Items that may appear more than once for one worker.
    public var repeatable: Bool {
        switch self {
        case .qualInst, .absat30Sept, .reasonAbsence, .cfkssStatus: return true
        default: return false
        }
    }

    /// Personal data: never shown outside the organisation's own submitters and analysts,
    /// never published. SWE numbers and birth dates identify a person; ethnicity is
    /// special-category data; sickness absence and its reasons are health data.
    public var isPersonal: Bool {
        switch self {
        case .sweNo, .personBirthDate, .ethnicity, .workingDaysLost, .absat30Sept, .reasonAbsence: return true
        default: return false
        }
    }

    static let names = [
        "AgencyWorker", "SWENo", "FTE", "PersonBirthDate", "GenderCurrent", "Ethnicity", "QualInst", "QualLevel",
        "StepUpGrad", "FrontlineGrad", "OrgRole", "RoleStartDate", "RoleEndDate", "StartOrigin", "LeaverDestination",
        "ReasonLeave", "FTE30", "Cases30", "WorkingDaysLost", "ContractWeeks", "Absat30Sept", "ReasonAbsence", "CFKSSstatus",
    ]
    private static let byName: [String: CensusItem] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.element, $0) })

    /// The item an element or column name stands for.
    public init?(element: String) {
        guard let item = Self.byName[element] else { return nil }
        self = item
    }
}

/// One worker record as found in a return: each item's text and the line it was on.
public struct CensusWorker: Sendable {
    /// Line the record starts on.
    public var line = 0
    private var values = [String?](repeating: nil, count: CensusItem.allCases.count)
    private var lines = [Int](repeating: 0, count: CensusItem.allCases.count)
    /// Second and later values of repeatable items, in order (usually none).
    private var extra: [(item: CensusItem, value: String)] = []
    /// Items given twice that may appear once, in order found.
    public private(set) var duplicates: [(item: CensusItem, line: Int)] = []
    /// Elements or columns that are not census items, with their line.
    public private(set) var unknown: [(name: String, line: Int)] = []

    public init(line: Int = 0) {
        self.line = line
    }

    /// The first value of `item`, if given.
    public subscript(_ item: CensusItem) -> String? { values[item.rawValue] }
    /// The line `item` was on (the record's line if it was not given).
    public func line(of item: CensusItem) -> Int { values[item.rawValue] == nil ? line : lines[item.rawValue] }
    /// Every value of a repeatable item.
    public func all(_ item: CensusItem) -> [String] {
        guard let first = values[item.rawValue] else { return [] }
        return [first] + extra.filter { $0.item == item }.map(\.value)
    }

    /// Calls `body` with every value of `item`, without building an array.
    public func forEach(_ item: CensusItem, _ body: (String) -> Void) {
        guard let first = values[item.rawValue] else { return }
        body(first)
        for e in extra where e.item == item { body(e.value) }
    }

    /// Records a value; a second value of a non-repeatable item is kept aside as a duplicate.
    public mutating func set(_ item: CensusItem, _ value: String, line: Int) {
        if values[item.rawValue] == nil {
            values[item.rawValue] = value
            lines[item.rawValue] = line
        } else if item.repeatable {
            extra.append((item, value))
        } else {
            duplicates.append((item, line))
        }
    }

    public mutating func addUnknown(_ name: String, line: Int) { unknown.append((name, line)) }

    /// Empties the record for reuse.
    public mutating func reset(line: Int) {
        self = CensusWorker(line: line)
    }
}

/// The header and LA-level items of a return, each with its line (0 when absent).
public struct CensusHeader: Sendable, Equatable {
    public var collection: (String, Int)?
    public var year: (String, Int)?
    public var referenceDate: (String, Int)?
    public var sourceLevel: (String, Int)?
    public var lea: (String, Int)?
    public var softwareCode: String?
    public var numberOfVacancies: (String, Int)?
    public var noAgencyFTE: (String, Int)?
    public var noAgencyHeadcount: (String, Int)?
    /// How many LALevelVacancies sections were found, and the line of the first.
    public var vacancySections = 0
    public var vacancyLine = 0
    /// The file the header and LA-level items were read from.
    public var file = ""

    public init() {}

    public static func == (a: CensusHeader, b: CensusHeader) -> Bool {
        func same(_ x: (String, Int)?, _ y: (String, Int)?) -> Bool { x?.0 == y?.0 && x?.1 == y?.1 }
        return same(a.collection, b.collection) && same(a.year, b.year) && same(a.referenceDate, b.referenceDate)
            && same(a.sourceLevel, b.sourceLevel) && same(a.lea, b.lea) && a.softwareCode == b.softwareCode
            && same(a.numberOfVacancies, b.numberOfVacancies) && same(a.noAgencyFTE, b.noAgencyFTE)
            && same(a.noAgencyHeadcount, b.noAgencyHeadcount) && a.vacancySections == b.vacancySections
    }
}

/// Calendar dates as day numbers, for the census's date rules.
public enum CensusDate {
    /// The day number of a `YYYY-MM-DD` date, or nil if it is not a real date in that form.
    public static func parse(_ text: String) -> Int? {
        components(text).map { day(year: $0.year, month: $0.month, day: $0.day) }
    }

    /// Year, month and day of a `YYYY-MM-DD` date from 1900 on, or nil.
    public static func components(_ text: String) -> (year: Int, month: Int, day: Int)? {
        guard text.utf8.count == 10 else { return nil }
        var copy = text
        return copy.withUTF8 { u -> (year: Int, month: Int, day: Int)? in
            guard u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
            func digits(_ from: Int, _ to: Int) -> Int? {
                var n = 0
                for i in from..<to {
                    guard u[i] >= 48, u[i] <= 57 else { return nil }
                    n = n * 10 + Int(u[i] - 48)
                }
                return n
            }
            guard let y = digits(0, 4), let m = digits(5, 7), let d = digits(8, 10), (1...12).contains(m), d >= 1, y >= 1900 else { return nil }
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
            let lengths = (31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
            let length = withUnsafeBytes(of: lengths) { $0.load(fromByteOffset: (m - 1) * MemoryLayout<Int>.stride, as: Int.self) }
            guard d <= length else { return nil }
            return (y, m, d)
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Whole years from `birth` to `on`.
    public static func age(born text: String, on year: Int, month: Int, day: Int) -> Int? {
        guard let b = components(text) else { return nil }
        return year - b.year - ((month, day) < (b.month, b.day) ? 1 : 0)
    }
}
