/// Building HTML text safely.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A table with a header row; cells are escaped; `numeric` columns are right-aligned.
    public static func table(caption: String, header: [String], rows: [[String]], numeric: Set<Int> = [], id: String? = nil) -> String {
        var out = "<table\(id.map { " id=\"\($0)\"" } ?? "")><caption>\(escape(caption))</caption><thead><tr>"
        for (i, h) in header.enumerated() { out += "<th scope=\"col\"\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(h))</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += i == 0 ? "<th scope=\"row\">\(escape(cell))</th>" : "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(cell))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}
