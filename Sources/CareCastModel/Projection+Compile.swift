import RealModule

extension ModelInput {
    /// Every way this input breaks MODEL.md, in the order of the file; empty when it is valid.
    public func validate() -> [InputIssue] {
        var compiler = ProjectionCompiler(self)
        _ = compiler.compile()
        return compiler.issues
    }
}

extension Projection {
    /// Checks `input` against MODEL.md and compiles it, or throws every problem found.
    public init(_ input: ModelInput) throws(InvalidInput) {
        var compiler = ProjectionCompiler(input)
        guard let projection = compiler.compile(), compiler.issues.isEmpty else {
            throw InvalidInput(issues: compiler.issues)
        }
        self = projection
    }
}

/// Walks an input once: checks it and, when nothing is wrong, lays it out for the engine.
struct ProjectionCompiler {
    let input: ModelInput
    private(set) var issues: [InputIssue] = []

    /// Tolerance on shares and distributions that must sum to 1 (MODEL.md: ±1e-6).
    static let shareTolerance = 1e-6
    /// Tolerance on progression rates out of one role adding to more than 1: rounding only.
    static let rateSumTolerance = 1e-9

    private var areaIndex: [AreaCode: Int] = [:]
    private var leafIndexOfArea: [Int?] = []
    private var roleIndex: [RoleID: Int] = [:]
    private var bandIndex: [AgeBandID: Int] = [:]
    private var groupIndex: [AgeGroup: Int] = [:]
    private var activityIndex: [ActivityID: Int] = [:]

    init(_ input: ModelInput) { self.input = input }

    private mutating func report(_ path: FieldPath, _ message: String) {
        issues.append(InputIssue(path, message))
    }

    // MARK: Checks shared by many fields

    private mutating func requireNonNegative(_ value: Double, _ path: @autoclosure () -> FieldPath, _ what: String) {
        if !(value >= 0) || !value.isFinite {
            report(path(), "\(what) must not be negative (got \(describeValue(value)))")
        }
    }

    private mutating func requireUnitInterval(_ value: Double, _ path: @autoclosure () -> FieldPath, _ what: String) {
        if !(value >= 0 && value <= 1) {
            report(path(), "\(what) must be between 0 and 1 (got \(describeValue(value)))")
        }
    }

    private mutating func requireFinite(_ value: Double, _ path: @autoclosure () -> FieldPath, _ what: String) {
        if !value.isFinite {
            report(path(), "\(what) must be a finite number (got \(describeValue(value)))")
        }
    }

    private mutating func leaf(_ code: AreaCode, _ path: @autoclosure () -> FieldPath) -> Int? {
        guard let index = areaIndex[code] else {
            report(path(), "unknown area \(describeValue(code.rawValue)): not in `areas`")
            return nil
        }
        guard let leaf = leafIndexOfArea[index] else {
            report(path(), "area \(describeValue(code.rawValue)) is not a leaf: data is given for leaf areas only, and aggregates are summed from them")
            return nil
        }
        return leaf
    }

    private mutating func role(_ id: RoleID, _ path: @autoclosure () -> FieldPath) -> Int? {
        guard let index = roleIndex[id] else {
            report(path(), "unknown role \(describeValue(id.rawValue)): not in `roles`")
            return nil
        }
        return index
    }

    private mutating func band(_ id: AgeBandID, _ path: @autoclosure () -> FieldPath) -> Int? {
        guard let index = bandIndex[id] else {
            report(path(), "unknown age band \(describeValue(id.rawValue)): not in `ageBands`")
            return nil
        }
        return index
    }

    private mutating func group(_ id: AgeGroup, _ path: @autoclosure () -> FieldPath) -> Int? {
        guard let index = groupIndex[id] else {
            report(path(), "unknown age group \(describeValue(id.rawValue)): no `population` row has it")
            return nil
        }
        return index
    }

    private mutating func activity(_ id: ActivityID, _ path: @autoclosure () -> FieldPath) -> Int? {
        guard let index = activityIndex[id] else {
            report(path(), "unknown activity \(describeValue(id.rawValue)): not in `activities`")
            return nil
        }
        return index
    }

    /// Checks a keyed distribution (non-negative values summing to 1) and resolves its keys.
    private mutating func distribution<Key>(
        _ shares: [ModelInput.Share<Key>], _ path: FieldPath, what: String,
        resolve: (inout Self, Key, FieldPath) -> Int?
    ) -> [(Int, Double)] {
        var resolved: [(Int, Double)] = []
        var seen = Set<Key>()
        var sum = 0.0
        for share in shares {
            let keyPath = path.key("\(share.key)")
            if !seen.insert(share.key).inserted {
                report(keyPath, "repeated key \(describeValue("\(share.key)"))")
                continue
            }
            requireNonNegative(share.value, keyPath, "a share")
            sum += share.value
            if let index = resolve(&self, share.key, keyPath) { resolved.append((index, share.value)) }
        }
        if sum.isFinite, abs(sum - 1) > Self.shareTolerance {
            report(path, "\(what) must sum to 1 (±1e-6); these sum to \(describeValue(sum))")
        }
        return resolved
    }

    /// A value for every leaf from rows of `{area, <valueKey>}` (`rows[i]` at `path[i]`): each
    /// row's area must be a leaf, its value passes `check`, an area given twice is reported
    /// (`"repeated <what> for area …"`); leaves not listed get `fallback`.
    private mutating func leafValues(
        _ rows: [(area: AreaCode, value: Double)], _ path: FieldPath, valueKey: String, fallback: Double, leafCount: Int,
        what: String, check: (inout Self, Double, FieldPath) -> Void
    ) -> [Double] {
        var values = Array(repeating: fallback, count: leafCount)
        var seen = Set<Int>()
        for (i, row) in rows.enumerated() {
            let p = path.index(i)
            let a = leaf(row.area, p.key("area"))
            check(&self, row.value, p.key(valueKey))
            guard let a else { continue }
            if !seen.insert(a).inserted {
                report(p.key("area"), "repeated \(what) for area \(describeValue(row.area.rawValue))")
            } else {
                values[a] = row.value
            }
        }
        return values
    }

