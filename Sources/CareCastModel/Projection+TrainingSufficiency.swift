extension Projection {
    /// For each pipeline and reporting horizon within the projection: the national gap of the
    /// pipeline's role, and what one more intake place in every year from T0+1 adds to that
    /// role's national FTE by then.
    ///
    /// The supply model is linear in intake (v2's agency flows too), so the difference between a
    /// run with the extra place and one without is exactly a run of the extra places alone from
    /// an empty stock:
    /// that is what is computed here (one cheap run per pipeline, not two full ones).
    func trainingSufficiency(given result: ProjectionResult) -> [TrainingSufficiency] {
        let horizons = ModelInput.reportingHorizons.filter { $0 <= horizon }
        guard let lastHorizon = horizons.last else { return [] }
        var answers: [TrainingSufficiency] = []
        for pipeline in pipelines {
            let added = marginalFTE(of: pipeline, through: lastHorizon)
            for h in horizons {
                let gap = result.national(.required, role: pipeline.role, yearIndex: h)
                    - result.national(.fte, role: pipeline.role, yearIndex: h)
                let delta = added[h]
                let extra: Double? = gap <= 0 ? 0 : (delta == 0 ? nil : gap / delta)
                answers.append(TrainingSufficiency(
                    pipeline: pipeline.id, horizon: h, year: baseYear + h, gap: gap,
                    ftePerExtraIntake: delta, extraAnnualIntake: extra))
            }
        }
        return answers
    }

    /// National FTE of the pipeline's role in each year T0…T0+`last` that one extra intake
    /// place in every intake year from T0+1 on adds.
    func marginalFTE(of pipeline: PipelineInfo, through last: Int) -> [Double] {
        // v2's responsive progression makes supply depend on the state non-linearly: then Δ is
        // the difference of two full runs, as MODEL.md defines it.
        if progression.contains(where: { $0.response != nil }) {
            var more = self
            for t in 0..<yearCount where t - pipeline.duration >= 1 { more.sources[pipeline.source].people[t] += pipeline.yield }
            let with = more.run(trainingSufficiency: false), without = run(trainingSufficiency: false)
            return (0...last).map { with.national(.fte, role: pipeline.role, yearIndex: $0) - without.national(.fte, role: pipeline.role, yearIndex: $0) }
        }
        let extraFTE = pipeline.yield * roles[pipeline.role].fteRatio
        // One more place in intake year x enters in x + d; only x ≥ T0+1 count.
        let entering: (Int, Int) -> Double = { s, t in
            s == pipeline.source && t - pipeline.duration >= 1 ? extraFTE : 0
        }
        var added = Array(repeating: 0.0, count: last + 1)
        // From nobody, agency workers included (v2): the extra places' moves into agency work and
        // their conversions back are the only agency flows of this run.
        withSupplyKernel(Double.self, agencyEntrants: false, entrantFTE: entering) { kernel in
            if let agency = kernel.agency { agency.state.update(repeating: 0, count: roles.count * leafCount) }
            for t in stride(from: 1, through: last, by: 1) {
                kernel.advance(yearIndex: t, leavers: nil, rowStride: 0)
                kernel.agencyStep(yearIndex: t, leavers: nil, entrants: nil, rowStride: 0, record: nil)
                kernel.addEntrants(yearIndex: t, entrants: nil, rowStride: 0, only: pipeline.source)
                added[t] = kernel.nationalFTE(role: pipeline.role)
            }
        }
        return added
    }
}
