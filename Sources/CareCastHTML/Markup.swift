import CareCastFormats
import Plot

/// A node of an HTML page's body: what every shared component returns.
public typealias BodyNode = Node<HTML.BodyContext>

/// The one way attributes are written. Plot escapes text but writes attribute values as given,
/// so every attribute here goes through ``escape(_:)``: a value can never close its quotes.
public enum Markup {
    /// `&`, `<`, `>` and `"` as entities: safe in text and in a double-quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
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

    /// An attribute node with its value escaped.
    public static func attribute<C>(_ name: String, _ value: String) -> Node<C> {
        .attribute(Attribute(name: name, value: escape(value), replaceExisting: true, ignoreIfValueIsEmpty: false))
    }

    /// An element with escaped attributes and children.
    public static func element<C>(_ name: String, _ attributes: [(String, String)] = [], _ children: [Node<C>] = []) -> Node<C> {
        .element(named: name, nodes: attributes.map { attribute($0.0, $0.1) } + children)
    }

    /// A self-closed element (an SVG shape) with escaped attributes.
    public static func leaf<C>(_ name: String, _ attributes: [(String, String)]) -> Node<C> {
        .selfClosedElement(named: name, attributes: attributes.map { Attribute(name: $0.0, value: escape($0.1), replaceExisting: true, ignoreIfValueIsEmpty: false) })
    }

    /// Text, escaped (by ``escape(_:)``, which, unlike Plot's own, leaves no `&name;` as it was).
    public static func text<C>(_ text: String) -> Node<C> { .raw(escape(text)) }

    /// A coordinate or size with one decimal, without Foundation's locale.
    public static func number(_ value: Double) -> String { value.isFinite ? NumberText.fixed(value, decimals: 1) : "0" }
}
