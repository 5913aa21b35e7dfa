@testable import CareCastModel
import Testing

@Suite("Streamed quantiles: histograms counted through byte bins")
struct QuantileSketchTests {
    /// Values of `draws` draws of `cells` cells, draw after draw: cell c is centred on 100 c
    /// with a spread that grows with c; every 97th draw of cell 1 from the 80th is far outside
    /// the range a pilot of the first 64 draws sets.
    static func values(draws: Int, cells: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var out: [Double] = []
        out.reserveCapacity(draws * cells)
        for d in 0..<draws {
            for c in 0..<cells {
                var v = Double(100 * c) + Double(c + 1) * (rng.unit() * 2 - 1)
                if c == 1 && d % 97 == 80 { v = d % 2 == 0 ? -1e6 - Double(d) : 1e6 + Double(d) }
                out.append(v)
            }
        }
        return out
    }

    static func sketch(_ values: [Double], cells: Int, pilot: Int) -> QuantileSketch {
        QuantileSketch(pilot: Array(values[0..<(pilot * cells)]), cells: cells, bins: 64)
    }

    /// Each cell's counts by bin, counted one value at a time (the place in bins from the
    /// middle of the first, in single precision as the binner does, rounded to the nearest
    /// and clamped to the edge bins), and the exact extremes of the values outside its range.
    static func reference(_ sketch: QuantileSketch, _ values: [Double]) -> (counts: [UInt32], minimum: [Double], maximum: [Double]) {
        var counts = [UInt32](repeating: 0, count: sketch.cells * sketch.bins)
        var minimum = [Double](repeating: .infinity, count: sketch.cells), maximum = minimum.map { -$0 }
        for (i, v) in values.enumerated() {
            let c = i % sketch.cells
            let place = (Float(v) - sketch.origin[c]) * sketch.scale[c]
            let outside = place < -0.5 || place >= Float(sketch.bins) - 0.5
            let bin = place <= 0 ? 0 : place >= Float(sketch.bins - 1) ? sketch.bins - 1 : Int(place.rounded(.toNearestOrEven))
            #expect(bin == sketch.bin(of: v, cell: c))
            counts[c * sketch.bins + bin] += 1
            if outside {
                minimum[c] = min(minimum[c], v)
                maximum[c] = max(maximum[c], v)
            }
        }
        return (counts, minimum, maximum)
    }

    @Test("Counts and extremes are those of counting one value at a time, across batches and past 16-bit counts")
    func countsMatchReference() {
        let cells = 5, draws = 70_000
        let values = Self.values(draws: draws, cells: cells, seed: 3)
        let empty = Self.sketch(values, cells: cells, pilot: 64)
        var binner = Binner(empty, batch: 64)
        values.withUnsafeBufferPointer { all in
            for d in 0..<draws { binner.add(UnsafeBufferPointer(rebasing: all[(d * cells)..<((d + 1) * cells)])) }
        }
        let sketch = binner.finish()
        let expected = Self.reference(empty, values)
        #expect(sketch.draws == draws)
        #expect(sketch.counts == expected.counts)
        #expect(sketch.minimum == expected.minimum)
        #expect(sketch.maximum == expected.maximum)
        // The far values of cell 1 are its exact extremes, and its quantiles 0 and 1.
        #expect(sketch.quantile(1, 0) == expected.minimum[1] && expected.minimum[1] < -1e6)
        #expect(sketch.quantile(1, 1) == expected.maximum[1] && expected.maximum[1] > 1e6)
    }

    @Test("Merging the sketches of two binners gives the sketch of one binner over all the draws")
    func mergeIsOrderFree() {
        let cells = 7, draws = 3_001
        let values = Self.values(draws: draws, cells: cells, seed: 9)
        let empty = Self.sketch(values, cells: cells, pilot: 32)
        func binned(_ range: Range<Int>, batch: Int) -> QuantileSketch {
            var binner = Binner(empty, batch: batch)
            values.withUnsafeBufferPointer { all in
                for d in range { binner.add(UnsafeBufferPointer(rebasing: all[(d * cells)..<((d + 1) * cells)])) }
            }
            return binner.finish()
        }
        let whole = binned(0..<draws, batch: 16)
        var first = binned(0..<1_000, batch: 64), second = binned(1_000..<draws, batch: 5)
        first.merge(second)
        second.merge(binned(0..<1_000, batch: 3))
        for merged in [first, second] {
            #expect(merged.draws == whole.draws)
            #expect(merged.counts == whole.counts)
            #expect(merged.minimum == whole.minimum && merged.maximum == whole.maximum)
        }
    }

    @Test("Quantiles are within a bin of the exact ones")
    func quantilesNearExact() {
        let cells = 3, draws = 20_000
        let values = Self.values(draws: draws, cells: cells, seed: 21)
        let empty = Self.sketch(values, cells: cells, pilot: 64)
        var binner = Binner(empty)
        values.withUnsafeBufferPointer { all in
            for d in 0..<draws { binner.add(UnsafeBufferPointer(rebasing: all[(d * cells)..<((d + 1) * cells)])) }
        }
        let sketch = binner.finish()
        for c in [0, 2] {
            let sorted = stride(from: c, to: values.count, by: cells).map { values[$0] }.sorted()
            let width = 1 / Double(sketch.scale[c])
            for q in SimulationSummary.quantiles {
                let exact = sorted[Int(q * Double(draws))]
                #expect(abs(sketch.quantile(c, q) - exact) <= width, "cell \(c) q\(q)")
            }
        }
    }
}
