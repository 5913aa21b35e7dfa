import CareCastHTML
import Plot

/// The report's charts: the shared components of ``Charts`` rendered to text for the report's
/// page (the explorer uses the same components as nodes).
public enum SVGChart {
    public typealias Series = Charts.Series

    public static func lines(title: String, years: [Int], series: [Series], yLabel: String, id: String) -> String {
        Charts.lines(title: title, years: years, series: series, yLabel: yLabel, id: id).render()
    }

    public static func fan(title: String, years: [Int], bands: [[Double]], yLabel: String, id: String, width: Double = 760, height: Double = 300) -> String {
        Charts.fan(title: title, years: years, bands: bands, yLabel: yLabel, id: id, width: width, height: height).render()
    }

    public static func tornado(title: String, labels: [String], low: [Double], high: [Double], base: Double, id: String) -> String {
        Charts.tornado(title: title, labels: labels, low: low, high: high, base: base, id: id).render()
    }

    public static func bars(title: String, labels: [String], values: [Double], unit: String, id: String, colour: String = Charts.blue) -> String {
        Charts.bars(title: title, labels: labels, values: values, unit: unit, id: id, colour: colour).render()
    }
}
