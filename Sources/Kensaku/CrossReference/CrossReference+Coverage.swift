extension CrossReference {
    /// How completely the report covers each framework it has a table for, in table order.
    ///
    /// - Returns: Per framework: records per status, the omitted and not-material records, the
    ///   registry's codes in force the table does not list, and location names that resolve to no
    ///   section and are not external.
    public func coverage() -> [FrameworkCoverage] {
        var frameworks: [Framework] = []
        for table in tables where !frameworks.contains(table.framework) { frameworks.append(table.framework) }
        return frameworks.map(coverage)
    }

    /// The coverage of one framework (see ``coverage()``).
    public func coverage(of framework: Framework) -> FrameworkCoverage {
        let positions = records.indices.filter { records[$0].framework == framework }
        let framed = positions.map { records[$0] }
        let listed = Set(framed.map { $0.code.lowercased() })
        let missing = registry.entries(of: framework).filter {
            $0.state == .inForce && $0.code == $0.baseCode && !listed.contains($0.code.lowercased())
        }
        var counts = Dictionary(uniqueKeysWithValues: DisclosureStatus.allCases.map { ($0, 0) })
        for record in framed { counts[record.status, default: 0] += 1 }
        counts[.notInIndex] = missing.count
        var seen: Set<String> = []
        let unresolved = positions.flatMap { resolvedLocations[$0] }
            .filter { !$0.isResolved && !$0.isExternal && seen.insert($0.name).inserted }.map(\.name)
        return FrameworkCoverage(
            framework: framework, recordCount: framed.count, counts: counts,
            omitted: framed.filter { $0.status == .omitted }, notMaterial: framed.filter { $0.status == .notMaterial },
            notInIndex: missing, unresolvedLocations: unresolved,
            markerCount: markers.filter { $0.framework == framework }.count)
    }
}
