import CareCastHTML
import Plot

/// The report's HTML text: the shared components of ``Components`` rendered for its page.
public enum HTML {
    public static func escape(_ text: String) -> String { Markup.escape(text) }

    /// A note under a figure or table (its text escaped).
    public static func note(_ text: String) -> String { Components.note(text).render() }

    /// A table with a header row; cells are escaped; `numeric` columns are right-aligned.
    public static func table(caption: String, header: [String], rows: [[String]], numeric: Set<Int> = [], id: String? = nil) -> String {
        Components.table(caption: caption, header: header, rows: rows, numeric: numeric, id: id).render()
    }
}
