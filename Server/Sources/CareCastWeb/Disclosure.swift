import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastStore
import Foundation
import Vapor

/// A published row: counts for England, a region or an authority after statistical
/// disclosure control.
struct PublishedRow: Content, Equatable {
    var level: String
    var code: String
    var name: String
    var inPostFTE: Double?
    var inPostHeadcount: Int?
    var startersHeadcount: Int?
    var leaversHeadcount: Int?
    var agencyFTE: Double?
    var vacancyFTE: Double?
    var caseload: Double?
    /// Which figures were suppressed, and why.
    var suppressed: [String]
}

/// Statistical disclosure control, as official statistics apply it: headcounts below the
/// threshold are suppressed (with the FTE and caseload that could reveal them), FTE is rounded
/// to one decimal place, and a region is shown only when it has at least two returns (so no
/// single authority's figures can be read off it). No worker-level item is ever published.
enum Disclosure {
    static let threshold = 5

    static func publish(_ accepted: [(Organisation, ReturnVersion)]) -> [PublishedRow] {
        var rows: [PublishedRow] = []
        var england = CensusAggregate(year: 0, lea: "")
        var regions: [String: (CensusAggregate, Int)] = [:]
        var authorities: [PublishedRow] = []
        for (o, r) in accepted {
            guard let a = r.aggregate else { continue }
            england.add(a)
            if let region = o.region {
                var entry = regions[region] ?? (CensusAggregate(year: 0, lea: ""), 0)
                entry.0.add(a)
                entry.1 += 1
                regions[region] = entry
            }
            authorities.append(row(level: "Local authority", code: o.onsCodes.joined(separator: "/"), name: o.name, a))
        }
        guard !accepted.isEmpty else { return [] }
        rows.append(row(level: "National", code: "E92000001", name: "England (returns received: \(accepted.count))", england))
        for (name, (a, count)) in regions.sorted(by: { $0.key < $1.key }) where count >= 2 {
            rows.append(row(level: "Regional", code: "", name: "\(name) (returns received: \(count))", a))
        }
        return rows + authorities
    }

    static func row(level: String, code: String, name: String, _ a: CensusAggregate) -> PublishedRow {
        var suppressed: [String] = []
        func count(_ n: Int, _ label: String) -> Int? {
            if n > 0 && n < threshold { suppressed.append("\(label): fewer than \(threshold)"); return nil }
            return n
        }
        func fte(_ x: Double) -> Double { (x * 10).rounded() / 10 }
        let headcount = count(a.inPost.headcount, "inPostHeadcount")
        return PublishedRow(level: level, code: code, name: name,
                            inPostFTE: headcount == nil ? nil : fte(a.inPost.fte), inPostHeadcount: headcount,
                            startersHeadcount: count(a.starters.headcount, "startersHeadcount"),
                            leaversHeadcount: count(a.leavers.headcount, "leaversHeadcount"),
                            agencyFTE: fte(a.agency.fte), vacancyFTE: fte(a.vacancyFTE),
                            caseload: headcount == nil ? nil : a.caseload.map(fte), suppressed: suppressed)
    }
}
