import Foundation

/// How a batch shows its progress on stderr.
enum ProgressStyle: String, CaseIterable {
    /// `live` on a terminal, else `plain`.
    case auto
    /// A live display redrawn in place: files in progress with their frames, overall percentage, ETA.
    case live
    /// One line per started or finished recording.
    case plain
    /// One JSON object per line (NDJSON) per start, progress step and finish.
    case json
}

/// Thread-safe progress of a batch: the runner's jobs report starts, frames and finishes; the chosen style prints.
final class BatchProgress: @unchecked Sendable {
    private let style: ProgressStyle
    private let total: Int
    private let started = Date()
    private let lock = NSLock()
    private var active: [String: (fraction: Double, frames: Int)] = [:]
    private var finished = 0
    private var lastDraw = Date.distantPast
    private var drawnLines = 0

    init(style: ProgressStyle, total: Int) {
        self.style = style == .auto ? (isatty(STDERR_FILENO) == 1 ? .live : .plain) : style
        self.total = total
    }

    func start(_ file: String) {
        locked {
            active[file] = (0, 0)
            switch style {
            case .plain: write("[\(finished + 1)/\(total)] \(file): started\n")
            case .json: emit(["event": "start", "file": file])
            default: draw(force: true)
            }
        }
    }

    /// `fraction` of the recording done (by timestamp over declared duration), `frames` analysed so far.
    func frame(_ file: String, fraction: Double, frames: Int) {
        locked {
            active[file] = (min(1, fraction), frames)
            switch style {
            case .json where frames % 30 == 0:
                var object: [String: Any] = [
                    "event": "progress", "file": file, "frames": frames,
                    "fraction": round(fraction * 1000) / 1000,
                    "overall": round(overall * 1000) / 1000,
                ]
                object["eta_seconds"] = eta.map { round($0) }
                emit(object)
            case .live: draw(force: false)
            default: break
            }
        }
    }

    func finish(_ file: String, row: BatchRow) {
        locked {
            active[file] = nil
            finished += 1
            let outcome =
                row.status == .failed
                ? "FAILED: \(row.error ?? "")"
                : "\(row.status.rawValue), priority \(row.reviewPriority ?? "-"), \(row.framesAnalysed ?? 0) frames"
            switch style {
            case .plain: write("[\(finished)/\(total)] \(file): \(outcome)\n")
            case .json:
                var object: [String: Any] = [
                    "event": "finish", "file": file, "status": row.status.rawValue,
                    "finished": finished, "total": total,
                ]
                object["error"] = row.error
                object["review_priority"] = row.reviewPriority
                emit(object)
            default:
                clear()
                write("[\(finished)/\(total)] \(file): \(outcome)\n")
                draw(force: true)
            }
        }
    }

    /// Clears the live display at the end.
    func close() {
        locked { if style == .live { clear() } }
    }

    /// Share of the whole batch done: finished recordings plus the fractions of those in progress.
    private var overall: Double {
        total == 0 ? 1 : (Double(finished) + active.values.reduce(0) { $0 + $1.fraction }) / Double(total)
    }

    private var eta: Double? {
        let done = overall
        guard done > 0.01 else { return nil }
        return Date().timeIntervalSince(started) * (1 - done) / done
    }

    private func draw(force: Bool) {
        guard force || Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        clear()
        let eta = self.eta.map { String(format: " ETA %dm%02ds", Int($0) / 60, Int($0) % 60) } ?? ""
        var lines = [String(format: "proctor: %d/%d recordings, %.0f%%", finished, total, overall * 100) + eta]
        for (file, state) in active.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(file) " + String(format: "%3.0f%% (%d frames)", state.fraction * 100, state.frames))
        }
        write(lines.joined(separator: "\n") + "\n")
        drawnLines = lines.count
    }

    private func clear() {
        guard drawnLines > 0 else { return }
        write(String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawnLines))
        drawnLines = 0
    }

    private func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    private func locked(_ body: () -> Void) {
        lock.lock()
        body()
        lock.unlock()
    }
}
