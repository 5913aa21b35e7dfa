import CareCastModel

extension ModelInput {
    /// Reads a MODEL.md v1 input from a parsed document, listing every problem: structural ones
    /// (unknown or missing keys, wrong types, non-whole years) and then every breach of the
    /// model's contract (``ModelInput/validate()``).
    public static func decode(_ document: JSONValue) throws(InvalidInput) -> ModelInput {
        var decoder = ModelInputDecoder()
        let input = decoder.decodeInput(document)
        var issues = decoder.issues
        if let input {
            let structural = decoder.issues.map(\.path)
            let timeIsBroken = structural.contains { $0.text == "baseYear" || $0.text == "horizon" }
            for issue in input.validate() {
                // A field already reported as malformed holds a placeholder: say nothing more of it.
                if structural.contains(where: { $0.contains(issue.path) }) { continue }
                if timeIsBroken, issue.path.text == "population" { continue }
                issues.append(issue)
            }
        }
        guard let input, issues.isEmpty else { throw InvalidInput(issues: issues) }
        return input
    }
}

/// Turns a JSON document into a ``ModelInput``, noting every structural problem and putting a
/// placeholder where a value is unusable, so that the rest of the file is still checked.
struct ModelInputDecoder {
    private(set) var issues: [InputIssue] = []

    private mutating func report(_ path: FieldPath, _ message: String) {
        issues.append(InputIssue(path, message))
    }

    /// An object's members, with a record of which keys were read, so that the rest can be
    /// reported as unknown.
    struct Members {
        let path: FieldPath
        let members: [(key: String, value: JSONValue)]

        func value(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }
    }

    private mutating func object(_ value: JSONValue, _ path: FieldPath, allowed: [String], required: [String]) -> Members? {
        guard case .object(let members) = value else {
            report(path, "expected an object, got \(value.brief)")
            return nil
        }
        for member in members where !allowed.contains(member.key) {
            report(path.key(member.key), "unknown key \(describeValue(member.key)); allowed here: \(allowed.joined(separator: ", "))")
        }
        for key in required where !members.contains(where: { $0.key == key }) {
            report(path.key(key), "missing required key")
        }
        return Members(path: path, members: members)
    }

    // MARK: Scalars

    private mutating func string(_ value: JSONValue?, _ path: FieldPath) -> String {
        guard let value else { return "" }
        guard case .string(let s) = value else {
            report(path, "expected a string, got \(value.brief)")
            return ""
        }
        return s
    }

    private mutating func number(_ value: JSONValue?, _ path: FieldPath, default fallback: Double? = nil) -> Double {
        guard let value else { return fallback ?? .nan }
        guard case .number(let n) = value else {
            report(path, "expected a number, got \(value.brief)")
            return .nan
        }
        return n
    }

    private mutating func whole(_ value: JSONValue?, _ path: FieldPath, default fallback: Int? = nil) -> Int {
        guard let value else { return fallback ?? 0 }
        guard case .number(let n) = value else {
            report(path, "expected a whole number, got \(value.brief)")
            return fallback ?? 0
        }
        guard n == n.rounded(), let i = Int(exactly: n), abs(i) < 1_000_000_000 else {
            report(path, "expected a whole number, got \(describeValue(n))")
            return fallback ?? 0
        }
        return i
    }

    private mutating func array(_ value: JSONValue?, _ path: FieldPath) -> [JSONValue] {
        guard let value else { return [] }
        guard case .array(let elements) = value else {
            report(path, "expected an array, got \(value.brief)")
            return []
        }
        return elements
    }

    private mutating func shares<Key>(_ value: JSONValue?, _ path: FieldPath, key: (String) -> Key) -> [ModelInput.Share<Key>] {
        guard let value else { return [] }
        guard case .object(let members) = value else {
            report(path, "expected an object of shares such as {\"a\": 0.4, \"b\": 0.6}, got \(value.brief)")
            return []
        }
        return members.map { member in
            ModelInput.Share(key(member.key), number(member.value, path.key(member.key)))
        }
    }

    private mutating func path(_ value: JSONValue?, _ path: FieldPath) -> [ModelInput.PathPoint] {
        array(value, path).enumerated().map { i, element in
            let p = path.index(i)
            let m = object(element, p, allowed: ["year", "factor"], required: ["year", "factor"])
            return ModelInput.PathPoint(year: whole(m?.value("year"), p.key("year")), factor: number(m?.value("factor"), p.key("factor")))
        }
    }

