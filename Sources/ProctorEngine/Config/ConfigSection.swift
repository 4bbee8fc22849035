/// A part of the configuration that one rule or one stage owns: its settings, their JSON keys and their checks.
///
/// The configuration file stays flat (v1 keys such as `no_face_min_frames`): every section reads and writes its own
/// keys at the top level of the same JSON object, through `fields`. A key missing from the file keeps the section's
/// default.
public protocol ConfigSection: Codable, Sendable, Equatable {
    /// The defaults.
    init()
    /// Each setting's key (camelCase here; snake_case in files) and where it is stored.
    static var fields: [ConfigField<Self>] { get }
    /// Rejects values the section cannot work with.
    func validate() throws
}

extension ConfigSection {
    public init(from decoder: Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: ConfigKey.self)
        for field in Self.fields { try field.decode(&self, container) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: ConfigKey.self)
        for field in Self.fields { try field.encode(self, &container) }
    }

    /// The keys this section reads.
    static var keys: [String] { fields.map(\.name) }
}

/// One setting of a `ConfigSection`: its key and how it is read and written.
public struct ConfigField<Section> {
    let name: String
    let decode: (inout Section, KeyedDecodingContainer<ConfigKey>) throws -> Void
    let encode: (Section, inout KeyedEncodingContainer<ConfigKey>) throws -> Void

    /// A setting that is always present (the default when the file leaves it out).
    public static func value<Value: Codable>(_ name: String, _ path: WritableKeyPath<Section, Value>) -> Self {
        let key = ConfigKey(name)
        return Self(
            name: name,
            decode: { section, container in
                if let value = try container.decodeIfPresent(Value.self, forKey: key) {
                    section[keyPath: path] = value
                }
            },
            encode: { section, container in try container.encode(section[keyPath: path], forKey: key) })
    }

    /// A setting that may be absent (null or missing in the file means "not set").
    public static func optional<Value: Codable>(_ name: String, _ path: WritableKeyPath<Section, Value?>) -> Self {
        let key = ConfigKey(name)
        return Self(
            name: name,
            decode: { section, container in
                section[keyPath: path] = try container.decodeIfPresent(Value.self, forKey: key)
            },
            encode: { section, container in try container.encodeIfPresent(section[keyPath: path], forKey: key) })
    }
}

/// A configuration key, as named in a `ConfigField`.
public struct ConfigKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// The checks settings share, with the file's (snake_case) key in the message.
enum ConfigCheck {
    /// A run of frames: at least 1.
    static func frames(_ value: Int, _ key: String) throws {
        guard value >= 1 else { throw ConfigError.invalid("\(key) must be at least 1") }
    }

    /// A confidence, share or relative size: within 0...1.
    static func unit(_ value: Double, _ key: String) throws {
        guard (0...1).contains(value) else { throw ConfigError.invalid("\(key) must lie in 0...1") }
    }

    /// A positive, finite amount.
    static func positive(_ value: Double, _ key: String) throws {
        guard value > 0, value.isFinite else { throw ConfigError.invalid("\(key) must be positive") }
    }
}
