import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Calls Rekognition over HTTPS with the AWS JSON 1.1 protocol (`POST /`, `X-Amz-Target:
/// RekognitionService.<Operation>`, `Content-Type: application/x-amz-json-1.1`), signed with Signature Version 4,
/// retried per `RetryPolicy`. HTTP goes through Foundation's URLSession (libcurl on Linux): it comes with the
/// toolchain, so the backend adds no package to build, and it honours the system's CA store and proxy variables.
/// Calls block the calling thread; several threads may call at once.
public final class RekognitionClient: @unchecked Sendable {
    public let endpoint: URL
    public let signer: SigV4Signer
    public let retryPolicy: RetryPolicy
    /// Seconds without data before a call attempt times out.
    public let timeout: TimeInterval
    private let session: URLSession
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (TimeInterval) -> Void
    private let lock = NSLock()
    private var calls: [RekognitionOperation: Int] = [:]
    private var failedCalls: [RekognitionOperation: Int] = [:]
    private var retries = 0

    /// `https://rekognition.<region>.amazonaws.com/`.
    public static func defaultEndpoint(region: String) -> URL {
        URL(string: "https://rekognition.\(region).amazonaws.com/")!
    }

    public init(
        settings: AWSSettings, endpoint: URL? = nil, retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: TimeInterval = 15, clock: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.endpoint = endpoint ?? Self.defaultEndpoint(region: settings.region)
        signer = SigV4Signer(credentials: settings.credentials, region: settings.region, service: "rekognition")
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    /// The `Host` header for the endpoint: the port only when it is not the scheme's default.
    public var hostHeader: String {
        let host = endpoint.host ?? ""
        guard let port = endpoint.port, port != (endpoint.scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    /// The signed request for one call, as it goes on the wire.
    public func signedRequest(_ operation: RekognitionOperation, body: WireJSON, at date: Date) -> SignableRequest {
        var request = SignableRequest(
            method: "POST", path: endpoint.path.isEmpty ? "/" : endpoint.path,
            headers: [
                .init(name: "X-Amz-Target", value: operation.target),
                .init(name: "Content-Type", value: "application/x-amz-json-1.1"),
                .init(name: "Host", value: hostHeader),
            ],
            body: body.data)
        signer.sign(&request, at: date)
        return request
    }

    /// Makes one call (with retries) and decodes the answer. Throws `RekognitionAuthorizationError` when AWS refuses
    /// the credentials, `RekognitionError` for any other failure.
    public func call<Response: Decodable>(
        _ operation: RekognitionOperation, body: WireJSON,
        as type: Response.Type
    ) throws -> Response {
        do {
            let data = try send(operation, body: body)
            do {
                let response = try Self.decoder.decode(Response.self, from: data)
                count { $0.calls[operation, default: 0] += 1 }
                return response
            } catch {
                throw RekognitionError.malformedResponse(operation, Self.describe(error))
            }
        } catch let error as RekognitionError {
            count { $0.failedCalls[operation, default: 0] += 1 }
            throw error
        }
    }

    /// Calls answered, calls failed for good, and retries so far.
    public var statistics: (calls: [RekognitionOperation: Int], failedCalls: [RekognitionOperation: Int], retries: Int)
    {
        lock.lock()
        defer { lock.unlock() }
        return (calls, failedCalls, retries)
    }

    private func count(_ update: (RekognitionClient) -> Void) {
        lock.lock()
        update(self)
        lock.unlock()
    }

    /// The answer's body on HTTP 200, after up to `retryPolicy.maxAttempts` attempts.
    private func send(_ operation: RekognitionOperation, body: WireJSON) throws -> Data {
        var attempt = 1
        while true {
            let outcome = attemptCall(operation, body: body)
            switch outcome {
            case .success(let data):
                return data
            case .failure(let failure):
                if let code = failure.code, RekognitionAuthorizationError.codes.contains(code) {
                    throw RekognitionAuthorizationError(operation: operation, code: code, message: failure.message)
                }
                guard failure.retryable, attempt < retryPolicy.maxAttempts else { throw failure.error(operation) }
                count { $0.retries += 1 }
                sleep(retryPolicy.delay(beforeRetry: attempt))
                attempt += 1
            }
        }
    }

    private struct AttemptFailure: Error {
        var status: Int?
        var code: String?
        var message: String
        var retryable: Bool

        func error(_ operation: RekognitionOperation) -> RekognitionError {
            if let status, let code { return .service(operation, code: code, message: message, status: status) }
            return .transport(operation, message)
        }
    }

    private func attemptCall(_ operation: RekognitionOperation, body: WireJSON) -> Result<Data, AttemptFailure> {
        let signed = signedRequest(operation, body: body, at: clock())
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = signed.method
        for header in signed.headers where header.name.lowercased() != "host" {
            request.setValue(header.value, forHTTPHeaderField: header.name)
        }
        request.httpBody = signed.body
        let (data, response, error) = perform(request)
        if let error {
            return .failure(AttemptFailure(status: nil, code: nil, message: Self.describe(error), retryable: true))
        }
        guard let response else {
            return .failure(AttemptFailure(status: nil, code: nil, message: "no HTTP response", retryable: true))
        }
        let body = data ?? Data()
        if response.statusCode == 200 { return .success(body) }
        let (code, message) = Self.errorCode(response: response, body: body)
        return .failure(
            AttemptFailure(
                status: response.statusCode, code: code, message: redacted(message),
                retryable: RetryPolicy.isRetryable(status: response.statusCode, code: code)))
    }

    /// The text with the secret key and session token replaced: AWS's signature errors quote the canonical request,
    /// which holds the token, and messages end up in logs and reports.
    func redacted(_ text: String) -> String {
        let secrets = [signer.credentials.secretAccessKey, signer.credentials.sessionToken].compactMap { $0 }
        return secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }

    private final class Exchange: @unchecked Sendable {
        var data: Data?
        var response: HTTPURLResponse?
        var error: Error?
    }

    private func perform(_ request: URLRequest) -> (Data?, HTTPURLResponse?, Error?) {
        let exchange = Exchange()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            exchange.data = data
            exchange.response = response as? HTTPURLResponse
            exchange.error = error
            done.signal()
        }.resume()
        done.wait()
        return (exchange.data, exchange.response, exchange.error)
    }

    /// The error code (from `x-amzn-ErrorType`, else the body's `__type`, without namespace) and message of an
    /// AWS JSON error answer.
    static func errorCode(response: HTTPURLResponse, body: Data) -> (code: String, message: String) {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let raw = response.value(forHTTPHeaderField: "x-amzn-ErrorType") ?? object?["__type"] as? String
        let code =
            raw.map { name in
                String(name.split(separator: ":").first.map { $0.split(separator: "#").last ?? $0 } ?? Substring(name))
            } ?? "HTTP\(response.statusCode)"
        let message =
            (object?["message"] ?? object?["Message"]) as? String
            ?? String(data: body.prefix(200), encoding: .utf8) ?? ""
        return (code, message)
    }

    static func describe(_ error: Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return "timed out"
            case .cannotConnectToHost: return "connection refused"
            case .networkConnectionLost: return "connection lost"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            default: return "network error \(urlError.code.rawValue): \(urlError.localizedDescription)"
            }
        }
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.keyNotFound(let key, _) = error { return "missing \(key.stringValue)" }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        return "\(error)"
    }

    /// Rekognition's members are PascalCase; the response types use camelCase names.
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last!.stringValue
            return CamelKey(stringValue: key.prefix(1).lowercased() + key.dropFirst())
        }
        return decoder
    }

    private struct CamelKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