    // MARK: The document

    static let topLevelKeys = [
        "specVersion", "baseYear", "horizon", "areas", "roles", "ageBands", "stock", "vacancies",
        "leaverRates", "areaLeaverMultipliers", "leaverMultiplierPath", "progression", "pipelines",
        "joiners", "population", "activities", "policies", "demand",
    ]
    static let requiredTopLevelKeys = [
        "specVersion", "baseYear", "areas", "roles", "ageBands", "stock", "leaverRates",
        "population", "activities", "demand",
    ]

    mutating func decodeInput(_ document: JSONValue) -> ModelInput? {
        let root = FieldPath.root
        // Version 2's keys are known only in an input that says `"specVersion": 2`: in any other
        // they are unknown keys, as v1 has it.
        let version2 = document["specVersion"].flatMap { if case .number(let n) = $0 { n == 2 } else { nil } } ?? false
        guard let top = object(document, root, allowed: Self.topLevelKeys + (version2 ? ["agency", "reversion", "earlyCareer"] : []), required: Self.requiredTopLevelKeys) else {
            return nil
        }
        let specVersion = whole(top.value("specVersion"), root.key("specVersion"), default: ModelInput.supportedSpecVersion)
        let baseYear = whole(top.value("baseYear"), root.key("baseYear"))
        let horizon = whole(top.value("horizon"), root.key("horizon"), default: 20)

        let areasPath = root.key("areas")
        let areas = array(top.value("areas"), areasPath).enumerated().map { i, element in
            let p = areasPath.index(i)
            let m = object(element, p, allowed: ["code", "name", "parent", "level"], required: ["code", "name", "parent", "level"])
            var parent: AreaCode?
            if let value = m?.value("parent"), value != .null {
                parent = AreaCode(string(value, p.key("parent")))
            }
            return ModelInput.Area(
                code: AreaCode(string(m?.value("code"), p.key("code"))), name: string(m?.value("name"), p.key("name")),
                parent: parent, level: string(m?.value("level"), p.key("level")))
        }

        let rolesPath = root.key("roles")
        let roles = array(top.value("roles"), rolesPath).enumerated().map { i, element in
            let p = rolesPath.index(i)
            let m = object(element, p, allowed: ["id", "name", "fteRatio", "demand"], required: ["id", "name", "demand"])
            return ModelInput.Role(
                id: RoleID(string(m?.value("id"), p.key("id"))), name: string(m?.value("name"), p.key("name")),
                fteRatio: number(m?.value("fteRatio"), p.key("fteRatio"), default: 1),
                demand: roleDemand(m?.value("demand"), p.key("demand")))
        }

        let bandsPath = root.key("ageBands")
        let ageBands = array(top.value("ageBands"), bandsPath).enumerated().map { i, element in
            let p = bandsPath.index(i)
            let m = object(element, p, allowed: ["id", "width"], required: ["id"])
            let width = m?.value("width").map { whole($0, p.key("width"), default: 1) }
            return ModelInput.AgeBand(id: AgeBandID(string(m?.value("id"), p.key("id"))), width: width)
        }

        let stockPath = root.key("stock")
        let stock = array(top.value("stock"), stockPath).enumerated().map { i, element in
            let p = stockPath.index(i)
            let m = object(element, p, allowed: ["area", "role", "ageBand", "fte"], required: ["area", "role", "ageBand", "fte"])
            return ModelInput.StockRow(
                area: AreaCode(string(m?.value("area"), p.key("area"))), role: RoleID(string(m?.value("role"), p.key("role"))),
                ageBand: AgeBandID(string(m?.value("ageBand"), p.key("ageBand"))), fte: number(m?.value("fte"), p.key("fte")))
        }

        let vacanciesPath = root.key("vacancies")
        let vacancies = array(top.value("vacancies"), vacanciesPath).enumerated().map { i, element in
            let p = vacanciesPath.index(i)
            let m = object(element, p, allowed: ["area", "role", "fte"], required: ["area", "role", "fte"])
            return ModelInput.VacancyRow(
                area: AreaCode(string(m?.value("area"), p.key("area"))), role: RoleID(string(m?.value("role"), p.key("role"))),
                fte: number(m?.value("fte"), p.key("fte")))
        }

        let ratesPath = root.key("leaverRates")
        let leaverRates = array(top.value("leaverRates"), ratesPath).enumerated().map { i, element in
            let p = ratesPath.index(i)
            let m = object(element, p, allowed: ["role", "ageBand", "rate"], required: ["role", "ageBand", "rate"])
            return ModelInput.LeaverRate(
                role: RoleID(string(m?.value("role"), p.key("role"))), ageBand: AgeBandID(string(m?.value("ageBand"), p.key("ageBand"))),
                rate: number(m?.value("rate"), p.key("rate")))
        }

        let multipliersPath = root.key("areaLeaverMultipliers")
        let multipliers = areaMultipliers(top.value("areaLeaverMultipliers"), multipliersPath)

        let leaverPath = path(top.value("leaverMultiplierPath"), root.key("leaverMultiplierPath"))

        let progressionPath = root.key("progression")
        let progression = array(top.value("progression"), progressionPath).enumerated().map { i, element in
            let p = progressionPath.index(i)
            let m = object(element, p, allowed: ["from", "to", "rate"] + (version2 ? ["response"] : []), required: ["from", "to", "rate"])
            return ModelInput.Progression(
                from: RoleID(string(m?.value("from"), p.key("from"))), to: RoleID(string(m?.value("to"), p.key("to"))),
                rate: number(m?.value("rate"), p.key("rate")),
                response: m?.value("response").flatMap { progressionResponse($0, p.key("response")) })
        }

        let pipelinesPath = root.key("pipelines")
        let pipelines = array(top.value("pipelines"), pipelinesPath).enumerated().map { i, element in
            let p = pipelinesPath.index(i)
            let m = object(
                element, p,
                allowed: ["id", "role", "duration", "completion", "entry", "intake", "ageDistribution", "areaShare"] + (version2 ? ["areaShareTarget"] : []),
                required: ["id", "role", "duration", "completion", "entry", "intake", "ageDistribution"])
            let intakePath = p.key("intake")
            let intake = array(m?.value("intake"), intakePath).enumerated().map { j, point in
                let q = intakePath.index(j)
                let n = object(point, q, allowed: ["year", "value"], required: ["year", "value"])
                return ModelInput.IntakePoint(year: whole(n?.value("year"), q.key("year")), value: number(n?.value("value"), q.key("value")))
            }
            // A missing intake is reported once, as missing, not also as empty.
            let intakeOrPlaceholder = m?.value("intake") == nil ? [ModelInput.IntakePoint(year: 0, value: 0)] : intake
            return ModelInput.Pipeline(
                id: PipelineID(string(m?.value("id"), p.key("id"))), role: RoleID(string(m?.value("role"), p.key("role"))),
                duration: whole(m?.value("duration"), p.key("duration")),
                completion: number(m?.value("completion"), p.key("completion")), entry: number(m?.value("entry"), p.key("entry")),
                intake: intakeOrPlaceholder,
                ageDistribution: shares(m?.value("ageDistribution"), p.key("ageDistribution"), key: { AgeBandID($0) }),
                areaShare: m?.value("areaShare").map { shares($0, p.key("areaShare"), key: { AreaCode($0) }) },
                areaShareTarget: m?.value("areaShareTarget").map { shares($0, p.key("areaShareTarget"), key: { AreaCode($0) }) })
        }

        let joinersPath = root.key("joiners")
        let joiners = array(top.value("joiners"), joinersPath).enumerated().map { i, element in
            let p = joinersPath.index(i)
            let m = object(
                element, p, allowed: ["source", "role", "base", "growth", "ageDistribution", "areaShare"] + (version2 ? ["areaShareTarget"] : []),
                required: ["source", "role", "base", "ageDistribution"])
            return ModelInput.Joiners(
                source: string(m?.value("source"), p.key("source")), role: RoleID(string(m?.value("role"), p.key("role"))),
                base: number(m?.value("base"), p.key("base")), growth: number(m?.value("growth"), p.key("growth"), default: 0),
                ageDistribution: shares(m?.value("ageDistribution"), p.key("ageDistribution"), key: { AgeBandID($0) }),
                areaShare: m?.value("areaShare").map { shares($0, p.key("areaShare"), key: { AreaCode($0) }) },
                areaShareTarget: m?.value("areaShareTarget").map { shares($0, p.key("areaShareTarget"), key: { AreaCode($0) }) })
        }

        let populationPath = root.key("population")
        let population = array(top.value("population"), populationPath).enumerated().map { i, element in
            let p = populationPath.index(i)
            let m = object(element, p, allowed: ["area", "ageGroup", "year", "persons"], required: ["area", "ageGroup", "year", "persons"])
            return ModelInput.PopulationRow(
                area: AreaCode(string(m?.value("area"), p.key("area"))), ageGroup: AgeGroup(string(m?.value("ageGroup"), p.key("ageGroup"))),
                year: whole(m?.value("year"), p.key("year")), persons: number(m?.value("persons"), p.key("persons")))
        }

        let activitiesPath = root.key("activities")
        let activities = array(top.value("activities"), activitiesPath).enumerated().map { i, element in
            let p = activitiesPath.index(i)
            let m = object(element, p, allowed: ["id", "weight", "trend", "ageMix", "baseCounts"], required: ["id", "ageMix", "baseCounts"])
            let countsPath = p.key("baseCounts")
            let counts = array(m?.value("baseCounts"), countsPath).enumerated().map { j, row in
                let q = countsPath.index(j)
                let n = object(row, q, allowed: ["area", "count"], required: ["area", "count"])
                return ModelInput.BaseCount(area: AreaCode(string(n?.value("area"), q.key("area"))), count: number(n?.value("count"), q.key("count")))
            }
            return ModelInput.Activity(
                id: ActivityID(string(m?.value("id"), p.key("id"))), weight: number(m?.value("weight"), p.key("weight"), default: 1),
                trend: number(m?.value("trend"), p.key("trend"), default: 0),
                ageMix: shares(m?.value("ageMix"), p.key("ageMix"), key: { AgeGroup($0) }), baseCounts: counts)
        }

        let policiesPath = root.key("policies")
        let policies = array(top.value("policies"), policiesPath).enumerated().map { i, element in
            let p = policiesPath.index(i)
            let m = object(element, p, allowed: ["activity", "path"], required: ["activity", "path"])
            return ModelInput.Policy(activity: ActivityID(string(m?.value("activity"), p.key("activity"))), path: path(m?.value("path"), p.key("path")))
        }

        let demand = demandSettings(top.value("demand"), root.key("demand"), version2: version2)

        return ModelInput(
            specVersion: specVersion, baseYear: baseYear, horizon: horizon, areas: areas, roles: roles,
            ageBands: ageBands, stock: stock, vacancies: vacancies, leaverRates: leaverRates,
            areaLeaverMultipliers: multipliers, leaverMultiplierPath: leaverPath, progression: progression,
            pipelines: pipelines, joiners: joiners, population: population, activities: activities,
            policies: policies, demand: demand,
            agency: top.value("agency").flatMap { agency($0, root.key("agency")) },
            reversion: top.value("reversion").flatMap { reversion($0, root.key("reversion")) },
            earlyCareer: top.value("earlyCareer").flatMap { earlyCareer($0, root.key("earlyCareer")) })
    }

