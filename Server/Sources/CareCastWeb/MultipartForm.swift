import Foundation

/// A `multipart/form-data` body (RFC 7578), parsed here rather than by MultipartKit, whose
/// parser traps on some malformed header names (a crafted request could stop the server).
/// Every malformed body is a `Problem` (400), never a crash.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var data: [UInt8]
    }

    var parts: [Part]

    func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.filename != nil }
    }

    static func bad(_ detail: String) -> Problem { Problem.badRequest("the form could not be read: \(detail)") }

    static func parse(_ body: [UInt8], boundary: String) throws -> MultipartForm {
        let delimiter = Array("--\(boundary)".utf8)
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            guard !pattern.isEmpty, body.count >= pattern.count, start <= body.count - pattern.count else { return nil }
            var i = start
            while i <= body.count - pattern.count {
                if body[i] == pattern[0], body[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
                i += 1
            }
            return nil
        }
        guard var at = find(delimiter, from: 0) else { throw bad("no boundary in the body") }
        var parts: [Part] = []
        while true {
            at += delimiter.count
            // "--" after the delimiter closes the body.
            if at + 1 < body.count, body[at] == UInt8(ascii: "-"), body[at + 1] == UInt8(ascii: "-") { break }
            guard at + 1 < body.count, body[at] == 0x0D, body[at + 1] == 0x0A else { throw bad("a boundary is not followed by a line break") }
            at += 2
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], from: at) else { throw bad("a part has no end to its headers") }
            var name: String?
            var filename: String?
            for line in body[at..<headerEnd].split(separator: 0x0A) {
                let text = String(decoding: line.filter { $0 != 0x0D }, as: UTF8.self)
                guard let colon = text.firstIndex(of: ":") else { throw bad("a part header has no colon") }
                let field = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                guard !field.isEmpty, field.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "-" || CharacterSet.alphanumerics.contains($0)) }) else {
                    throw bad("a part header's name is not a token")
                }
                guard field == "content-disposition" else { continue }
                for parameter in text[text.index(after: colon)...].split(separator: ";").dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pair.count == 2 else { continue }
                    let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
                    if pair[0].lowercased() == "name" { name = value }
                    if pair[0].lowercased() == "filename" { filename = value }
                }
            }
            guard let name else { throw bad("a part has no name") }
            let start = headerEnd + 4
            guard let next = find([0x0D, 0x0A] + delimiter, from: start) else { throw bad("a part is not closed by the boundary") }
            parts.append(Part(name: name, filename: filename, data: Array(body[start..<next])))
            at = next + 2
        }
        return MultipartForm(parts: parts)
    }
}
