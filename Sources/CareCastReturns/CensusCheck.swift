import CareCastFormats
import Foundation

/// One finding about a return: which rule, how serious, where (line, worker), what item, the
/// value found and the message for the person who fixes it.
public struct CensusFinding: Sendable, Equatable, Codable {
    public var rule: String
    public var severity: Severity
    /// The file the finding is in (a CSV return has two).
    public var file: String
    public var line: Int
    /// The worker's SWENo or the home's URN, or empty for the file as a whole.
    public var reference: String
    public var element: String
    public var value: String
    public var message: String

    public init(rule: String, severity: Severity, file: String, line: Int, reference: String, element: String, value: String, message: String) {
        self.rule = rule
        self.severity = severity
        self.file = file
        self.line = line
        self.reference = reference
        self.element = element
        self.value = value
        self.message = message
    }
}

/// What is known of the organisation and round a return is checked against.
public struct CensusContext: Sendable {
    /// The collection year: the reference date is 30 September of it.
    public var year: Int
    /// The three-digit LA codes the organisation may return for (a joint return has one).
    public var leaCodes: Set<String>
    /// The organisation's last accepted return, for the year-on-year queries.
    public var previous: CensusAggregate?
    /// At most this many findings are kept in full; the rest are counted.
    public var findingLimit: Int

    public init(year: Int, leaCodes: Set<String> = [], previous: CensusAggregate? = nil, findingLimit: Int = 10_000) {
        self.year = year
        self.leaCodes = leaCodes
        self.previous = previous
        self.findingLimit = findingLimit
    }
}

/// The result of checking one return.
public struct CensusOutcome: Sendable {
    /// Findings in file order (then rule), up to the context's limit.
    public var findings: [CensusFinding]
    /// Every finding counted by rule, including those beyond the limit.
    public var counts: [String: Int]
    public var errors: Int
    public var queries: Int
    /// Findings not kept because the limit was reached.
    public var omitted: Int
    public var aggregate: CensusAggregate
    /// The totals of a return other than the census (homes, pipeline, evidence).
    public var summary: [String: Double]

    public init(findings: [CensusFinding], counts: [String: Int], errors: Int, queries: Int, omitted: Int, aggregate: CensusAggregate, summary: [String: Double] = [:]) {
        self.summary = summary
        self.findings = findings
        self.counts = counts
        self.errors = errors
        self.queries = queries
        self.omitted = omitted
        self.aggregate = aggregate
    }
}

/// Checks a return as it streams past, one worker at a time, and counts it at the same time,
/// so a file of any length is checked in one pass with memory that does not grow with it
/// (beyond eight bytes per distinct SWE number, to count headcount and duplicates).
public struct CensusCheck: Sendable {
    public let rules: CensusRules
    public let context: CensusContext
    private var findings: [CensusFinding] = []
    private var counts: [String: Int] = [:]
    private var errors = 0
    private var queries = 0
    private var omitted = 0
    private var aggregate: CensusAggregate
    private var header = CensusHeader()
    /// The file being read, named in findings.
    public var currentFile = ""
    private var seen: [UInt64: Int] = [:]
    private var roleTotals = [WorkforceMeasure](repeating: WorkforceMeasure(), count: 7)
    private var ageTotals = [WorkforceMeasure](repeating: WorkforceMeasure(), count: CensusAggregate.ageBands.count)
    private func roleKey(_ slot: Int) -> String { slot == 0 ? "not recorded" : String(slot) }
    private var inPostIDs = Set<UInt64>()
    private var leaverIDs = Set<UInt64>()
    private var starterIDs = Set<UInt64>()
    private var agencyIDs = Set<UInt64>()
    private let referenceDay: Int
    private let yearStartDay: Int
    private let referenceDate: String
    private let yearStart: String