    private mutating func checkPathYears(_ points: [ModelInput.PathPoint], _ path: FieldPath) {
        var years = Set<Int>()
        for (i, point) in points.enumerated() {
            if !years.insert(point.year).inserted {
                report(path.index(i).key("year"), "repeated year \(point.year) in a path")
            }
            requireNonNegative(point.factor, path.index(i).key("factor"), "a path factor")
        }
    }

    // MARK: The walk

    mutating func compile() -> Projection? {
        let root = FieldPath.root
        let t0 = input.baseYear
        let horizon = input.horizon
        if !ModelInput.specVersions.contains(input.specVersion) {
            report(root.key("specVersion"), "this engine implements MODEL.md versions 1 and 2 (got \(input.specVersion))")
        } else if input.specVersion == 1 {
            // Version 2's keys are unknown keys in a version 1 input.
            if input.agency != nil { report(root.key("agency"), "unknown key in a version 1 input (`agency` is version 2's: say \"specVersion\": 2)") }
            if input.reversion != nil { report(root.key("reversion"), "unknown key in a version 1 input (`reversion` is version 2's: say \"specVersion\": 2)") }
            if input.earlyCareer != nil { report(root.key("earlyCareer"), "unknown key in a version 1 input (`earlyCareer` is version 2's: say \"specVersion\": 2)") }
            for (i, pipeline) in input.pipelines.enumerated() where pipeline.areaShareTarget != nil {
                report(root.key("pipelines").index(i).key("areaShareTarget"), "unknown key in a version 1 input (version 2's)")
            }
            for (i, joiners) in input.joiners.enumerated() where joiners.areaShareTarget != nil {
                report(root.key("joiners").index(i).key("areaShareTarget"), "unknown key in a version 1 input (version 2's)")
            }
            for (i, row) in input.progression.enumerated() where row.response != nil {
                report(root.key("progression").index(i).key("response"), "unknown key in a version 1 input (version 2's)")
            }
            if !input.demand.areaCaseloadStandards.isEmpty {
                report(root.key("demand").key("areaCaseloadStandards"), "unknown key in a version 1 input (version 2's)")
            }
            if let obr = input.demand.obr, !obr.populationIndex.isEmpty {
                report(root.key("demand").key("obr").key("populationIndex"), "unknown key in a version 1 input (version 2's)")
            }
        }
        if horizon < 1 {
            report(root.key("horizon"), "the horizon must be at least 1 year (got \(horizon))")
        }
        let yearCount = max(horizon, 0) + 1

        // Areas and their tree.
        let areasPath = root.key("areas")
        if input.areas.isEmpty { report(areasPath, "at least one area is required") }
        for (i, area) in input.areas.enumerated() {
            if areaIndex[area.code] != nil {
                report(areasPath.index(i).key("code"), "repeated area code \(describeValue(area.code.rawValue))")
            } else {
                areaIndex[area.code] = i
            }
        }
        var parentIndex: [Int?] = Array(repeating: nil, count: input.areas.count)
        var isParent = Array(repeating: false, count: input.areas.count)
        for (i, area) in input.areas.enumerated() {
            guard let parent = area.parent else { continue }
            if let p = areaIndex[parent] {
                parentIndex[i] = p
                isParent[p] = true
            } else {
                report(areasPath.index(i).key("parent"), "unknown parent area \(describeValue(parent.rawValue)): not in `areas`")
            }
        }
        var hasLoop = false
        var reportedInLoop = Set<Int>()
        for start in input.areas.indices {
            var current = parentIndex[start]
            var steps = 0
            while let c = current, c != start, steps <= input.areas.count {
                current = parentIndex[c]
                steps += 1
            }
            if current == start, !reportedInLoop.contains(start) {
                hasLoop = true
                var chain = [input.areas[start].code.rawValue]
                var c = parentIndex[start]!
                reportedInLoop.insert(start)
                while c != start {
                    chain.append(input.areas[c].code.rawValue)
                    reportedInLoop.insert(c)
                    c = parentIndex[c]!
                }
                chain.append(input.areas[start].code.rawValue)
                report(areasPath.index(start).key("parent"), "the parent chain loops: \(chain.joined(separator: " → "))")
            }
        }
        // Leaves in depth-first order of the tree (roots and children in file order), so that
        // the leaves below any aggregate are one contiguous range of leaf indices.
        var leafAreas: [Int] = []
        if hasLoop {
            leafAreas = input.areas.indices.filter { !isParent[$0] }
        } else {
            var children: [[Int]] = Array(repeating: [], count: input.areas.count)
            for i in input.areas.indices { if let p = parentIndex[i] { children[p].append(i) } }
            func visit(_ area: Int) {
                if children[area].isEmpty { leafAreas.append(area) }
                for child in children[area] { visit(child) }
            }
            for i in input.areas.indices where parentIndex[i] == nil { visit(i) }
        }
        leafIndexOfArea = Array(repeating: nil, count: input.areas.count)
        for (leaf, area) in leafAreas.enumerated() { leafIndexOfArea[area] = leaf }
        let leafCount = leafAreas.count

        // Activities first: perActivity roles refer to them.
        let activitiesPath = root.key("activities")
        for (k, activity) in input.activities.enumerated() {
            if activityIndex[activity.id] != nil {
                report(activitiesPath.index(k).key("id"), "repeated activity id \(describeValue(activity.id.rawValue))")
            } else {
                activityIndex[activity.id] = k
            }
        }

        // Roles.
        let rolesPath = root.key("roles")
        if input.roles.isEmpty { report(rolesPath, "at least one role is required") }
        for (r, role) in input.roles.enumerated() {
            if roleIndex[role.id] != nil {
                report(rolesPath.index(r).key("id"), "repeated role id \(describeValue(role.id.rawValue))")
            } else {
                roleIndex[role.id] = r
            }
        }
        var rules: [Projection.DemandRule] = []
        for (r, role) in input.roles.enumerated() {
            let path = rolesPath.index(r)
            if !(role.fteRatio > 0) || !role.fteRatio.isFinite {
                report(path.key("fteRatio"), "fteRatio (FTE per person) must be greater than 0 (got \(describeValue(role.fteRatio)))")
            }
            switch role.demand {
            case .caseload:
                rules.append(.caseload)
            case .ratio(let of):
                let target = self.role(of, path.key("demand").key("of"))
                rules.append(.ratio(of: target ?? -1))
            case .perActivity(let activityID, let staffPerUnit):
                let k = activity(activityID, path.key("demand").key("activity"))
                requireNonNegative(staffPerUnit, path.key("demand").key("staffPerUnit"), "staffPerUnit")
                rules.append(.perActivity(activity: k ?? -1, staffPerUnit: staffPerUnit))
            }
        }
        // Ratio chains: order them so each comes after the role it refers to; report loops.
        var ratioOrder: [Int] = []
        var placed = Array(repeating: false, count: rules.count)
        var reportedRatioLoop = Set<Int>()
        for r in rules.indices {
            guard case .ratio = rules[r], !placed[r] else { continue }
            var chain: [Int] = []
            var current = r
            var looped = false
            while case .ratio(let of) = rules[current], !placed[current] {
                if chain.contains(current) { looped = true; break }
                chain.append(current)
                if of < 0 { break }
                current = of
            }
            if looped {
                let loopStart = chain.firstIndex(of: current)!
                let cycle = Array(chain[loopStart...])
                if reportedRatioLoop.isDisjoint(with: cycle) {
                    let names = (cycle + [current]).map { input.roles[$0].id.rawValue }
                    report(rolesPath.index(cycle.min()!).key("demand").key("of"), "the chain of `ratio` roles loops: \(names.joined(separator: " → "))")
                }
                reportedRatioLoop.formUnion(cycle)
                for c in chain { placed[c] = true }
                continue
            }
            for c in chain.reversed() where !placed[c] {
                placed[c] = true
                ratioOrder.append(c)
            }
        }

        // Age bands.
        let bandsPath = root.key("ageBands")
        if input.ageBands.isEmpty { report(bandsPath, "at least one age band is required") }
        var widths: [Int] = []
        for (b, band) in input.ageBands.enumerated() {
            if bandIndex[band.id] != nil {
                report(bandsPath.index(b).key("id"), "repeated age band id \(describeValue(band.id.rawValue))")
            } else {
                bandIndex[band.id] = b
            }
            let isLast = b == input.ageBands.count - 1
            if isLast {
                if let width = band.width {
                    report(bandsPath.index(b).key("width"), "the last age band is open and has no width (got \(width))")
                }
                widths.append(0)
            } else if let width = band.width {
                if width < 1 {
                    report(bandsPath.index(b).key("width"), "a band's width must be a positive whole number of years (got \(width))")
                }
                widths.append(max(width, 1))
            } else {
                report(bandsPath.index(b), "missing key `width`: every band but the last needs one")
                widths.append(1)
            }
        }

        let roleCount = input.roles.count
        let bandCount = input.ageBands.count

        // Stock and vacancies: rows with the same key are summed.
        var stock = Array(repeating: 0.0, count: leafCount * roleCount * bandCount)
        for (i, row) in input.stock.enumerated() {
            // Built only for a problem: most rows have none.
            func path() -> FieldPath { root.key("stock").index(i) }
            let a = leaf(row.area, path().key("area"))
            let r = role(row.role, path().key("role"))
            let b = band(row.ageBand, path().key("ageBand"))
            requireNonNegative(row.fte, path().key("fte"), "FTE")
            if let a, let r, let b, row.fte >= 0 {
                stock[(a * roleCount + r) * bandCount + b] += row.fte
            }
        }
        var vacancies = Array(repeating: 0.0, count: leafCount * roleCount)
        for (i, row) in input.vacancies.enumerated() {
            // Built only for a problem: most rows have none.
            func path() -> FieldPath { root.key("vacancies").index(i) }
            let a = leaf(row.area, path().key("area"))
            let r = role(row.role, path().key("role"))
            requireNonNegative(row.fte, path().key("fte"), "FTE")
            if let a, let r, row.fte >= 0 { vacancies[a * roleCount + r] += row.fte }
        }

        // Leaver rates: exactly one for every role and band.
        var leaverRate: [Double?] = Array(repeating: nil, count: roleCount * bandCount)
        let ratesPath = root.key("leaverRates")
        for (i, row) in input.leaverRates.enumerated() {
            let path = ratesPath.index(i)
            let r = role(row.role, path.key("role"))
            let b = band(row.ageBand, path.key("ageBand"))
            requireUnitInterval(row.rate, path.key("rate"), "a leaver rate")
            guard let r, let b else { continue }
            if leaverRate[r * bandCount + b] != nil {
                report(path, "repeated leaver rate for role \(describeValue(row.role.rawValue)) and band \(describeValue(row.ageBand.rawValue))")
            } else {
                leaverRate[r * bandCount + b] = row.rate
            }
        }
        for r in 0..<roleCount {
            for b in 0..<bandCount where leaverRate[r * bandCount + b] == nil {
                report(ratesPath, "missing leaver rate for role \(describeValue(input.roles[r].id.rawValue)) and band \(describeValue(input.ageBands[b].id.rawValue))")
            }
        }
        let areaMultiplier = leafValues(
            input.areaLeaverMultipliers.map { ($0.area, $0.multiplier) }, root.key("areaLeaverMultipliers"), valueKey: "multiplier",
            fallback: 1, leafCount: leafCount, what: "leaver multiplier") { $0.requireNonNegative($1, $2, "a multiplier") }
        var leaverBase = Array(repeating: 0.0, count: leafCount * roleCount * bandCount)
        for a in 0..<leafCount {
            for r in 0..<roleCount {
                for b in 0..<bandCount {
                    leaverBase[(a * roleCount + r) * bandCount + b] = (leaverRate[r * bandCount + b] ?? 0) * areaMultiplier[a]
                }
            }
        }
        checkPathYears(input.leaverMultiplierPath, root.key("leaverMultiplierPath"))
        let leaverPath = PiecewiseLinearPath(input.leaverMultiplierPath)
        let leaverPathFactor = (0..<yearCount).map { leaverPath.factor(at: t0 + $0) }

        // Progression.
        var flows: [Projection.ProgressionFlow] = []
        var outRate = Array(repeating: 0.0, count: roleCount)
        var flowSeen = Set<[Int]>()
        for (i, row) in input.progression.enumerated() {
            let path = root.key("progression").index(i)
            let from = role(row.from, path.key("from"))
            let to = role(row.to, path.key("to"))
            requireUnitInterval(row.rate, path.key("rate"), "a progression rate")
            guard let from, let to else { continue }
            if !flowSeen.insert([from, to]).inserted {
                report(path, "repeated progression from \(describeValue(row.from.rawValue)) to \(describeValue(row.to.rawValue)): give one rate per pair")
                continue
            }
            outRate[from] += row.rate
            var response: Projection.ProgressionFlow.Response?
            if let given = row.response {
                let p = path.key("response")
                requireNonNegative(given.strength, p.key("strength"), "a strength")
                requireNonNegative(given.targetRatio, p.key("targetRatio"), "a target ratio")
                requireUnitInterval(given.maxRate, p.key("maxRate"), "maxRate")
                let targets = leafValues(
                    given.areaTargetRatios.map { ($0.area, $0.ratio) }, p.key("areaTargetRatios"), valueKey: "ratio",
                    fallback: given.targetRatio, leafCount: leafCount, what: "target ratio") { $0.requireNonNegative($1, $2, "a ratio") }
                response = .init(strength: given.strength, maxRate: given.maxRate, targetRatio: given.targetRatio, targets: targets)
            }
            flows.append(.init(from: from, to: to, rate: row.rate, response: response))
        }
        for r in 0..<roleCount where outRate[r] > 1 + Self.rateSumTolerance {
            report(root.key("progression"), "progression rates out of role \(describeValue(input.roles[r].id.rawValue)) add up to \(describeValue(outRate[r])), more than 1")
        }

        // Base-year FTE by leaf and role, for default area shares.
        var baseFTE = Array(repeating: 0.0, count: leafCount * roleCount)
        for a in 0..<leafCount {
            for r in 0..<roleCount {
                var sum = 0.0
                for b in 0..<bandCount { sum += stock[(a * roleCount + r) * bandCount + b] }
                baseFTE[a * roleCount + r] = sum
            }
        }
        func defaultAreaShare(_ r: Int) -> [Double] {
            var national = 0.0
            for a in 0..<leafCount { national += baseFTE[a * roleCount + r] }
            if national == 0 { return Array(repeating: 1 / Double(leafCount), count: leafCount) }
            return (0..<leafCount).map { baseFTE[$0 * roleCount + r] / national }
        }
        func areaShares(_ given: [ModelInput.Share<AreaCode>]?, role r: Int?, _ path: FieldPath) -> [Double] {
            guard let given else { return r.map(defaultAreaShare) ?? [] }
            var shares = Array(repeating: 0.0, count: leafCount)
            for (a, value) in distribution(given, path, what: "area shares", resolve: { $0.leaf($1, $2) }) {
                shares[a] = value
            }
            return shares
        }

        func shareTarget(_ given: [ModelInput.Share<AreaCode>]?, _ path: FieldPath) -> [Double]? {
            guard let given else { return nil }
            if input.reversion == nil { report(path, "an area share target needs `reversion` (its half-life)") }
            return areaShares(given, role: nil, path)
        }

        // Entrants: pipelines then joiners.
        var sources: [Projection.EntrantSource] = []
        var pipelines: [Projection.PipelineInfo] = []
        var pipelineIDs = Set<PipelineID>()
        for (i, pipeline) in input.pipelines.enumerated() {
            let path = root.key("pipelines").index(i)
            if !pipelineIDs.insert(pipeline.id).inserted {
                report(path.key("id"), "repeated pipeline id \(describeValue(pipeline.id.rawValue))")
            }
            let r = role(pipeline.role, path.key("role"))
            if pipeline.duration < 0 {
                report(path.key("duration"), "a duration must be a whole number of years, 0 or more (got \(pipeline.duration))")
            }
            requireUnitInterval(pipeline.completion, path.key("completion"), "completion")
            requireUnitInterval(pipeline.entry, path.key("entry"), "entry")
            if pipeline.intake.isEmpty {
                report(path.key("intake"), "an intake needs at least one point {year, value}")
            }
            var intakeYears = Set<Int>()
            for (j, point) in pipeline.intake.enumerated() {
                if !intakeYears.insert(point.year).inserted {
                    report(path.key("intake").index(j).key("year"), "repeated intake year \(point.year)")
                }
                requireNonNegative(point.value, path.key("intake").index(j).key("value"), "an intake")
            }
            let bands = distribution(pipeline.ageDistribution, path.key("ageDistribution"), what: "an age distribution", resolve: { $0.band($1, $2) })
            let shares = areaShares(pipeline.areaShare, role: r, path.key("areaShare"))
            let target = shareTarget(pipeline.areaShareTarget, path.key("areaShareTarget"))
            guard let r, !pipeline.intake.isEmpty else { continue }
            let schedule = IntakeSchedule(pipeline.intake)
            let yield = pipeline.completion * pipeline.entry
            let people = (0..<yearCount).map { t in
                schedule.intake(in: t0 + t - pipeline.duration) * pipeline.completion * pipeline.entry
            }
            pipelines.append(.init(id: pipeline.id, role: r, source: sources.count, duration: pipeline.duration, yield: yield))
            sources.append(.init(role: r, people: people, areaShare: shares, bandShares: bands.map { (band: $0.0, share: $0.1) }, areaShareTarget: target))
        }
        var joinerKeys = Set<[String]>()
        for (i, joiners) in input.joiners.enumerated() {
            let path = root.key("joiners").index(i)
            if !joinerKeys.insert([joiners.source, joiners.role.rawValue]).inserted {
                report(path.key("source"), "repeated joiners source \(describeValue(joiners.source)) for role \(describeValue(joiners.role.rawValue))")
            }
            let r = role(joiners.role, path.key("role"))
            requireNonNegative(joiners.base, path.key("base"), "a base")
            requireFinite(joiners.growth, path.key("growth"), "growth")
            let bands = distribution(joiners.ageDistribution, path.key("ageDistribution"), what: "an age distribution", resolve: { $0.band($1, $2) })
            let shares = areaShares(joiners.areaShare, role: r, path.key("areaShare"))
            let target = shareTarget(joiners.areaShareTarget, path.key("areaShareTarget"))
            guard let r else { continue }
            let people = (0..<yearCount).map { t in joiners.base * power(1 + joiners.growth, t) }
            sources.append(.init(role: r, people: people, areaShare: shares, bandShares: bands.map { (band: $0.0, share: $0.1) }, areaShareTarget: target))
        }

        // Population: defines the age groups; rows outside T0…T0+H are not used.
        var groups: [AgeGroup] = []
        for row in input.population where groupIndex[row.ageGroup] == nil {
            groupIndex[row.ageGroup] = groups.count
            groups.append(row.ageGroup)
        }
        let groupCount = groups.count
        var population: [Double?] = Array(repeating: nil, count: leafCount * groupCount * yearCount)
        // Repeats within T0…T0+H on a grid; the few rows outside it in a set.
        var populationSeen = Array(repeating: false, count: population.count)
        var populationSeenOutside = Set<[Int]>()
        for (i, row) in input.population.enumerated() {
            // Built only for a problem: most rows have none.
            func path() -> FieldPath { root.key("population").index(i) }
            let a = leaf(row.area, path().key("area"))
            if row.persons == 0 {
                report(path().key("persons"), "a population of 0: the model divides by the base-year population, so every leaf, group and year needs more than 0")
            } else {
                requireNonNegative(row.persons, path().key("persons"), "a population")
            }
            guard let a, let g = groupIndex[row.ageGroup] else { continue }
            let t = row.year - t0
            let repeated: Bool
            if t >= 0 && t < yearCount {
                repeated = populationSeen[(a * groupCount + g) * yearCount + t]
                populationSeen[(a * groupCount + g) * yearCount + t] = true
            } else {
                repeated = !populationSeenOutside.insert([a, g, row.year]).inserted
            }
            if repeated {
                report(path(), "repeated population row for area \(describeValue(row.area.rawValue)), age group \(describeValue(row.ageGroup.rawValue)), year \(row.year)")
                continue
            }
            if t >= 0 && t < yearCount && row.persons > 0 {
                population[(a * groupCount + g) * yearCount + t] = row.persons
            }
        }

        // Activities and policies.
        var activityParameters: [Projection.ActivityParameters] = []
        var usedGroups = Array(repeating: false, count: groupCount)
        for (k, activity) in input.activities.enumerated() {
            let path = activitiesPath.index(k)
            requireNonNegative(activity.weight, path.key("weight"), "a weight")
            requireFinite(activity.trend, path.key("trend"), "a trend")
            var mix = Array(repeating: 0.0, count: groupCount)
            for (g, value) in distribution(activity.ageMix, path.key("ageMix"), what: "an age mix", resolve: { $0.group($1, $2) }) {
                mix[g] = value
                usedGroups[g] = true
            }
            var counts = Array(repeating: 0.0, count: leafCount)
            var countSeen = Set<Int>()
            for (j, base) in activity.baseCounts.enumerated() {
                func basePath() -> FieldPath { path.key("baseCounts").index(j) }
                let a = leaf(base.area, basePath().key("area"))
                requireNonNegative(base.count, basePath().key("count"), "a count")
                guard let a else { continue }
                if !countSeen.insert(a).inserted {
                    report(basePath().key("area"), "repeated base count for area \(describeValue(base.area.rawValue))")
                } else {
                    counts[a] = base.count
                }
            }
            activityParameters.append(.init(
                id: activity.id, weight: activity.weight, trend: activity.trend, ageMix: mix,
                baseCounts: counts, policyFactor: Array(repeating: 1, count: yearCount)))
        }
        var policySeen = Set<Int>()
        for (i, policy) in input.policies.enumerated() {
            let path = root.key("policies").index(i)
            let k = activity(policy.activity, path.key("activity"))
            checkPathYears(policy.path, path.key("path"))
            guard let k else { continue }
            if !policySeen.insert(k).inserted {
                report(path.key("activity"), "a second policy for activity \(describeValue(policy.activity.rawValue)): give one path per activity")
                continue
            }
            if k < activityParameters.count {
                let curve = PiecewiseLinearPath(policy.path)
                activityParameters[k].policyFactor = (0..<yearCount).map { curve.factor(at: t0 + $0) }
            }
        }

        // Demand settings.
        let demandPath = root.key("demand")
        if case .fixed(let standard) = input.demand.caseloadStandard, !(standard > 0) || !standard.isFinite {
            report(demandPath.key("caseloadStandard"), "a caseload standard must be a number of weighted cases per FTE greater than 0, or \"calibrated\" (got \(describeValue(standard)))")
        }
        if !(input.demand.productivityGrowth > -1) || !input.demand.productivityGrowth.isFinite {
            report(demandPath.key("productivityGrowth"), "productivity growth must be greater than -1: required FTE is divided by (1 + growth)^t (got \(describeValue(input.demand.productivityGrowth)))")
        }
        var obr: Projection.OBRParameters?
        if let settings = input.demand.obr {
            let path = demandPath.key("obr")
            var weights = Array(repeating: 0.0, count: groupCount)
            var seen = Set<AgeGroup>()
            for share in settings.costWeights {
                let keyPath = path.key("costWeights").key(share.key.rawValue)
                if !seen.insert(share.key).inserted {
                    report(keyPath, "repeated key \(describeValue(share.key.rawValue))")
                    continue
                }
                requireNonNegative(share.value, keyPath, "a cost weight")
                if let g = group(share.key, keyPath) {
                    weights[g] = share.value
                    usedGroups[g] = true
                }
            }
            if !settings.costWeights.contains(where: { $0.value > 0 }) {
                report(path.key("costWeights"), "cost weights are all 0: at least one age group needs a positive weight")
            }
            requireFinite(settings.nonDemographicGrowth, path.key("nonDemographicGrowth"), "nonDemographicGrowth")
            obr = .init(costWeights: weights, nonDemographicGrowth: settings.nonDemographicGrowth)
            if !settings.populationIndex.isEmpty {
                obr?.indexRatio = compilePopulationIndex(settings.populationIndex, path.key("populationIndex"), groups: groups, weights: weights, yearCount: yearCount)
            }
        }
        var areaStandards: [Double?] = []
        if !input.demand.areaCaseloadStandards.isEmpty {
            areaStandards = Array(repeating: nil, count: leafCount)
            let values = leafValues(
                input.demand.areaCaseloadStandards.map { ($0.area, $0.standard) }, demandPath.key("areaCaseloadStandards"),
                valueKey: "standard", fallback: .nan, leafCount: leafCount, what: "caseload standard"
            ) {
                if !($1 > 0) || !$1.isFinite { $0.report($2, "a caseload standard must be a number of weighted cases per FTE greater than 0 (got \(describeValue($1)))") }
            }
            for a in 0..<leafCount where !values[a].isNaN { areaStandards[a] = values[a] }
        }

        // Population for every leaf, every group used, every year T0…T0+H.
        if horizon >= 1 {
            for a in 0..<leafCount {
                for g in 0..<groupCount where usedGroups[g] {
                    let missing = (0..<yearCount).filter { population[(a * groupCount + g) * yearCount + $0] == nil }
                    guard !missing.isEmpty else { continue }
                    let years = Self.describeYears(missing.map { t0 + $0 })
                    report(root.key("population"), "missing population for area \(describeValue(input.areas[leafAreas[a]].code.rawValue)), age group \(describeValue(groups[g].rawValue)), \(years)")
                }
            }
        }

        var version2 = compileVersion2(
            root: root, yearCount: yearCount, leafCount: leafCount, roleCount: roleCount, areaMultiplier: areaMultiplier)
        version2.earlyCareer = compileEarlyCareer(root: root, leafCount: leafCount, roleCount: roleCount, bandCount: bandCount, pipelines: pipelines)

        guard issues.isEmpty, !hasLoop else { return nil }

        // Lay out what the engine reads: population `[group][year][leaf]`.
        var ratio = Array(repeating: 1.0, count: leafCount * groupCount * yearCount)
        var persons = Array(repeating: 0.0, count: leafCount * groupCount * yearCount)
        for a in 0..<leafCount {
            for g in 0..<groupCount where usedGroups[g] {
                let base = (a * groupCount + g) * yearCount
                let p0 = population[base]!
                for t in 0..<yearCount {
                    let p = population[base + t]!
                    persons[(g * yearCount + t) * leafCount + a] = p
                    ratio[(g * yearCount + t) * leafCount + a] = p / p0
                }
            }
        }
        let areaInfos = input.areas.enumerated().map { i, area in
            Projection.AreaInfo(code: area.code, name: area.name, parent: parentIndex[i], level: area.level, leafIndex: leafIndexOfArea[i])
        }
        // Storage slots: leaves first (in leaf order), then aggregates in file order.
        var slots = Array(repeating: 0, count: input.areas.count)
        var aggregateCount = 0
        for (leaf, area) in leafAreas.enumerated() { slots[area] = leaf }
        for i in input.areas.indices where isParent[i] {
            slots[i] = leafCount + aggregateCount
            aggregateCount += 1
        }
        // Each aggregate is the sum of its direct children: runs of consecutive leaf slots and
        // single aggregate slots, computed deepest first so children are ready before parents.
        var depth = Array(repeating: 0, count: input.areas.count)
        for i in input.areas.indices {
            var current = parentIndex[i]
            while let c = current { depth[i] += 1; current = parentIndex[c] }
        }
        var childrenOf: [[Int]] = Array(repeating: [], count: input.areas.count)
        for i in input.areas.indices { if let p = parentIndex[i] { childrenOf[p].append(i) } }
        let sums = input.areas.indices.filter { isParent[$0] }
            .sorted { depth[$0] != depth[$1] ? depth[$0] > depth[$1] : $0 < $1 }
            .map { area in
                var terms: [Range<Int>] = []
                for child in childrenOf[area] {
                    let slot = slots[child]
                    if let last = terms.last, last.upperBound == slot, slot < leafCount, last.upperBound <= leafCount {
                        terms[terms.count - 1] = last.lowerBound..<(slot + 1)
                    } else {
                        terms.append(slot..<(slot + 1))
                    }
                }
                return Projection.AggregateSum(slot: slots[area], terms: terms)
            }
        let roleInfos = input.roles.enumerated().map { r, role in
            Projection.RoleInfo(id: role.id, name: role.name, fteRatio: role.fteRatio, demand: rules[r])
        }
        var projection = Projection(
            baseYear: t0, horizon: horizon, areas: areaInfos, roles: roleInfos,
            ageBands: input.ageBands.map(\.id), ageGroups: groups,
            activityIDs: input.activities.map(\.id), leafAreas: leafAreas, areaSlots: slots,
            aggregateSums: sums,
            bandWidths: widths, baseStock: Self.leafInner(stock, leaves: leafCount, rows: roleCount * bandCount),
            baseVacancies: vacancies,
            leaverRateBase: Self.leafInner(leaverBase, leaves: leafCount, rows: roleCount * bandCount), leaverPathFactor: leaverPathFactor, progression: flows,
            sources: sources, pipelines: pipelines, populationRatio: ratio, population: persons,
            activities: activityParameters, caseloadStandard: input.demand.caseloadStandard,
            productivityGrowth: input.demand.productivityGrowth, obr: obr, ratioOrder: ratioOrder)
        projection.areaStandards = areaStandards
        projection.leaverReversionFactor = version2.leaverReversionFactor
        projection.reversionWeight = version2.reversionWeight
        projection.agency = version2.agency
        projection.earlyCareer = version2.earlyCareer
        projection.specVersion = input.specVersion
        return projection
    }

