import Foundation

/// The credentials and region a run uses, found the way the AWS CLI and SDKs find them.
public struct AWSSettings: Sendable, Equatable {
    public var credentials: AWSCredentials
    public var region: String
}

/// Finds credentials and region:
/// - credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) unless a profile is named
///   explicitly (`--profile`), else the profile (`--profile`, `AWS_PROFILE`, or `default`) in the shared credentials
///   file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`), then in the config file (`AWS_CONFIG_FILE`,
///   default `~/.aws/config`, section `[profile NAME]` or `[default]`);
/// - region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` in the config file.
/// `environment` is the process environment already merged with `.env` (see `DotEnvFile`).
/// Profiles that only name a role, SSO or a credential process are reported as unsupported, with the way around it.
public struct AWSSettingsResolver: Sendable {
    public var environment: [String: String]
    public var homeDirectory: String

    public init(environment: [String: String], homeDirectory: String = NSHomeDirectory()) {
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    public func resolve(profile explicitProfile: String? = nil, region explicitRegion: String? = nil) throws
        -> AWSSettings
    {
        let profile = explicitProfile ?? value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE") ?? "default"
        let profileNamed = explicitProfile != nil || value("AWS_PROFILE") != nil || value("AWS_DEFAULT_PROFILE") != nil
        let credentialsPath = expand(value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
        let configPath = expand(value("AWS_CONFIG_FILE") ?? "~/.aws/config")
        let credentialsSection = read(credentialsPath)?.sections[profile]
        let configSection = read(configPath).flatMap { file in
            file.sections["profile \(profile)"] ?? (profile == "default" ? file.sections["default"] : nil)
        }

        let credentials: AWSCredentials
        if explicitProfile == nil, let environmentCredentials = try fromEnvironment() {
            credentials = environmentCredentials
        } else if let found = try fromProfile(credentialsSection, name: profile, path: credentialsPath) {
            credentials = found
        } else if let found = try fromProfile(configSection, name: profile, path: configPath) {
            credentials = found
        } else if profileNamed, credentialsSection == nil, configSection == nil {
            throw AWSSettingsError.profileNotFound(profile, [credentialsPath, configPath])
        } else {
            throw AWSSettingsError.noCredentials(profile: profile, files: [credentialsPath, configPath])
        }

        guard
            let region = explicitRegion ?? value("AWS_REGION") ?? value("AWS_DEFAULT_REGION")
                ?? configSection?["region"]
        else {
            throw AWSSettingsError.noRegion(profile: profile)
        }
        guard region.range(of: "^[a-z0-9-]+$", options: .regularExpression) != nil else {
            throw AWSSettingsError.invalidRegion(region)
        }
        return AWSSettings(credentials: credentials, region: region)
    }

    private func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func expand(_ path: String) -> String {
        path.hasPrefix("~/") ? homeDirectory + path.dropFirst() : path
    }

    private func read(_ path: String) -> INIFile? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            return nil
        }
        return INIFile(text: text)
    }

    private func fromEnvironment() throws -> AWSCredentials? {
        let key = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        switch (key, secret) {
        case (nil, nil): return nil
        case (let key?, let secret?):
            return AWSCredentials(
                accessKeyID: key, secretAccessKey: secret,
                sessionToken: value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN"),
                source: "environment")
        default:
            throw AWSSettingsError.incompleteCredentials(
                "environment", key == nil ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")
        }
    }

    private func fromProfile(_ section: [String: String]?, name: String, path: String) throws -> AWSCredentials? {
        guard let section else { return nil }
        let key = section["aws_access_key_id"]
        let secret = section["aws_secret_access_key"]
        let source = "profile '\(name)' in \(path)"
        switch (key, secret) {
        case (let key?, let secret?) where !key.isEmpty && !secret.isEmpty:
            return AWSCredentials(
                accessKeyID: key, secretAccessKey: secret,
                sessionToken: section["aws_session_token"] ?? section["aws_security_token"],
                source: source)
        case (nil, nil):
            let indirect = [
                "role_arn", "sso_session", "sso_start_url", "credential_process",
                "web_identity_token_file",
            ].first { section[$0] != nil }
            if let indirect { throw AWSSettingsError.unsupportedProfile(name, indirect) }
            return nil
        default:
            throw AWSSettingsError.incompleteCredentials(
                source, key == nil ? "aws_access_key_id" : "aws_secret_access_key")
        }
    }
}

/// Why no credentials or region could be used; each message says what to set.
public enum AWSSettingsError: Error, CustomStringConvertible, Equatable {
    case noCredentials(profile: String, files: [String])
    case profileNotFound(String, [String])
    case unsupportedProfile(String, String)
    case incompleteCredentials(String, String)
    case noRegion(profile: String)
    case invalidRegion(String)

    public var description: String {
        switch self {
        case .noCredentials(let profile, let files):
            return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (environment or .env), "
                + "or give profile '\(profile)' aws_access_key_id/aws_secret_access_key in \(files.joined(separator: " or "))"
        case .profileNotFound(let profile, let files):
            return "AWS profile '\(profile)' not found in \(files.joined(separator: " or "))"
        case .unsupportedProfile(let profile, let setting):
            return
                "AWS profile '\(profile)' gets its credentials through '\(setting)', which proctor does not support: "
                + "export static or temporary keys instead, e.g. eval \"$(aws configure export-credentials "
                + "--profile \(profile) --format env)\""
        case .incompleteCredentials(let source, let missing):
            return "incomplete AWS credentials in \(source): \(missing) is missing"
        case .noRegion(let profile):
            return
                "no AWS region: pass --region, set AWS_REGION, or set region in profile '\(profile)' of ~/.aws/config"
        case .invalidRegion(let region):
            return "'\(region)' is not an AWS region name (lower-case letters, digits and dashes, e.g. eu-west-1)"
        }
    }
}
