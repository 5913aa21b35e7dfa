import CareCastFormats
import CareCastReturns
import Foundation

/// The share of looked-after children in one kind of placement over the years, and how far its
/// trend is carried into the projection: a log-linear slope fitted to every year up to the base
/// year, damped by φ (φ = 0 holds today's share, φ = 1 carries the slope for good). The test
/// beside it fits the same slope at earlier origins and scores each φ on the years that followed.
public struct PlacementShareTrend: Sendable {
    public var years: [Int]
    public var shares: [Double]
    /// The yearly log slope fitted to all the years.
    public var slope: Double
    /// The damping used.
    public var damping: Double
    /// For each candidate φ: the mean absolute log error of the share 3 and 5 years ahead from
    /// earlier origins, and the number of forecasts scored.
    public var test: [(damping: Double, error: Double, cases: Int)]

    public static let candidates = [0, 0.5, 0.8, 1.0]
    public static let testHorizons = [3, 5]

    /// share(T0 + t) / share(T0).
    public func factor(_ t: Int) -> Double {
        Foundation.exp(slope * Self.cumulative(damping, t))
    }

    /// Σ_{k=1…t} φ^k.
    static func cumulative(_ phi: Double, _ t: Int) -> Double {
        guard t > 0 else { return 0 }
        var total = 0.0, power = 1.0
        for _ in 1...t {
            power *= phi
            total += power
        }
        return total
    }

    /// Least-squares slope of log share on year.
    static func slope(_ years: [Int], _ shares: [Double]) -> Double {
        let points = zip(years, shares).filter { $0.1 > 0 }
        guard points.count >= 2 else { return 0 }
        let n = Double(points.count)
        let mx = points.reduce(0.0) { $0 + Double($1.0) } / n, my = points.reduce(0.0) { $0 + Foundation.log($1.1) } / n
        var sxy = 0.0, sxx = 0.0
        for (x, y) in points {
            sxy += (Double(x) - mx) * (Foundation.log(y) - my)
            sxx += (Double(x) - mx) * (Double(x) - mx)
        }
        return sxx > 0 ? sxy / sxx : 0
    }

    /// The trend of a share series (years ascending, up to the base year), with `damping` used
    /// and every candidate tested on origins with at least four years behind them.
    public static func estimate(years: [Int], shares: [Double], damping: Double) -> PlacementShareTrend {
        var test: [(damping: Double, error: Double, cases: Int)] = []
        for phi in candidates {
            var total = 0.0, cases = 0
            for (i, origin) in years.enumerated() where i >= 3 {
                let fitYears = Array(years[0...i]), fitShares = Array(shares[0...i])
                let b = slope(fitYears, fitShares)
                for h in testHorizons {
                    guard let j = years.firstIndex(of: origin + h), shares[j] > 0, shares[i] > 0 else { continue }
                    let predicted = shares[i] * Foundation.exp(b * cumulative(phi, h))
                    total += abs(Foundation.log(predicted / shares[j]))
                    cases += 1
                }
            }
            test.append((phi, cases > 0 ? total / Double(cases) : .nan, cases))
        }
        return PlacementShareTrend(years: years, shares: shares, slope: slope(years, shares), damping: damping, test: test)
    }
}
