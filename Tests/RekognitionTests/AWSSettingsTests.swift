import Foundation
import Testing

@testable import Rekognition

/// Finding credentials and region as the AWS CLI does: environment, `.env`, profiles in the shared files.
@Suite struct AWSSettingsTests {
    /// A home folder with `~/.aws/credentials` and `~/.aws/config`.
    func home(credentials: String = "", config: String = "") throws -> URL {
        let home = try TestSupport.scratchDirectory("home")
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        try credentials.write(to: aws.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        try config.write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        return home
    }

    static let credentialsFile = """
        # keys
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default/secret

        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=dev/secret
        aws_session_token = dev-token
        """
    static let configFile = """
        [default]
        region = eu-west-1
        [profile dev]
        region = ap-south-1
        s3 =
          max_concurrent_requests = 4
        [profile config-only]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = config/secret
        [profile role]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = default
        """

    func resolver(_ environment: [String: String], home: URL) -> AWSSettingsResolver {
        AWSSettingsResolver(environment: environment, homeDirectory: home.path)
    }

    @Test func environmentKeysComeFirst() throws {
        let home = try home(credentials: Self.credentialsFile, config: Self.configFile)
        let settings = try resolver(
            [
                "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env/secret",
                "AWS_SESSION_TOKEN": "env-token", "AWS_REGION": "us-west-2",
            ], home: home
        ).resolve()
        #expect(settings.credentials.accessKeyID == "AKIDENV")
        #expect(settings.credentials.sessionToken == "env-token")
        #expect(settings.credentials.source == "environment")
        #expect(settings.region == "us-west-2")
    }

    @Test func defaultProfileAndItsRegion() throws {
        let home = try home(credentials: Self.credentialsFile, config: Self.configFile)
        let settings = try resolver([:], home: home).resolve()
        #expect(settings.credentials.accessKeyID == "AKIDDEFAULT" && settings.credentials.sessionToken == nil)
        #expect(settings.region == "eu-west-1")
    }

    @Test func awsProfileSelectsAProfileButEnvironmentKeysStillWin() throws {
        let home = try home(credentials: Self.credentialsFile, config: Self.configFile)
        let dev = try resolver(["AWS_PROFILE": "dev"], home: home).resolve()
        #expect(dev.credentials.accessKeyID == "AKIDDEV" && dev.credentials.sessionToken == "dev-token")
        #expect(dev.region == "ap-south-1")
        let both = try resolver(
            ["AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"],
            home: home
        ).resolve()
        #expect(both.credentials.accessKeyID == "AKIDENV")
        let explicit = try resolver(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"], home: home)
            .resolve(profile: "dev")
        #expect(explicit.credentials.accessKeyID == "AKIDDEV", "an explicit --profile beats environment keys")
    }

    @Test func regionPrecedence() throws {
        let home = try home(credentials: Self.credentialsFile, config: Self.configFile)
        let environment = ["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-east-2"]
        #expect(try resolver(environment, home: home).resolve(region: "ca-central-1").region == "ca-central-1")
        #expect(try resolver(environment, home: home).resolve().region == "us-west-2")
        #expect(try resolver(["AWS_DEFAULT_REGION": "us-east-2"], home: home).resolve().region == "us-east-2")
        #expect(throws: AWSSettingsError.invalidRegion("us-east-1.evil.com/")) {
            try resolver([:], home: home).resolve(region: "us-east-1.evil.com/")
        }
    }

    @Test func fileOverridesAndConfigOnlyKeys() throws {
        let home = try home()
        let elsewhere = try TestSupport.scratchDirectory("aws-files")
        let credentials = elsewhere.appendingPathComponent("creds")
        let config = elsewhere.appendingPathComponent("conf")
        try Self.credentialsFile.write(to: credentials, atomically: true, encoding: .utf8)
        try Self.configFile.write(to: config, atomically: true, encoding: .utf8)
        let environment = ["AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_CONFIG_FILE": config.path]
        #expect(try resolver(environment, home: home).resolve().credentials.accessKeyID == "AKIDDEFAULT")
        let configOnly = try resolver(environment, home: home).resolve(profile: "config-only", region: "us-east-1")
        #expect(configOnly.credentials.accessKeyID == "AKIDCONFIG")
        #expect(configOnly.credentials.source.contains(config.path))
    }

    @Test func missingOrUnsupportedCredentialsSayWhatToDo() throws {
        let home = try home(credentials: Self.credentialsFile, config: Self.configFile)
        #expect(throws: AWSSettingsError.unsupportedProfile("role", "role_arn")) {
            try resolver([:], home: home).resolve(profile: "role")
        }
        #expect(
            throws: AWSSettingsError.profileNotFound(
                "nope",
                [
                    home.path + "/.aws/credentials", home.path + "/.aws/config",
                ])
        ) {
            try resolver(["AWS_PROFILE": "nope"], home: home).resolve()
        }
        #expect(throws: AWSSettingsError.incompleteCredentials("environment", "AWS_SECRET_ACCESS_KEY")) {
            try resolver(["AWS_ACCESS_KEY_ID": "AKID"], home: home).resolve()
        }
        let empty = try self.home()
        do {
            _ = try resolver([:], home: empty).resolve()
            Issue.record("no credentials should be an error")
        } catch let error as AWSSettingsError {
            #expect(error.description.contains("AWS_ACCESS_KEY_ID"))
        }
        let noRegion = try self.home(credentials: Self.credentialsFile)
        #expect(throws: AWSSettingsError.noRegion(profile: "default")) { try resolver([:], home: noRegion).resolve() }
    }

    @Test func dotEnvFillsGapsWithoutOverridingTheEnvironment() throws {
        let directory = try TestSupport.scratchDirectory("dotenv")
        try """
        # seed habit
        export AWS_ACCESS_KEY_ID="AKIDDOTENV"
        AWS_SECRET_ACCESS_KEY='dot/env secret'
        AWS_REGION=eu-central-1 # comment
        """.write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let merged = DotEnvFile.environment(merging: directory, into: ["AWS_REGION": "us-east-1", "HOME": "/x"])
        #expect(merged["AWS_ACCESS_KEY_ID"] == "AKIDDOTENV")
        #expect(merged["AWS_SECRET_ACCESS_KEY"] == "dot/env secret")
        #expect(merged["AWS_REGION"] == "us-east-1", "the real environment wins")
        #expect(
            DotEnvFile.environment(merging: try TestSupport.scratchDirectory("none"), into: ["A": "1"]) == ["A": "1"])
    }

    @Test func printedCredentialsHideTheSecret() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI",
            sessionToken: "token-value", source: "environment")
        #expect(!"\(credentials)".contains("wJalrXUtnFEMI") && !"\(credentials)".contains("token-value"))
        #expect(!"\(credentials)".contains("AKIAIOSFODNN7EXAMPLE"))
        #expect("\(credentials)".contains("...MPLE"))
    }
}