    private mutating func progressionResponse(_ value: JSONValue, _ path: FieldPath) -> ModelInput.ProgressionResponse? {
        guard let m = object(value, path, allowed: ["strength", "targetRatio", "areaTargetRatios", "maxRate"], required: ["strength", "targetRatio", "maxRate"]) else { return nil }
        let ratiosPath = path.key("areaTargetRatios")
        let ratios = (m.value("areaTargetRatios").map { array($0, ratiosPath) } ?? []).enumerated().map { i, element in
            let p = ratiosPath.index(i)
            let n = object(element, p, allowed: ["area", "ratio"], required: ["area", "ratio"])
            return ModelInput.AreaRatio(area: AreaCode(string(n?.value("area"), p.key("area"))), ratio: number(n?.value("ratio"), p.key("ratio")))
        }
        return ModelInput.ProgressionResponse(
            strength: number(m.value("strength"), path.key("strength")), targetRatio: number(m.value("targetRatio"), path.key("targetRatio")),
            areaTargetRatios: ratios, maxRate: number(m.value("maxRate"), path.key("maxRate")))
    }

    private mutating func earlyCareer(_ value: JSONValue, _ path: FieldPath) -> ModelInput.EarlyCareer? {
        guard let m = object(value, path, allowed: ["years", "pipelines", "stock"], required: ["years", "pipelines"]) else { return nil }
        let pipelinesPath = path.key("pipelines")
        let pipelines = array(m.value("pipelines"), pipelinesPath).enumerated().map { i, element in
            PipelineID(string(element, pipelinesPath.index(i)))
        }
        let stockPath = path.key("stock")
        let stock = (m.value("stock").map { array($0, stockPath) } ?? []).enumerated().map { i, element in
            let p = stockPath.index(i)
            let n = object(element, p, allowed: ["area", "role", "ageBand", "yearsSinceEntry", "fte"], required: ["area", "role", "ageBand", "yearsSinceEntry", "fte"])
            return ModelInput.EarlyCareerStockRow(
                area: AreaCode(string(n?.value("area"), p.key("area"))), role: RoleID(string(n?.value("role"), p.key("role"))),
                ageBand: AgeBandID(string(n?.value("ageBand"), p.key("ageBand"))),
                yearsSinceEntry: whole(n?.value("yearsSinceEntry"), p.key("yearsSinceEntry")), fte: number(n?.value("fte"), p.key("fte")))
        }
        return ModelInput.EarlyCareer(years: whole(m.value("years"), path.key("years")), pipelines: pipelines, stock: stock)
    }

