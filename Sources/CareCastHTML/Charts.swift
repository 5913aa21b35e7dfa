import Foundation
import CareCastFormats
import Plot

/// Charts as inline SVG, rendered on the server: readable offline, in print and without
/// JavaScript. Each has a `<title>` and sits in a `<figure>` with a caption; the caller puts a
/// table of the same figures beside it (``Components/chartWithTable(_:_:id:)``).
public enum Charts {
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

    /// Colours that colour-blind readers tell apart (Okabe and Ito's palette, and a blue to
    /// orange scale for signed values). Every colour that draws data (a line, a bar, an outline)
    /// has at least 3:1 contrast with the white page (WCAG 2.2, 1.4.11), and text at least 4.5:1;
    /// the band fills are light, so each band is edged in ``bandEdge``.
    public static let blue = "#1d70b8", green = "#00703c", black = "#0b0c0c", grid = "#d9d9d9"
    public static let red = "#d4351c", orange = "#e66101", purple = "#4c2c92", brown = "#b58840", lightBlue = "#5694ca"
    /// Series colours in order: black first (the baseline or what was published).
    public static let palette = [black, blue, red, green, orange, purple, brown, lightBlue]
    public static let outerBand = "#c5d9ee", innerBand = "#7eaed9", bandEdge = "#003078"
    /// The outline of every hexagon of the map: light fills stay visible against the page.
    public static let hexOutline = "#505a5f"
    /// Shortfall (orange, darker for larger) to surplus (blue): six steps.
    public static let diverging = ["#2166ac", "#92c5de", "#e0e0e0", "#fdb863", "#e66101", "#8c2d04"]

    /// A "nice" lower and upper bound and tick step for an axis over `minimum...maximum`.
    public static func ticks(minimum: Double, maximum: Double) -> (low: Double, high: Double, step: Double) {
        let span = max(maximum - minimum, 1)
        var step = 1.0
        while span / step > 10 { step *= 10 }
        while span / step < 4 { step /= 2 }
        let low = (minimum / step).rounded(.down) * step
        let high = (maximum / step).rounded(.up) * step
        // A flat series (every value the same whole step, zero among them) still gets an axis.
        return (low, high > low ? high : low + step, step)
    }

    static func f(_ v: Double) -> String { Markup.number(v) }

    static func label(_ x: Double, _ y: Double, _ text: String, anchor: String? = nil, size: Int = 12, extra: [(String, String)] = []) -> BodyNode {
        Markup.element("text", [("x", f(x)), ("y", f(y))] + (anchor.map { [("text-anchor", $0)] } ?? []) + [("font-size", String(size))] + extra, [Markup.text(text)])
    }

    static func line(_ x1: Double, _ x2: Double, _ y1: Double, _ y2: Double, stroke: String, extra: [(String, String)] = []) -> BodyNode {
        Markup.leaf("line", [("x1", f(x1)), ("x2", f(x2)), ("y1", f(y1)), ("y2", f(y2)), ("stroke", stroke)] + extra)
    }

    /// The figure and its SVG: a caption, `role="img"` with a `<title>`.
    /// `role`: "img" for a picture; "group" (named by the title) for one whose parts are links.
    static func figure(title: String, id: String, width: Double, height: Double, role: String = "img", _ content: [BodyNode]) -> BodyNode {
        Markup.element("figure", [], [
            Markup.element("figcaption", [], [Markup.element("strong", [], [Markup.text(title)])]),
            Markup.element("svg", [("class", "chart"), ("id", id), ("role", role)] + (role == "img" ? [] : [("aria-label", title)]) + [("viewBox", "0 0 \(Int(width)) \(Int(height))"), ("xmlns", "http://www.w3.org/2000/svg")],
                           [Markup.element("title", [], [Markup.text(title)])] + content),
        ])
    }

