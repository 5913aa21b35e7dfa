import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel

/// The readable table of a projection: for each aggregate area and role, FTE in post,
/// required (both methods) and the gap at the reporting horizons, then the training answers.
public struct SummaryTable: Sendable {
    /// An area as the summary names it.
    public struct AreaLabel: Sendable, Equatable {
        public var code: AreaCode
        public var name: String
        public var isLeaf: Bool
        public var isRoot: Bool

        public init(code: AreaCode, name: String, isLeaf: Bool, isRoot: Bool) {
            self.code = code
            self.name = name
            self.isLeaf = isLeaf
            self.isRoot = isRoot
        }
    }

    public var document: ResultDocument
    /// `nil` when the hierarchy is unknown: every area in the result is then shown.
    public var areas: [AreaLabel]?
    public var roleNames: [RoleID: String]
    public var pipelineRoles: [PipelineID: RoleID]

    public init(document: ResultDocument, areas: [AreaLabel]? = nil, roleNames: [RoleID: String] = [:], pipelineRoles: [PipelineID: RoleID] = [:]) {
        self.document = document
        self.areas = areas
        self.roleNames = roleNames
        self.pipelineRoles = pipelineRoles
    }

    /// The summary of a result computed here, with its areas' names and hierarchy.
    public init(result: ProjectionResult, pipelineRoles: [PipelineID: RoleID] = [:]) {
        self.init(
            document: ResultDocument(result),
            areas: result.areas.map { AreaLabel(code: $0.code, name: $0.name, isLeaf: $0.isLeaf, isRoot: $0.parent == nil) },
            roleNames: Dictionary(result.roles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
            pipelineRoles: pipelineRoles)
    }

    /// Labels from a model input (for `carecast summary RESULT --input INPUT`).
    public static func labels(from input: ModelInput) -> (areas: [AreaLabel], roleNames: [RoleID: String], pipelineRoles: [PipelineID: RoleID]) {
        let parents = Set(input.areas.compactMap(\.parent))
        let areas = input.areas.map { AreaLabel(code: $0.code, name: $0.name, isLeaf: !parents.contains($0.code), isRoot: $0.parent == nil) }
        let roles = Dictionary(input.roles.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let pipelines = Dictionary(input.pipelines.map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        return (areas, roles, pipelines)
    }

    private struct Figures {
        var fte = 0.0
        var required = 0.0
        var requiredObr: Double?
        var gap: Double { required - fte }
    }

    public func render() -> String {
        let baseYear = document.baseYear
        let lastYear = document.years.last ?? baseYear
        let horizons = [0] + ModelInput.reportingHorizons
        let years = horizons.map { baseYear + $0 }.filter { $0 <= lastYear }
        let hasOBR = document.rows.contains { $0.requiredObr != nil }

        var byKey: [String: Figures] = [:]
        var areaOrder: [AreaCode] = []
        var roleOrder: [RoleID] = []
        var seenAreas = Set<AreaCode>()
        var seenRoles = Set<RoleID>()
        for row in document.rows {
            if seenAreas.insert(row.area).inserted { areaOrder.append(row.area) }
            if seenRoles.insert(row.role).inserted { roleOrder.append(row.role) }
            byKey[Self.key(row.area.rawValue, row.role, row.year)] = Figures(fte: row.fte, required: row.required, requiredObr: row.requiredObr)
        }

        // Which blocks to show: aggregates (and a national total when there are several roots),
        // or every area when the hierarchy is unknown.
        var blocks: [(title: String, figures: (RoleID, Int) -> Figures?)] = []
        if let areas {
            let roots = areas.filter(\.isRoot)
            let leaves = areas.filter(\.isLeaf)
            if roots.count != 1 || leaves.count == areas.count {
                blocks.append((title: "National (sum of \(leaves.count) leaf areas)", figures: { role, year in
                    var total = Figures(requiredObr: hasOBR ? 0 : nil)
                    for leaf in leaves {
                        guard let f = byKey[Self.key(leaf.code.rawValue, role, year)] else { continue }
                        total.fte += f.fte
                        total.required += f.required
                        if let obr = f.requiredObr { total.requiredObr = (total.requiredObr ?? 0) + obr }
                    }
                    return total
                }))
            }
            for area in areas where !area.isLeaf {
                blocks.append((title: "\(area.name) (\(area.code))", figures: { role, year in byKey[Self.key(area.code.rawValue, role, year)] }))
            }
        } else {
            for code in areaOrder {
                blocks.append((title: code.rawValue, figures: { role, year in byKey[Self.key(code.rawValue, role, year)] }))
            }
        }

        var out = "CareCast projection: base year \(baseYear), projected to \(lastYear). FTE; gap = required − in post.\n"
        if areas == nil {
            out += "(Area hierarchy unknown: every area is listed. Pass --input with the model input to show aggregates only.)\n"
        }
        var header = ["Role", "Year", "In post", "Required"]
        if hasOBR { header.append("Required (OBR)") }
        header.append("Gap")
        if hasOBR { header.append("Gap (OBR)") }
        for block in blocks {
            var table: [[String]] = [header]
            for role in roleOrder {
                var labelled = false
                for year in years {
                    guard let f = block.figures(role, year) else { continue }
                    let label = labelled ? "" : (roleNames[role] ?? role.rawValue)
                    labelled = true
                    var cells = [label, year == baseYear ? "\(year)" : "\(year) (+\(year - baseYear))", NumberFormat.grouped(f.fte), NumberFormat.grouped(f.required)]
                    if hasOBR { cells.append(f.requiredObr.map { NumberFormat.grouped($0) } ?? "") }
                    cells.append(NumberFormat.grouped(f.gap))
                    if hasOBR { cells.append(f.requiredObr.map { NumberFormat.grouped($0 - f.fte) } ?? "") }
                    table.append(cells)
                }
            }
            out += "\n" + block.title + "\n" + Self.align(table)
        }

        out += "\nAre we training enough? Extra annual intake each pipeline alone would need to close its role's national gap.\n"
        if document.trainingSufficiency.isEmpty {
            out += "(No pipelines in the input.)\n"
        } else {
            var table: [[String]] = [["Pipeline", "Role", "Year", "National gap", "FTE per extra place", "Extra annual intake"]]
            for answer in document.trainingSufficiency {
                let role = pipelineRoles[answer.pipeline].map { roleNames[$0] ?? $0.rawValue } ?? ""
                let extra: String
                switch answer.extraAnnualIntake {
                case nil: extra = "none*"
                case 0?: extra = "0 (no gap)"
                case let value?: extra = NumberFormat.grouped(value)
                }
                table.append([
                    answer.pipeline.rawValue, role, "\(answer.year) (+\(answer.horizon))",
                    NumberFormat.grouped(answer.gap), NumberFormat.grouped(answer.ftePerExtraIntake, decimals: 3), extra,
                ])
            }
            out += Self.align(table)
            if document.trainingSufficiency.contains(where: { $0.extraAnnualIntake == nil }) {
                out += "\n* none: one more place a year adds no FTE by then (for example the course outlasts the horizon), so no intake through this pipeline alone closes the gap.\n"
            }
        }
        return out
    }

    private static func key(_ area: String, _ role: RoleID, _ year: Int) -> String {
        area + "\u{1F}" + role.rawValue + "\u{1F}" + String(year)
    }

    /// The table as text: columns padded to their widest cell, the columns in `left` (text)
    /// aligned left and the others (figures) right.
    public static func align(_ table: [[String]], left: Set<Int> = [0, 1]) -> String {
        let columns = table.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in table {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in table {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                line += left.contains(i) ? cell + pad : pad + cell
                if i < row.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
