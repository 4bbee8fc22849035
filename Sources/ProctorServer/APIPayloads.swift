import Foundation
import ProctorEngine
import ProctorFormats

/// The JSON bodies the API answers with (snake_case keys, as the seed's clients read them).
enum APIPayloads {
    /// The five per-frame metrics, always present as keys: null when the frame could not measure one.
    struct Metrics: Encodable {
        var values: FrameMetrics

        enum CodingKeys: String, CodingKey { case eyeContact, engagement, confidence, posture, facialExpression }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(values.eyeContact, forKey: .eyeContact)
            try container.encode(values.engagement, forKey: .engagement)
            try container.encode(values.confidence, forKey: .confidence)
            try container.encode(values.posture, forKey: .posture)
            try container.encode(values.facialExpression, forKey: .facialExpression)
        }
    }

    struct Alert: Encodable {
        var type: AlertType
        var severity: Severity
        var confidence: Double
        var eventId: String
        var message: String
        var frameIndex: Int?
        var timestamp: Double?

        init(_ alert: FrameAlert, record: FrameRecord? = nil) {
            type = alert.type
            severity = alert.severity
            confidence = alert.confidence
            eventId = alert.eventId
            message = alert.type.message
            frameIndex = record?.index
            timestamp = record?.timestamp
        }
    }

    /// One frame's result, as the seed's `result` object plus the engine's frame facts.
    struct FrameResult: Encodable {
        var frameIndex: Int
        var timestamp: Double
        var faceCount: Int
        var detectedFaces: Int
        var qualityVerdict: QualityVerdict
        var metrics: Metrics
        var emotions: [String: Double]?
        var dominantEmotion: String?
        var alerts: [Alert]

        init(_ record: FrameRecord) {
            frameIndex = record.index
            timestamp = record.timestamp
            faceCount = record.faceCount
            detectedFaces = record.detectedFaces
            qualityVerdict = record.qualityVerdict
            metrics = Metrics(values: record.metrics)
            emotions = record.expressions
            dominantEmotion = record.dominantEmotion
            alerts = record.alerts.map { Alert($0) }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(frameIndex, forKey: .frameIndex)
            try container.encode(timestamp, forKey: .timestamp)
            try container.encode(faceCount, forKey: .faceCount)
            try container.encode(detectedFaces, forKey: .detectedFaces)
            try container.encode(qualityVerdict, forKey: .qualityVerdict)
            try container.encode(metrics, forKey: .metrics)
            try container.encode(emotions, forKey: .emotions)
            try container.encode(dominantEmotion, forKey: .dominantEmotion)
            try container.encode(alerts, forKey: .alerts)
        }

        enum CodingKeys: String, CodingKey {
            case frameIndex, timestamp, faceCount, detectedFaces, qualityVerdict, metrics, emotions, dominantEmotion
            case alerts
        }
    }

    struct SessionSummary: Encodable {
        var sessionId: String
        var status: StoredSession.Status
        var startTime: String
        var endTime: String?
        var frameCount: Int
        var jobData: JSONValue

        init(_ session: StoredSession) {
            sessionId = session.id
            status = session.status
            startTime = APIPayloads.isoDate(session.startTime)
            endTime = session.endTime.map(APIPayloads.isoDate)
            frameCount = session.frameCount
            jobData = JSONValue(jsonText: session.jobData)
        }
    }

    static func isoDate(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}

/// Any JSON value, kept as the client sent it (`job_data`).
enum JSONValue: Codable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// `null` when the text is not JSON, or nested deeper than `maxDepth` (which no encoder downstream could take;
    /// stored before job data had limits).
    init(jsonText: String) {
        let data = Data(jsonText.utf8)
        guard JSONLimits.depth(of: data, stoppingAfter: Self.maxDepth) <= Self.maxDepth else {
            self = .null
            return
        }
        self = (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
    }

    static let maxDepth = 64

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .object(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