    /// Version 2's parameters, laid out for the engine.
    struct Version2 {
        var leaverReversionFactor: [Double] = []
        var reversionWeight: [Double] = []
        var agency: Projection.AgencyParameters?
        var earlyCareer: Projection.EarlyCareerParameters?
    }

    /// Checks and lays out `earlyCareer` (docs/MODEL.md, "Early-career supply").
    private mutating func compileEarlyCareer(
        root: FieldPath, leafCount: Int, roleCount: Int, bandCount: Int, pipelines: [Projection.PipelineInfo]
    ) -> Projection.EarlyCareerParameters? {
        guard let early = input.earlyCareer else { return nil }
        let path = root.key("earlyCareer")
        if early.years < 1 {
            report(path.key("years"), "the early-career years must be a whole number, 1 or more (got \(early.years))")
        }
        if early.pipelines.isEmpty { report(path.key("pipelines"), "at least one pipeline is required") }
        var sources: [Int] = []
        var seen = Set<PipelineID>()
        for (i, id) in early.pipelines.enumerated() {
            if !seen.insert(id).inserted {
                report(path.key("pipelines").index(i), "repeated pipeline \(describeValue(id.rawValue))")
                continue
            }
            if let pipeline = pipelines.first(where: { $0.id == id }) {
                sources.append(pipeline.source)
            } else if !input.pipelines.contains(where: { $0.id == id }) {
                report(path.key("pipelines").index(i), "unknown pipeline \(describeValue(id.rawValue)): not in `pipelines`")
            }
        }
        let years = max(early.years, 1)
        let cells = roleCount * bandCount * leafCount
        // Only the cohorts given (Y may be far longer than the horizon).
        var stock: [Int: [Double]] = [:]
        for (i, row) in early.stock.enumerated() {
            let p = path.key("stock").index(i)
            let a = leaf(row.area, p.key("area"))
            let r = role(row.role, p.key("role"))
            let b = band(row.ageBand, p.key("ageBand"))
            requireNonNegative(row.fte, p.key("fte"), "FTE")
            if row.yearsSinceEntry < 0 || row.yearsSinceEntry >= early.years {
                report(p.key("yearsSinceEntry"), "years since entry must be a whole number from 0 to \(max(early.years - 1, 0)) (got \(row.yearsSinceEntry))")
                continue
            }
            if let a, let r, let b, row.fte >= 0 {
                stock[row.yearsSinceEntry, default: Array(repeating: 0, count: cells)][(r * bandCount + b) * leafCount + a] += row.fte
            }
        }
        return .init(years: years, sources: sources, stock: stock.keys.sorted().map { ($0, stock[$0]!) })
    }

