import CareCastBaselines
import CareCastFormats
import CareCastReturns
import CareCastHTML
import Foundation
import ZIPFoundation

/// A minimal Office Open XML workbook: one sheet per table, text as inline strings, numbers as
/// numbers, a bold header row. Entries carry a fixed date, so the same tables give the same bytes.
public enum XLSXWriter {
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[String]]

        public init(name: String, rows: [[String]]) {
            self.name = name
            self.rows = rows
        }
    }

    public static func workbook(_ sheets: [Sheet]) throws(DataFileError) -> [UInt8] {
        var files: [(String, String)] = []
        files.append(("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(sheets.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())</Types>
            """))
        files.append(("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """))
        files.append(("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheets.enumerated().map { "<sheet name=\"\(escape(String($0.element.name.prefix(31))))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>" }.joined())</sheets></workbook>
            """))
        files.append(("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())<Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """))
        files.append(("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>
            """))
        var sheetBytes: [[UInt8]] = []
        for sheet in sheets { sheetBytes.append(worksheet(sheet)) }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            let date = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, the ZIP format's epoch
            let entries = files.map { ($0.0, Data($0.1.utf8)) } + sheetBytes.enumerated().map { ("xl/worksheets/sheet\($0.offset + 1).xml", Data($0.element)) }
            for (path, data) in entries {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let bytes = archive.data else { throw DataFileError.unwritable(file: "workbook.xlsx", reason: "the archive has no data") }
            return Array(bytes)
        } catch let error as DataFileError {
            throw error
        } catch {
            throw .unwritable(file: "workbook.xlsx", reason: "\(error)")
        }
    }

    /// One worksheet's XML, built as bytes (the open data runs to hundreds of thousands of cells).
    static func worksheet(_ sheet: Sheet) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(sheet.rows.count * (sheet.rows.first?.count ?? 1) * 40)
        func add(_ text: String) { out.append(contentsOf: text.utf8) }
        add("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>")
        let columns = (0..<(sheet.rows.map(\.count).max() ?? 0)).map { Array(column($0).utf8) }
        for (r, row) in sheet.rows.enumerated() {
            let rowNumber = Array(String(r + 1).utf8)
            add("<row r=\"")
            out.append(contentsOf: rowNumber)
            add("\">")
            for (c, cell) in row.enumerated() {
                add("<c r=\"")
                out.append(contentsOf: columns[c])
                out.append(contentsOf: rowNumber)
                if r > 0, isNumber(cell) {
                    add("\"><v>")
                    add(cell)
                    add("</v></c>")
                } else {
                    add(r == 0 ? "\" s=\"1\" t=\"inlineStr\"><is><t>" : "\" t=\"inlineStr\"><is><t>")
                    add(escape(cell))
                    add("</t></is></c>")
                }
            }
            add("</row>")
        }
        add("</sheetData></worksheet>")
        return out
    }

    /// A cell written as a number: a plain decimal without leading zeros (codes such as 0123 stay text).
    static func isNumber(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count < 24 else { return false }
        var digits = 0
        var dot = false
        for (i, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where i == 0: continue
            case UInt8(ascii: "."): if dot { return false }; dot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            default: return false
            }
        }
        guard digits > 0 else { return false }
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        return !(body.hasPrefix("0") && body.count > 1 && !body.hasPrefix("0."))
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func escape(_ text: String) -> String { Markup.escape(text) }
}
