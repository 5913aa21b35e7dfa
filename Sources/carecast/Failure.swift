import ArgumentParser
import CareCastBaselines
import CareCastFormats
import CareCastReturns
import Foundation

/// The one place where problems become messages on standard error and exit statuses
/// (sysexits.h: 65 data error, 66 no input, 73 cannot create).
enum Failure {
    static func exit(for error: DataFileError) -> ExitCode {
        FileHandle.standardError.write(Data(("carecast: " + error.description + "\n").utf8))
        switch error {
        case .unreadable: return ExitCode(66)
        case .malformed, .malformedCSV, .malformedXML, .badData, .invalid: return ExitCode(65)
        case .unwritable: return ExitCode(73)
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Writes to standard output without buffering surprises.
func writeStandardOutput(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes))
}
