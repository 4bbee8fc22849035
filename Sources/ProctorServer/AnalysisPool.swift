import Foundation
import ProctorEngine

/// What a worker analyses frames with: a `FrameAnalyzer` (one instance per worker thread, shared by the sessions in
/// turn, each passing its own detector schedule) that can also read the one face of a still.
public protocol LiveAnalyzer: FrameAnalyzer {
    /// The face of a still image (`SingleFace.pick`), its identity descriptor and how many other usable faces the
    /// image had (reference faces, ID documents).
    func singleFace(in image: Frame, role: String, selection: FaceSelection) throws
        -> (face: FaceObservation, descriptor: IdentityDescriptor, otherFaces: Int)
}

/// The queue is full: the client should retry after `retryAfter` seconds.
public struct PoolSaturated: Error {
    public let retryAfter: Int
}

/// Runs analysis jobs off the event loop on `workers` threads, each owning one analyzer. Jobs with the same key (a
/// session id) run one at a time in submission order; at most `capacity` jobs wait at once, beyond which `submit`
/// refuses at once (`PoolSaturated`) instead of letting memory grow.
public final class AnalysisPool: @unchecked Sendable {
    public let workers: Int
    public let capacity: Int
    /// Where each session's detector schedule starts (the workers' analyzers are configured alike).
    public let schedule: DetectorSchedule
    private let condition = NSCondition()
    /// Waiting jobs per key, oldest first.
    private var waiting: [String: [Job]] = [:]
    /// Keys with a waiting job and no job running, in the order they became ready.
    private var ready: [String] = []
    private var running: Set<String> = []
    private var queued = 0

    /// Hands an analyzer to the one thread that will ever use it.
    private struct AnalyzerHandle: @unchecked Sendable {
        let analyzer: LiveAnalyzer
    }

    private struct Job {
        let run: (LiveAnalyzer) -> Void
    }

    public init(workers: Int, capacity: Int, makeAnalyzer: () throws -> LiveAnalyzer) throws {
        self.workers = workers
        self.capacity = capacity
        let analyzers = try (0..<workers).map { _ in AnalyzerHandle(analyzer: try makeAnalyzer()) }
        schedule = analyzers[0].analyzer.schedule
        for (number, analyzer) in analyzers.enumerated() {
            let thread = Thread { [unowned self] in self.work(with: analyzer.analyzer) }
            thread.name = "proctor-analysis-\(number)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Jobs waiting or running.
    public var load: Int {
        condition.lock()
        defer { condition.unlock() }
        return queued
    }

    /// Runs `job` with a worker's analyzer after every earlier job of `key`.
    public func submit<T: Sendable>(key: String, _ job: @escaping @Sendable (LiveAnalyzer) throws -> T) async throws
        -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = enqueue(
                key: key,
                Job { analyzer in
                    continuation.resume(with: Result { try job(analyzer) })
                })
            if !accepted { continuation.resume(throwing: PoolSaturated(retryAfter: 1)) }
        }
    }

    private func enqueue(key: String, _ job: Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard queued < capacity else { return false }
        queued += 1
        waiting[key, default: []].append(job)
        if !running.contains(key), waiting[key]?.count == 1 { ready.append(key) }
        condition.signal()
        return true
    }

    private func work(with analyzer: LiveAnalyzer) {
        while true {
            condition.lock()
            while ready.isEmpty { condition.wait() }
            let key = ready.removeFirst()
            let job = waiting[key]!.removeFirst()
            running.insert(key)
            condition.unlock()

            job.run(analyzer)

            condition.lock()
            running.remove(key)
            queued -= 1
            if waiting[key]?.isEmpty == false { ready.append(key) } else { waiting[key] = nil }
            condition.signal()
            condition.unlock()
        }
    }
}
