/// TEMPORARY stub until the detector lands.
struct PDFTextStructure: Sendable {
    var sections: [Section]
    var furnitureLines: Set<Int>
    static func detect(_ source: SourceText) -> PDFTextStructure { PDFTextStructure(sections: [], furnitureLines: []) }
}
