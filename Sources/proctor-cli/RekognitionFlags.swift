import ArgumentParser
import Foundation
import ProctorBackends
import ProctorEngine
import ProctorMedia
import Rekognition

/// The options of `--backend rekognition`: where to call and with which credentials, and which calls to make.
struct RekognitionFlags: ParsableArguments {
    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    var region: String?

    @Option(
        help: ArgumentHelp(
            "AWS profile in ~/.aws/credentials or ~/.aws/config (default: AWS_PROFILE, else "
                + "'default'; when given, it wins over AWS_ACCESS_KEY_ID)."))
    var profile: String?

    @Option(help: "Rekognition-compatible endpoint to call instead of https://rekognition.<region>.amazonaws.com.")
    var endpointURL: String?

    @Option(
        help: ArgumentHelp(
            "Rekognition calls allowed, comma-separated: faces, labels, text, compare "
                + "(default: all; 'faces' is required). Each call is billed."))
    var rekognitionOps: String = RekognitionOperation.allCases.map(\.optionName).joined(separator: ",")

    @Option(help: "CompareFaces similarity (percent) from which a face is the reference person.")
    var similarityThreshold: Double = RekognitionOptions.defaultSimilarityThreshold

    func validate() throws {
        _ = try operations()
        guard similarityThreshold > 0, similarityThreshold <= 100 else {
            throw ValidationError("--similarity-threshold must lie in (0, 100]")
        }
        if let endpointURL {
            guard let url = URL(string: endpointURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil
            else {
                throw ValidationError("--endpoint-url must be an http or https URL")
            }
        }
    }

    func operations() throws -> Set<RekognitionOperation> {
        var operations = Set<RekognitionOperation>()
        for name in rekognitionOps.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let operation = RekognitionOperation(optionName: name) else {
                throw ValidationError("--rekognition-ops: unknown call '\(name)' (faces, labels, text, compare)")
            }
            operations.insert(operation)
        }
        guard operations.contains(.detectFaces) else { throw ValidationError("--rekognition-ops must include 'faces'") }
        return operations
    }

    /// The client, from the credential chain (environment, `.env` in the working directory, profiles).
    func makeClient() throws -> RekognitionClient {
        let environment = DotEnvFile.environment(
            merging: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            into: ProcessInfo.processInfo.environment)
        let settings = try AWSSettingsResolver(environment: environment).resolve(profile: profile, region: region)
        return RekognitionClient(settings: settings, endpoint: endpointURL.flatMap(URL.init(string:)))
    }

    /// The backend with the shared switches applied (`--no-objects` / `--no-text` / `--no-identity` drop those
    /// calls), and the identity reference when `referenceFace` is given.
    func makeAnalyzer(
        config: ProctorConfig, schedule: DetectorSchedule, objects: Bool, text: Bool, identity: Bool,
        referenceFace: String?
    ) throws -> (RekognitionAnalyzer, IdentityReference?) {
        var options = RekognitionOptions(config: config, schedule: schedule)
        options.operations = try operations()
        if !objects { options.operations.remove(.detectLabels) }
        if !text { options.operations.remove(.detectText) }
        if !identity { options.operations.remove(.compareFaces) }
        options.similarityThreshold = similarityThreshold
        let client = try makeClient()
        let reference = try referenceFace.map { path in
            try RekognitionReference.prepare(
                try ImageLoader.load(path: path), role: "reference face \(path)",
                client: client, options: options)
        }
        let analyzer = try RekognitionAnalyzer(client: client, options: options, referenceImage: reference)
        return (
            analyzer,
            reference.map { _ in
                IdentityReference(
                    source: .referenceImage, descriptor: IdentityDescriptor(sameThreshold: options.sameThreshold))
            }
        )
    }
}
