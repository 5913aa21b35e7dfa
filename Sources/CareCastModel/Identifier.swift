/// A typed string identifier: an area code cannot be passed where a role id is expected.
///
/// The tag types are empty enums; the stored value is the identifier as written in the input.
public struct Identifier<Tag>: Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum AreaTag {}
public enum RoleTag {}
public enum AgeBandTag {}
public enum AgeGroupTag {}
public enum ActivityTag {}
public enum PipelineTag {}

/// An area's code (ONS code for an English local authority, region or country).
public typealias AreaCode = Identifier<AreaTag>
/// A workforce role's id (`case_holder`, `senior_practitioner`, ...).
public typealias RoleID = Identifier<RoleTag>
/// A workforce age band's id (`under30`, `30-39`, ...).
public typealias AgeBandID = Identifier<AgeBandTag>
/// A children's population age group (`0-4`, `5-9`, `10-15`, `16-17`): not a workforce band.
public typealias AgeGroup = Identifier<AgeGroupTag>
/// An activity's id (children in need, on a plan, looked after, ...).
public typealias ActivityID = Identifier<ActivityTag>
/// A training pipeline's id.
public typealias PipelineID = Identifier<PipelineTag>