    /// Checks and lays out `reversion` and `agency` (docs/MODEL.md).
    /// I[g,t] / I[g,T0] for every group with a positive cost weight (v2's
    /// `demand.obr.populationIndex`), `[group][yearIndex]`; 1 for the other groups.
    private mutating func compilePopulationIndex(_ rows: [ModelInput.PopulationIndexRow], _ path: FieldPath, groups: [AgeGroup], weights: [Double], yearCount: Int) -> [Double] {
        let t0 = input.baseYear
        var index = [Double?](repeating: nil, count: groups.count * yearCount)
        for (i, row) in rows.enumerated() {
            let p = path.index(i)
            if !(row.index > 0) || !row.index.isFinite {
                report(p.key("index"), "a population index must be greater than 0 (got \(describeValue(row.index)))")
            }
            guard let g = group(row.ageGroup, p.key("ageGroup")) else { continue }
            let t = row.year - t0
            guard t >= 0, t < yearCount else { continue }
            if index[g * yearCount + t] != nil {
                report(p.key("year"), "repeated population index for age group \(describeValue(row.ageGroup.rawValue)) in \(row.year)")
            }
            index[g * yearCount + t] = row.index
        }
        var ratio = [Double](repeating: 1, count: groups.count * yearCount)
        for g in groups.indices where weights[g] > 0 {
            let missing = (0..<yearCount).filter { index[g * yearCount + $0] == nil }
            if !missing.isEmpty {
                report(path, "missing population index for age group \(describeValue(groups[g].rawValue)), \(Self.describeYears(missing.map { t0 + $0 }))")
                continue
            }
            let base = index[g * yearCount]!
            for t in 0..<yearCount { ratio[g * yearCount + t] = index[g * yearCount + t]! / base }
        }
        return ratio
    }

