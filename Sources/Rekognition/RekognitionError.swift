import ProctorCore

/// Why a Rekognition call failed for good (after its retries, or at once for a client error). The run goes on: the
/// frame (or the one check) is recorded as unanalysed.
public enum RekognitionError: Error, CustomStringConvertible, Equatable {
    /// An error answer from the service.
    case service(RekognitionOperation, code: String, message: String, status: Int)
    /// No answer: connection refused or reset, timeout.
    case transport(RekognitionOperation, String)
    /// An answer that is not the operation's documented JSON.
    case malformedResponse(RekognitionOperation, String)

    public var description: String {
        switch self {
        case .service(let operation, let code, let message, let status):
            return "\(operation.rawValue) failed: \(code) (HTTP \(status)): \(message)"
        case .transport(let operation, let reason): return "\(operation.rawValue) failed: \(reason)"
        case .malformedResponse(let operation, let reason):
            return "\(operation.rawValue) returned a malformed response: \(reason)"
        }
    }
}

/// AWS refused the credentials or the permission: no later frame can succeed, so the run stops with what to fix.
public struct RekognitionAuthorizationError: RunStoppingError, CustomStringConvertible, Equatable {
    public var operation: RekognitionOperation
    public var code: String
    public var message: String

    /// Error codes that mean the credentials or permissions are wrong.
    public static let codes: Set<String> = [
        "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
        "IncompleteSignature", "IncompleteSignatureException", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException", "AccessDeniedException",
        "AccessDenied", "AuthFailure", "UnauthorizedOperation",
    ]

    public var description: String {
        "AWS rejected \(operation.rawValue): \(code): \(message). \(hint)"
    }

    /// What to change, by error.
    public var hint: String {
        switch code {
        case "UnrecognizedClientException", "InvalidClientTokenId":
            return "The access key id is unknown to AWS: check AWS_ACCESS_KEY_ID (or the profile's "
                + "aws_access_key_id), and for temporary keys that AWS_SESSION_TOKEN belongs to them."
        case "InvalidSignatureException", "SignatureDoesNotMatch":
            return "The signature does not match: check AWS_SECRET_ACCESS_KEY (or the profile's "
                + "aws_secret_access_key), and that this machine's clock is right (within 5 minutes)."
        case "ExpiredToken", "ExpiredTokenException":
            return "The temporary credentials have expired: get new ones and set AWS_SESSION_TOKEN again."
        case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation":
            return "The identity lacks permission: allow rekognition:DetectFaces, rekognition:DetectLabels, "
                + "rekognition:DetectText and rekognition:CompareFaces in its IAM policy (see README)."
        default:
            return "The request could not be authenticated: check the credentials and the endpoint."
        }
    }
}
