/// What the container says about the video being sampled.
public struct VideoInfo: Sendable, Equatable {
    public var path: String
    public var container: String
    public var codec: String
    /// Declared duration in seconds, when known.
    public var duration: Double?
    /// Picture size as displayed, i.e. after `rotation`.
    public var width: Int
    public var height: Int
    /// Clockwise rotation (0, 90, 180, 270) applied to every frame to show it as a player would.
    public var rotation: Int
}