    public init(rules: CensusRules = .standard, context: CensusContext) {
        self.rules = rules
        self.context = context
        aggregate = CensusAggregate(year: context.year, lea: context.leaCodes.sorted().first ?? "")
        referenceDay = CensusDate.day(year: context.year, month: 9, day: 30)
        yearStartDay = CensusDate.day(year: context.year - 1, month: 10, day: 1)
        referenceDate = "\(context.year)-09-30"
        yearStart = "\(context.year - 1)-10-01"
        swePattern = rules.rule("CSWW-012", year: context.year).map { Pattern($0.parameter) }
        // Short lists: a linear search of small strings beats hashing them.
        var lists: [[String]] = Array(repeating: [], count: CensusItem.allCases.count)
        for (item, id) in Self.codeRules { lists[item.rawValue] = rules.rule(id, year: context.year)?.parameter.split(separator: " ").map(String.init) ?? [] }
        codeLists = lists
        var active: [String: CensusRule] = [:]
        for rule in rules.rules where rule.applies(to: context.year) { active[rule.id] = rule }
        self.active = active
        var t = Thresholds()
        t.cases = active["CSWW-101"]?.number
        t.weeks = active["CSWW-105"]?.number
        t.daysLost = active["CSWW-106"]?.number
        t.minFTE = active["CSWW-108"]?.number
        t.startYears = active["CSWW-113"]?.number
        if let bounds = active["CSWW-107"]?.parameter.split(separator: " ").compactMap({ Int($0) }), bounds.count == 2 { t.ages = (bounds[0], bounds[1]) }
        t.noCaseRoles = active["CSWW-109"]?.codes ?? []
        thresholds = t
    }
    private let swePattern: Pattern?
    /// The per-worker rules' parameters in force, read from the registry once.
    private struct Thresholds: Sendable {
        var cases, weeks, daysLost, minFTE, startYears: Double?
        var ages: (Int, Int)?
        var noCaseRoles: Set<String> = []
    }
    private let thresholds: Thresholds
    private let codeLists: [[String]]
    private let active: [String: CensusRule]

    // MARK: Reporting

    /// Records a finding of rule `id` if the rule applies in the collection year.
    /// `parameter` stands in for the rule's own in the message (the codes an organisation may use).
    mutating func report(_ id: String, line: Int, reference: String = "", element: String? = nil, value: String = "", file: String? = nil, parameter: String? = nil) {
        guard let rule = active[id] else { return }
        counts[id, default: 0] += 1
        if rule.severity == .error { errors += 1 } else { queries += 1 }
        guard findings.count < context.findingLimit else { omitted += 1; return }
        var message = rule.message
        for (key, replacement) in [
            ("{value}", value), ("{parameter}", parameter ?? rule.parameter), ("{year}", String(context.year)),
            ("{referenceDate}", referenceDate), ("{yearStart}", yearStart), ("{element}", element ?? rule.element),
        ] where message.contains(key) {
            message = message.replacingOccurrences(of: key, with: replacement)
        }
        findings.append(CensusFinding(rule: id, severity: rule.severity, file: file ?? currentFile, line: line, reference: reference,
                                      element: element ?? rule.element, value: value, message: message))
    }

    func parameter(_ id: String) -> CensusRule? { active[id] }

    /// A file that could not be read through (malformed XML or CSV).
    /// `stopped`: reading could not go on, so the findings that follow from a short file
    /// (no LA-level section, no workers) are not added.
    public mutating func unreadable(line: Int, reason: String, stopped: Bool = true) {
        report("CSWW-000", line: line, value: reason)
        if stopped { self.stopped = true }
    }
    private var stopped = false

    /// A column of a CSV return that is not a census item.
    public mutating func unknownColumn(_ name: String, line: Int) {
        report("CSWW-035", line: line, value: name)
    }

    /// The root element or layout is not that of a CSWW return.
    public mutating func notCensus(line: Int, reason: String) {
        report("CSWW-037", line: line, value: reason)
        stopped = true
    }

    // MARK: Formats

