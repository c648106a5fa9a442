import Foundation

/// One hit of a run: where it points.
public struct RunHit: Sendable, Hashable {
    public let qid: String
    public let rank: Int
    public let document: String
    public let byteRange: Range<Int>

    public init(qid: String, rank: Int, document: String, byteRange: Range<Int>) {
        self.qid = qid
        self.rank = rank
        self.document = document
        self.byteRange = byteRange
    }
}

/// Figures for one query or the mean over queries.
public struct EvaluationScores: Sendable, Hashable {
    /// nDCG@k with gain 2^grade − 1.
    public var ndcg: Double
    /// Units earned in the top k over units judged.
    public var recall: Double
    /// 1 / rank of the first hit that earns a unit (0 when none does).
    public var reciprocalRank: Double
    /// 1 when the first hit earns a unit.
    public var precisionAtOne: Double
    /// Top-k slots on another copy of a unit already earned (`dup-slots`).
    public var duplicateSlots: Int
    /// Top-k slots on the very location that already earned its unit (`same-unit`).
    public var sameUnitSlots: Int
}

/// A run's evaluation: per query and mean.
public struct Evaluation: Sendable {
    public let perQuery: [String: EvaluationScores]
    public let mean: EvaluationScores
    /// Judged queries that have at least one hit in the run.
    public let answered: Int
    /// Judged queries.
    public let judged: Int
}

/// Scores runs against span qrels with exactly the rules of `../shared/eval/score.py`.
///
/// - A hit earns a unit when it is at most ``maximumHitBytes`` long and overlaps one of the
///   unit's locations by at least a third of the shorter of the two spans; each hit earns at most
///   one unit, the highest graded one not yet earned (ties: the unit listed first).
/// - A unit is earned once, by its first hit on any copy.
/// - A slot that earns nothing but overlaps a location of an earned unit is a `same-unit` slot
///   when that is the location that earned it, else a `dup-slot` (another copy).
/// - nDCG@k: DCG of the gains 2^grade − 1 at log2(rank + 1) over the ideal DCG of the query's
///   best k grades; Recall@k over units; MRR@k; P@1. Means are over judged queries.
public enum Evaluator {
    /// Hits longer than this earn nothing: they are not pointers any more.
    public static let maximumHitBytes = 2_000

    /// Evaluates a run (hits of any order; they are sorted by rank per query).
    public static func evaluate(_ hits: [RunHit], qrels: Qrels, k: Int = 10) -> Evaluation {
        var byQuery: [String: [RunHit]] = [:]
        for hit in hits { byQuery[hit.qid, default: []].append(hit) }
        var perQuery: [String: EvaluationScores] = [:]
        for qid in qrels.judgedQueries {
            let ranked = (byQuery[qid] ?? []).sorted { $0.rank < $1.rank }
            perQuery[qid] = score(Array(ranked.prefix(k)), units: qrels.units[qid] ?? [], k: k)
        }
        let queries = qrels.judgedQueries
        let count = Double(max(1, queries.count))
        let scores = queries.compactMap { perQuery[$0] }
        let mean = EvaluationScores(
            ndcg: scores.reduce(0) { $0 + $1.ndcg } / count,
            recall: scores.reduce(0) { $0 + $1.recall } / count,
            reciprocalRank: scores.reduce(0) { $0 + $1.reciprocalRank } / count,
            precisionAtOne: scores.reduce(0) { $0 + $1.precisionAtOne } / count,
            duplicateSlots: scores.reduce(0) { $0 + $1.duplicateSlots },
            sameUnitSlots: scores.reduce(0) { $0 + $1.sameUnitSlots })
        let answered = queries.filter { !(byQuery[$0] ?? []).isEmpty }.count
        return Evaluation(perQuery: perQuery, mean: mean, answered: answered, judged: queries.count)
    }

    private static func score(_ hits: [RunHit], units: [Qrels.Unit], k: Int) -> EvaluationScores {
        var earned: [(unit: Int, location: Int)] = []  // in the order earned
        var gains: [Int] = []
        var first: Int? = nil
        var duplicateSlots = 0, sameUnitSlots = 0
        for (index, hit) in hits.enumerated() {
            guard let unit = credit(hit, units: units, earned: Set(earned.map(\.unit))) else {
                gains.append(0)
                for (earnedUnit, earnedLocation) in earned {
                    let overlapping = units[earnedUnit].locations.indices.filter {
                        overlaps(hit, units[earnedUnit].locations[$0], minimum: 1)
                    }
                    if !overlapping.isEmpty {
                        if overlapping.contains(earnedLocation) { sameUnitSlots += 1 } else { duplicateSlots += 1 }
                        break
                    }
                }
                continue
            }
            let location = units[unit].locations.indices.first { overlaps(hit, units[unit].locations[$0], minimum: 1) } ?? 0
            earned.append((unit, location))
            gains.append(units[unit].grade)
            if first == nil { first = index + 1 }
        }
        let dcg = gains.enumerated().reduce(0.0) { $0 + (pow2($1.element) - 1) / log2(Double($1.offset + 2)) }
        let ideal = units.map(\.grade).sorted(by: >).prefix(k)
        let idcg = ideal.enumerated().reduce(0.0) { $0 + (pow2($1.element) - 1) / log2(Double($1.offset + 2)) }
        return EvaluationScores(
            ndcg: idcg > 0 ? dcg / idcg : 0,
            recall: units.isEmpty ? 0 : Double(earned.count) / Double(units.count),
            reciprocalRank: first.map { 1 / Double($0) } ?? 0,
            precisionAtOne: (gains.first ?? 0) > 0 ? 1 : 0,
            duplicateSlots: duplicateSlots, sameUnitSlots: sameUnitSlots)
    }

    /// The unit a hit earns: the highest graded unearned unit one of whose locations it overlaps
    /// by a third of the shorter span (the first such unit on ties).
    private static func credit(_ hit: RunHit, units: [Qrels.Unit], earned: Set<Int>) -> Int? {
        let length = hit.byteRange.count
        guard length > 0, length <= maximumHitBytes else { return nil }
        var best: Int? = nil
        for (index, unit) in units.enumerated() where !earned.contains(index) {
            for location in unit.locations where location.document == hit.document {
                let overlap = hit.byteRange.clamped(to: location.byteRange).count
                if overlap > 0 && overlap * 3 >= min(length, location.byteRange.count) {
                    if best.map({ unit.grade > units[$0].grade }) ?? true { best = index }
                    break
                }
            }
        }
        return best
    }

    private static func overlaps(_ hit: RunHit, _ location: Qrels.Location, minimum: Int) -> Bool {
        location.document == hit.document && hit.byteRange.clamped(to: location.byteRange).count >= minimum
    }

    private static func pow2(_ grade: Int) -> Double { Double(1 << max(0, grade)) }
}
