/// Finds the inline disclosure markers of a document's body.
///
/// A marker is a line holding only `GRI` (trailing spaces allowed), followed directly by one or
/// more lines each holding one code (`2-12`, `305-1`); its heading is the last non-blank line
/// above it. Lines inside the content-index tables are skipped.
enum InlineMarkerScanner {
    /// The markers of `lines`, in document order.
    ///
    /// - Parameters:
    ///   - lines: the document's lines (`lines[0]` is line 1).
    ///   - excluding: line ranges to skip (the content-index tables).
    /// - Complexity: O(*n*) in the number of lines.
    static func markers(in lines: [String], excluding: [ClosedRange<Int>] = []) -> [InlineMarker] {
        var markers: [InlineMarker] = []
        var lastTextLine: Int?
        var offset = 0
        while offset < lines.count {
            let number = offset + 1
            let text = CrossReferenceText.clean(lines[offset])
            offset += 1
            guard text == "GRI", !excluding.contains(where: { $0.contains(number) }) else {
                if !text.isEmpty { lastTextLine = number }
                continue
            }
            var codes: [String] = []
            while offset < lines.count {
                let code = CrossReferenceText.clean(lines[offset])
                guard CrossReferenceText.isGRICode(code) else { break }
                codes.append(code)
                offset += 1
            }
            if !codes.isEmpty {
                let heading = lastTextLine.map { CrossReferenceText.clean(lines[$0 - 1]) } ?? ""
                markers.append(InlineMarker(framework: .gri, codes: codes, line: number, heading: heading, headingLine: lastTextLine))
            }
            lastTextLine = offset
        }
        return markers
    }
}
