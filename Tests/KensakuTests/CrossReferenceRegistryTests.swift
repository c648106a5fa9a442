import Foundation
import Testing
@testable import Kensaku

@Suite("Disclosure registry")
struct CrossReferenceRegistryTests {
    static let resourceFolder = TestSupport.packageRoot + "/Sources/Kensaku/CrossReference/Resources"
    static let sharedReference = TestSupport.packageRoot + "/../shared/reference"

    /// The bundled copies equal `../shared/reference/` (when that folder is present), and the
    /// resource bundle ships the same bytes as the source folder.
    @Test(arguments: ["gri_codes", "gri_legacy", "sasb_tcsi"])
    func bundledCopiesEqualTheSharedReference(_ name: String) throws {
        let bundled = try String(contentsOfFile: Self.resourceFolder + "/\(name).tsv", encoding: .utf8)
        let shared = Self.sharedReference + "/\(name).tsv"
        if FileManager.default.fileExists(atPath: shared) {
            #expect(try String(contentsOfFile: shared, encoding: .utf8) == bundled, "refresh Resources/\(name).tsv from ../shared/reference")
        }
        #expect(try DisclosureRegistry.bundledResourceText(name) == bundled)
    }

    @Test func everyResourceShipsInTheBundle() throws {
        for name in DisclosureRegistry.resourceNames {
            let source = try String(contentsOfFile: Self.resourceFolder + "/\(name).tsv", encoding: .utf8)
            #expect(try DisclosureRegistry.bundledResourceText(name) == source)
        }
    }

    @Test func entriesPerFramework() throws {
        let registry = try DisclosureRegistry.bundled()
        let gri = registry.entries(of: .gri)
        #expect(gri.filter { $0.state == .inForce }.count == 121, "120 disclosures and 306-3@2016")
        #expect(gri.filter { $0.state == .withdrawn }.map(\.code) == ["307-1", "419-1"])
        #expect(gri.filter { $0.state == .superseded }.count == 11)
        #expect(gri.filter { $0.state == .upcoming }.map(\.code) == (1...8).map { "101-\($0)" })
        #expect(registry.entries(of: .sasb).count == 19)
        #expect(registry.entries(of: .ungc).map(\.code) == (1...10).map(String.init))
        #expect(registry.entries(of: .iso26000).map(\.code) == ["6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8"])
    }

    @Test func griEntriesCarryTitleStandardAndEdition() throws {
        let registry = try DisclosureRegistry.bundled()
        let scope1 = try #require(registry.entry(.gri, code: "305-1"))
        #expect(scope1.title == "Direct (Scope 1) GHG emissions")
        #expect(scope1.standard == "GRI 305: Emissions 2016" && scope1.edition == "2016" && scope1.state == .inForce)
        #expect(scope1.note?.hasPrefix("to be replaced by GRI 102: Climate Change 2025") == true)
        let water = try #require(registry.entry(.gri, code: "303-3"))
        #expect(water.standard == "GRI 303: Water and Effluents 2018" && water.edition == "2018")

        // 306-3 is two disclosures: Waste generated (2020, in force) and Significant spills (2016).
        #expect(registry.entry(.gri, code: "306-3")?.title == "Waste generated")
        let spills = try #require(registry.entry(.gri, code: "306-3@2016"))
        #expect(spills.title == "Significant spills" && spills.baseCode == "306-3" && spills.edition == "2016" && spills.state == .inForce)
        #expect(registry.otherEditions(of: try #require(registry.entry(.gri, code: "306-3"))).map(\.code) == ["306-3@2016"])

        let withdrawn = try #require(registry.entry(.gri, code: "307-1"))
        #expect(withdrawn.state == .withdrawn && withdrawn.note?.contains("-> 2-27") == true && withdrawn.standard == nil)
        let superseded = try #require(registry.entry(.gri, code: "303-1@2016"))
        #expect(superseded.state == .superseded && superseded.title == "Water withdrawal by source")
        let biodiversity = try #require(registry.entry(.gri, code: "101-1"))
        #expect(biodiversity.state == .upcoming && biodiversity.standard == "GRI 101: Biodiversity 2024")
        #expect(registry.entry(.gri, code: "999-9") == nil)
        #expect(registry.disclosures(ofGRIStandard: 305).map(\.code) == (1...7).map { "305-\($0)" })
        #expect(registry.disclosures(ofGRIStandard: 306).map(\.code) == (1...5).map { "306-\($0)" })
    }

