import Foundation
import ProctorEngine

/// Files shipped with the server (the demo page, the OpenAPI document), found in the resource bundle SwiftPM puts
/// next to the executable. Looked up by hand rather than with `Bundle.module`, which stops the process when the
/// bundle is missing; a missing file here is a 503 naming it.
enum ServerResources {
    static func data(_ name: String) -> Data? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let folders = [Bundle.main.bundleURL, executable.deletingLastPathComponent()]
        for folder in folders {
            let url = folder.appendingPathComponent("proctor_ProctorServer.resources/Resources/\(name)")
            if let data = try? Data(contentsOf: url) { return data }
        }
        return nil
    }
}