    private mutating func areaMultipliers(_ value: JSONValue?, _ path: FieldPath) -> [ModelInput.AreaMultiplier] {
        array(value, path).enumerated().map { i, element in
            let p = path.index(i)
            let m = object(element, p, allowed: ["area", "multiplier"], required: ["area", "multiplier"])
            return ModelInput.AreaMultiplier(area: AreaCode(string(m?.value("area"), p.key("area"))), multiplier: number(m?.value("multiplier"), p.key("multiplier")))
        }
    }

    private mutating func agency(_ value: JSONValue, _ path: FieldPath) -> ModelInput.Agency? {
        guard let m = object(
            value, path,
            allowed: ["stock", "moveShare", "areaMoveShareMultipliers", "moveSharePath", "outflowRate", "conversionShare", "outflowPath", "ageDistribution", "entrants"],
            required: ["stock", "moveShare", "outflowRate", "conversionShare", "ageDistribution"]) else { return nil }
        let stockPath = path.key("stock")
        let stock = (m.value("stock").map { array($0, stockPath) } ?? []).enumerated().map { i, element in
            let p = stockPath.index(i)
            let n = object(element, p, allowed: ["area", "role", "fte"], required: ["area", "role", "fte"])
            return ModelInput.AgencyStockRow(
                area: AreaCode(string(n?.value("area"), p.key("area"))), role: RoleID(string(n?.value("role"), p.key("role"))),
                fte: number(n?.value("fte"), p.key("fte")))
        }
        let entrantsPath = path.key("entrants")
        let entrants = array(m.value("entrants"), entrantsPath).enumerated().map { i, element in
            let p = entrantsPath.index(i)
            let n = object(element, p, allowed: ["source", "role", "base", "growth", "areaShare"], required: ["source", "role", "base"])
            return ModelInput.AgencyEntrants(
                source: string(n?.value("source"), p.key("source")), role: RoleID(string(n?.value("role"), p.key("role"))),
                base: number(n?.value("base"), p.key("base")), growth: number(n?.value("growth"), p.key("growth"), default: 0),
                areaShare: n?.value("areaShare").map { shares($0, p.key("areaShare"), key: { AreaCode($0) }) })
        }
        return ModelInput.Agency(
            stock: stock, moveShare: number(m.value("moveShare"), path.key("moveShare")),
            areaMoveShareMultipliers: areaMultipliers(m.value("areaMoveShareMultipliers"), path.key("areaMoveShareMultipliers")),
            moveSharePath: self.path(m.value("moveSharePath"), path.key("moveSharePath")),
            outflowRate: number(m.value("outflowRate"), path.key("outflowRate")),
            conversionShare: number(m.value("conversionShare"), path.key("conversionShare")),
            outflowPath: self.path(m.value("outflowPath"), path.key("outflowPath")),
            ageDistribution: shares(m.value("ageDistribution"), path.key("ageDistribution"), key: { AgeBandID($0) }),
            entrants: entrants)
    }