    private mutating func compileVersion2(root: FieldPath, yearCount: Int, leafCount: Int, roleCount: Int, areaMultiplier: [Double]) -> Version2 {
        var out = Version2()
        let t0 = input.baseYear
        /// Per-leaf multipliers of a list (default 1), each area once; targets must be above 0.
        func leafMultipliers(_ rows: [ModelInput.AreaMultiplier], _ path: FieldPath, positive: Bool) -> [Double] {
            leafValues(rows.map { ($0.area, $0.multiplier) }, path, valueKey: "multiplier", fallback: 1, leafCount: leafCount, what: "multiplier") {
                if positive {
                    if !($1 > 0) || !$1.isFinite { $0.report($2, "a target multiplier must be greater than 0 (got \(describeValue($1)))") }
                } else {
                    $0.requireNonNegative($1, $2, "a multiplier")
                }
            }
        }

        if let reversion = input.reversion {
            let path = root.key("reversion")
            if !(reversion.halfLife > 0) || !reversion.halfLife.isFinite {
                report(path.key("halfLife"), "a half-life must be a number of years greater than 0 (got \(describeValue(reversion.halfLife)))")
            }
            let targets = leafMultipliers(reversion.leaverMultiplierTargets, path.key("leaverMultiplierTargets"), positive: true)
            if reversion.halfLife > 0 {
                out.reversionWeight = (0..<yearCount).map { t in Double.pow(2, -Double(t) / reversion.halfLife) }
                out.leaverReversionFactor = Array(repeating: 1, count: yearCount * leafCount)
                for t in 0..<yearCount {
                    let w = out.reversionWeight[t]
                    for a in 0..<leafCount where areaMultiplier[a] > 0 {
                        // m^w τ^(1−w) / m = (τ/m)^(1−w).
                        out.leaverReversionFactor[t * leafCount + a] = Double.pow(targets[a] / areaMultiplier[a], 1 - w)
                    }
                }
            }
        }

        guard let agency = input.agency else { return out }
        let path = root.key("agency")
        var stock = Array(repeating: 0.0, count: roleCount * leafCount)
        for (i, row) in agency.stock.enumerated() {
            func p() -> FieldPath { path.key("stock").index(i) }
            let a = leaf(row.area, p().key("area"))
            let r = role(row.role, p().key("role"))
            requireNonNegative(row.fte, p().key("fte"), "FTE")
            if let a, let r, row.fte >= 0 { stock[r * leafCount + a] += row.fte }
        }
        requireUnitInterval(agency.moveShare, path.key("moveShare"), "moveShare")
        requireUnitInterval(agency.outflowRate, path.key("outflowRate"), "outflowRate")
        requireUnitInterval(agency.conversionShare, path.key("conversionShare"), "conversionShare")
        let moveMultipliers = leafMultipliers(agency.areaMoveShareMultipliers, path.key("areaMoveShareMultipliers"), positive: false)
        checkPathYears(agency.moveSharePath, path.key("moveSharePath"))
        checkPathYears(agency.outflowPath, path.key("outflowPath"))
        let bands = distribution(agency.ageDistribution, path.key("ageDistribution"), what: "an age distribution", resolve: { $0.band($1, $2) })
        let movePath = PiecewiseLinearPath(agency.moveSharePath)
        let outflowPath = PiecewiseLinearPath(agency.outflowPath)
        var moveRate = Array(repeating: 0.0, count: yearCount * leafCount)
        for t in 0..<yearCount {
            let mu = movePath.factor(at: t0 + t)
            for a in 0..<leafCount { moveRate[t * leafCount + a] = min(1, agency.moveShare * moveMultipliers[a] * mu) }
        }
        let outflow = (0..<yearCount).map { min(1, agency.outflowRate * outflowPath.factor(at: t0 + $0)) }

        var entrants: [Double] = []
        var keys = Set<[String]>()
        for (i, source) in agency.entrants.enumerated() {
            let p = path.key("entrants").index(i)
            if !keys.insert([source.source, source.role.rawValue]).inserted {
                report(p.key("source"), "repeated agency entrants source \(describeValue(source.source)) for role \(describeValue(source.role.rawValue))")
            }
            let r = role(source.role, p.key("role"))
            requireNonNegative(source.base, p.key("base"), "a base")
            requireFinite(source.growth, p.key("growth"), "growth")
            var shares = Array(repeating: 0.0, count: leafCount)
            if let given = source.areaShare {
                for (a, value) in distribution(given, p.key("areaShare"), what: "area shares", resolve: { $0.leaf($1, $2) }) { shares[a] = value }
            } else if let r {
                var national = 0.0
                for a in 0..<leafCount { national += stock[r * leafCount + a] }
                for a in 0..<leafCount { shares[a] = national == 0 ? 1 / Double(leafCount) : stock[r * leafCount + a] / national }
            }
            guard let r else { continue }
            if entrants.isEmpty { entrants = Array(repeating: 0, count: yearCount * roleCount * leafCount) }
            let fteRatio = input.roles[r].fteRatio
            for t in 1..<max(yearCount, 1) {
                let fte = source.base * power(1 + source.growth, t) * fteRatio
                for a in 0..<leafCount { entrants[(t * roleCount + r) * leafCount + a] += fte * shares[a] }
            }
        }
        out.agency = .init(
            stock: stock, moveRate: moveRate, outflowRate: outflow, conversionShare: agency.conversionShare,
            bands: bands.map(\.0), bandShares: bands.map(\.1), entrants: entrants)
        return out
    }

    /// `[leaf][row]` → `[row][leaf]`, the engine's layout, so that inner loops run over leaves.
    static func leafInner(_ values: [Double], leaves: Int, rows: Int) -> [Double] {
        var out = Array(repeating: 0.0, count: values.count)
        for leaf in 0..<leaves {
            for row in 0..<rows { out[row * leaves + leaf] = values[leaf * rows + row] }
        }
        return out
    }

    /// "years 2030–2044" or "years 2030, 2032".
    static func describeYears(_ years: [Int]) -> String {
        var runs: [String] = []
        var start = years[0]
        var previous = years[0]
        for year in years.dropFirst() + [Int.min] {
            if year == previous + 1 { previous = year; continue }
            runs.append(start == previous ? "\(start)" : "\(start)–\(previous)")
            start = year
            previous = year
        }
        return (years.count == 1 ? "year " : "years ") + runs.joined(separator: ", ")
    }
}