    @Test func sasbUNGCAndISOEntries() throws {
        let registry = try DisclosureRegistry.bundled()
        let energy = try #require(registry.entry(.sasb, code: "tc-si-130a.1"))
        #expect(energy.code == "TC-SI-130a.1" && energy.standard == "Environmental Footprint of Hardware Infrastructure")
        #expect(energy.edition == "2018-10" && energy.note == "Quantitative (GJ, %)")
        #expect(registry.sasbTopicOpeningCodes
                == ["TC-SI-130a.1", "TC-SI-220a.1", "TC-SI-230a.1", "TC-SI-330a.1", "TC-SI-520a.1", "TC-SI-550a.1", "TC-SI-000.A"])
        #expect(registry.entry(.ungc, code: "10")?.standard == "Anti-Corruption")
        #expect(registry.iso26000Clause(ofSubject: "人権") == "6.3")
        #expect(registry.iso26000Clause(ofSubject: "コミュニティへの参画及び発展") == "6.8")
        #expect(registry.iso26000Clause(ofSubject: "コミュニティへの参画及びコミュニティの発展") == "6.8")
        #expect(registry.iso26000Clause(ofSubject: "経済") == nil)
    }

    @Test func closestCodes() throws {
        let registry = try DisclosureRegistry.bundled()
        #expect(registry.closestCodes(to: "305-9", in: .gri).first == "305-1")
        #expect(registry.closestCodes(to: "999-9", in: .gri) == ["2-9", "403-9", "409-1"])
        #expect(registry.closestCodes(to: "tc-si-130a.9", in: .sasb).first == "TC-SI-130a.1")
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("", "abc") == 3 && EditDistance.between("305-1", "305-1") == 0)
    }

    @Test func malformedReferenceTextsAreReportedWithTheirLine() {
        #expect {
            try DisclosureRegistry(referenceTexts: ["gri_codes": "# GRI 305: Emissions 2016\n305-1\tDirect\nfoo\tbar\n"])
        } throws: { error in
            guard let error = error as? KensakuError else { return false }
            return error.code == .referenceMalformed && error.message.contains("gri_codes.tsv") && error.message.contains("line 3")
        }
        #expect(throws: KensakuError.self) { try DisclosureRegistry(referenceTexts: ["sasb_tcsi": "TC-SI-130a.1\tonly two fields\n"]) }
    }

    // MARK: Codes as people type them

    @Test(arguments: [
        ("305-1", nil, DisclosureQuery.disclosure(.gri, code: "305-1")),
        ("GRI 305-1", nil, .disclosure(.gri, code: "305-1")),
        ("gri305-1", nil, .disclosure(.gri, code: "305-1")),
        ("GRI-305-1", nil, .disclosure(.gri, code: "305-1")),
        ("３０５－１", nil, .disclosure(.gri, code: "305-1")),
        ("ＧＲＩ　３０５－１", nil, .disclosure(.gri, code: "305-1")),
        ("305ー1", nil, .disclosure(.gri, code: "305-1")),
        (" 2-21 ", nil, .disclosure(.gri, code: "2-21")),
        ("306-3@2016", nil, .disclosure(.gri, code: "306-3@2016")),
        ("GRI 305", nil, .griStandard(305)),
        ("gri:305", nil, .griStandard(305)),
        ("305", Framework.gri, .griStandard(305)),
        ("TC-SI-130a.1", nil, .disclosure(.sasb, code: "TC-SI-130a.1")),
        ("tc-si-130a.1", nil, .disclosure(.sasb, code: "TC-SI-130a.1")),
        ("SASB TC-SI-130A.1", nil, .disclosure(.sasb, code: "TC-SI-130a.1")),
        ("130a.1", .sasb, .disclosure(.sasb, code: "TC-SI-130a.1")),
        ("tc-si-000.a", nil, .disclosure(.sasb, code: "TC-SI-000.A")),
        ("UNGC 10", nil, .disclosure(.ungc, code: "10")),
        ("ungc10", nil, .disclosure(.ungc, code: "10")),
        ("原則10", nil, .disclosure(.ungc, code: "10")),
        ("原則１０", nil, .disclosure(.ungc, code: "10")),
        ("UNGC principle 7", nil, .disclosure(.ungc, code: "7")),
        ("国連グローバル・コンパクト原則3", nil, .disclosure(.ungc, code: "3")),
        ("10", .ungc, .disclosure(.ungc, code: "10")),
        ("ISO 26000 6.3", nil, .disclosure(.iso26000, code: "6.3")),
        ("iso26000 6.8", nil, .disclosure(.iso26000, code: "6.8")),
        ("6.2", nil, .disclosure(.iso26000, code: "6.2")),
        ("ISO26000 人権", nil, .disclosure(.iso26000, code: "6.3")),
    ] as [(String, Framework?, DisclosureQuery)])
    func codesAreReadAsTyped(_ input: String, _ framework: Framework?, _ expected: DisclosureQuery) throws {
        let registry = try DisclosureRegistry.bundled()
        #expect(try DisclosureQuery.parse(input, framework: framework, registry: registry) == expected)
    }

    @Test(arguments: [
        ("999-9", nil, "Unknown GRI code '999-9'", "Closest: 2-9, 403-9, 409-1."),
        ("GRI 999", nil, "Unknown GRI code 'GRI 999'", "Closest:"),
        ("305-8", nil, "Unknown GRI code '305-8'", "Closest: 305-1"),
        ("TC-SI-999a.1", nil, "Unknown SASB code", "Closest:"),
        ("UNGC 11", nil, "Unknown UNGC code 'UNGC 11'", "Closest: 1"),
        ("ISO 26000 9.9", nil, "Unknown ISO 26000 code", "Closest:"),
        ("305-1", Framework.sasb, "Unknown SASB code '305-1'", "Closest:"),
        ("hello", nil, "'hello' is not a disclosure code", "305-1, GRI 305, TC-SI-130a.1, UNGC 10, 原則10"),
        ("", nil, "'' is not a disclosure code", "ISO 26000 6.3"),
    ] as [(String, Framework?, String, String)])
    func unknownCodesNameTheClosestRealOnes(_ input: String, _ framework: Framework?, _ start: String, _ hint: String) throws {
        let registry = try DisclosureRegistry.bundled()
        #expect {
            try DisclosureQuery.parse(input, framework: framework, registry: registry)
        } throws: { error in
            guard let error = error as? KensakuError else { return false }
            return error.code == .unknownCode && error.message.hasPrefix(start) && error.message.contains(hint)
        }
    }
}
