import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastModel

/// A simulation's quantiles as open data in the EES layout.
public enum SimulationTable {
    public static let header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,role,measure,q05,q25,q50,q75,q95,draws,seed\n"

    /// One row per year, area, role (and all roles) and measure, in that order; quantiles to one
    /// decimal place as ``NumberText/fixedPublic(_:decimals:)`` writes them. Built as bytes: a
    /// 10,000-draw England run has 71,000 rows.
    public static func csv(_ s: SimulationSummary) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.years.count * s.areas.count * s.roles.count * SimulationSummary.Measure.allCases.count * 140)
        out.append(contentsOf: header.utf8)
        let roles = s.roles.map { Array(EESGeography.quote($0).utf8) }
        let measures = SimulationSummary.Measure.allCases.map { Array("\($0)".utf8) }
        let tail = Array(",\(s.draws),\(s.seed)\n".utf8)
        let geographies: [[UInt8]] = s.areas.indices.map { Array(EESGeography.columns(s.areas, $0).utf8) }
        for (t, year) in s.years.enumerated() {
            let start = Array("\(year),Reporting year,".utf8)
            for a in s.areas.indices {
                for r in roles.indices {
                    for (m, measure) in SimulationSummary.Measure.allCases.enumerated() {
                        out.append(contentsOf: start)
                        out.append(contentsOf: geographies[a])
                        out.append(UInt8(ascii: ","))
                        out.append(contentsOf: roles[r])
                        out.append(UInt8(ascii: ","))
                        out.append(contentsOf: measures[m])
                        for q in SimulationSummary.quantiles {
                            out.append(UInt8(ascii: ","))
                            appendFixed1(s.quantile(measure, area: a, role: r, yearIndex: t, q), to: &out)
                        }
                        out.append(contentsOf: tail)
                    }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` to one decimal place, exactly as `NumberText.fixedPublic(value, decimals: 1)`.
    static func appendFixed1(_ value: Double, to out: inout [UInt8]) {
        let scaled = (abs(value) * 10).rounded()
        let whole = Int(scaled / 10)
        let fraction = Int(scaled) - whole * 10
        if value < 0 && scaled != 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = whole
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(fraction))
    }
}
