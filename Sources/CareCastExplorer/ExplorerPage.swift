import CareCastBaselines
import CareCastFormats
import CareCastHTML
import CareCastModel
import Plot

/// The explorer's pages: a plain HTML form of levers (it works without JavaScript: submitting
/// it loads the page for the new settings) and the results, every chart an SVG rendered here
/// with its table beside it. The script only fetches the results part while a lever moves.
public enum ExplorerPage {
    typealias E = Markup

    /// What the page needs besides the run: the edition shown, the newest edition served and
    /// the tool's version (for the reproduce panel).
    public struct Context: Sendable {
        public var latestEdition: Int
        public var editions: [Int]
        public var version: String
        /// The latest edition's area codes (a link to it from an older edition keeps the area
        /// only where it still exists).
        public var latestAreas: Set<String>
        public init(latestEdition: Int, editions: [Int], version: String, latestAreas: Set<String> = []) {
            self.latestEdition = latestEdition
            self.editions = editions
            self.version = version
            self.latestAreas = latestAreas
        }
    }

    /// The whole page.
    public static func page(_ settings: ExplorerSettings, edition: ExplorerEdition, run: ExplorerRun, context: Context) -> String {
        let view = ExplorerView(settings: settings, edition: edition, run: run)
        let title = "CareCast explorer: \(view.areaName), \(view.roleName), edition \(edition.year)"
        let head: [BodyNode] = [
            E.leaf("meta", [("charset", "utf-8")]),
            E.leaf("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            E.element("title", [], [E.text(title)]),
            E.leaf("link", [("rel", "stylesheet"), ("href", "/explore/static/explore.css")]),
            E.element("script", [("src", "/explore/static/explore.js"), ("defer", "defer")]),
        ]
        var banner: [BodyNode] = []
        if edition.year < context.latestEdition {
            var newer = settings
            newer.edition = context.latestEdition
            if !context.latestAreas.contains(newer.area) { newer.area = ExplorerSettings.england }
            banner.append(E.element("p", [("class", "banner"), ("role", "status"), ("id", "newer-edition")], [
                E.text("This is edition \(edition.year). A newer edition, \(context.latestEdition), exists: "),
                E.element("a", [("href", "/explore?" + newer.query(edition))], [E.text("see these levers in edition \(context.latestEdition)")]),
                E.text(". This link keeps showing edition \(edition.year)'s figures."),
            ]))
        }
        let body: [BodyNode] = [
            E.element("a", [("class", "skip"), ("href", "#results")], [E.text("Skip to the results")]),
            E.element("header", [], [
                E.element("h1", [], [E.text("Children's social workers in England: explore the projection")]),
                E.element("p", [], [E.text("Move the levers to see the supply of social workers, the workforce that the projected needs of children require, and the gap, with their uncertainty (\(NumberFormat.grouped(Double(settings.draws), decimals: 0)) draws of the whole model by authority). Every figure comes from CareCast's published model and edition \(edition.year)'s data; the reproduce panel gives the command that re-derives them.")]),
            ] + banner),
            E.element("main", [], [form(settings, edition: edition, context: context), E.element("div", [], [
                E.element("p", [("id", "status"), ("role", "status"), ("class", "status")], [E.text(view.statusText)]),
                results(view, context: context),
            ])]),
        ]
        return Markup.document(language: "en-GB", head: head, body: body)
    }

    /// The results part alone: what the script swaps in as a lever moves.
    public static func fragment(_ settings: ExplorerSettings, edition: ExplorerEdition, run: ExplorerRun, context: Context) -> String {
        results(ExplorerView(settings: settings, edition: edition, run: run), context: context).render()
    }

    static func form(_ settings: ExplorerSettings, edition: ExplorerEdition, context: Context) -> BodyNode {
        func select(_ name: String, _ label: String, _ options: [(String, String)], selected: String) -> BodyNode {
            E.element("div", [("class", "field")], [
                E.element("label", [("for", "f-" + name)], [E.text(label)]),
                E.element("select", [("id", "f-" + name), ("name", name)], options.map { value, text in
                    E.element("option", [("value", value)] + (value == selected ? [("selected", "selected")] : []), [E.text(text)])
                }),
            ])
        }
        var where_: [BodyNode] = [
            select("area", "Area", edition.areaChoices.map { ($0.code.rawValue, $0.level == "region" ? "Region: " + $0.name : $0.name) }, selected: settings.area),
            select("role", "Role", [("total", "All roles")] + edition.projection.roles.map { ($0.id.rawValue, $0.name) }, selected: settings.role),
            select("horizon", "Map and contributions at", ExplorerSettings.horizons.map { (String($0), "+\($0) years (\(edition.year + $0))") }, selected: String(settings.horizon)),
        ]
        if context.editions.count > 1 {
            where_.insert(select("edition", "Edition", context.editions.sorted(by: >).map { (String($0), "\($0) (workforce at 30 September \($0))") }, selected: String(edition.year)), at: 0)
        } else {
            where_.insert(E.leaf("input", [("type", "hidden"), ("name", "edition"), ("value", String(edition.year))]), at: 0)
        }
        // A starting point is its own small form: it sets every lever, so it is never mixed
        // with the sliders' values (the page it loads shows them set).
        let keep: [BodyNode] = [("edition", String(edition.year)), ("area", settings.area), ("role", settings.role), ("horizon", String(settings.horizon)),
                                ("draws", String(settings.draws)), ("seed", String(settings.seed))].map { E.leaf("input", [("type", "hidden"), ("name", $0.0), ("value", $0.1)]) }
        let presets: BodyNode = E.element("form", [("id", "presets"), ("method", "get"), ("action", "/explore")], keep + [
            E.element("div", [("class", "field")], [
                E.element("label", [("for", "f-preset")], [E.text("Start from a published scenario")]),
                E.element("select", [("id", "f-preset"), ("name", "preset")], edition.presets.map {
                    E.element("option", [("value", $0.name)], [E.text($0.title)])
                }),
            ]),
            E.element("button", [("type", "submit")], [E.text("Set the levers to this scenario")]),
        ])
        var groups: [String] = []
        for lever in edition.levers where !groups.contains(lever.group) { groups.append(lever.group) }
        let fieldsets: [BodyNode] = groups.map { group in
            E.element("fieldset", [], [E.element("legend", [], [E.text(group)])] + edition.levers.filter { $0.group == group }.map { lever in
                let id = "l-" + lever.name, value = settings.value(lever)
                return E.element("div", [("class", "lever")], [
                    E.element("label", [("for", id)], [E.text(lever.label)]),
                    E.leaf("input", [("type", "range"), ("id", id), ("name", lever.name), ("min", ExplorerSettings.format(lever.range.lowerBound)),
                                     ("max", ExplorerSettings.format(lever.range.upperBound)), ("step", ExplorerSettings.format(lever.step)),
                                     ("value", ExplorerSettings.format(value)), ("aria-describedby", id + "-help"), ("data-default", ExplorerSettings.format(lever.defaultValue)),
                                     ("data-kind", "\(lever.kind)"), ("aria-valuetext", lever.display(value))]),
                    E.element("output", [("for", id), ("id", id + "-out")], [E.text(lever.display(value))]),
                    E.element("p", [("class", "help"), ("id", id + "-help")], [E.text(lever.help + " Baseline: \(lever.display(lever.defaultValue)).")]),
                ])
            })
        }
        let run: BodyNode = E.element("fieldset", [], [
            E.element("legend", [], [E.text("Draws")]),
            E.element("div", [("class", "field")], [E.element("label", [("for", "f-draws")], [E.text("Draws")]),
                E.leaf("input", [("type", "number"), ("id", "f-draws"), ("name", "draws"), ("min", String(ExplorerSettings.drawRange.lowerBound)), ("max", String(ExplorerSettings.drawRange.upperBound)), ("step", "1"), ("value", String(settings.draws))])]),
            E.element("div", [("class", "field")], [E.element("label", [("for", "f-seed")], [E.text("Seed")]),
                E.leaf("input", [("type", "number"), ("id", "f-seed"), ("name", "seed"), ("min", "0"), ("step", "1"), ("value", String(settings.seed))])]),
        ])
        let levers: BodyNode = E.element("form", [("id", "levers"), ("method", "get"), ("action", "/explore")], [
            E.element("h2", [], [E.text("Levers")]),
            E.element("fieldset", [], [E.element("legend", [], [E.text("What to show")])] + where_),
        ] + fieldsets + [run, E.element("button", [("type", "submit")], [E.text("Show the projection")]),
            E.element("a", [("href", "/explore?edition=\(edition.year)"), ("class", "reset")], [E.text("Reset every lever")])])
        return E.element("div", [("class", "controls")], [presets, levers])
    }

    static func results(_ view: ExplorerView, context: Context) -> BodyNode {
        let settings = view.settings, edition = view.edition
        let permalink = "/explore?" + settings.query(edition)
        let csv = "/explore/data/%@.csv?" + settings.query(edition)
        func link(_ name: String, _ text: String) -> BodyNode {
            E.element("a", [("href", csv.replacingOccurrences(of: "%@", with: name)), ("data-csv", name), ("download", "carecast-\(name)-\(edition.year).csv")], [E.text(text)])
        }
        var children: [BodyNode] = [
            E.element("h2", [("id", "results-title")], [E.text("\(view.areaName): \(view.roleName)")]),
            E.element("p", [], [E.text("Edition \(edition.year) · \(NumberFormat.grouped(Double(settings.draws), decimals: 0)) draws, seed \(settings.seed), \(view.run.parameterSets) parameter sets · "),
                                E.element("a", [("id", "permalink"), ("href", permalink), ("rel", "bookmark")], [E.text("Permalink to these figures")])]),
            view.headline(),
        ]
        children.append(Components.chartWithTable(view.fan(.gap), view.fanTable(.gap), id: "gap"))
        children.append(E.element("p", [("class", "downloads")], [link("gap", "Download supply, required and gap by year (CSV)")]))
        children.append(Components.chartWithTable(view.fan(.supply), view.fanTable(.supply), id: "supply"))
        children.append(Components.chartWithTable(view.requiredChart(), view.requiredTable(), id: "required"))
        children.append(E.element("p", [("class", "downloads")], [link("required", "Download the requirement by both methods (CSV)")]))
        children.append(view.mapSection(link: link("map", "Download the map's figures (CSV)")))
        children.append(view.contributionsSection(link: link("contributions", "Download each lever's contribution (CSV)")))
        children.append(view.costSection(link: link("cost", "Download the costs (CSV)")))
        children.append(view.reproduce(context: context))
        return E.element("section", [("id", "results"), ("aria-busy", "false"), ("aria-labelledby", "results-title"), ("data-status", view.statusText)], children)
    }
}
