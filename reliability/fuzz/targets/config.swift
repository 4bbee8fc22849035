// libFuzzer target `config`: ProctorConfig.parse (Sources/ProctorEngine/Config/ProctorConfig.swift), the JSON
// behind `--config` files, on arbitrary bytes. Compiled into one module with all of the engine and core sources (see
// reliability/fuzz/run.sh). Checks, besides "never crashes":
// - refusals are ConfigError.invalid or a DecodingError (what `load(from:)` turns into its messages);
// - an accepted configuration passes `validate()`, and written back as snake_case JSON it parses to an equal value
//   (no setting is lost or renamed on the way);
// - a configuration that changes one setting of the defaults to an out-of-range value is refused.
import Foundation

private func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = Data(bytes: start, count: size)
    let config: ProctorConfig
    do { config = try ProctorConfig.parse(data) } catch let error as ConfigError {
        guard case .invalid = error else { fatalError("parse threw \(error)") }
        return 0
    } catch is DecodingError {
        return 0
    } catch { fatalError("parse threw neither ConfigError nor DecodingError: \(error)") }

    do { try config.validate() } catch { fatalError("an accepted configuration fails validate(): \(error)") }

    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = .sortedKeys
    // A value JSON cannot hold (an infinite number) cannot be written back.
    guard let written = try? encoder.encode(config) else { return 0 }
    let reread: ProctorConfig
    do { reread = try ProctorConfig.parse(written) } catch {
        fatalError("written back, the configuration is refused: \(error)\n\(String(decoding: written, as: UTF8.self))")
    }
    require(reread == config, "round trip changed the configuration:\n\(String(decoding: written, as: UTF8.self))")

    var broken = config
    broken.quality.minBrightness = config.quality.maxBrightness + 1
    require((try? broken.validate()) == nil, "min_brightness above max_brightness accepted")
    return 0
}
