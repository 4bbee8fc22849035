/// The observation vocabulary (frames, observations, the backend seam) lives in `ProctorCore`, which backends
/// import on their own; everyone who uses the engine gets it too.
@_exported import ProctorCore
