import Foundation
import ProctorCore

/// Runs a `VideoSampler` on its own thread, at most `capacity` frames ahead of the consumer, so that decoding the
/// next frames overlaps with analysing the current one while memory stays bounded.
///
/// Ownership: the producer thread alone touches the sampler until it has stopped; `next()` returning nil (or
/// throwing) and `stop()` both wait for that, after which the caller may read the sampler's state again.
public final class FramePrefetcher: @unchecked Sendable {
    private let sampler: VideoSampler
    private let capacity: Int
    private let condition = NSCondition()
    private var buffer: [Frame] = []
    private var producerFinished = false
    private var cancelled = false
    private var failure: Error?

    public init(sampler: VideoSampler, capacity: Int = 2) {
        self.sampler = sampler
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in produce() }
        thread.name = "proctor.decode"
        thread.start()
    }

    /// The next sampled frame, or nil when the input is exhausted. Rethrows the sampler's error.
    public func next() throws -> Frame? {
        condition.lock()
        defer { condition.unlock() }
        while buffer.isEmpty && !producerFinished { condition.wait() }
        if !buffer.isEmpty {
            condition.broadcast()
            return buffer.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Asks the producer to stop and waits until it has.
    public func stop() {
        condition.lock()
        cancelled = true
        buffer.removeAll()
        condition.broadcast()
        while !producerFinished { condition.wait() }
        condition.unlock()
    }

    private func produce() {
        while true {
            let frame: Frame?
            do { frame = try sampler.next() } catch {
                finish(failure: error)
                return
            }
            condition.lock()
            guard let frame, !cancelled else {
                condition.unlock()
                finish(failure: nil)
                return
            }
            while buffer.count >= capacity && !cancelled { condition.wait() }
            if !cancelled { buffer.append(frame) }
            condition.broadcast()
            condition.unlock()
        }
    }

    private func finish(failure: Error?) {
        condition.lock()
        self.failure = failure
        producerFinished = true
        condition.broadcast()
        condition.unlock()
    }
}
