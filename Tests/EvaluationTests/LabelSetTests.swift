import Testing

@testable import ProctorEvaluation

/// The labels.csv reader on hand-written text.
struct LabelSetTests {
    static let header = "file,start_s,end_s,label,notes\n"

    @Test func quotedFieldsKeepCommasAndDoubledQuotes() throws {
        let text = Self.header + #"images/a.jpg,,,book,"a shelf, ""using droidcam.app"", spines""# + "\n"
        let set = try LabelSet.parse(text)
        #expect(set.rows.count == 1)
        #expect(set.rows[0].file == "images/a.jpg")
        #expect(set.rows[0].label == "book")
        #expect(set.rows[0].notes == #"a shelf, "using droidcam.app", spines"#)
    }

    @Test func emptyTimesMakeAStillAndTimesMakeAVideoRow() throws {
        let text = Self.header + "images/a.jpg,,,no_face,\nvideos/v.mp4,0.67,1.50,one_face,close-up\n"
        let set = try LabelSet.parse(text)
        #expect(set.rows[0].start == nil && set.rows[0].end == nil && set.rows[0].isStill)
        #expect(set.rows[1].start == 0.67 && set.rows[1].end == 1.5 && !set.rows[1].isStill)
        #expect(set.stillFiles == ["images/a.jpg"])
        #expect(set.videoFiles == ["videos/v.mp4"])
    }

    @Test func labelsOfAFileAreCollectedAcrossRows() throws {
        let text = Self.header + "images/b.jpg,,,one_face,x\nimages/c.jpg,,,text,\nimages/b.jpg,,,emotion=happy,\n"
        let set = try LabelSet.parse(text)
        #expect(set.labels(of: "images/b.jpg") == ["one_face", "emotion=happy"])
        #expect(set.rows(of: "images/c.jpg").map(\.label) == ["text"])
    }

    @Test func quotedLineBreakAndCRLFLineEnds() throws {
        let text =
            "file,start_s,end_s,label,notes\r\nimages/a.jpg,,,text,\"two\r\nlines\"\r\nimages/b.jpg,,,no_face,\r\n"
        let set = try LabelSet.parse(text)
        #expect(set.rows.map(\.file) == ["images/a.jpg", "images/b.jpg"])
        #expect(set.rows[0].notes == "two\r\nlines")
    }

    @Test func malformedRecordsAreErrorsNamingTheLine() {
        #expect(throws: LabelSetError.badHeader("file,start,end,label,notes")) {
            try LabelSet.parse("file,start,end,label,notes\n")
        }
        #expect(throws: LabelSetError.unterminatedQuote(line: 2)) {
            try LabelSet.parse(Self.header + "images/a.jpg,,,text,\"open\n")
        }
        #expect(throws: LabelSetError.fieldCount(line: 3, found: 4)) {
            try LabelSet.parse(Self.header + "images/a.jpg,,,text,\nimages/b.jpg,,,text\n")
        }
        #expect(throws: LabelSetError.halfTimed(line: 2)) { try LabelSet.parse(Self.header + "v.mp4,1.0,,text,\n") }
        #expect(throws: LabelSetError.badTime(line: 2, "1,5")) {
            try LabelSet.parse(Self.header + "v.mp4,\"1,5\",2,text,\n")
        }
        #expect(throws: LabelSetError.endBeforeStart(line: 2)) { try LabelSet.parse(Self.header + "v.mp4,2,1,text,\n") }
        #expect(throws: LabelSetError.textAfterQuote(line: 2)) {
            try LabelSet.parse(Self.header + "images/a.jpg,,,text,\"q\"x\n")
        }
    }

    @Test func blankLinesAndAMissingFinalLineBreakAreFine() throws {
        let set = try LabelSet.parse(Self.header + "\nimages/a.jpg,,,text,\"last\"")
        #expect(set.rows.count == 1)
        #expect(set.rows[0].notes == "last")
    }
}
