import Foundation

/// Bytes of a file read a chunk at a time, so that a reader's memory does not grow with the
/// file; or bytes already in memory, handed over in one piece.
public struct ByteSource: @unchecked Sendable {
    private enum Origin {
        case file(FileHandle)
        case memory([UInt8])
    }
    private var origin: Origin
    private var exhausted = false
    /// Bytes asked for per read from a file.
    public let chunkSize: Int
    /// The name used in messages.
    public private(set) var name: String

    /// The same source, named otherwise in messages (an upload's original file name).
    public func renamed(_ name: String) -> ByteSource {
        var copy = self
        copy.name = name
        return copy
    }

    /// Opens `path` for reading in chunks, or fails with `unreadable` naming it.
    public init(path: String, chunkSize: Int = 1 << 20) throws(DataFileError) {
        origin = .file(try DataFile.open(path))
        self.chunkSize = chunkSize
        name = path
    }

    /// Bytes in memory, named `name` in messages.
    public init(bytes: [UInt8], name: String) {
        origin = .memory(bytes)
        chunkSize = bytes.count
        self.name = name
    }

    /// Appends the next chunk to `buffer`; false at the end of the input.
    public mutating func read(appendingTo buffer: inout [UInt8]) throws(DataFileError) -> Bool {
        if exhausted { return false }
        switch origin {
        case .memory(let bytes):
            exhausted = true
            buffer.append(contentsOf: bytes)
            origin = .memory([])
            return !bytes.isEmpty
        case .file(let handle):
            let data: Data?
            do {
                data = try handle.read(upToCount: chunkSize)
            } catch {
                throw .unreadable(file: name, reason: error.localizedDescription)
            }
            guard let data, !data.isEmpty else {
                exhausted = true
                try? handle.close()
                return false
            }
            buffer.append(contentsOf: data)
            return true
        }
    }
}
