import Foundation
import CareCastHTML
import Plot
import Testing

@Suite("Shared HTML components")
struct ComponentTests {
    @Test("Attribute values and text are escaped, so a quote cannot close an attribute")
    func escaping() {
        let table = Components.table(caption: "a \"b\" <c>", header: ["x & y"], rows: [["<script>"]], id: "t\"onload=\"x").render()
        #expect(table.contains("id=\"t&quot;onload=&quot;x\""))
        #expect(table.contains("&lt;script&gt;"))
        #expect(!table.contains("<script>"))
        let chart = Charts.bars(title: "\"q\"", labels: ["<a>"], values: [1], unit: "", id: "c").render()
        #expect(chart.contains("&lt;a&gt;") && chart.contains("&quot;q&quot;"))
    }

    @Test("Prose escapes its literal text and every value; inline elements come only from typed interpolations")
    func prose() {
        let value = "<script>alert(\"x\")</script> & co"
        let paragraph = Markup.p("Literal <b> & \(value); \(code: "a<b>.csv"), \(strong: "S&P"), \(em: "<i>"), \(link: "here", to: "#a\"onclick=\"x"), \(42)", class: "note\"x")
        let html = paragraph.render()
        #expect(html == "<p class=\"note&quot;x\">Literal &lt;b&gt; &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co; <code>a&lt;b&gt;.csv</code>, <strong>S&amp;P</strong>, <em>&lt;i&gt;</em>, <a href=\"#a&quot;onclick=&quot;x\">here</a>, 42</p>")
        let joined = (["a", "\(code: "b")", "<c>"] as [Prose]).joined(separator: "; ")
        #expect(Markup.p(joined).render() == "<p>a; <code>b</code>; &lt;c&gt;</p>")
        let list = Markup.list(["one \("two", class: "note")"]).render()
        #expect(list == "<ul><li>one <span class=\"note\">two</span></li></ul>")
        #expect((Markup.heading(3, "A") + Markup.pre("x < y")).render() == "<h3>A</h3><pre>x &lt; y</pre>")
        #expect(Markup.p(.lines(["a", "<b>", ""])).render() == "<p>a<br/>&lt;b&gt;<br/></p>")
    }

    /// WCAG 2.2's contrast ratio of two colours `#rrggbb`.
    static func contrast(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [value >> 16 & 255, value >> 8 & 255, value & 255].map { c -> Double in
                let x = Double(c) / 255
                return x <= 0.03928 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        let (l1, l2) = (luminance(a), luminance(b))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    @Test("Every colour that draws data has 3:1 contrast with the page, and chart text 4.5:1 (WCAG 2.2, 1.4.11 and 1.4.3)")
    func contrast() {
        #expect(abs(Self.contrast("#000000", "#ffffff") - 21) < 1e-9)
        // The map's light fills (the middle of the diverging scale) are edged in hexOutline instead.
        for colour in Charts.palette + [Charts.bandEdge, Charts.hexOutline] {
            #expect(Self.contrast(colour, "#ffffff") >= 3, "\(colour)")
        }
        let hexes = (0..<6).map { Charts.Hex(code: "E0\($0)", name: "A\($0)", q: $0, r: 0, shade: $0, text: "t", link: "/x", selected: $0 == 2) }
        let svgs = [
            Charts.fan(title: "F", years: [2024, 2025, 2026], bands: [[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6], [5, 6, 7]], yLabel: "FTE", id: "f",
                       comparison: .init(name: "baseline", values: [3, 3, 3], colour: Charts.orange)).render(),
            Charts.lines(title: "L", years: [2024, 2025], series: Charts.palette.map { .init(name: $0, values: [1, 2], colour: $0) }, yLabel: "FTE", id: "l").render(),
            Charts.tornado(title: "T", labels: ["a"], low: [1], high: [3], base: 2, id: "t").render(),
            Charts.bars(title: "B", labels: ["a", "b"], values: [-1, 2], unit: "", id: "b").render(),
            Charts.hexMap(title: "H", hexes: hexes, legend: ["1", "2", "3", "4", "5", "6"], id: "h").render(),
        ]
        for svg in svgs {
            // Shapes that carry data (not the grid's light lines) are drawn in colours the page lets you see.
            for shape in ["polyline", "polygon"] {
                for part in svg.components(separatedBy: "<\(shape) ").dropFirst() {
                    if let stroke = part.components(separatedBy: "stroke=\"").dropFirst().first?.prefix(7), stroke.hasPrefix("#") {
                        #expect(Self.contrast(String(stroke), "#ffffff") >= 3, "\(shape) stroke \(stroke)")
                    }
                }
            }
            for part in svg.components(separatedBy: "<text ").dropFirst() {
                let tag = part.prefix { $0 != ">" }
                if let fill = tag.components(separatedBy: "fill=\"").dropFirst().first?.prefix(7), fill.hasPrefix("#") {
                    #expect(Self.contrast(String(fill), "#ffffff") >= 4.5, "text \(fill)")
                }
            }
        }
    }

    @Test("A fan chart has a title, both bands and the median")
    func fan() {
        let svg = Charts.fan(title: "T", years: [2024, 2025, 2026], bands: [[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6], [5, 6, 7]], yLabel: "FTE", id: "f").render()
        #expect(svg.contains("<title>T</title>"))
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 2)
        #expect(svg.contains("<polyline"))
    }

    @Test("Flat and empty series draw finite charts (no trap on a zero range)")
    func flat() {
        let fan = Charts.fan(title: "T", years: [2024, 2025], bands: Array(repeating: [0, 0], count: 5), yLabel: "FTE", id: "f").render()
        let bars = Charts.bars(title: "B", labels: ["a", "b"], values: [0, 0], unit: "", id: "b").render()
        let lines = Charts.lines(title: "L", years: [2024], series: [.init(name: "s", values: [5], colour: "#000")], yLabel: "FTE", id: "l").render()
        for svg in [fan, bars, lines] { #expect(!svg.contains("NaN") && !svg.contains("inf")) }
    }
}
