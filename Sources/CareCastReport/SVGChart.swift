import CareCastBaselines
import CareCastFormats
import CareCastReturns

/// Small, dependency-free SVG charts for the report: readable offline and in print.
public enum SVGChart {
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]
        public var colour: String
        public var dashed: Bool

        public init(name: String, values: [Double], colour: String, dashed: Bool = false) {
            self.name = name
            self.values = values
            self.colour = colour
            self.dashed = dashed
        }
    }

    static func escape(_ text: String) -> String { HTML.escape(text) }

    /// A "nice" upper bound and tick step for an axis from 0 (or below) to `maximum`.
    static func ticks(minimum: Double, maximum: Double) -> (low: Double, high: Double, step: Double) {
        let span = max(maximum - minimum, 1)
        var step = 1.0
        while span / step > 10 { step *= 10 }
        while span / step < 4 { step /= 2 }
        let low = (minimum / step).rounded(.down) * step
        let high = (maximum / step).rounded(.up) * step
        return (low, high, step)
    }

    /// Lines over years, with a legend and labelled axes.
    public static func lines(title: String, years: [Int], series: [Series], yLabel: String, id: String) -> String {
        let width = 760.0, height = 340.0, left = 78.0, right = 210.0, top = 20.0, bottom = 40.0
        let all = series.flatMap(\.values)
        let (low, high, step) = ticks(minimum: min(0, all.min() ?? 0), maximum: all.max() ?? 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { left + plotW * Double(i) / Double(max(years.count - 1, 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - low) / (high - low)) }
        var svg = "<figure><figcaption><strong>\(escape(title))</strong></figcaption><svg class=\"chart\" id=\"\(id)\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        var tick = low
        while tick <= high + step / 2 {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#d9d9d9\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" font-size=\"12\">\(NumberFormat.grouped(tick, decimals: 0))</text>"
            tick += step
        }
        for (i, year) in years.enumerated() where i % 5 == 0 || i == years.count - 1 {
            svg += "<text x=\"\(f(x(i)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\" font-size=\"12\">\(year)</text>"
        }
        svg += "<text x=\"14\" y=\"\(f(top + plotH / 2))\" transform=\"rotate(-90 14 \(f(top + plotH / 2)))\" text-anchor=\"middle\" font-size=\"12\">\(escape(yLabel))</text>"
        for (s, line) in series.enumerated() {
            let points = line.values.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"3\"\(line.dashed ? " stroke-dasharray=\"8 5\"" : "") points=\"\(points)\"/>"
            let ly = top + 16 + Double(s) * 22
            svg += "<line x1=\"\(f(width - right + 12))\" x2=\"\(f(width - right + 40))\" y1=\"\(f(ly - 4))\" y2=\"\(f(ly - 4))\" stroke=\"\(line.colour)\" stroke-width=\"3\"\(line.dashed ? " stroke-dasharray=\"8 5\"" : "")/>"
            svg += "<text x=\"\(f(width - right + 46))\" y=\"\(f(ly))\" font-size=\"12\">\(escape(line.name))</text>"
        }
        return svg + "</svg></figure>"
    }

    /// A fan chart: the 5–95% and 25–75% bands and the median of a quantity over years, with a
    /// zero line when the range crosses it.
    public static func fan(title: String, years: [Int], bands: [[Double]], yLabel: String, id: String, width: Double = 760, height: Double = 300) -> String {
        // bands: [q05, q25, q50, q75, q95], each by year
        let left = 78.0, right = 150.0, top = 16.0, bottom = 36.0
        let all = bands.flatMap { $0 }
        let (low, high, step) = ticks(minimum: all.min() ?? 0, maximum: all.max() ?? 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { left + plotW * Double(i) / Double(max(years.count - 1, 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - low) / (high - low)) }
        func band(_ lower: [Double], _ upper: [Double], _ fill: String) -> String {
            let forward = upper.indices.map { "\(f(x($0))),\(f(y(upper[$0])))" }
            let back = lower.indices.reversed().map { "\(f(x($0))),\(f(y(lower[$0])))" }
            return "<polygon fill=\"\(fill)\" stroke=\"none\" points=\"\((forward + back).joined(separator: " "))\"/>"
        }
        var svg = "<figure><figcaption><strong>\(escape(title))</strong></figcaption><svg class=\"chart\" id=\"\(id)\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        var tick = low
        while tick <= high + step / 2 {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"\(tick == 0 ? "#0b0c0c" : "#d9d9d9")\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" font-size=\"12\">\(NumberFormat.grouped(tick, decimals: 0))</text>"
            tick += step
        }
        for (i, year) in years.enumerated() where i % 5 == 0 || i == years.count - 1 {
            svg += "<text x=\"\(f(x(i)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\" font-size=\"12\">\(year)</text>"
        }
        svg += "<text x=\"14\" y=\"\(f(top + plotH / 2))\" transform=\"rotate(-90 14 \(f(top + plotH / 2)))\" text-anchor=\"middle\" font-size=\"12\">\(escape(yLabel))</text>"
        svg += band(bands[0], bands[4], "#c5d9ee") + band(bands[1], bands[3], "#7eaed9")
        if low < 0 && high > 0 {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(0)))\" y2=\"\(f(y(0)))\" stroke=\"#0b0c0c\" stroke-dasharray=\"4 3\"/>"
        }
        svg += "<polyline fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"2.5\" points=\"\(bands[2].indices.map { "\(f(x($0))),\(f(y(bands[2][$0])))" }.joined(separator: " "))\"/>"
        let legend = [("#c5d9ee", "5% to 95%"), ("#7eaed9", "25% to 75%"), ("#0b0c0c", "median")]
        for (i, item) in legend.enumerated() {
            let ly = top + 16 + Double(i) * 22
            svg += "<rect x=\"\(f(width - right + 12))\" y=\"\(f(ly - 10))\" width=\"24\" height=\"10\" fill=\"\(item.0)\"/><text x=\"\(f(width - right + 42))\" y=\"\(f(ly))\" font-size=\"12\">\(item.1)</text>"
        }
        return svg + "</svg></figure>"
    }

    /// A tornado chart: for each label, a bar from the value at the low end of its range to the
    /// value at the high end, around a base line.
    public static func tornado(title: String, labels: [String], low: [Double], high: [Double], base: Double, id: String) -> String {
        let rowH = 26.0, left = 250.0, width = 760.0, right = 90.0, top = 10.0
        let height = top * 2 + rowH * Double(labels.count) + 24
        let all = low + high + [base]
        let (lo, hi, _) = ticks(minimum: all.min() ?? 0, maximum: all.max() ?? 1)
        let plotW = width - left - right
        func x(_ v: Double) -> Double { left + plotW * (v - lo) / (hi - lo) }
        var svg = "<figure><figcaption><strong>\(escape(title))</strong></figcaption><svg class=\"chart\" id=\"\(id)\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        for (i, label) in labels.enumerated() {
            let y = top + rowH * Double(i)
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\" font-size=\"12\">\(escape(label))</text>"
            svg += "<rect x=\"\(f(min(x(low[i]), x(base))))\" y=\"\(f(y + 5))\" width=\"\(f(abs(x(low[i]) - x(base))))\" height=\"\(f(rowH - 10))\" fill=\"#85994b\"/>"
            svg += "<rect x=\"\(f(min(x(high[i]), x(base))))\" y=\"\(f(y + 5))\" width=\"\(f(abs(x(high[i]) - x(base))))\" height=\"\(f(rowH - 10))\" fill=\"#1d70b8\"/>"
        }
        svg += "<line x1=\"\(f(x(base)))\" x2=\"\(f(x(base)))\" y1=\"\(f(top))\" y2=\"\(f(height - 24))\" stroke=\"#0b0c0c\"/>"
        svg += "<text x=\"\(f(x(base)))\" y=\"\(f(height - 8))\" text-anchor=\"middle\" font-size=\"12\">baseline \(NumberFormat.grouped(base, decimals: 0))</text>"
        svg += "<text x=\"\(f(width - right + 4))\" y=\"\(f(top + 12))\" font-size=\"11\" fill=\"#85994b\">low end</text><text x=\"\(f(width - right + 4))\" y=\"\(f(top + 26))\" font-size=\"11\" fill=\"#1d70b8\">high end</text>"
        return svg + "</svg></figure>"
    }

    /// Horizontal bars, one per label, with the value printed.
    public static func bars(title: String, labels: [String], values: [Double], unit: String, id: String, colour: String = "#1d70b8") -> String {
        let rowH = 24.0, left = 230.0, width = 720.0, right = 80.0, top = 10.0
        let height = top * 2 + rowH * Double(labels.count) + 20
        let (low, high, _) = ticks(minimum: min(0, values.min() ?? 0), maximum: max(0, values.max() ?? 1))
        let plotW = width - left - right
        func x(_ v: Double) -> Double { left + plotW * (v - low) / (high - low) }
        var svg = "<figure><figcaption><strong>\(escape(title))</strong></figcaption><svg class=\"chart\" id=\"\(id)\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        svg += "<line x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(top))\" y2=\"\(f(height - 20))\" stroke=\"#0b0c0c\"/>"
        for (i, label) in labels.enumerated() {
            let y = top + rowH * Double(i)
            let v = values[i]
            let x0 = min(x(0), x(v)), w = abs(x(v) - x(0))
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 16))\" text-anchor=\"end\" font-size=\"12\">\(escape(label))</text>"
            svg += "<rect x=\"\(f(x0))\" y=\"\(f(y + 4))\" width=\"\(f(w))\" height=\"\(f(rowH - 8))\" fill=\"\(v < 0 ? "#85994b" : colour)\"/>"
            svg += "<text x=\"\(f(max(x(v), x(0)) + 4))\" y=\"\(f(y + 16))\" font-size=\"12\">\(NumberFormat.grouped(v))\(escape(unit))</text>"
        }
        return svg + "</svg></figure>"
    }

    static func f(_ v: Double) -> String { NumberText.fixedPublic(v, decimals: 1) }
}
