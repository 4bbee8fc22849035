import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange, made synchronously with URLSession (the server under test is a separate process).
struct HTTPExchange {
    var status: Int
    var headers: [String: String]
    var body: Data

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
    var error: String? { json["error"] as? String }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    static func send(
        _ method: String, _ url: URL, body: Data? = nil, headers: [String: String] = [:],
        timeout: TimeInterval = 60
    ) throws -> HTTPExchange {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        final class Box: @unchecked Sendable {
            var result: HTTPExchange?
            var error: Error?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse {
                let headers = Dictionary(response.allHeaderFields.map { ("\($0.key)", "\($0.value)") }) { a, _ in a }
                box.result = HTTPExchange(status: response.statusCode, headers: headers, body: data ?? Data())
            }
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let result = box.result { return result }
        throw box.error ?? ServerTestError("no response from \(method) \(url)")
    }

    static func json(_ method: String, _ url: URL, _ object: Any, headers: [String: String] = [:]) throws
        -> HTTPExchange
    {
        try send(
            method, url, body: try JSONSerialization.data(withJSONObject: object),
            headers: ["Content-Type": "application/json"].merging(headers) { $1 })
    }
}

/// Real frames for the tests: shared stills and frames of the shared videos.
enum TestFrames {
    static func still(_ name: String) throws -> Data {
        try Data(contentsOf: ServerProcess.sharedMedia.appendingPathComponent("images/\(name)"))
    }

    static func face() throws -> Data { try still("b01_oneface_obama.jpg") }
    static func noFace() throws -> Data { try still("a01_noface_building_home.jpg") }

    static func dataURL(_ jpeg: Data) -> String { "data:image/jpeg;base64," + jpeg.base64EncodedString() }
}
