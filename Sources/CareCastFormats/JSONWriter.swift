/// Writes JSON text deterministically: keys in the order given, numbers as the shortest
/// decimal that reads back to the same double, one-space indentation.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var depth = 0
    private var needsComma: [Bool] = [false]

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { bytes.append(UInt8(ascii: " ")) }
    }

    private mutating func beforeValue() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        if depth > 0 { newline() }
    }

    public mutating func beginObject() { beforeValue(); openContainer("{") }
    public mutating func endObject() { closeContainer("}") }
    public mutating func beginArray() { beforeValue(); openContainer("[") }
    public mutating func endArray() { closeContainer("]") }

    private mutating func openContainer(_ bracket: String) {
        append(bracket)
        depth += 1
        needsComma.append(false)
    }

    private mutating func closeContainer(_ bracket: String) {
        let hadMembers = needsComma.removeLast()
        depth -= 1
        if hadMembers { newline() }
        append(bracket)
    }

    /// Starts an object member: the value written next belongs to `key`.
    public mutating func key(_ key: String) {
        beforeValue()
        writeString(key)
        append(": ")
        needsComma[needsComma.count - 1] = false
        pendingKey = true
    }

    private var pendingKey = false

    private mutating func beforeScalar() {
        if pendingKey {
            pendingKey = false
            needsComma[needsComma.count - 1] = true
        } else {
            beforeValue()
        }
    }

    public mutating func string(_ value: String) { beforeScalar(); writeString(value) }
    public mutating func number(_ value: Double) { beforeScalar(); append(Self.format(value)) }
    public mutating func integer(_ value: Int) { beforeScalar(); append(String(value)) }
    public mutating func bool(_ value: Bool) { beforeScalar(); append(value ? "true" : "false") }
    public mutating func null() { beforeScalar(); append("null") }

    public mutating func member(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func member(_ name: String, _ value: Double) { key(name); number(value) }
    public mutating func member(_ name: String, _ value: Int) { key(name); integer(value) }
    public mutating func member(_ name: String, _ value: Double?) {
        key(name)
        if let value { number(value) } else { null() }
    }

    public mutating func memberObject(_ name: String, _ body: (inout JSONWriter) -> Void) {
        memberContainer(name, open: "{", body: body)
        endObject()
    }

    public mutating func memberArray(_ name: String, _ body: (inout JSONWriter) -> Void) {
        memberContainer(name, open: "[", body: body)
        endArray()
    }

    private mutating func memberContainer(_ name: String, open bracket: String, body: (inout JSONWriter) -> Void) {
        key(name)
        pendingKey = false
        needsComma[needsComma.count - 1] = true
        openContainer(bracket)
        body(&self)
    }

    /// The shortest decimal text that reads back to `value` (negative zero is written as 0.0).
    /// JSON has no infinity or NaN; they are written as null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0.0" }
        return value.description
    }

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