    static func isDecimal(_ s: String, places: Int, max: Double? = nil) -> Bool {
        let u = s.utf8
        guard !u.isEmpty else { return false }
        var seenDot = false
        var digitsBefore = 0
        var digitsAfter = 0
        for c in u {
            if c == UInt8(ascii: ".") {
                if seenDot { return false }
                seenDot = true
            } else if c >= 48, c <= 57 {
                if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
            } else {
                return false
            }
        }
        guard digitsBefore > 0, !seenDot || digitsAfter > 0, digitsAfter <= places else { return false }
        if let max, let v = Double(s), v > max { return false }
        return true
    }

    /// The value of a plain decimal (digits, one optional point, at most `places` decimals, at
    /// most `max`), or nil. Computed as digits ÷ 10^k: both exact in a Double for the census's
    /// sizes, so the one division rounds correctly, exactly as `Double(String)` would.
    static func decimal(_ s: String, places: Int, max: Double? = nil) -> Double? {
        var copy = s
        let parsed: Double? = copy.withUTF8 { u in
            guard !u.isEmpty, u.count <= 18 else { return nil }
            var digits: Int64 = 0
            var seenDot = false
            var before = 0, after = 0
            for c in u {
                if c == UInt8(ascii: ".") {
                    if seenDot { return nil }
                    seenDot = true
                } else if c >= 48, c <= 57 {
                    digits = digits * 10 + Int64(c - 48)
                    if seenDot { after += 1 } else { before += 1 }
                } else {
                    return nil
                }
            }
            guard before > 0, !seenDot || after > 0, after <= places else { return nil }
            var scale = 1.0
            for _ in 0..<after { scale *= 10 }
            return Double(digits) / scale
        }
        guard let parsed else { return nil }
        if let max, parsed > max { return nil }
        return parsed
    }

