import CareCastModel

/// The output of MODEL.md as a document: what `carecast project` writes and `carecast summary`
/// reads back. Rows are matched by (area, role, year), so their order is free; CareCast writes
/// them year by year, areas and roles in input order.
public struct ResultDocument: Sendable, Equatable {
    public var specVersion: Int
    public var baseYear: Int
    public var years: [Int]
    public var rows: [ProjectionResult.Row]
    public var activities: [ProjectionResult.ActivityCount]
    public var trainingSufficiency: [TrainingSufficiency]

    public init(
        specVersion: Int = ModelInput.supportedSpecVersion, baseYear: Int, years: [Int],
        rows: [ProjectionResult.Row], activities: [ProjectionResult.ActivityCount],
        trainingSufficiency: [TrainingSufficiency]
    ) {
        self.specVersion = specVersion
        self.baseYear = baseYear
        self.years = years
        self.rows = rows
        self.activities = activities
        self.trainingSufficiency = trainingSufficiency
    }

    public init(_ result: ProjectionResult) {
        self.init(
            specVersion: result.specVersion, baseYear: result.baseYear, years: result.years, rows: result.rows,
            activities: result.activityRows, trainingSufficiency: result.trainingSufficiency)
    }
}

extension ProjectionResult {
    /// The result as MODEL.md's output JSON, byte for byte the same for the same result.
    public func jsonBytes() -> [UInt8] {
        var w = JSONWriter(reservingCapacity: cellCount * 360 + activityCounts.count * 110)
        w.beginObject()
        w.member("specVersion", specVersion)
        w.member("baseYear", baseYear)
        w.memberArray("years") { w in for year in years { w.integer(year) } }
        w.memberArray("rows") { w in
            for t in years.indices {
                for a in areas.indices {
                    for r in roles.indices {
                        func v(_ metric: ProjectionResult.Metric) -> Double { value(metric, area: a, role: r, yearIndex: t) }
                        let fte = v(.fte)
                        w.beginObject()
                        w.member("area", areas[a].code.rawValue)
                        w.member("role", roles[r].id.rawValue)
                        w.member("year", years[t])
                        w.member("fte", fte)
                        w.member("headcount", fte / roles[r].fteRatio)
                        w.member("leavers", v(.leavers))
                        w.member("entrants", v(.entrants))
                        w.member("required", v(.required))
                        w.member("gap", v(.required) - fte)
                        w.member("shortage", v(.shortage))
                        if hasOBR {
                            w.member("requiredObr", v(.requiredObr))
                            w.member("gapObr", v(.requiredObr) - fte)
                            w.member("shortageObr", v(.shortageObr))
                        }
                        if hasAgency {
                            w.member("agencyFte", v(.agencyFte))
                            w.member("agencyMoves", v(.agencyMoves))
                            w.member("agencyConversions", v(.agencyConversions))
                            w.member("agencyLeavers", v(.agencyLeavers))
                            w.member("agencyEntrants", v(.agencyEntrants))
                            w.member("gapWithAgency", v(.required) - fte - v(.agencyFte))
                            w.member("shortageWithAgency", v(.shortageWithAgency))
                        }
                        if hasEarlyCareer { w.member("earlyCareerFte", v(.earlyCareerFte)) }
                        w.endObject()
                    }
                }
            }
        }
        w.memberArray("activities") { w in
            for k in activityIDs.indices {
                for (leaf, area) in leafAreas.enumerated() {
                    for t in years.indices {
                        w.beginObject()
                        w.member("activity", activityIDs[k].rawValue)
                        w.member("area", areas[area].code.rawValue)
                        w.member("year", years[t])
                        w.member("count", activityCounts[activityIndex(activity: k, leaf: leaf, yearIndex: t)])
                        w.endObject()
                    }
                }
            }
        }
        w.memberArray("trainingSufficiency") { w in
            for answer in trainingSufficiency {
                w.beginObject()
                w.member("pipeline", answer.pipeline.rawValue)
                w.member("horizon", answer.horizon)
                w.member("year", answer.year)
                w.member("gap", answer.gap)
                w.member("ftePerExtraIntake", answer.ftePerExtraIntake)
                w.member("extraAnnualIntake", answer.extraAnnualIntake)
                w.endObject()
            }
        }
        w.endObject()
        var bytes = w.bytes
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}

extension ResultDocument {
    /// Reads a MODEL.md output document, listing every structural problem.
    public static func decode(_ document: JSONValue) throws(InvalidInput) -> ResultDocument {
        var issues: [InputIssue] = []
        let root = FieldPath.root
        func number(_ value: JSONValue?, _ path: FieldPath, optional: Bool = false) -> Double? {
            switch value {
            case .number(let n)?: return n
            case nil where optional, .null? where optional: return nil
            case nil: issues.append(InputIssue(path, "missing required key")); return nil
            case let other?: issues.append(InputIssue(path, "expected a number, got \(other.brief)")); return nil
            }
        }
        func whole(_ value: JSONValue?, _ path: FieldPath) -> Int {
            guard let n = number(value, path) else { return 0 }
            guard let i = Int(exactly: n) else {
                issues.append(InputIssue(path, "expected a whole number, got \(describeValue(n))"))
                return 0
            }
            return i
        }
        func string(_ value: JSONValue?, _ path: FieldPath) -> String {
            switch value {
            case .string(let s)?: return s
            case nil: issues.append(InputIssue(path, "missing required key")); return ""
            case let other?: issues.append(InputIssue(path, "expected a string, got \(other.brief)")); return ""
            }
        }
        func array(_ value: JSONValue?, _ path: FieldPath) -> [JSONValue] {
            switch value {
            case .array(let a)?: return a
            case nil: issues.append(InputIssue(path, "missing required key")); return []
            case let other?: issues.append(InputIssue(path, "expected an array, got \(other.brief)")); return []
            }
        }
        guard case .object = document else {
            throw InvalidInput(issues: [InputIssue(root, "expected a result object, got \(document.brief)")])
        }
        let specVersion = whole(document["specVersion"], root.key("specVersion"))
        let baseYear = whole(document["baseYear"], root.key("baseYear"))
        let years = array(document["years"], root.key("years")).enumerated().map { whole($1, root.key("years").index($0)) }
        let rows = array(document["rows"], root.key("rows")).enumerated().map { i, row in
            let p = root.key("rows").index(i)
            return ProjectionResult.Row(
                area: AreaCode(string(row["area"], p.key("area"))), role: RoleID(string(row["role"], p.key("role"))),
                year: whole(row["year"], p.key("year")), fte: number(row["fte"], p.key("fte")) ?? 0,
                headcount: number(row["headcount"], p.key("headcount")) ?? 0,
                leavers: number(row["leavers"], p.key("leavers")) ?? 0,
                entrants: number(row["entrants"], p.key("entrants")) ?? 0,
                required: number(row["required"], p.key("required")) ?? 0,
                gap: number(row["gap"], p.key("gap")) ?? 0, shortage: number(row["shortage"], p.key("shortage")) ?? 0,
                requiredObr: number(row["requiredObr"], p.key("requiredObr"), optional: true),
                gapObr: number(row["gapObr"], p.key("gapObr"), optional: true),
                shortageObr: number(row["shortageObr"], p.key("shortageObr"), optional: true),
                agency: number(row["agencyFte"], p.key("agencyFte"), optional: true).map { agencyFTE in
                    ProjectionResult.AgencyFigures(
                        fte: agencyFTE, moves: number(row["agencyMoves"], p.key("agencyMoves")) ?? 0,
                        conversions: number(row["agencyConversions"], p.key("agencyConversions")) ?? 0,
                        leavers: number(row["agencyLeavers"], p.key("agencyLeavers")) ?? 0,
                        entrants: number(row["agencyEntrants"], p.key("agencyEntrants")) ?? 0,
                        gapWithAgency: number(row["gapWithAgency"], p.key("gapWithAgency")) ?? 0,
                        shortageWithAgency: number(row["shortageWithAgency"], p.key("shortageWithAgency")) ?? 0)
                },
                earlyCareerFte: number(row["earlyCareerFte"], p.key("earlyCareerFte"), optional: true))
        }
        let activities = array(document["activities"], root.key("activities")).enumerated().map { i, row in
            let p = root.key("activities").index(i)
            return ProjectionResult.ActivityCount(
                activity: ActivityID(string(row["activity"], p.key("activity"))), area: AreaCode(string(row["area"], p.key("area"))),
                year: whole(row["year"], p.key("year")), count: number(row["count"], p.key("count")) ?? 0)
        }
        let sufficiency = array(document["trainingSufficiency"], root.key("trainingSufficiency")).enumerated().map { i, row in
            let p = root.key("trainingSufficiency").index(i)
            var extra: Double?
            switch row["extraAnnualIntake"] {
            case .number(let n)?: extra = n
            case .null?: extra = nil
            case nil: issues.append(InputIssue(p.key("extraAnnualIntake"), "missing required key"))
            case let other?: issues.append(InputIssue(p.key("extraAnnualIntake"), "expected a number or null, got \(other.brief)"))
            }
            return TrainingSufficiency(
                pipeline: PipelineID(string(row["pipeline"], p.key("pipeline"))), horizon: whole(row["horizon"], p.key("horizon")),
                year: whole(row["year"], p.key("year")), gap: number(row["gap"], p.key("gap")) ?? 0,
                ftePerExtraIntake: number(row["ftePerExtraIntake"], p.key("ftePerExtraIntake")) ?? 0,
                extraAnnualIntake: extra)
        }
        guard issues.isEmpty else { throw InvalidInput(issues: issues) }
        return ResultDocument(
            specVersion: specVersion, baseYear: baseYear, years: years, rows: rows, activities: activities,
            trainingSufficiency: sufficiency)
    }
}
