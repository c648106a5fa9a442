import Testing
@testable import Kensaku

@Suite("Query files")
struct QueryFileTests {
    @Test func readsHeaderExtraColumnsAndCRLF() throws {
        let text = "qid\tquery\tintent\r\nq01\tNECのCO2排出量削減目標 2030年\tNEC's targets\r\n\n# comment\nq02\t女性管理職比率\n"
        let lines = try QueryFile.parse(text, path: "q.tsv")
        #expect(lines.map(\.qid) == ["q01", "q02"])
        #expect(lines.map(\.query) == ["NECのCO2排出量削減目標 2030年", "女性管理職比率"])
        #expect(lines.map(\.lineNumber) == [2, 5])
    }

    @Test func reportsTheLineOfAMalformedRow() {
        do {
            _ = try QueryFile.parse("q01\tok\nbroken line without tab\n", path: "q.tsv")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .queryFileMalformed)
            #expect(error.message.hasPrefix("q.tsv:2:"))
        }
    }

    @Test func readsTheDevelopmentQueries() throws {
        let path = TestSupport.packageRoot + "/../shared/eval/queries-dev.tsv"
        guard FileSystem.status(path) != nil else { return }  // ../shared is beside the checkout in CI
        #expect(try QueryFile.read(path).count == 15)
    }
}
