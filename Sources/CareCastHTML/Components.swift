import Plot

/// The components the report and the explorer share: tables, notes, a chart beside its table.
public enum Components {
    /// A table with a header row; the first cell of each row is its header; `numeric` columns
    /// are right-aligned.
    public static func table(caption: String, header: [String], rows: [[String]], numeric: Set<Int> = [], id: String? = nil) -> BodyNode {
        table(caption: caption, header: header, numeric: numeric, bodyRows: rows.map { row in
            Markup.element("tr", [], row.enumerated().map { i, cell in
                i == 0
                    ? Markup.element("th", [("scope", "row")], [Markup.text(cell)])
                    : Markup.element("td", numeric.contains(i) ? [("class", "num")] : [], [Markup.text(cell)])
            })
        }, id: id)
    }

    /// A table whose body rows (`tr` nodes) the caller builds, for cells with attributes or
    /// controls of their own; the header row as above, with an optional caption.
    public static func table(caption: String?, header: [String], numeric: Set<Int> = [], bodyRows: [BodyNode], id: String? = nil) -> BodyNode {
        let head: BodyNode = Markup.element("thead", [], [Markup.element("tr", [], header.enumerated().map { i, h in
            Markup.element("th", [("scope", "col")] + (numeric.contains(i) ? [("class", "num")] : []), [Markup.text(h)])
        })])
        return Markup.element("table", id.map { [("id", $0)] } ?? [],
                              (caption.map { [Markup.element("caption", [], [Markup.text($0)])] } ?? []) + [head, Markup.element("tbody", [], bodyRows)])
    }

    /// A note under a figure or table.
    public static func note(_ text: String) -> BodyNode {
        Markup.element("p", [("class", "note")], [Markup.text(text)])
    }

    /// A chart with its table beside it (below it on a narrow screen): the table is the chart's
    /// text alternative, so it is never hidden.
    public static func chartWithTable(_ chart: BodyNode, _ table: BodyNode, id: String? = nil) -> BodyNode {
        Markup.element("div", [("class", "chart-pair")] + (id.map { [("id", $0)] } ?? []), [
            Markup.element("div", [("class", "chart-pair-chart")], [chart]),
            // Scrolls when long: focusable, so that a keyboard can scroll it.
            Markup.element("div", [("class", "chart-pair-table"), ("tabindex", "0"), ("role", "region"), ("aria-label", "The chart's figures as a table")], [table]),
        ])
    }
}
