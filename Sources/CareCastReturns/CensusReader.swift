import CareCastFormats
import Foundation

/// Reads a CSWW census return as the census defines it (XML) or as the same items in CSV, and
/// runs it through a `CensusCheck` record by record. A file that is not well-formed is not
/// thrown: it becomes a CSWW-000 finding with the line, beside whatever was found before it.
/// Only an unreadable file (missing, no permission) throws.
public enum CensusReader {
    /// What reading an XML return found besides its workers.
    struct XMLParse: Sendable {
        var header = CensusHeader()
        var notCensus: (line: Int, reason: String)?
        var malformed: (line: Int, reason: String)?
        var thrown: DataFileError?
    }

    /// Reads an XML return, handing each worker to `emit` as soon as it is complete.
    static func parseXML(_ source: ByteSource, emit: (CensusWorker) -> Void) -> XMLParse {
        var result = XMLParse()
        var stream = XMLStream(source)
        var header = CensusHeader()
        header.file = source.name
        var path: [String] = []
        var worker = CensusWorker()
        var inWorker = false
        var textValue = ""
        var textLine = 0
        var notCensus = false
        do {
            while let event = try stream.next() {
                switch event {
                case .start(let name, let line):
                    path.append(name)
                    textValue = ""
                    textLine = line
                    if path.count == 1, name != "Message" {
                        result.notCensus = (line, "the root element is <\(name)>, not <Message>")
                        notCensus = true
                    }
                    if notCensus { continue }
                    if path.count == 2 {
                        if name == "CSWWWorker" {
                            worker.reset(line: line)
                            inWorker = true
                        } else if name == "LALevelVacancies" {
                            header.vacancySections += 1
                            if header.vacancySections == 1 { header.vacancyLine = line }
                        }
                    }
                case .text(let value, _):
                    if textValue.isEmpty { textValue = value } else { textValue += value }
                case .end(let name, let line):
                    defer { path.removeLast() }
                    if notCensus { continue }
                    let value = Self.trimmed(textValue)
                    textValue = ""
                    if inWorker {
                        if path.count == 2 {
                            emit(worker)
                            inWorker = false
                        } else if path.count == 3 {
                            if let item = CensusItem(element: name) {
                                if !value.isEmpty { worker.set(item, value, line: textLine) }
                            } else {
                                worker.addUnknown(name, line: line)
                            }
                        }
                        continue
                    }
                    let entry = (value, textLine)
                    switch (path.count, path.count >= 2 ? path[1] : "", name) {
                    case (4, "Header", "Collection"): header.collection = entry
                    case (4, "Header", "Year"): header.year = entry
                    case (4, "Header", "ReferenceDate"): header.referenceDate = entry
                    case (4, "Header", "SourceLevel"): header.sourceLevel = entry
                    case (4, "Header", "LEA"): header.lea = entry
                    case (4, "Header", "SoftwareCode"): header.softwareCode = value
                    case (3, "LALevelVacancies", "NumberOfVacancies"): if header.vacancySections == 1 { header.numberOfVacancies = entry }
                    case (3, "LALevelVacancies", "NoAgencyFTE"): if header.vacancySections == 1 { header.noAgencyFTE = entry }
                    case (3, "LALevelVacancies", "NoAgencyHeadcount"): if header.vacancySections == 1 { header.noAgencyHeadcount = entry }
                    default: break
                    }
                }
            }
        } catch {
            switch error {
            case .malformedXML(_, let syntax):
                if inWorker { emit(worker) }
                result.malformed = (syntax.line, "malformed XML: \(syntax.message)")
            default:
                result.thrown = error
            }
        }
        result.header = header
        return result
    }

