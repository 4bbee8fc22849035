import Hummingbird
import ProctorEngine

/// The response bodies, one type per route; `success` is always true here (errors are `APIError`).
enum Payload {
    struct Started: ResponseEncodable {
        var success = true
        var sessionId: String
        var status: StoredSession.Status
        var startTime: String
    }

    struct Frame: ResponseEncodable {
        var success = true
        var result: APIPayloads.FrameResult
    }

    struct Session: ResponseEncodable {
        var success = true
        var session: APIPayloads.SessionSummary
    }

    struct SessionList: ResponseEncodable {
        var success = true
        var sessions: [APIPayloads.SessionSummary]
        var page: Int
        var perPage: Int
        var total: Int
    }

    struct Deleted: ResponseEncodable {
        var success = true
        var sessionId: String
        var deleted = true
    }

    struct Metrics: ResponseEncodable {
        var success = true
        var sessionId: String
        var status: StoredSession.Status
        var framesAnalysed: Int
        var durationSeconds: Double
        var metrics: [String: Report.MetricSummary]
        var current: APIPayloads.Metrics?
        var recentAlerts: [APIPayloads.Alert]
    }

    struct Alerts: ResponseEncodable {
        var success = true
        var sessionId: String
        var alerts: [APIPayloads.Alert]
        var events: [AlertEvent]
    }

    struct Emotions: ResponseEncodable {
        struct Point: Encodable {
            var frameIndex: Int
            var timestamp: Double
            var emotions: [String: Double]?
            var dominantEmotion: String?
        }
        var success = true
        var sessionId: String
        var label: String
        var timeline: [Point]
        var summary: ExpressionSummary?
    }

    struct Ended: ResponseEncodable {
        var success = true
        var sessionId: String
        var status = StoredSession.Status.ended
        var report: Report
    }

    struct StoredReport: ResponseEncodable {
        var success = true
        var sessionId: String
        var report: Report
    }

    struct RegisteredFace: ResponseEncodable {
        var success = true
        var sessionId: String
        var face: IdentityVerdict.Face
    }

    struct Verification: ResponseEncodable {
        var verdict: IdentityVerdict

        enum CodingKeys: String, CodingKey { case success }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(true, forKey: .success)
            try verdict.encode(to: encoder)
        }
    }

    struct Health: ResponseEncodable {
        var status: String
        var version: String
        var backend: String
        var models: [ModelInfo]
        var modelsLoaded: Int
        var storage: String
        var workers: Int
        var queueCapacity: Int
        var queued: Int
    }
}