    /// The value axis: grid lines and labels from `low` to `high`, with the zero line darker.
    static func valueAxis(low: Double, high: Double, step: Double, left: Double, right: Double, y: (Double) -> Double, darkZero: Bool) -> [BodyNode] {
        var out: [BodyNode] = []
        var tick = low
        while tick <= high + step / 2 {
            out.append(line(left, right, y(tick), y(tick), stroke: darkZero && tick == 0 ? black : grid))
            out.append(label(left - 6, y(tick) + 4, NumberFormat.grouped(tick, decimals: 0), anchor: "end"))
            tick += step
        }
        return out
    }

    static func yearAxis(_ years: [Int], x: (Int) -> Double, y: Double) -> [BodyNode] {
        years.enumerated().compactMap { i, year in i % 5 == 0 || i == years.count - 1 ? label(x(i), y, String(year), anchor: "middle") : nil }
    }

    static func yTitle(_ text: String, middle: Double) -> BodyNode {
        label(14, middle, text, anchor: "middle", extra: [("transform", "rotate(-90 14 \(f(middle)))")])
    }

    /// Lines over years, with a legend and labelled axes.
    public static func lines(title: String, years: [Int], series: [Series], yLabel: String, id: String) -> BodyNode {
        let width = 760.0, height = 340.0, left = 78.0, right = 210.0, top = 20.0, bottom = 40.0
        let all = series.flatMap(\.values)
        let (low, high, step) = ticks(minimum: min(0, all.min() ?? 0), maximum: all.max() ?? 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { left + plotW * Double(i) / Double(max(years.count - 1, 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - low) / (high - low)) }
        var content = valueAxis(low: low, high: high, step: step, left: left, right: width - right, y: y, darkZero: false)
        content += yearAxis(years, x: x, y: height - bottom + 18)
        content.append(yTitle(yLabel, middle: top + plotH / 2))
        for (s, series) in series.enumerated() {
            let dash: [(String, String)] = series.dashed ? [("stroke-dasharray", "8 5")] : []
            let points = series.values.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ")
            content.append(Markup.leaf("polyline", [("fill", "none"), ("stroke", series.colour), ("stroke-width", "3")] + dash + [("points", points)]))
            let ly = top + 16 + Double(s) * 22
            content.append(line(width - right + 12, width - right + 40, ly - 4, ly - 4, stroke: series.colour, extra: [("stroke-width", "3")] + dash))
            content.append(label(width - right + 46, ly, series.name))
        }
        return figure(title: title, id: id, width: width, height: height, content)
    }

    /// A fan chart: the 5–95% and 25–75% bands and the median of a quantity over years
    /// (`bands`: the 5, 25, 50, 75 and 95% quantiles, each by year), with a zero line when the
    /// range crosses it, and optionally a dashed comparison line (the baseline's median).
    public static func fan(title: String, years: [Int], bands: [[Double]], yLabel: String, id: String, width: Double = 760, height: Double = 300, comparison: Series? = nil) -> BodyNode {
        let left = 78.0, right = 150.0, top = 16.0, bottom = 36.0
        let all = bands.flatMap { $0 } + (comparison?.values ?? [])
        let (low, high, step) = ticks(minimum: all.min() ?? 0, maximum: all.max() ?? 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { left + plotW * Double(i) / Double(max(years.count - 1, 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - low) / (high - low)) }
        func band(_ lower: [Double], _ upper: [Double], _ fill: String) -> BodyNode {
            let forward = upper.indices.map { "\(f(x($0))),\(f(y(upper[$0])))" }
            let back = lower.indices.reversed().map { "\(f(x($0))),\(f(y(lower[$0])))" }
            return Markup.leaf("polygon", [("fill", fill), ("stroke", bandEdge), ("stroke-width", "0.75"), ("points", (forward + back).joined(separator: " "))])
        }
        var content = valueAxis(low: low, high: high, step: step, left: left, right: width - right, y: y, darkZero: true)
        content += yearAxis(years, x: x, y: height - bottom + 18)
        content.append(yTitle(yLabel, middle: top + plotH / 2))
        content.append(band(bands[0], bands[4], outerBand))
        content.append(band(bands[1], bands[3], innerBand))
        if low < 0 && high > 0 { content.append(line(left, width - right, y(0), y(0), stroke: black, extra: [("stroke-dasharray", "4 3")])) }
        content.append(Markup.leaf("polyline", [("fill", "none"), ("stroke", black), ("stroke-width", "2.5"), ("points", bands[2].indices.map { "\(f(x($0))),\(f(y(bands[2][$0])))" }.joined(separator: " "))]))
        var legend = [(outerBand, "5% to 95%"), (innerBand, "25% to 75%"), (black, "median")]
        if let comparison {
            content.append(Markup.leaf("polyline", [("fill", "none"), ("stroke", comparison.colour), ("stroke-width", "2"), ("stroke-dasharray", "6 4"),
                                                    ("points", comparison.values.indices.map { "\(f(x($0))),\(f(y(comparison.values[$0])))" }.joined(separator: " "))]))
            legend.append((comparison.colour, comparison.name))
        }
        for (i, item) in legend.enumerated() {
            let ly = top + 16 + Double(i) * 22
            content.append(Markup.leaf("rect", [("x", f(width - right + 12)), ("y", f(ly - 10)), ("width", "24"), ("height", "10"), ("fill", item.0)] + (i < 2 ? [("stroke", bandEdge), ("stroke-width", "0.75")] : [])))
            content.append(label(width - right + 42, ly, item.1))
        }
        return figure(title: title, id: id, width: width, height: height, content)
    }

    /// A tornado chart: for each label, a bar from the value at the low end of its range to the
    /// value at the high end, around a base line.
    public static func tornado(title: String, labels: [String], low: [Double], high: [Double], base: Double, id: String) -> BodyNode {
        let rowH = 26.0, left = 250.0, width = 760.0, right = 90.0, top = 10.0
        let height = top * 2 + rowH * Double(labels.count) + 24
        let all = low + high + [base]
        let (lo, hi, _) = ticks(minimum: all.min() ?? 0, maximum: all.max() ?? 1)
        let plotW = width - left - right
        func x(_ v: Double) -> Double { left + plotW * (v - lo) / (hi - lo) }
        var content: [BodyNode] = []
        for (i, name) in labels.enumerated() {
            let y = top + rowH * Double(i)
            content.append(label(left - 8, y + 17, name, anchor: "end"))
            content.append(Markup.leaf("rect", [("x", f(min(x(low[i]), x(base)))), ("y", f(y + 5)), ("width", f(abs(x(low[i]) - x(base)))), ("height", f(rowH - 10)), ("fill", green)]))
            content.append(Markup.leaf("rect", [("x", f(min(x(high[i]), x(base)))), ("y", f(y + 5)), ("width", f(abs(x(high[i]) - x(base)))), ("height", f(rowH - 10)), ("fill", blue)]))
        }
        content.append(line(x(base), x(base), top, height - 24, stroke: black))
        content.append(label(x(base), height - 8, "baseline \(NumberFormat.grouped(base, decimals: 0))", anchor: "middle"))
        content.append(label(width - right + 4, top + 12, "low end", size: 11, extra: [("fill", green)]))
        content.append(label(width - right + 4, top + 26, "high end", size: 11, extra: [("fill", blue)]))
        return figure(title: title, id: id, width: width, height: height, content)
    }

    /// Horizontal bars, one per label, with the value printed.
    public static func bars(title: String, labels: [String], values: [Double], unit: String, id: String, colour: String = blue, decimals: Int = 1) -> BodyNode {
        let rowH = 24.0, left = 230.0, width = 720.0, right = 80.0, top = 10.0
        let height = top * 2 + rowH * Double(labels.count) + 20
        let (low, high, _) = ticks(minimum: min(0, values.min() ?? 0), maximum: max(0, values.max() ?? 1))
        let plotW = width - left - right
        func x(_ v: Double) -> Double { left + plotW * (v - low) / (high - low) }
        var content: [BodyNode] = [line(x(0), x(0), top, height - 20, stroke: black)]
        for (i, name) in labels.enumerated() {
            let y = top + rowH * Double(i)
            let v = values[i]
            content.append(label(left - 8, y + 16, name, anchor: "end"))
            content.append(Markup.leaf("rect", [("x", f(min(x(0), x(v)))), ("y", f(y + 4)), ("width", f(abs(x(v) - x(0)))), ("height", f(rowH - 8)), ("fill", v < 0 ? green : colour)]))
            content.append(label(max(x(v), x(0)) + 4, y + 16, NumberFormat.grouped(v, decimals: decimals) + unit))
        }
        return figure(title: title, id: id, width: width, height: height, content)
    }

    /// One hexagon of a hexagon map: an area, its position in an odd-r offset layout, the class
    /// (0 to 5, an index into ``diverging``; nil: no figure) and where selecting it leads.
    public struct Hex: Sendable {
        public var code: String
        public var name: String
        public var q: Int
        public var r: Int
        public var shade: Int?
        public var text: String
        public var link: String
        public var selected: Bool
        public init(code: String, name: String, q: Int, r: Int, shade: Int?, text: String, link: String, selected: Bool) {
            self.code = code
            self.name = name
            self.q = q
            self.r = r
            self.shade = shade
            self.text = text
            self.link = link
            self.selected = selected
        }
    }

    /// A hexagon map (odd-r offset coordinates, rows counted upwards as in ODI Leeds's HexJSON):
    /// each hexagon a link that selects its area, named with its figure in a `<title>`, with a
    /// legend of the classes.
    public static func hexMap(title: String, hexes: [Hex], legend: [String], id: String) -> BodyNode {
        guard let minQ = hexes.map(\.q).min(), let maxQ = hexes.map(\.q).max(), let minR = hexes.map(\.r).min(), let maxR = hexes.map(\.r).max() else {
            return figure(title: title, id: id, width: 10, height: 10, [])
        }
        let size = 11.0
        let w = size * 3.0.squareRoot(), h = size * 2
        let legendW = 190.0
        let width = w * Double(maxQ - minQ + 2) + legendW, height = h * 0.75 * Double(maxR - minR + 1) + h
        func centre(_ hex: Hex) -> (Double, Double) {
            let row = maxR - hex.r
            let shift = (hex.r & 1) == 1 ? w / 2 : 0
            return (w * Double(hex.q - minQ) + w / 2 + shift + 4, h * 0.75 * Double(row) + h / 2 + 4)
        }
        var content: [BodyNode] = []
        for hex in hexes {
            let (cx, cy) = centre(hex)
            let points = (0..<6).map { k -> String in
                let angle = Double.pi / 180 * (60 * Double(k) - 30)
                return "\(f(cx + size * cos(angle))),\(f(cy + size * sin(angle)))"
            }.joined(separator: " ")
            let fill = hex.shade.map { diverging[max(0, min(diverging.count - 1, $0))] } ?? "#ffffff"
            content.append(Markup.element("a", [("href", hex.link), ("aria-label", "\(hex.name): \(hex.text)")] + (hex.selected ? [("aria-current", "true")] : []), [
                Markup.leaf("polygon", [("points", points), ("fill", fill), ("stroke", hex.selected ? black : hexOutline), ("stroke-width", hex.selected ? "3" : "0.75"), ("data-area", hex.code)]),
                Markup.element("title", [], [Markup.text("\(hex.name): \(hex.text)")]),
            ]))
        }
        let lx = width - legendW + 12
        for (i, text) in legend.enumerated() {
            let ly = 20 + Double(i) * 22
            content.append(Markup.leaf("rect", [("x", f(lx)), ("y", f(ly - 11)), ("width", "18"), ("height", "14"), ("fill", i < diverging.count ? diverging[i] : "#ffffff"), ("stroke", black), ("stroke-width", "0.5")]))
            content.append(label(lx + 24, ly, text))
        }
        return figure(title: title, id: id, width: width, height: height, role: "group", content)
    }
}
