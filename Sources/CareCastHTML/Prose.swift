import Plot

/// Running text with inline markup, written as a Swift string literal: every literal piece and
/// every interpolated value is escaped as text, and inline elements come only from the typed
/// interpolations (`\(code: name)`, `\(strong: text)`, `\(em: text)`, `\(link: text, to: href)`),
/// so a paragraph cannot carry unescaped markup or an unclosed tag.
///
///     Markup.p("The file \(code: "result.json") has \(count) rows.")
public struct Prose: ExpressibleByStringInterpolation {
    public private(set) var nodes: [BodyNode]

    /// Only this module makes prose from nodes, so prose can never carry raw markup.
    init(nodes: [BodyNode]) { self.nodes = nodes }

    /// Lines of text with a line break between each (text kept as it was laid out).
    public static func lines<S: Sequence>(_ lines: S) -> Prose where S.Element: StringProtocol {
        var nodes: [BodyNode] = []
        for (i, line) in lines.enumerated() {
            if i > 0 { nodes.append(.br()) }
            nodes.append(Markup.text(String(line)))
        }
        return Prose(nodes: nodes)
    }

    public init(stringLiteral value: String) { nodes = value.isEmpty ? [] : [Markup.text(value)] }

    public init(stringInterpolation: StringInterpolation) { nodes = stringInterpolation.nodes }

    public struct StringInterpolation: StringInterpolationProtocol {
        var nodes: [BodyNode] = []

        public init(literalCapacity: Int, interpolationCount: Int) { nodes.reserveCapacity(2 * interpolationCount + 1) }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { nodes.append(Markup.text(literal)) }
        }

        /// A value as text, escaped.
        public mutating func appendInterpolation(_ text: String) {
            if !text.isEmpty { nodes.append(Markup.text(text)) }
        }

        /// A number or other value as text (its description, escaped).
        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
            appendInterpolation(value.description)
        }

        /// Other prose, already built.
        public mutating func appendInterpolation(_ prose: Prose) { nodes += prose.nodes }

        /// A name from code or a file: `<code>`.
        public mutating func appendInterpolation(code: String) { nodes.append(Markup.element("code", [], [Markup.text(code)])) }

        /// `<strong>`.
        public mutating func appendInterpolation(strong: String) { nodes.append(Markup.element("strong", [], [Markup.text(strong)])) }

        /// `<em>`.
        public mutating func appendInterpolation(em: String) { nodes.append(Markup.element("em", [], [Markup.text(em)])) }

        /// A link, its address escaped as an attribute.
        public mutating func appendInterpolation(link text: String, to href: String) {
            nodes.append(Markup.link(text, to: href))
        }

        /// An inline span with a class (a note within a list item, say).
        public mutating func appendInterpolation(_ prose: Prose, class name: String) {
            nodes.append(Markup.element("span", [("class", name)], prose.nodes))
        }
    }

    public static func + (lhs: Prose, rhs: Prose) -> Prose { Prose(nodes: lhs.nodes + rhs.nodes) }

    public static func += (lhs: inout Prose, rhs: Prose) { lhs.nodes += rhs.nodes }
}

extension Sequence where Element == Prose {
    /// The pieces with `separator` between them.
    public func joined(separator: Prose) -> Prose {
        var out = Prose(nodes: [])
        for (i, piece) in enumerated() {
            if i > 0 { out += separator }
            out += piece
        }
        return out
    }
}

extension Markup {
    /// A paragraph of prose, with an optional class and id.
    public static func p(_ prose: Prose, class name: String? = nil, id: String? = nil) -> BodyNode {
        element("p", (name.map { [("class", $0)] } ?? []) + (id.map { [("id", $0)] } ?? []), prose.nodes)
    }

    /// A heading (`h1`–`h3`) of prose.
    public static func heading(_ level: Int, _ prose: Prose, attributes: [(String, String)] = []) -> BodyNode {
        element("h\(level)", attributes, prose.nodes)
    }

    /// A link, its text and address escaped.
    public static func link(_ text: String, to href: String) -> BodyNode {
        element("a", [("href", href)], [Markup.text(text)])
    }

    /// A bulleted list, an item of prose each.
    public static func list(_ items: [Prose]) -> BodyNode {
        element("ul", [], items.map { element("li", [], $0.nodes) })
    }

    /// Preformatted text (a command to type), escaped.
    public static func pre(_ text: String) -> BodyNode { element("pre", [], [Markup.text(text)]) }

    /// Nodes one after another, with no element around them.
    public static func group(_ nodes: [BodyNode]) -> BodyNode { .group(nodes) }
}

/// Nodes side by side: `a + b` renders `a` then `b`, with no element around them (a page's parts
/// are added up as nodes, never as text). Beware: Plot's nodes also take string literals, as
/// text, so `node + "<p>…"` compiles and shows the tags; the pages' tests look for escaped tags.
extension Node where Context == HTML.BodyContext {
    public static func + (lhs: Self, rhs: Self) -> Self { .group([lhs, rhs]) }

    public static func += (lhs: inout Self, rhs: Self) { lhs = .group([lhs, rhs]) }
}

extension Markup {
    /// A style sheet: the page's own constant CSS (never data), written as it is.
    public static func style(_ css: StaticString) -> BodyNode {
        element("style", [], [.raw(css.description)])
    }

    /// A whole page as text: the doctype, then `<html lang>` with its head and body.
    public static func document(language: String, head: [BodyNode], body: [BodyNode]) -> String {
        "<!DOCTYPE html>" + element("html", [("lang", language)], [element("head", [], head), element("body", [], body)]).render() + "\n"
    }
}
