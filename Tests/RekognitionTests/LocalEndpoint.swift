import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A local HTTP peer started for one test: the fake Rekognition endpoint (Fixtures/fake_rekognition.py) or
/// moto_server. Stopped when released.
final class LocalEndpoint: @unchecked Sendable {
    let process: Process
    let endpoint: URL

    private init(process: Process, port: Int) {
        self.process = process
        endpoint = URL(string: "http://127.0.0.1:\(port)/")!
    }

    /// SIGKILL: children of the test runner inherit its blocked signal mask, so SIGTERM would never arrive.
    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Starts the fake with these accepted credentials ("AKID:SECRET[:TOKEN]"; default the fake's own).
    static func fakeRekognition(credentials: [String] = [], timeoutFaultSeconds: Double = 3) throws -> LocalEndpoint {
        let directory = try TestSupport.scratchDirectory("fake")
        let portFile = directory.appendingPathComponent("port")
        var arguments = [
            "python3", TestSupport.fixtures.appendingPathComponent("fake_rekognition.py").path,
            "--port-file", portFile.path, "--timeout-fault-seconds", String(timeoutFaultSeconds),
        ]
        for credential in credentials { arguments += ["--credential", credential] }
        let process = try launch(arguments)
        for _ in 0..<200 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                return LocalEndpoint(process: process, port: port)
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        throw TestSupport.ProcessFailure(message: "the fake Rekognition endpoint did not start")
    }

    /// Starts moto_server (PyPI moto[server]) on a free port and waits until it answers.
    static func moto() throws -> LocalEndpoint {
        let portText = try TestSupport.run([
            "python3", "-c",
            """
            import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])
            """,
        ])
        let port = Int(String(decoding: portText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!
        let process = try launch(["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)])
        let peer = LocalEndpoint(process: process, port: port)
        for _ in 0..<200 {
            if (try? peer.control("GET", "moto-api/")) != nil { return peer }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestSupport.ProcessFailure(message: "moto_server did not start")
    }

    private static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Queues faults per operation ("*" = the next call of any operation).
    func inject(_ faults: [String: [String]]) throws {
        _ = try control("POST", "_fake/faults", body: try JSONSerialization.data(withJSONObject: faults))
    }

    /// Replaces the fake's answer for operations (each value a full response in the documented shape).
    func respond(_ responses: [String: Any]) throws {
        _ = try control("POST", "_fake/responses", body: try JSONSerialization.data(withJSONObject: responses))
    }

    /// The calls the fake received, in order.
    func calls() throws -> [[String: Any]] {
        (try JSONSerialization.jsonObject(with: try control("GET", "_fake/calls")) as? [[String: Any]]) ?? []
    }

    func callCount(_ operation: String) throws -> Int {
        try calls().filter { $0["operation"] as? String == operation }.count
    }

    /// A plain request to the peer; throws unless it answers 200.
    @discardableResult
    func control(_ method: String, _ path: String, body: Data? = nil) throws -> Data {
        var request = URLRequest(url: endpoint.appendingPathComponent(path), timeoutInterval: 5)
        request.httpMethod = method
        request.httpBody = body
        final class Box: @unchecked Sendable {
            var data: Data?
            var status = 0
            var error: Error?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.data = data
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error { throw error }
        guard box.status == 200 else {
            throw TestSupport.ProcessFailure(
                message: "\(method) \(path): HTTP \(box.status) "
                    + String(decoding: box.data ?? Data(), as: UTF8.self))
        }
        return box.data ?? Data()
    }
}
