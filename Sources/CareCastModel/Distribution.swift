import RealModule

/// What is known of one uncertain assumption: a probability distribution, sampled through its
/// quantile function so that draws can be stratified (see ``LatinHypercube``).
public enum Distribution: Sendable, Equatable {
    case normal(mean: Double, sd: Double)
    /// The log is normal with this median (e^μ) and standard deviation σ.
    case lognormal(median: Double, sigma: Double)
    case triangular(low: Double, mode: Double, high: Double)
    case uniform(low: Double, high: Double)
    /// Named alternatives (such as a population projection's variants) with their
    /// probabilities, which sum to 1, in the order stated.
    case variants([Variant])

    public struct Variant: Sendable, Equatable {
        public var name: String
        public var probability: Double
        public init(name: String, probability: Double) {
            self.name = name
            self.probability = probability
        }
    }

    /// The name of the kind, as the assumptions file spells it.
    public var kind: String {
        switch self {
        case .normal: "normal"
        case .lognormal: "lognormal"
        case .triangular: "triangular"
        case .uniform: "uniform"
        case .variants: "variants"
        }
    }

    /// The u-quantile (0 < u < 1) of a numeric distribution; for variants, the index of the
    /// variant whose share of the unit interval holds u, as a number.
    public func quantile(_ u: Double) -> Double {
        let u = Swift.min(Swift.max(u, 0x1p-53), 1 - 0x1p-53)
        switch self {
        case .normal(let mean, let sd):
            return mean + sd * Self.standardNormalQuantile(u)
        case .lognormal(let median, let sigma):
            return median * Double.exp(sigma * Self.standardNormalQuantile(u))
        case .triangular(let low, let mode, let high):
            let split = (mode - low) / (high - low)
            return u < split
                ? low + Double.sqrt(u * (high - low) * (mode - low))
                : high - Double.sqrt((1 - u) * (high - low) * (high - mode))
        case .uniform(let low, let high):
            return low + u * (high - low)
        case .variants(let variants):
            return Double(Self.variantIndex(variants, u))
        }
    }

    /// The variant that u (0…1) falls in, by cumulative probability.
    static func variantIndex(_ variants: [Variant], _ u: Double) -> Int {
        var cumulative = 0.0
        for (i, v) in variants.enumerated() {
            cumulative += v.probability
            if u < cumulative { return i }
        }
        return variants.count - 1
    }

    /// The mean of a numeric distribution (for variants: nil).
    public var mean: Double? {
        switch self {
        case .normal(let mean, _): mean
        case .lognormal(let median, let sigma): median * Double.exp(sigma * sigma / 2)
        case .triangular(let low, let mode, let high): (low + mode + high) / 3
        case .uniform(let low, let high): (low + high) / 2
        case .variants: nil
        }
    }

    /// Φ⁻¹(p): Acklam's rational approximation, refined by one Halley step on the error
    /// function, which takes it to about machine precision.
    public static func standardNormalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = Double.sqrt(-2 * Double.log(p))
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = Double.sqrt(-2 * Double.log(1 - p))
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = 0.5 * Double.erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * Double.exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// Latin hypercube sampling: `count` points in the unit cube of `dimensions`, each dimension
/// cut into `count` equal strata with one point in each, strata paired across dimensions at
/// random. Every assumption's distribution is then covered evenly by few parameter sets.
/// Seeded, so the same seed gives the same points.
public enum LatinHypercube {
    /// `points[k][j]`: the u of dimension j in parameter set k, in (0, 1).
    public static func points(count: Int, dimensions: Int, seed: UInt64) -> [[Double]] {
        guard count > 0 else { return [] }
        var points = [[Double]](repeating: [Double](repeating: 0.5, count: dimensions), count: count)
        for j in 0..<dimensions {
            var mixer = SplitMix64(seed: seed ^ 0x5851_F42D_4C95_7F2D ^ (UInt64(truncatingIfNeeded: j) &* 0x9E37_79B9_7F4A_7C15))
            var rng = SplitMix64(seed: mixer.next())
            var strata = Array(0..<count)
            // Fisher–Yates.
            for i in stride(from: count - 1, to: 0, by: -1) {
                let k = Int(rng.next() % UInt64(i + 1))
                strata.swapAt(i, k)
            }
            for k in 0..<count {
                points[k][j] = (Double(strata[k]) + Swift.max(rng.unit(), 0x1p-53)) / Double(count)
            }
        }
        return points
    }
}
