import Testing

@testable import ProctorEngine

/// Where the report says identity went unchecked: one face in view, no comparison, for at least three seconds.
struct IdentitySpansTests {
    static func face(described: Bool) -> FaceObservation {
        var face = Fixtures.face()
        if described { face.identity = IdentityDescriptor(vector: [1, 0, 0], sameThreshold: 0.5) }
        return face
    }

    @Test func stretchesWithoutAVerdictAreReported() {
        // 0-2 s described (the first is the reference), 3-8 s too small to describe, 9-10 s described again,
        // then 11-12 s undescribed but too short to matter.
        let (_, outcome) = Fixtures.run(13) { index in
            [Self.face(described: index <= 2 || index == 9 || index == 10)]
        }
        let spans = IdentitySpans.unverified(in: outcome.timeline)
        #expect(spans == [TimeSpan(start: 3, end: 8)], "\(spans)")
        let summary = ReportBuilder.identity(outcome, config: ProctorConfig())
        #expect(summary?.unverified == spans)
    }

    /// A face never large enough to describe: no reference, and the report says identity was never checked.
    @Test func noReferenceAtAllIsReportedToo() throws {
        let (_, outcome) = Fixtures.run(6) { _ in [Self.face(described: false)] }
        let summary = try #require(ReportBuilder.identity(outcome, config: ProctorConfig()))
        #expect(summary.referenceSource == "none" && summary.comparisons == 0)
        #expect(summary.unverified == [TimeSpan(start: 0, end: 5)])
        let (_, brief) = Fixtures.run(2) { _ in [Self.face(described: false)] }
        #expect(ReportBuilder.identity(brief, config: ProctorConfig()) == nil, "under 3 s: nothing to say")
    }

    @Test func framesWithoutTheCandidateBreakAStretch() {
        // The reference at 0 s, then no verdict; no face at 4 s splits the rest: 1-3 s is too short, 5-9 s counts.
        let (_, outcome) = Fixtures.run(10) { index in
            index == 4 ? [] : [Self.face(described: index == 0)]
        }
        #expect(IdentitySpans.unverified(in: outcome.timeline) == [TimeSpan(start: 5, end: 9)])
    }
}
