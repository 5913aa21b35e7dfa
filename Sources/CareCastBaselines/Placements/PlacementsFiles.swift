import CareCastFormats
import CareCastModel
import CareCastReturns

/// The placements files of the bundle (SOURCES.md, placements section) and how each is
/// checked. Every reader takes the edition's base year: a row after it is an error.
public enum PlacementsFiles {
    public static let childrensHomes = "tidy/ofsted_childrens_homes_by_la.csv"
    public static let placementTypes = "tidy/cla_by_placement_type_by_la.csv"
    public static let outOfArea = "tidy/cla_placed_in_childrens_homes_by_la.csv"
    public static let fostering = "tidy/fostering_by_la.csv"
    public static let fosteringNational = "tidy/fostering_national_published.csv"
    public static let homesWorkforce = "tidy/childrens_homes_workforce_national.csv"
    /// Ofsted's national providers and places (tables 6a/6b): the time series, then each later
    /// release's year (`ofsted_providers_places_national_YYYY.csv`), read in that order.
    public static let providersPlaces = "tidy/ofsted_childrens_social_care_providers_places.csv"
    public static let providersPlacesPrefix = "tidy/ofsted_providers_places_national_"

    static let levels: [String: GeographicLevel] = ["National": .national, "Regional": .regional, "Local authority": .localAuthority]

    // MARK: Ofsted children's homes by authority

    public enum HomeProvision: String, Sendable, CaseIterable {
        case childrensHome = "Children's Homes"
        case secure = "Secure Children's Homes"
        case residentialSpecialSchool = "Residential special school (registered as a children's home)"
    }

    static let homesRules = PublishedTableRules(
        columns: ["year", "date", "geographic_level", "new_la_code", "old_la_code", "la_name", "region_name", "provision_type", "sector", "basis", "measure", "value", "unit"],
        closedSets: [
            "geographic_level": ["Local authority"],
            "provision_type": HomeProvision.allCases.map(\.rawValue),
            "sector": ["Private", "Local Authority", "Voluntary", "Health Authority", "Academy"],
            "basis": ["all_active", "inspected_only"],
            "measure": ["homes", "places"],
            "unit": ["providers", "registered places"],
        ],
        levelColumn: "geographic_level", levels: levels, codeColumn: "new_la_code", oldCodeColumn: "old_la_code", nameColumn: "la_name",
        symbols: { _, field in field("measure") == "places" ? ["x": "not available (that year's list has no places column)"] : [:] },
        key: ["year", "basis", "new_la_code", "provision_type", "sector", "measure"]
    )

    /// Ofsted's children's homes and places by the authority where the home is. Each homes row
    /// must have its places row, at least one home and at least as many places as homes.
    public static func readChildrensHomes(_ path: String, through year: Int) throws(DataFileError) -> PublishedTable {
        let table = try PublishedTable.read(path, rules: homesRules, through: year)
        var pairs: [[String]: (homes: PublishedRow?, places: PublishedRow?)] = [:]
        for row in table.rows {
            let key = ["year", "basis", "new_la_code", "provision_type", "sector"].map { table.field(row, $0) }
            if table.field(row, "measure") == "homes" { pairs[key, default: (nil, nil)].homes = row } else { pairs[key, default: (nil, nil)].places = row }
        }
        var problems: [DataProblem] = []
        let valueColumn = table.column("value")! + 1
        for (key, pair) in pairs {
            guard let homes = pair.homes else {
                problems.append(DataProblem(line: pair.places!.line, column: valueColumn, field: "measure", message: "places with no homes row for (\(key.joined(separator: ", ")))"))
                continue
            }
            guard let places = pair.places else {
                problems.append(DataProblem(line: homes.line, column: valueColumn, field: "measure", message: "homes with no places row for (\(key.joined(separator: ", ")))"))
                continue
            }
            if let h = homes.value.number, h < 1 {
                problems.append(DataProblem(line: homes.line, column: valueColumn, field: "value", message: "a listed authority has at least one home of the kind; got \(describeValue(h))"))
            }
            if let h = homes.value.number, let p = places.value.number, p < h {
                problems.append(DataProblem(line: places.line, column: valueColumn, field: "value", message: "\(describeValue(p)) places for \(describeValue(h)) homes: every home has at least one place"))
            }
        }
        guard problems.isEmpty else { throw .badData(file: path, problems.sorted { $0.line < $1.line }) }
        return table
    }

    // MARK: Looked-after children by placement type

