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