    static func isWhole(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 9 && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// A pattern of the registry compiled once: runs of a byte class with counts.
    struct Pattern: Sendable {
        var runs: [(allowed: [Bool], low: Int, high: Int)] = []
        var valid = true

        init(_ pattern: String) {
            var p = Array(pattern.utf8)[...]
            if p.first == UInt8(ascii: "^") { p = p.dropFirst() }
            if p.last == UInt8(ascii: "$") { p = p.dropLast() }
            while !p.isEmpty {
                guard p.first == UInt8(ascii: "["), let close = p.firstIndex(of: UInt8(ascii: "]")) else { valid = false; return }
                let spec = Array(p[(p.startIndex + 1)..<close])
                p = p[(close + 1)...]
                var low = 1, high = 1
                if p.first == UInt8(ascii: "{"), let end = p.firstIndex(of: UInt8(ascii: "}")) {
                    let counts = String(decoding: p[(p.startIndex + 1)..<end], as: UTF8.self).split(separator: ",")
                    low = Int(counts.first ?? "") ?? 1
                    high = counts.count > 1 ? (Int(counts[1]) ?? low) : low
                    p = p[(end + 1)...]
                }
                var allowed = [Bool](repeating: false, count: 256)
                var i = 0
                while i < spec.count {
                    if i + 2 < spec.count, spec[i + 1] == UInt8(ascii: "-") {
                        for c in spec[i]...spec[i + 2] { allowed[Int(c)] = true }
                        i += 3
                    } else {
                        allowed[Int(spec[i])] = true
                        i += 1
                    }
                }
                runs.append((allowed, low, high))
            }
        }

        func matches(_ s: String) -> Bool {
            guard valid else { return false }
            var copy = s
            return copy.withUTF8 { text in
                var at = 0
                for run in runs {
                    var n = 0
                    while n < run.high, at < text.count, run.allowed[Int(text[at])] { at += 1; n += 1 }
                    if n < run.low { return false }
                }
                return at == text.count
            }
        }
    }

    static func matches(_ s: String, pattern: String) -> Bool {
        Pattern(pattern).matches(s)
    }

    static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    // MARK: Header

    /// Checks the header and LA-level items once the file has been read (or the LA-level file
    /// of a CSV return).
    public mutating func header(_ h: CensusHeader) {
        header = h
    }

    private mutating func checkHeader() {
        let h = header
        let workersFile = currentFile
        currentFile = h.file.isEmpty ? workersFile : h.file
        defer { currentFile = workersFile }
        if let (v, line) = h.collection, v != parameter("CSWW-001")?.parameter { report("CSWW-001", line: line, value: v) }
        if let (v, line) = h.year, v != String(context.year) { report("CSWW-002", line: line, value: v) }
        if let (v, line) = h.referenceDate, v != referenceDate { report("CSWW-003", line: line, value: v) }
        if let (v, line) = h.sourceLevel, v != parameter("CSWW-004")?.parameter { report("CSWW-004", line: line, value: v) }
        if let (v, line) = h.lea {
            let threeDigits = v.utf8.count == 3 && Self.isWhole(v)
            if !threeDigits || (!context.leaCodes.isEmpty && !context.leaCodes.contains(v)) {
                reportLEA(v, line: line)
            }
        }
        if h.vacancySections != 1 {
            // A file that could not be read through has already said so.
            if !stopped {
                report("CSWW-006", line: h.vacancyLine, value: String(h.vacancySections))
            }
            return
        }
        if let (v, line) = h.numberOfVacancies {
            if Self.isDecimal(v, places: 2) { aggregate.vacancyFTE = Double(v)! } else { report("CSWW-007", line: line, value: v) }
        } else { report("CSWW-007", line: h.vacancyLine, value: "nothing") }
        if let (v, line) = h.noAgencyFTE {
            if Self.isDecimal(v, places: 2) { aggregate.agency.fte = Double(v)! } else { report("CSWW-008", line: line, value: v) }
        } else { report("CSWW-008", line: h.vacancyLine, value: "nothing") }
        if let (v, line) = h.noAgencyHeadcount {
            if Self.isWhole(v) { aggregate.agency.headcount = Int(v)! } else { report("CSWW-009", line: line, value: v) }
        } else { report("CSWW-009", line: h.vacancyLine, value: "nothing") }
    }

    /// CSWW-005, whose message names the codes the organisation may use.
    private mutating func reportLEA(_ v: String, line: Int) {
        let expected = context.leaCodes.isEmpty ? "three digits" : context.leaCodes.sorted().joined(separator: " or ")
        report("CSWW-005", line: line, value: v, parameter: expected)
    }

    // MARK: Workers

    private static let codeRules: [(CensusItem, String)] = [
        (.genderCurrent, "CSWW-016"), (.ethnicity, "CSWW-017"), (.qualLevel, "CSWW-019"), (.stepUpGrad, "CSWW-020"),
        (.frontlineGrad, "CSWW-021"), (.orgRole, "CSWW-022"), (.startOrigin, "CSWW-025"), (.leaverDestination, "CSWW-026"),
        (.reasonLeave, "CSWW-027"), (.absat30Sept, "CSWW-032"), (.reasonAbsence, "CSWW-033"), (.cfkssStatus, "CSWW-034"),
    ]

    /// Checks and counts one worker.
    public mutating func worker(_ w: CensusWorker) {
        aggregate.workerRecords += 1
        let reference = w[.sweNo] ?? ""
        func flag(_ id: String, _ item: CensusItem, _ value: String) {
            report(id, line: w.line(of: item), reference: reference, element: item.element, value: value)
        }
        for (name, line) in w.unknown { report("CSWW-035", line: line, reference: reference, value: name) }
        for (item, line) in w.duplicates { report("CSWW-036", line: line, reference: reference, element: item.element, value: item.element) }

        // Formats.
        let agencyText = w[.agencyWorker]
        if agencyText != "0" && agencyText != "1" { flag("CSWW-011", .agencyWorker, agencyText ?? "nothing") }
        let isAgency = agencyText == "1"
        if let swe = w[.sweNo], let pattern = swePattern, pattern.matches(swe) {
            let key = Self.hash(swe)
            if let first = seen[key] { flag("CSWW-112", .sweNo, String(first)) } else { seen[key] = w.line }
        } else {
            flag("CSWW-012", .sweNo, w[.sweNo] ?? "nothing")
        }
        let fte = w[.fte].flatMap { Self.decimal($0, places: 6, max: 1) }
        if let v = w[.fte], fte == nil { flag("CSWW-014", .fte, v) }
        let fte30 = w[.fte30].flatMap { Self.decimal($0, places: 6, max: 1) }
        if let v = w[.fte30], fte30 == nil { flag("CSWW-028", .fte30, v) }
        var birth: Int?
        if let v = w[.personBirthDate] {
            birth = CensusDate.parse(v)
            if birth == nil || birth! > referenceDay { flag("CSWW-015", .personBirthDate, v); birth = nil }
        }
        var hasInstitution = false
        w.forEach(.qualInst) { if !$0.isEmpty { hasInstitution = true } }
        if !hasInstitution {
            report("CSWW-018", line: w.line(of: .qualInst), reference: reference, value: "")
        }
        for (item, id) in Self.codeRules {
            let allowed = codeLists[item.rawValue]
            w.forEach(item) { v in if !allowed.contains(v) { flag(id, item, v) } }
        }
        var start: Int?
        if let v = w[.roleStartDate] {
            start = CensusDate.parse(v)
            if start == nil || start! > referenceDay { flag("CSWW-023", .roleStartDate, v); start = nil }
        }
        var end: Int?
        var endValid = true
        if let v = w[.roleEndDate] {
            end = CensusDate.parse(v)
            if end == nil || end! > referenceDay || end! < yearStartDay { flag("CSWW-024", .roleEndDate, v); endValid = false }
        }
        let cases = w[.cases30].flatMap { Self.isWhole($0) ? Int($0) : nil }
        if let v = w[.cases30], cases == nil { flag("CSWW-029", .cases30, v) }
        let daysLost = w[.workingDaysLost].flatMap { Self.decimal($0, places: 2) }
        if let v = w[.workingDaysLost], daysLost == nil { flag("CSWW-030", .workingDaysLost, v) }
        let weeks = w[.contractWeeks].flatMap { Self.decimal($0, places: 1) }
        if let v = w[.contractWeeks], weeks == nil { flag("CSWW-031", .contractWeeks, v) }

        // The census's logic.
        let isLeaver = w[.roleEndDate] != nil
        let isStarter = start.map { $0 >= yearStartDay && $0 <= referenceDay } ?? false
        if let s = start, let e = end, e < s { flag("CSWW-046", .roleEndDate, w[.roleEndDate]!) }
        if w[.startOrigin] != nil, !isStarter, start != nil || w[.roleStartDate] == nil { flag("CSWW-040", .startOrigin, w[.startOrigin]!) }
        if isStarter, w[.startOrigin] == nil { flag("CSWW-041", .startOrigin, w[.roleStartDate]!) }
        if isLeaver, endValid {
            if let v = w[.fte], let f = fte, f != 0 { flag("CSWW-042", .fte, v) }
            if w[.reasonLeave] == nil { flag("CSWW-043", .reasonLeave, "") }
            if w[.leaverDestination] == nil { flag("CSWW-044", .leaverDestination, "") }
            if let c = cases, c > 0 { flag("CSWW-102", .cases30, String(c)) }
        }
        if !isLeaver {
            if w[.reasonLeave] != nil { flag("CSWW-045", .reasonLeave, "ReasonLeave") }
            if w[.leaverDestination] != nil { flag("CSWW-045", .leaverDestination, "LeaverDestination") }
        }
        if !isLeaver, !isAgency, agencyText == "0" {
            let required: [CensusItem] = [.personBirthDate, .genderCurrent, .ethnicity, .qualLevel, .orgRole, .roleStartDate, .fte]
            for item in required where w[item] == nil { flag("CSWW-047", item, "") }
            if let v = w[.fte], let f = fte, f == 0 { flag("CSWW-048", .fte, v) }
        }

        // Plausibility.
        let t = thresholds
        if let c = cases, let limit = t.cases, Double(c) > limit { flag("CSWW-101", .cases30, String(c)) }
        if let wk = weeks, let limit = t.weeks, wk > limit { flag("CSWW-105", .contractWeeks, w[.contractWeeks]!) }
        if let d = daysLost, let limit = t.daysLost, d > limit { flag("CSWW-106", .workingDaysLost, w[.workingDaysLost]!) }
        var age: Int?
        if birth != nil, let v = w[.personBirthDate] {
            age = CensusDate.age(born: v, on: context.year, month: 9, day: 30)
            if let a = age, let bounds = t.ages, a < bounds.0 || a > bounds.1 { flag("CSWW-107", .personBirthDate, String(a)) }
        }
        if !isLeaver, let f = fte, f > 0, let limit = t.minFTE, f < limit { flag("CSWW-108", .fte, w[.fte]!) }
        if let c = cases, c > 0, let role = w[.orgRole], t.noCaseRoles.contains(role) { flag("CSWW-109", .orgRole, role) }
        if let s = start, let years = t.startYears, Double(referenceDay - s) > years * 365.25 { flag("CSWW-113", .roleStartDate, w[.roleStartDate]!) }
        if !isLeaver, let f = fte, let f30 = fte30, abs(f - f30) > 1e-9 { flag("CSWW-116", .fte30, w[.fte30]!) }
        if !isLeaver, !isAgency, w[.orgRole] == "5", (cases ?? 0) == 0 { flag("CSWW-117", .cases30, w[.cases30] ?? "nothing") }

        // Counting.
        let key = Self.hash(reference)
        if isAgency {
            if !isLeaver, let f = fte { aggregate.agencyListedFTE += f }
            agencyIDs.insert(key)
            return
        }
        if isLeaver {
            if endValid {
                aggregate.leavers.fte += fte30 ?? 0
                if leaverIDs.insert(key).inserted { aggregate.leavers.headcount += 1 }
                aggregate.leaversByDestination[w[.leaverDestination] ?? "not recorded", default: 0] += 1
                aggregate.leaversByReason[w[.reasonLeave] ?? "not recorded", default: 0] += 1
            }
        } else {
            let f = fte ?? 0
            let isNew = inPostIDs.insert(key).inserted
            aggregate.inPost.fte += f
            if isNew { aggregate.inPost.headcount += 1 }
            // Roles 1…6 and "not recorded" (or a code the format rules have already flagged) in slot 0.
            let roleSlot = w[.orgRole].flatMap { Int($0) }.flatMap { (1...6).contains($0) ? $0 : nil } ?? 0
            roleTotals[roleSlot].fte += f
            if isNew { roleTotals[roleSlot].headcount += 1 }
            let band = CensusAggregate.ageBandIndex(age)
            ageTotals[band].fte += f
            if isNew { ageTotals[band].headcount += 1 }
            if let c = cases, c > 0 {
                aggregate.cases += c
                aggregate.caseHoldersFTE += f
            }
            aggregate.workingDaysLost += daysLost ?? 0
        }
        if isStarter {
            aggregate.starters.fte += fte ?? 0
            if starterIDs.insert(key).inserted { aggregate.starters.headcount += 1 }
            aggregate.startersByOrigin[w[.startOrigin] ?? "not recorded", default: 0] += 1
        }
    }

    // MARK: The file as a whole

    /// Finishes the check: header, file-level and year-on-year rules, and the counts.
    public mutating func finish() -> CensusOutcome {
        for (i, m) in roleTotals.enumerated() where m.headcount > 0 || m.fte > 0 {
            let code = roleKey(i)
            // A role code outside 1…6 has been flagged by CSWW-022; it is counted as not recorded.
            aggregate.byRole[code, default: .init()].fte += m.fte
            aggregate.byRole[code, default: .init()].headcount += m.headcount
        }
        for (i, m) in ageTotals.enumerated() where m.headcount > 0 || m.fte > 0 {
            aggregate.byAge[CensusAggregate.ageBands[i], default: .init()].fte += m.fte
            aggregate.byAge[CensusAggregate.ageBands[i], default: .init()].headcount += m.headcount
        }
        roleTotals = [WorkforceMeasure](repeating: WorkforceMeasure(), count: 7)
        ageTotals = [WorkforceMeasure](repeating: WorkforceMeasure(), count: CensusAggregate.ageBands.count)
        checkHeader()
        if aggregate.workerRecords == 0, !stopped {
            report("CSWW-010", line: header.vacancyLine)
        }
        let a = aggregate
        let fileLine = header.vacancyLine
        let workersFile = currentFile
        if !header.file.isEmpty { currentFile = header.file }
        defer { currentFile = workersFile }
        if a.agency.fte > 0 || a.agencyListedFTE > 0, let rule = parameter("CSWW-110"), a.agencyListedFTE > 0 {
            let diff = 100 * abs(a.agency.fte - a.agencyListedFTE) / max(a.agency.fte, a.agencyListedFTE)
            if diff > rule.number { report("CSWW-110", line: fileLine, value: Self.format(a.agency.fte, 2)) }
        }
        if let rate = a.vacancyRate, let rule = parameter("CSWW-111"), rate > rule.number {
            report("CSWW-111", line: fileLine, value: Self.format(rate, 1))
        }
        if a.inPost.headcount > 0, let rule = parameter("CSWW-114") {
            let share = 100 * Double(a.leavers.headcount) / Double(a.inPost.headcount)
            if share > rule.number { report("CSWW-114", line: fileLine, value: Self.format(share, 1)) }
        }
        if a.leavers.headcount > 0, let rule = parameter("CSWW-118") {
            let unknown = a.leaversByDestination["8", default: 0] + a.leaversByDestination["9", default: 0]
            let share = 100 * Double(unknown) / Double(a.leavers.headcount)
            if share > rule.number { report("CSWW-118", line: fileLine, value: Self.format(share, 1)) }
        }
        if let caseload = a.caseload, let rule = parameter("CSWW-119"), caseload > rule.number {
            report("CSWW-119", line: fileLine, value: Self.format(caseload, 1))
        }
        if let previous = context.previous, previous.inPost.fte > 0, a.workerRecords > 0 {
            let change = 100 * (a.inPost.fte - previous.inPost.fte) / previous.inPost.fte
            if let rule = parameter("CSWW-103"), change <= -rule.number { report("CSWW-103", line: fileLine, value: Self.format(-change, 1)) }
            if let rule = parameter("CSWW-104"), change >= rule.number { report("CSWW-104", line: fileLine, value: Self.format(change, 1)) }
            if previous.inPost.headcount > 0, let rule = parameter("CSWW-115") {
                let h = 100 * Double(a.inPost.headcount - previous.inPost.headcount) / Double(previous.inPost.headcount)
                if abs(h) >= rule.number { report("CSWW-115", line: fileLine, value: Self.format(h, 1)) }
            }
        }
        return finish(summary: [:])
    }

    /// Packs the findings, in file order, with the return's totals (census returns have none).
    mutating func finish(summary: [String: Double]) -> CensusOutcome {
        // File order: by file (a CSV return has two), line, then the order found.
        let ordered = findings.enumerated().sorted { x, y in
            (x.element.file, x.element.line, x.offset) < (y.element.file, y.element.line, y.offset)
        }.map(\.element)
        return CensusOutcome(findings: ordered, counts: counts, errors: errors, queries: queries, omitted: omitted, aggregate: aggregate, summary: summary)
    }

    public static func format(_ value: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if places == 0, text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