    public static let preSchemeName = "pre-2020 (SFR underlying data)"
    public static let currentSchemeName = "2021+ (EES la_cla_on_31_march_by_characteristics)"
    /// The placement types of the scheme DfE has used since 2021 (and for 2020's percentages).
    public static let currentTypes = [
        "Foster placements", "Placed for adoption", "Placed with parents or other person with parental responsibility",
        "Secure homes and children's homes", "Independent and semi-independent living arrangements/supported accommodation",
        "Residential schools", "Other residential settings", "Other placements", "Total",
    ]
    /// The placement types of the scheme before 2020: children's homes are combined with secure
    /// units and semi-independent living, so the two schemes are never joined.
    public static let preTypes = [
        "Foster placements", "Placed for adoption", "Placed with parents", "Secure units, children's homes and semi-independent living accommodation",
        "Other placements in the community", "Residential schools", "Other residential settings", "Other placements",
        "Missing (absent from placement)", "Total",
    ]

    /// The placement types with the same meaning in both schemes.
    public static let sameInBothSchemes: Set<String> = ["Foster placements", "Total"]

    static let placementRules = PublishedTableRules(
        columns: ["year", "date", "geographic_level", "new_la_code", "old_la_code", "la_name", "region_or_country", "category_scheme", "placement_type", "measure", "value", "unit"],
        closedSets: [
            "category_scheme": [preSchemeName, currentSchemeName],
            "placement_type": Array(Set(currentTypes + preTypes)).sorted(),
            "measure": ["cla_at_31_march", "pct_of_cla_at_31_march"],
            "unit": ["children", "percent"],
        ],
        levelColumn: "geographic_level", levels: levels, codeColumn: "new_la_code", oldCodeColumn: "old_la_code", nameColumn: "la_name",
        symbols: { year, field in
            if field("category_scheme") == preSchemeName {
                return year <= 2018 ? ["x": "suppressed (DfE's pre-2019 files)"] : ["c": "suppressed"]
            }
            var symbols = ["c": "suppressed", "z": "not applicable (no such authority, or no children)", "-": "not available (LAIT)"]
            if field("measure") == "pct_of_cla_at_31_march" { symbols["k"] = "rounds to 0" }
            return symbols
        },
        percent: { $0("measure") == "pct_of_cla_at_31_march" },
        key: ["year", "geographic_level", "new_la_code", "region_or_country", "category_scheme", "placement_type", "measure"]
    )

    /// DfE's looked-after children by placement type. A placement type must belong to its row's
    /// scheme, the pre-2020 scheme holds only years before 2020, and the current scheme's
    /// counts start in 2021 (2020 is percentages only).
    public static func readPlacementTypes(_ path: String, through year: Int) throws(DataFileError) -> PublishedTable {
        let table = try PublishedTable.read(path, rules: placementRules, through: year)
        var problems: [DataProblem] = []
        let typeColumn = table.column("placement_type")! + 1, schemeColumn = table.column("category_scheme")! + 1
        for row in table.rows {
            let scheme = table.field(row, "category_scheme"), type = table.field(row, "placement_type")
            let pre = scheme == preSchemeName
            if !(pre ? preTypes : currentTypes).contains(type) {
                problems.append(DataProblem(line: row.line, column: typeColumn, field: "placement_type", message: "\"\(type)\" belongs to the \(pre ? "2021+" : "pre-2020") scheme, not to \"\(scheme)\""))
            }
            if pre && row.year >= 2020 {
                problems.append(DataProblem(line: row.line, column: schemeColumn, field: "category_scheme", message: "the pre-2020 scheme ended with 2019; got year \(row.year)"))
            }
            if !pre && row.year < 2020 {
                problems.append(DataProblem(line: row.line, column: schemeColumn, field: "category_scheme", message: "the 2021+ scheme starts with 2020's percentages; got year \(row.year)"))
            }
        }
        guard problems.isEmpty else { throw .badData(file: path, problems) }
        return table
    }

    // MARK: Children in children's homes placed outside their authority (DfE FOI)

    public static let placedOutside = "cla_in_childrens_homes_placed_outside_la"
    public static let percentPlacedOutside = "pct_cla_in_childrens_homes_placed_outside_la"
    public static let netGain = "net_gain_cla_in_childrens_homes"

    static let outOfAreaRules = PublishedTableRules(
        columns: ["year", "date", "geographic_level", "new_la_code", "old_la_code", "la_name", "region_code", "region_name", "measure", "value", "unit"],
        closedSets: ["measure": [placedOutside, percentPlacedOutside, netGain]],
        levelColumn: "geographic_level", levels: levels, codeColumn: "new_la_code", oldCodeColumn: "old_la_code", nameColumn: "la_name",
        symbols: { _, _ in ["c": "suppressed", "z": "not applicable (no such authority that year)"] },
        signed: { $0("measure") == netGain },
        percent: { $0("measure") == percentPlacedOutside },
        key: ["year", "geographic_level", "new_la_code", "region_code", "measure"]
    )

