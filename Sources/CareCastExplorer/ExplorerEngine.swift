import CareCastBaselines
import CareCastFormats
import CareCastModel

/// An edition's runs, cached by edition, levers, draws, seed and area (the area chooses the cells
/// a run counts; role and horizon only choose what to show). A run asked for while the same one is in flight
/// waits for it rather than starting another. The parameter sets of the edition's default seed
/// are prepared with the edition; another seed's are built once, from the edition's files, as
/// `carecast simulate --seed` builds them, and kept for the last few seeds asked for.
public actor ExplorerEngine {
    public nonisolated let edition: ExplorerEdition
    let tasks: Int
    let capacity: Int
    var runs: [ExplorerSettings.RunKey: Task<ExplorerRun, Never>] = [:]
    var order: [ExplorerSettings.RunKey] = []
    /// The requirement's layout by seed and demand levers (the last 16).
    var layouts: [String: MonteCarlo.PreparedLayout] = [:]
    var layoutOrder: [String] = []
    var sets: [UInt64: Task<Result<[Projection], DataFileError>, Never>] = [:]
    var setOrder: [UInt64] = []
    /// Runs and parameter-set builds go one at a time, first come first served: each already
    /// uses every core, so running several at once only makes each later.
    var busy = false
    var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    public init(edition: ExplorerEdition, tasks: Int, capacity: Int = 64) {
        self.edition = edition
        self.tasks = max(1, tasks)
        self.capacity = max(1, capacity)
        let prepared = edition.parameterSets
        sets[ExplorerSettings.defaultSeed] = Task { .success(prepared) }
        setOrder = [ExplorerSettings.defaultSeed]
    }

    public func run(_ settings: ExplorerSettings) async throws(DataFileError) -> ExplorerRun {
        let key = settings.runKey
        if let task = runs[key] {
            order.removeAll { $0 == key }
            order.append(key)
            return await task.value
        }
        let prepared = try await parameterSets(seed: settings.seed)
        if let task = runs[key] { return await task.value }
        let edition = self.edition, tasks = self.tasks
        let layoutKey = "\(settings.seed)|" + ExplorerRun.demandKey(settings).joined(separator: ",")
        let layout = layouts[layoutKey]
        let task = Task { () async -> (run: ExplorerRun, layout: MonteCarlo.PreparedLayout) in
            await self.acquire()
            let done = await ExplorerRun.runWithLayout(settings, edition: edition, parameterSets: prepared, tasks: tasks, layout: layout)
            self.release()
            return done
        }
        let runTask = Task { await task.value.run }
        runs[key] = runTask
        order.append(key)
        while order.count > capacity { runs[order.removeFirst()] = nil }
        let done = await task.value
        if layouts[layoutKey] == nil {
            layouts[layoutKey] = done.layout
            layoutOrder.append(layoutKey)
            while layoutOrder.count > 16 { layouts[layoutOrder.removeFirst()] = nil }
        }
        return done.run
    }

    func parameterSets(seed: UInt64) async throws(DataFileError) -> [Projection] {
        if let task = sets[seed] { return try await task.value.get() }
        let edition = self.edition
        let count = edition.parameterSets.count
        let task = Task { () async -> Result<[Projection], DataFileError> in
            guard count > 0 else { return .success([]) }
            await self.acquire()
            defer { self.release() }
            do throws(DataFileError) {
                let bundle = try EnglandBundle(directory: edition.dataDirectory)
                let mc = try await EnglandBaseline.monteCarlo(
                    bundle, assumptions: edition.assumptions, projection: edition.projection, seed: seed, draws: count, parameterSets: count)
                return .success(mc.parameterSets)
            } catch {
                return .failure(error)
            }
        }
        sets[seed] = task
        setOrder.append(seed)
        // The default seed's sets stay; the last four others are kept.
        while setOrder.count > 5 {
            let old = setOrder.remove(at: 1)
            sets[old] = nil
        }
        return try await task.value.get()
    }
}
