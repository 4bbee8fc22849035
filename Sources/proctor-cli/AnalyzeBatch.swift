import ArgumentParser
import Foundation
import LocalVision
import ProctorEngine
import ProctorMedia
import ProctorPipeline

extension AnalyzeCommand {
    /// The configuration file's settings with the command-line switches applied.
    func loadSettings() throws -> ProctorConfig {
        var settings = try configOptions.load()
        if noExpressions { settings.session.expressions = false }
        return settings
    }

    /// `--out DIR`: every recording of the inputs, `--jobs` at a time, then the summary. Exit status 3 when some
    /// recordings failed.
    func runBatch(out: URL) throws {
        let inputs: [BatchInput]
        let settings: ProctorConfig
        do {
            inputs = try BatchInputs.expand(self.inputs, glob: glob)
            settings = try loadSettings()
            _ = try makeBackend(config: settings)  // models, credentials and reference face checked before starting
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure(message: "\(error)")
        }
        guard !inputs.isEmpty else {
            throw CLIFailure(message: "no video files found in \(self.inputs.joined(separator: ", "))")
        }
        let jobs = min(self.jobs, inputs.count)
        let command = self
        let runner = BatchRunner(
            inputs: inputs, outputDirectory: out, formats: formats, jobs: jobs, force: force,
            progress: BatchProgress(style: quiet ? .plain : ProgressStyle(rawValue: progress)!, total: inputs.count),
            makeJob: { try command.batchJob(settings: settings) })
        let rows: [BatchRow]
        do {
            rows = try runner.run()
            try BatchSummary.write(rows, to: out)
        } catch {
            throw CLIFailure(message: "\(out.path): \(error)")
        }
        let failed = rows.filter { $0.status == .failed }.count
        FileHandle.standardError.write(
            Data(
                """
                proctor: \(rows.count) recording(s): \(rows.filter { $0.status == .analysed }.count) analysed, \
                \(rows.filter { $0.status == .skipped }.count) already done, \(failed) failed; \
                summary in \(out.appendingPathComponent("summary.csv").path)

                """.utf8))
        if failed > 0 { throw ExitCode(3) }
    }

    /// One batch job's analysis. The local backend's models are loaded once per job and kept across its recordings
    /// (each recording starts a fresh detector schedule); a Rekognition backend is made per recording, since its
    /// billed-call counts and its identity reference belong to one recording.
    func batchJob(settings: ProctorConfig) throws -> BatchRunner.Analyze {
        let kept = backend == "local" ? try makeBackend(config: settings) : nil
        return { input, evidence, progress in
            let (analyzer, reference) = try kept ?? self.makeBackend(config: settings)
            var frames = 0
            var analysis = RecordingAnalysis(
                fps: self.fps, config: settings, evidenceDirectory: evidence, identityReference: reference,
                toolVersion: Proctor.version,
                onFrame: { record in
                    frames += 1
                    progress.frame(record.timestamp, frames)
                },
                onOpen: { info in progress.opened(info.duration) })
            analysis.limits = self.mediaLimits
            return try analysis.run(path: input.path, analyzer: analyzer)
        }
    }
}