    /// Checks an XML return. Reading and checking run side by side on two threads, handing
    /// workers over in batches through a small bounded queue, so memory stays flat; the
    /// workers are checked in file order, so the result is the same as reading and checking
    /// one after the other.
    public static func checkXML(_ source: ByteSource, context: CensusContext, rules: CensusRules = .standard) throws(DataFileError) -> CensusOutcome {
        var check = CensusCheck(rules: rules, context: context)
        check.currentFile = source.name
        let handoff = Handoff()
        let reader = Thread {
            var batch: [CensusWorker] = []
            batch.reserveCapacity(Handoff.batchSize)
            let parse = parseXML(source) { worker in
                batch.append(worker)
                if batch.count == Handoff.batchSize {
                    handoff.put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { handoff.put(batch) }
            handoff.finish(parse)
        }
        reader.stackSize = 1 << 20
        reader.start()
        while let batch = handoff.take() {
            for worker in batch { check.worker(worker) }
        }
        let parse = handoff.result!
        if let thrown = parse.thrown { throw thrown }
        if let (line, reason) = parse.notCensus { check.notCensus(line: line, reason: reason) }
        if let (line, reason) = parse.malformed { check.unreadable(line: line, reason: reason) }
        check.header(parse.header)
        return check.finish()
    }

    /// Without surrounding white space; untouched (and not copied) when there is none.
    static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        return space(first) || space(last) ? s.trimmingSpaces : s
    }

    /// The header and LA-level items of one CSV row, by column name.
    static func fill(_ header: inout CensusHeader, names: [String], row: (fields: [String], line: Int)) {
        header.vacancyLine = row.line
        for (i, name) in names.enumerated() where i < row.fields.count {
            let entry = (row.fields[i].trimmingSpaces, row.line)
            if entry.0.isEmpty { continue }
            switch name.trimmingSpaces {
            case "Collection": header.collection = entry
            case "Year": header.year = entry
            case "ReferenceDate": header.referenceDate = entry
            case "SourceLevel": header.sourceLevel = entry
            case "LEA": header.lea = entry
            case "NumberOfVacancies": header.numberOfVacancies = entry
            case "NoAgencyFTE": header.noAgencyFTE = entry
            case "NoAgencyHeadcount": header.noAgencyHeadcount = entry
            default: break
            }
        }
    }

    /// The LA-level items of a CSV return: one header row and one data row, columns
    /// NumberOfVacancies, NoAgencyFTE, NoAgencyHeadcount, and optionally Collection, Year,
    /// ReferenceDate, SourceLevel and LEA.
    public static func laLevel(_ source: ByteSource) throws(DataFileError) -> CensusHeader {
        var stream = CSVStream(source)
        var header = CensusHeader()
        header.file = source.name
        guard let names = try stream.next() else { return header }
        var rows = 0
        while let row = try stream.next() {
            if row.fields.count == 1, row.fields[0].isEmpty { continue }
            rows += 1
            if rows > 1 { continue }
            fill(&header, names: names.fields, row: row)
        }
        header.vacancySections = rows
        if rows == 0 { header.vacancyLine = names.line }
        return header
    }

    /// Checks a CSV return: one row per worker, column names = element names (a repeatable item
    /// may have several columns of the same name), and the LA-level file beside it.
    public static func checkCSV(workers: ByteSource, laLevel: ByteSource?, context: CensusContext, rules: CensusRules = .standard) throws(DataFileError) -> CensusOutcome {
        var check = CensusCheck(rules: rules, context: context)
        check.currentFile = laLevel?.name ?? workers.name
        do {
            if let laLevel { check.header(try Self.laLevel(laLevel)) }
        } catch {
            if case .malformedCSV(_, let syntax) = error {
                check.unreadable(line: syntax.line, reason: "malformed CSV in the LA-level file: \(syntax.message)")
            } else { throw error }
        }
        check.currentFile = workers.name
        var stream = CSVStream(workers)
        var worker = CensusWorker()
        do {
            guard var names = try stream.next() else {
                check.notCensus(line: 1, reason: "the worker file is empty")
                return check.finish()
            }
            // A header section: the LA-level items' header and row, a blank line, then the workers.
            if laLevel == nil, names.fields.contains(where: { $0.trimmingSpaces == "NumberOfVacancies" }) {
                var header = CensusHeader()
                header.file = workers.name
                header.vacancyLine = names.line
                if let row = try stream.next(), !(row.fields.count == 1 && row.fields[0].isEmpty) {
                    header.vacancySections = 1
                    fill(&header, names: names.fields, row: row)
                }
                check.header(header)
                var next = try stream.next()
                while let n = next, n.fields.count == 1, n.fields[0].trimmingSpaces.isEmpty { next = try stream.next() }
                guard let workerHeader = next else {
                    check.notCensus(line: names.line, reason: "the file has the LA-level section but no workers' header after it")
                    return check.finish()
                }
                names = workerHeader
            }
            let items = names.fields.map { CensusItem(element: $0.trimmingSpaces) }
            let known = items.compactMap { $0 }
            if !known.contains(.sweNo) && !known.contains(.agencyWorker) {
                check.notCensus(line: names.line, reason: "the header has neither SWENo nor AgencyWorker: columns must be named as the census's elements")
                return check.finish()
            }
            for (i, name) in names.fields.enumerated() where items[i] == nil {
                check.unknownColumn(name, line: names.line)
            }
            while let row = try stream.next() {
                if row.fields.count == 1, row.fields[0].isEmpty { continue }
                worker.reset(line: row.line)
                if row.fields.count != items.count {
                    check.unreadable(line: row.line, reason: "the row has \(row.fields.count) fields where the header has \(items.count)", stopped: false)
                    continue
                }
                for (i, value) in row.fields.enumerated() {
                    let v = value.trimmingSpaces
                    guard !v.isEmpty else { continue }
                    if let item = items[i] { worker.set(item, v, line: row.line) }
                }
                check.worker(worker)
            }
        } catch {
            if case .malformedCSV(_, let syntax) = error {
                check.unreadable(line: syntax.line, reason: "malformed CSV: \(syntax.message)")
            } else { throw error }
        }
        return check.finish()
    }
}

/// Batches of workers passed from the reading thread to the checking one: at most `capacity`
/// batches wait, so the reader never runs far ahead.
final class Handoff: @unchecked Sendable {
    static let batchSize = 256
    private let capacity = 8
    private let condition = NSCondition()
    private var batches: [[CensusWorker]] = []
    private var done = false
    private(set) var result: CensusReader.XMLParse?

    func put(_ batch: [CensusWorker]) {
        condition.lock()
        while batches.count >= capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish(_ parse: CensusReader.XMLParse) {
        condition.lock()
        result = parse
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch in order, or nil once the reader has finished and everything is taken.
    func take() -> [CensusWorker]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !done { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}
