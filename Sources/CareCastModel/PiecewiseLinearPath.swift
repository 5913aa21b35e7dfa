/// A factor over years: linear between points, flat before the first and after the last, 1
/// when there are no points (MODEL.md, "Paths").
public struct PiecewiseLinearPath: Sendable, Equatable {
    /// Points sorted by year; years are distinct.
    public let points: [ModelInput.PathPoint]

    /// `points` in any order; the caller has checked that years are distinct.
    public init(_ points: [ModelInput.PathPoint]) {
        self.points = points.sorted { $0.year < $1.year }
    }

    public func factor(at year: Int) -> Double {
        guard let first = points.first, let last = points.last else { return 1 }
        if year <= first.year { return first.factor }
        if year >= last.year { return last.factor }
        var upper = 1
        while points[upper].year < year { upper += 1 }
        let a = points[upper - 1]
        let b = points[upper]
        if b.year == year { return b.factor }
        let fraction = Double(year - a.year) / Double(b.year - a.year)
        return a.factor + (b.factor - a.factor) * fraction
    }
}

/// A pipeline's intake over years: the value of the latest point at or before a year, or the
/// earliest point's value before them all (MODEL.md, "Entrants").
public struct IntakeSchedule: Sendable, Equatable {
    public let points: [ModelInput.IntakePoint]

    /// `points` must not be empty; years are distinct.
    public init(_ points: [ModelInput.IntakePoint]) {
        self.points = points.sorted { $0.year < $1.year }
    }

    public func intake(in year: Int) -> Double {
        var value = points[0].value
        for point in points {
            if point.year <= year { value = point.value } else { break }
        }
        return value
    }
}

/// `base` raised to a whole power by repeated squaring (the model needs no Foundation).
@inlinable
func power(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    var factor = base
    var n = exponent.magnitude
    while n > 0 {
        if n & 1 == 1 { result *= factor }
        factor *= factor
        n >>= 1
    }
    return exponent < 0 ? 1 / result : result
}