    private mutating func reversion(_ value: JSONValue, _ path: FieldPath) -> ModelInput.Reversion? {
        guard let m = object(value, path, allowed: ["halfLife", "leaverMultiplierTargets"], required: ["halfLife"]) else { return nil }
        return ModelInput.Reversion(
            halfLife: number(m.value("halfLife"), path.key("halfLife")),
            leaverMultiplierTargets: areaMultipliers(m.value("leaverMultiplierTargets"), path.key("leaverMultiplierTargets")))
    }

    private mutating func roleDemand(_ value: JSONValue?, _ path: FieldPath) -> ModelInput.RoleDemand {
        guard let value else { return .caseload }
        guard case .object = value else {
            report(path, "expected an object such as {\"kind\": \"caseload\"}, got \(value.brief)")
            return .caseload
        }
        let kind = value["kind"]
        switch kind {
        case .string("caseload"):
            _ = object(value, path, allowed: ["kind"], required: ["kind"])
            return .caseload
        case .string("ratio"):
            let m = object(value, path, allowed: ["kind", "of"], required: ["kind", "of"])
            return .ratio(of: RoleID(string(m?.value("of"), path.key("of"))))
        case .string("perActivity"):
            let m = object(value, path, allowed: ["kind", "activity", "staffPerUnit"], required: ["kind", "activity", "staffPerUnit"])
            return .perActivity(
                activity: ActivityID(string(m?.value("activity"), path.key("activity"))),
                staffPerUnit: number(m?.value("staffPerUnit"), path.key("staffPerUnit")))
        case nil:
            _ = object(value, path, allowed: ["kind", "of", "activity", "staffPerUnit"], required: [])
            report(path.key("kind"), "missing required key: one of \"caseload\", \"ratio\", \"perActivity\"")
            return .caseload
        case let other?:
            _ = object(value, path, allowed: ["kind", "of", "activity", "staffPerUnit"], required: [])
            report(path.key("kind"), "unknown demand kind \(other.brief): expected \"caseload\", \"ratio\" or \"perActivity\"")
            return .caseload
        }
    }

