@testable import CareCastData
import CareCastModel
import Foundation
import Testing

/// Issue 15 points 2-4: the placements workforce as model inputs for the same engine.
@Suite("Placements baseline: children's homes and foster care")
struct PlacementsBaselineTests {
    static func build() throws -> (PlacementsBaseline, ModelInput) {
        let bundle = try EnglandBundle(directory: EnglandBundle.defaultDirectory())
        let social = try EnglandBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("assumptions.yaml"))).input
        let placements = try PlacementsBaseline.build(bundle, assumptions: try AssumptionSet.load(bundle.path("placements.yaml")), social: social)
        return (placements, social)
    }

    @Test("Both inputs are valid model inputs; the base year holds the published and derived stocks")
    func inputs() throws {
        let (p, _) = try Self.build()
        let homes = try Projection(p.childrensHomes).run()
        let foster = try Projection(try p.foster()).run()
        let f = p.figures
        print("homes figures", f)
        print("homes share test", p.homesShare.test, p.homesShare.slope, "foster", p.fosterShare.test, p.fosterShare.slope)
        for t in [2024, 2029, 2034, 2044] {
            print(t, ["registered_manager", "care_staff", "other_staff"].map { r in (r, homes.value(.fte, AreaCode("E92000001"), RoleID(r), year: t), homes.value(.required, AreaCode("E92000001"), RoleID(r), year: t)) })
            print(t, foster.value(.fte, AreaCode("E92000001"), RoleID("mainstream_households"), year: t), foster.value(.required, AreaCode("E92000001"), RoleID("mainstream_households"), year: t))
        }
        #expect(abs(f.staffCensus - 46_330) < 1e-9)
    }
}