    public static func readOutOfArea(_ path: String, through year: Int) throws(DataFileError) -> PublishedTable {
        try PublishedTable.read(path, rules: outOfAreaRules, through: year)
    }

    // MARK: Ofsted fostering data

    public static let fosteringSectors = [
        "All fostering services (local authority and IFA)", "Local authority fostering services (all LAs)", "Independent fostering agencies (all)",
        "Local authority fostering service", "Local authority fostering services in the region (see notes)", "Local authority fostering services in the region",
    ]

    static let fosteringRules = PublishedTableRules(
        columns: ["year", "date", "period", "geographic_level", "new_la_code", "old_la_code", "area_name", "sector", "topic", "sub_topic", "measure", "value", "unit", "source"],
        closedSets: [
            "sector": fosteringSectors,
            "topic": ["Children and Young People", "Foster carers (at 31 March)", "Fostering households", "Places", "Recruitment and Retention"],
        ],
        levelColumn: "geographic_level", levels: levels, codeColumn: "new_la_code", oldCodeColumn: "old_la_code", nameColumn: "area_name",
        symbols: { _, field in
            var symbols = ["..": "absent (not returned)", "-": "not available (LAIT)"]
            // The trend sheet leaves some cells of early years empty.
            if field("source").contains("Trend Data") { symbols[""] = "blank in the published trend sheet" }
            return symbols
        },
        key: ["year", "geographic_level", "new_la_code", "area_name", "sector", "topic", "sub_topic", "measure"],
        // England 2018 is in both sheets of the 2017-18 dataset; where they differ the LA sheet
        // (the fuller table) is kept.
        preferOnConflict: { first, second in
            let firstLA = first("source").contains("[sheet LA Data"), secondLA = second("source").contains("[sheet LA Data")
            return firstLA == secondLA ? nil : firstLA
        }
    )

    public static func readFostering(_ path: String, through year: Int) throws(DataFileError) -> PublishedTable {
        try PublishedTable.read(path, rules: fosteringRules, through: year)
    }

    /// England's figure for all fostering services (LA and IFA) in Ofsted's fostering dataset:
    /// the first national row of `year` whose measure `matches`.
    public static func englandFostering(_ fostering: PublishedTable, year: Int, _ matches: (String) -> Bool) -> Double? {
        fostering.rows(year: year, level: .national).first {
            fostering.field($0, "sector").hasPrefix("All fostering services") && matches(fostering.field($0, "measure"))
        }?.value.number
    }

    static let fosteringNationalRules = PublishedTableRules(
        columns: ["year", "date", "geography_name", "sector", "measure", "value", "unit", "source", "source_type"],
        closedSets: ["geography_name": ["England"]],
        signed: { $0("measure").contains("net_change") },
        whole: { $0("unit") != "percent" },
        percent: { $0("unit") == "percent" },
        key: ["year", "measure"]
    )

    /// England's fostering headline figures, official and secondary (each row says which).
    public static func readFosteringNational(_ path: String, through year: Int) throws(DataFileError) -> PublishedTable {
        try PublishedTable.read(path, rules: fosteringNationalRules, through: year)
    }

    static let workforceRules = PublishedTableRules(
        columns: ["year", "reference_period", "geography_name", "measure", "value", "unit", "source", "source_type"],
        closedSets: ["geography_name": ["England"]],
        dateColumn: nil,
        whole: { _ in false },
        percent: { $0("unit").hasPrefix("percent") },
        words: { field in ["words", "range", "approximate"].contains { field("unit").contains($0) } },
        key: ["year", "reference_period", "measure"]
    )

    /// Every national children's homes workforce figure found; figures published as words or a
    /// range are kept as published (a symbol), never read as numbers.
    public static func readHomesWorkforce(_ path: String, through year: Int) throws(DataFileError) -> PublishedTable {
        try PublishedTable.read(path, rules: workforceRules, through: year)
    }

    static let providersRules = PublishedTableRules(
        columns: ["date", "year", "geography_name", "provision_type", "measure", "value", "unit"],
        closedSets: ["geography_name": ["England"], "measure": ["providers", "registered_places"], "unit": ["providers", "places", "registered places"]],
        symbols: { _, _ in ["-": "no such provider that year"] },
        key: ["year", "provision_type", "measure"]
    )

    public static func readProvidersPlaces(_ path: String, through year: Int) throws(DataFileError) -> PublishedTable {
        try PublishedTable.read(path, rules: providersRules, through: year)
    }
}
