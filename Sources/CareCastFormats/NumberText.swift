/// Plain decimal text without Foundation's locale.
public enum NumberText {
    public static func fixedPublic(_ value: Double, decimals: Int) -> String { fixed(value, decimals: decimals) }

    public static func fixed(_ value: Double, decimals: Int) -> String {
        // Not a number, or beyond what a whole number holds: said, not trapped on.
        guard value.isFinite, abs(value) < 9e15 else { return value.isNaN ? "NaN" : value > 0 ? "inf" : "-inf" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled) - whole * Int(scale)
        let fractionText = String(fraction)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return decimals == 0 ? sign + String(whole) : sign + String(whole) + "." + String(repeating: "0", count: decimals - fractionText.count) + fractionText
    }
}
