/// Malformed XML: the line the reader stopped on, and why.
public struct XMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): malformed XML: \(message)" }
}

/// One step through an XML document.
public enum XMLEvent: Sendable, Equatable {
    /// An element opens (`<Name …>` or `<Name/>`), on `line`. Namespace prefixes are dropped.
    case start(name: String, line: Int)
    /// An element closes.
    case end(name: String, line: Int)
    /// Character data that is not only white space, with entities and CDATA resolved.
    case text(String, line: Int)
}

/// A pull reader for the XML that census software writes: elements, character data, the five
/// predefined entities and numeric references, CDATA, comments and processing instructions.
/// Attributes are read past and ignored. A document type declaration with an internal subset
/// is refused, so no entity can be defined and none is ever fetched (no XXE). It reads its
/// source a chunk at a time and keeps only the unread part, so memory stays flat however long
/// the file is.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct XMLStream {
    private var source: ByteSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var open: [(name: String, line: Int)] = []
    private var pendingEnd: (name: String, line: Int)?
    private var sawRoot = false
    private var latin1 = false

    public init(_ source: ByteSource) {
        self.source = source
    }

    /// The line the reader has reached.
    public var currentLine: Int { line }

    /// The next event, or nil at the end of a well-formed document.
    public mutating func next() throws(DataFileError) -> XMLEvent? {
        do {
            return try step()
        } catch let error as XMLSyntaxError {
            throw .malformedXML(file: source.name, error)
        } catch let error as DataFileError {
            throw error
        } catch {
            throw .unreadable(file: source.name, reason: "\(error)")
        }
    }

    private mutating func step() throws -> XMLEvent? {
        if let end = pendingEnd {
            pendingEnd = nil
            open.removeLast()
            return .end(name: end.name, line: end.line)
        }
        while true {
            compact()
            guard try available(1) else { return try finish() }
            if buffer[position] == UInt8(ascii: "<") {
                if let event = try markup() { return event }
            } else {
                if let event = try characterData() { return event }
            }
        }
    }

    private func fail(_ message: String) -> XMLSyntaxError { XMLSyntaxError(line: line, message: message) }

    private mutating func finish() throws -> XMLEvent? {
        if let last = open.last {
            throw fail("the file ends inside <\(last.name)> opened on line \(last.line)")
        }
        if !sawRoot { throw fail(buffer.isEmpty ? "the file is empty" : "no root element") }
        return nil
    }

    /// Drops the bytes already read once they are a good part of the buffer.
    private mutating func compact() {
        if position > 65_536, position * 2 > buffer.count {
            buffer.removeFirst(position)
            position = 0
        }
    }

    /// Makes at least `count` unread bytes available if the input has them.
    private mutating func available(_ count: Int) throws -> Bool {
        while buffer.count - position < count {
            if atEnd { return false }
            if try !source.read(appendingTo: &buffer) { atEnd = true }
        }
        return true
    }

    /// The index of the first `byte` at or after `from`, reading on as needed.
    private mutating func find(byte: UInt8, from start: Int) throws -> Int? {
        var i = start
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { p in
                guard i < p.count, let base = p.baseAddress else { return nil }
                guard let hit = memchr(base + i, Int32(byte), p.count - i) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let found { return found }
            i = buffer.count
            if atEnd { return nil }
            if try !source.read(appendingTo: &buffer) { atEnd = true }
        }
    }

    /// The index of the first occurrence of `pattern` at or after `from`, reading on as needed.
    private mutating func find(_ pattern: [UInt8], from start: Int) throws -> Int? {
        var i = start
        while let hit = try find(byte: pattern[0], from: i) {
            while buffer.count < hit + pattern.count {
                if atEnd { return nil }
                if try !source.read(appendingTo: &buffer) { atEnd = true }
            }
            if buffer[hit..<(hit + pattern.count)].elementsEqual(pattern) { return hit }
            i = hit + 1
        }
        return nil
    }

    @inline(__always)
    private mutating func advance(to end: Int) {
        let start = position
        let lines = buffer.withUnsafeBufferPointer { p -> Int in
            var n = 0
            var i = start
            while i < end {
                if p[i] == 0x0A { n += 1 }
                i += 1
            }
            return n
        }
        line += lines
        position = end
    }

    private func text(_ start: Int, _ end: Int) throws -> String {
        if latin1 { return String(buffer[start..<end].map { Character(Unicode.Scalar($0)) }) }
        let decoded: String? = buffer.withUnsafeBufferPointer { p in
            let slice = UnsafeBufferPointer(rebasing: p[start..<end])
            var ascii = true
            for b in slice where b >= 0x80 { ascii = false; break }
            return ascii ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
        }
        guard let decoded else { throw fail("the text is not valid UTF-8 (declare the encoding if it is ISO-8859-1)") }
        return decoded
    }

    private mutating func characterData() throws -> XMLEvent? {
        let startLine = line
        let start = position
        let end = try find(byte: UInt8(ascii: "<"), from: position) ?? buffer.count
        let (blank, entities) = buffer.withUnsafeBufferPointer { p -> (Bool, Bool) in
            var i = start
            var blank = true
            var amp = false
            while i < end {
                let b = p[i]
                if !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) { blank = false }
                if b == UInt8(ascii: "&") { amp = true }
                i += 1
            }
            return (blank, amp)
        }
        let raw = blank ? "" : try text(start, end)
        advance(to: end)
        if blank { return nil }
        guard !open.isEmpty else { throw XMLSyntaxError(line: startLine, message: "text outside the root element") }
        return .text(entities ? try Self.resolveEntities(raw, line: startLine) : raw, line: startLine)
    }

    private mutating func markup() throws -> XMLEvent? {
        let startLine = line
        guard try available(2) else { throw fail("the file ends inside a tag") }
        let second = buffer[position + 1]
        if second == UInt8(ascii: "?") {
            guard let end = try find(Array("?>".utf8), from: position + 2) else { throw fail("an unterminated processing instruction") }
            let body = try text(position + 2, end)
            if body.hasPrefix("xml ") || body == "xml" {
                let lower = body.lowercased()
                if lower.contains("iso-8859-1") || lower.contains("latin1") || lower.contains("windows-1252") {
                    latin1 = true
                } else if let range = lower.range(of: "encoding="), !lower[range.upperBound...].dropFirst().hasPrefix("utf-8") {
                    throw fail("unsupported encoding in the XML declaration (UTF-8 or ISO-8859-1 are read)")
                }
            }
            advance(to: end + 2)
            return nil
        }
        if second == UInt8(ascii: "!") {
            if try available(4), buffer[position + 2] == UInt8(ascii: "-"), buffer[position + 3] == UInt8(ascii: "-") {
                guard let end = try find(Array("-->".utf8), from: position + 4) else { throw fail("an unterminated comment") }
                advance(to: end + 3)
                return nil
            }
            if try available(9), Array(buffer[position..<(position + 9)]) == Array("<![CDATA[".utf8) {
                guard let end = try find(Array("]]>".utf8), from: position + 9) else { throw fail("an unterminated CDATA section") }
                let value = try text(position + 9, end)
                advance(to: end + 3)
                guard !open.isEmpty else { throw XMLSyntaxError(line: startLine, message: "CDATA outside the root element") }
                return value.isEmpty ? nil : .text(value, line: startLine)
            }
            guard let end = try find(byte: UInt8(ascii: ">"), from: position + 2) else { throw fail("an unterminated declaration") }
            if buffer[position..<end].contains(UInt8(ascii: "[")) {
                throw fail("a document type declaration with an internal subset is not accepted (entities cannot be defined)")
            }
            advance(to: end + 1)
            return nil
        }
        if second == UInt8(ascii: "/") {
            guard let end = try find(byte: UInt8(ascii: ">"), from: position + 2) else { throw fail("the file ends inside a closing tag") }
            var nameEnd = end
            while nameEnd > position + 2, Self.isSpace(buffer[nameEnd - 1]) { nameEnd -= 1 }
            let prefixed = buffer[(position + 2)..<nameEnd].contains(UInt8(ascii: ":"))
            let name = prefixed ? Self.localName(try text(position + 2, nameEnd)) : try text(position + 2, nameEnd)
            advance(to: end + 1)
            guard let top = open.last else { throw XMLSyntaxError(line: startLine, message: "</\(name)> closes nothing") }
            guard top.name == name else {
                throw XMLSyntaxError(line: startLine, message: "</\(name)> found where </\(top.name)> (opened on line \(top.line)) was expected")
            }
            open.removeLast()
            return .end(name: name, line: startLine)
        }
        // A start tag: the name, then attributes, up to an unquoted '>'. Most tags have no
        // attributes: one pass over the bytes up to the first '>' settles those.
        guard var end = try find(byte: UInt8(ascii: ">"), from: position + 1) else { throw fail("the file ends inside a tag") }
        let from = position + 1
        let (quoted, stray) = buffer.withUnsafeBufferPointer { p -> (Bool, Bool) in
            var i = from
            while i < end {
                let b = p[i]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { return (true, false) }
                if b == UInt8(ascii: "<") { return (false, true) }
                i += 1
            }
            return (false, false)
        }
        if stray { throw fail("'<' inside a tag") }
        if quoted {
            var i = from
            var quote: UInt8 = 0
            while true {
                if i >= buffer.count {
                    if atEnd { throw fail("the file ends inside a tag") }
                    if try !source.read(appendingTo: &buffer) { atEnd = true; throw fail("the file ends inside a tag") }
                    continue
                }
                let byte = buffer[i]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "<") {
                    throw fail("'<' inside a tag")
                } else if byte == UInt8(ascii: ">") {
                    end = i
                    break
                }
                i += 1
            }
        }
        let selfClosing = buffer[end - 1] == UInt8(ascii: "/")
        var nameEnd = position + 1
        var prefixed = false
        while nameEnd < end, !Self.isSpace(buffer[nameEnd]), buffer[nameEnd] != UInt8(ascii: "/") {
            if buffer[nameEnd] == UInt8(ascii: ":") { prefixed = true }
            nameEnd += 1
        }
        guard nameEnd > position + 1 else { throw fail("a tag without a name") }
        let name = prefixed ? Self.localName(try text(position + 1, nameEnd)) : try text(position + 1, nameEnd)
        advance(to: end + 1)
        if open.isEmpty {
            if sawRoot { throw XMLSyntaxError(line: startLine, message: "a second root element <\(name)>") }
            sawRoot = true
        }
        open.append((name, startLine))
        if selfClosing { pendingEnd = (name, startLine) }
        return .start(name: name, line: startLine)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// Replaces `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and `&#…;` references.
    static func resolveEntities(_ raw: String, line: Int) throws -> String {
        guard raw.utf8.contains(UInt8(ascii: "&")) else { return raw }
        var out = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else {
                throw XMLSyntaxError(line: line, message: "'&' not part of an entity reference (write &amp;)")
            }
            let name = rest[rest.index(after: amp)..<semi]
            switch name {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if name.hasPrefix("#x") { scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if name.hasPrefix("#") { scalar = UInt32(name.dropFirst(1)).flatMap(Unicode.Scalar.init) }
                guard let scalar else {
                    throw XMLSyntaxError(line: line, message: "unknown entity &\(name); (only the five XML entities and character references are allowed)")
                }
                out.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semi)...]
        }
        out += rest
        return out
    }
}