    private mutating func demandSettings(_ value: JSONValue?, _ path: FieldPath, version2: Bool) -> ModelInput.DemandSettings {
        let fallback = ModelInput.DemandSettings(caseloadStandard: .calibrated)
        guard let value, let m = object(
            value, path, allowed: ["caseloadStandard", "productivityGrowth", "obr"] + (version2 ? ["areaCaseloadStandards"] : []), required: ["caseloadStandard"]) else {
            return fallback
        }
        var standard = ModelInput.CaseloadStandard.calibrated
        switch m.value("caseloadStandard") {
        case .number(let n)?: standard = .fixed(n)
        case .string("calibrated")?, nil: break
        case let other?:
            report(path.key("caseloadStandard"), "expected a number of weighted cases per FTE or \"calibrated\", got \(other.brief)")
        }
        var obr: ModelInput.OBRSettings?
        if let obrValue = m.value("obr") {
            let obrPath = path.key("obr")
            let o = object(
                obrValue, obrPath, allowed: ["costWeights", "nonDemographicGrowth"] + (version2 ? ["populationIndex"] : []),
                required: ["costWeights", "nonDemographicGrowth"])
            if o != nil {
                let indexPath = obrPath.key("populationIndex")
                let index = (o?.value("populationIndex").map { array($0, indexPath) } ?? []).enumerated().map { i, element in
                    let p = indexPath.index(i)
                    let n = object(element, p, allowed: ["ageGroup", "year", "index"], required: ["ageGroup", "year", "index"])
                    return ModelInput.PopulationIndexRow(
                        ageGroup: AgeGroup(string(n?.value("ageGroup"), p.key("ageGroup"))), year: whole(n?.value("year"), p.key("year")),
                        index: number(n?.value("index"), p.key("index")))
                }
                obr = ModelInput.OBRSettings(
                    costWeights: shares(o?.value("costWeights"), obrPath.key("costWeights"), key: { AgeGroup($0) }),
                    nonDemographicGrowth: number(o?.value("nonDemographicGrowth"), obrPath.key("nonDemographicGrowth"), default: 0),
                    populationIndex: index)
            }
        }
        let standardsPath = path.key("areaCaseloadStandards")
        let areaStandards = (m.value("areaCaseloadStandards").map { array($0, standardsPath) } ?? []).enumerated().map { i, element in
            let p = standardsPath.index(i)
            let n = object(element, p, allowed: ["area", "standard"], required: ["area", "standard"])
            return ModelInput.AreaStandard(area: AreaCode(string(n?.value("area"), p.key("area"))), standard: number(n?.value("standard"), p.key("standard")))
        }
        return ModelInput.DemandSettings(
            caseloadStandard: standard,
            productivityGrowth: number(m.value("productivityGrowth"), path.key("productivityGrowth"), default: 0),
            obr: obr, areaCaseloadStandards: areaStandards)
    }
}
