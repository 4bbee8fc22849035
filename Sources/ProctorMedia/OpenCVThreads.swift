import CVision

/// How many threads OpenCV's own parallel loops use in this process.
public enum OpenCVThreads {
    /// Sets the count (at least 1): `proctor analyze --jobs N` gives each job its share of the cores.
    public static func set(_ count: Int) { cvn_set_threads(Int32(max(1, count))) }
}
