import CareCastModel

/// The geographic columns of DfE's EES layout for an area of a projection, as `carecast simulate`
/// and the explorer write them: national, regional (with the region's code and name) or local
/// authority (with its region's), England as the country.
public enum EESGeography {
    /// `geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name`.
    public static func columns(_ areas: [Projection.AreaInfo], _ a: Int) -> String {
        let area = areas[a]
        switch area.level {
        case "national": return "National,E92000001,England,,,,,"
        case "region": return "Regional,E92000001,England,\(area.code.rawValue),\(quote(area.name)),,,"
        default:
            let region = area.parent.map { areas[$0] }
            return "Local authority,E92000001,England,\(region?.code.rawValue ?? ""),\(quote(region?.name ?? "")),,\(quote(area.code.rawValue)),\(quote(area.name))"
        }
    }

    /// A CSV field, quoted where it holds a comma or a quote.
    public static func quote(_ t: String) -> String { t.contains(",") || t.contains("\"") ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t }
}