/// Small pieces of the wire format and retry policy.
@Suite struct WireFormatTests {
    @Test func jsonIsWrittenAsBotocoreWritesIt() {
        let body = WireJSON.object([
            ("Image", .object([("Bytes", .string("ab/c+=="))])), ("MinConfidence", .double(50)),
            ("Max", .int(3)), ("Flag", .bool(true)), ("Name", .string("é\"\\\n")),
        ])
        #expect(
            body.text
                == #"{"Image": {"Bytes": "ab/c+=="}, "MinConfidence": 50.0, "Max": 3, "Flag": true, "Name": "\u00e9\"\\\n"}"#
        )
    }

    @Test func backoffIsFullJitterUnderACap() {
        let top = RetryPolicy(maxAttempts: 5, baseDelay: 1, maxBackoff: 3, random: { 0.999 })
        #expect(
            (1...4).map { top.delay(beforeRetry: $0) }.map { ($0 * 1000).rounded() / 1000 } == [
                0.999, 1.998, 2.997, 2.997,
            ])
        #expect(RetryPolicy(random: { 0 }).delay(beforeRetry: 3) == 0)
    }

    @Test func whichErrorsAreRetried() {
        #expect(RetryPolicy.isRetryable(status: 400, code: "ThrottlingException"))
        #expect(RetryPolicy.isRetryable(status: 400, code: "ProvisionedThroughputExceededException"))
        #expect(RetryPolicy.isRetryable(status: 502, code: "HTTP502"))
        #expect(!RetryPolicy.isRetryable(status: 400, code: "InvalidParameterException"))
        #expect(!RetryPolicy.isRetryable(status: 400, code: "ImageTooLargeException"))
    }

    @Test func iniNestedBlocksAndCommentsAreSkipped() {
        let file = INIFile(text: "[a]\nx = 1#2\n; comment\n# comment\ns3 =\n  y = 2\nz=3\n")
        #expect(file.sections["a"] == ["x": "1#2", "z": "3"])
    }
}
