import RealModule

/// Estimating rates from published series: recency-weighted national rates, and local rates
/// shrunk towards their region by how much each authority's own years can support (empirical
/// Bayes). Pure arithmetic on plain arrays; the England baseline feeds it the published series.
public enum FlowEstimation {
    /// The mean of `values` weighted by 0.5^((latest − year) / halfLife): a year `halfLife`
    /// years before the latest counts half as much. Nil for an empty series.
    public static func recencyWeightedMean(_ values: [(year: Int, value: Double)], halfLife: Double) -> Double? {
        guard let latest = values.map(\.year).max() else { return nil }
        var sum = 0.0
        var weights = 0.0
        for (year, value) in values {
            let w = Double.pow(0.5, Double(latest - year) / halfLife)
            sum += w * value
            weights += w
        }
        return sum / weights
    }

    /// The median of `values` (the mean of the middle two for an even count); 0 when empty.
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Shrinkage of each unit's mean deviation from its reference towards 0.
    public struct Shrinkage: Sendable, Equatable {
        /// Each unit's mean of its deviations (0 where it has none), and the weight its own
        /// mean gets: τ² / (τ² + σ² / n).
        public var means: [Double]
        public var weights: [Double]
        public var counts: [Int]
        /// σ²: the pooled variance of a unit's single years about its own mean.
        public var withinVariance: Double
        /// τ²: the variance of units' true means (between-unit variance less the part their
        /// years' noise explains; 0 if that is negative).
        public var betweenVariance: Double

        /// The shrunk deviation of unit `u`: its weight times its mean.
        public func shrunk(_ u: Int) -> Double { weights[u] * means[u] }
    }

    /// Empirical-Bayes shrinkage by the method of moments. `deviations[u]` holds unit u's
    /// yearly deviations from its reference (for example log of its leaver rate less log of its
    /// region's). σ² pools every unit's variance about its own mean (units with two or more
    /// years); τ² is the variance of the units' means about their average less the mean of
    /// σ² / n. A unit with no years gets weight 0.
    public static func shrink(_ deviations: [[Double]]) -> Shrinkage {
        let counts = deviations.map(\.count)
        let means = deviations.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Double($0.count) }
        var squares = 0.0
        var degrees = 0
        for (u, years) in deviations.enumerated() where years.count >= 2 {
            squares += years.reduce(0) { $0 + ($1 - means[u]) * ($1 - means[u]) }
            degrees += years.count - 1
        }
        let within = degrees > 0 ? squares / Double(degrees) : 0
        let observed = deviations.indices.filter { counts[$0] > 0 }
        var between = 0.0
        if observed.count >= 2 {
            let average = observed.reduce(0) { $0 + means[$1] } / Double(observed.count)
            let spread = observed.reduce(0) { $0 + (means[$1] - average) * (means[$1] - average) } / Double(observed.count - 1)
            let noise = observed.reduce(0) { $0 + within / Double(counts[$1]) } / Double(observed.count)
            between = max(0, spread - noise)
        }
        let weights = counts.map { n -> Double in
            guard n > 0 else { return 0 }
            let denominator = between + within / Double(n)
            return denominator > 0 ? between / denominator : 0
        }
        return Shrinkage(means: means, weights: weights, counts: counts, withinVariance: within, betweenVariance: between)
    }

    /// How long units' deviations from their reference persist: the correlation across units
    /// of a deviation in year y with the same unit's in year y + k, for each lag k with at
    /// least `minimumPairs` pairs and a positive correlation, and the half-life of the
    /// log-linear fit ln r(k) = a + b k (weighted by pairs): ln 2 / −b, where the fit falls
    /// (`nil` where it does not, or fewer than two lags qualify). Were each unit's deviation a
    /// persistent part decaying by ρ a year plus yearly noise, r(k) = c ρ^k: the noise sets c,
    /// the persistence sets the slope.
    public static func persistence(
        _ series: [[(year: Int, value: Double)]], maxLag: Int = 6, minimumPairs: Int = 30
    ) -> (halfLife: Double?, correlations: [(lag: Int, pairs: Int, r: Double)]) {
        var correlations: [(lag: Int, pairs: Int, r: Double)] = []
        let byYear = series.map { Dictionary($0.map { ($0.year, $0.value) }, uniquingKeysWith: { a, _ in a }) }
        for k in 1...max(1, maxLag) {
            var a: [Double] = []
            var b: [Double] = []
            for (u, unit) in series.enumerated() {
                for (year, value) in unit.sorted(by: { $0.year < $1.year }) {
                    if let later = byYear[u][year + k] { a.append(value); b.append(later) }
                }
            }
            guard a.count >= minimumPairs else { continue }
            let ma = a.reduce(0, +) / Double(a.count)
            let mb = b.reduce(0, +) / Double(b.count)
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in a.indices {
                sab += (a[i] - ma) * (b[i] - mb)
                saa += (a[i] - ma) * (a[i] - ma)
                sbb += (b[i] - mb) * (b[i] - mb)
            }
            guard saa > 0, sbb > 0 else { continue }
            correlations.append((k, a.count, sab / (saa * sbb).squareRoot()))
        }
        let usable = correlations.filter { $0.r > 0 }
        guard usable.count >= 2 else { return (nil, correlations) }
        let w = usable.reduce(0.0) { $0 + Double($1.pairs) }
        let mk = usable.reduce(0.0) { $0 + Double($1.pairs * $1.lag) } / w
        let ml = usable.reduce(0.0) { $0 + Double($1.pairs) * Double.log($1.r) } / w
        var sxy = 0.0, sxx = 0.0
        for c in usable {
            sxy += Double(c.pairs) * (Double(c.lag) - mk) * (Double.log(c.r) - ml)
            sxx += Double(c.pairs) * (Double(c.lag) - mk) * (Double(c.lag) - mk)
        }
        guard sxx > 0, sxy < 0 else { return (nil, correlations) }
        return (Double.log(2) / -(sxy / sxx), correlations)
    }
}
