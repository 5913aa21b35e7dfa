import CareCastModel

extension ModelInput {
    /// The input as MODEL.md JSON, every key written (defaults included), in the order of
    /// MODEL.md. Decoding the bytes gives back an equal input.
    public func jsonBytes() -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 256 * (stock.count + population.count))
        w.beginObject()
        w.member("specVersion", specVersion)
        w.member("baseYear", baseYear)
        w.member("horizon", horizon)
        w.memberArray("areas") { w in
            for area in areas {
                w.beginObject()
                w.member("code", area.code.rawValue)
                w.member("name", area.name)
                w.key("parent")
                if let parent = area.parent { w.string(parent.rawValue) } else { w.null() }
                w.member("level", area.level)
                w.endObject()
            }
        }
        w.memberArray("roles") { w in
            for role in roles {
                w.beginObject()
                w.member("id", role.id.rawValue)
                w.member("name", role.name)
                w.member("fteRatio", role.fteRatio)
                w.memberObject("demand") { w in
                    switch role.demand {
                    case .caseload:
                        w.member("kind", "caseload")
                    case .ratio(let of):
                        w.member("kind", "ratio")
                        w.member("of", of.rawValue)
                    case .perActivity(let activity, let staffPerUnit):
                        w.member("kind", "perActivity")
                        w.member("activity", activity.rawValue)
                        w.member("staffPerUnit", staffPerUnit)
                    }
                }
                w.endObject()
            }
        }
        w.memberArray("ageBands") { w in
            for band in ageBands {
                w.beginObject()
                w.member("id", band.id.rawValue)
                if let width = band.width { w.member("width", width) }
                w.endObject()
            }
        }
        w.memberArray("stock") { w in
            for row in stock {
                w.beginObject()
                w.member("area", row.area.rawValue)
                w.member("role", row.role.rawValue)
                w.member("ageBand", row.ageBand.rawValue)
                w.member("fte", row.fte)
                w.endObject()
            }
        }
        w.memberArray("vacancies") { w in
            for row in vacancies {
                w.beginObject()
                w.member("area", row.area.rawValue)
                w.member("role", row.role.rawValue)
                w.member("fte", row.fte)
                w.endObject()
            }
        }
        w.memberArray("leaverRates") { w in
            for row in leaverRates {
                w.beginObject()
                w.member("role", row.role.rawValue)
                w.member("ageBand", row.ageBand.rawValue)
                w.member("rate", row.rate)
                w.endObject()
            }
        }
        w.memberArray("areaLeaverMultipliers") { w in
            Self.write(areaLeaverMultipliers, &w)
        }
        w.memberArray("leaverMultiplierPath") { w in Self.write(leaverMultiplierPath, &w) }
        w.memberArray("progression") { w in
            for row in progression {
                w.beginObject()
                w.member("from", row.from.rawValue)
                w.member("to", row.to.rawValue)
                w.member("rate", row.rate)
                if let response = row.response {
                    w.memberObject("response") { w in
                        w.member("strength", response.strength)
                        w.member("targetRatio", response.targetRatio)
                        w.memberArray("areaTargetRatios") { w in Self.write(response.areaTargetRatios.map { ($0.area, $0.ratio) }, key: "ratio", &w) }
                        w.member("maxRate", response.maxRate)
                    }
                }
                w.endObject()
            }
        }
        w.memberArray("pipelines") { w in
            for pipeline in pipelines {
                w.beginObject()
                w.member("id", pipeline.id.rawValue)
                w.member("role", pipeline.role.rawValue)
                w.member("duration", pipeline.duration)
                w.member("completion", pipeline.completion)
                w.member("entry", pipeline.entry)
                w.memberArray("intake") { w in
                    for point in pipeline.intake {
                        w.beginObject()
                        w.member("year", point.year)
                        w.member("value", point.value)
                        w.endObject()
                    }
                }
                w.memberObject("ageDistribution") { w in Self.write(pipeline.ageDistribution, &w) }
                if let shares = pipeline.areaShare { w.memberObject("areaShare") { w in Self.write(shares, &w) } }
                if let shares = pipeline.areaShareTarget { w.memberObject("areaShareTarget") { w in Self.write(shares, &w) } }
                w.endObject()
            }
        }
        w.memberArray("joiners") { w in
            for joiners in joiners {
                w.beginObject()
                w.member("source", joiners.source)
                w.member("role", joiners.role.rawValue)
                w.member("base", joiners.base)
                w.member("growth", joiners.growth)
                w.memberObject("ageDistribution") { w in Self.write(joiners.ageDistribution, &w) }
                if let shares = joiners.areaShare { w.memberObject("areaShare") { w in Self.write(shares, &w) } }
                if let shares = joiners.areaShareTarget { w.memberObject("areaShareTarget") { w in Self.write(shares, &w) } }
                w.endObject()
            }
        }
        w.memberArray("population") { w in
            for row in population {
                w.beginObject()
                w.member("area", row.area.rawValue)
                w.member("ageGroup", row.ageGroup.rawValue)
                w.member("year", row.year)
                w.member("persons", row.persons)
                w.endObject()
            }
        }
        w.memberArray("activities") { w in
            for activity in activities {
                w.beginObject()
                w.member("id", activity.id.rawValue)
                w.member("weight", activity.weight)
                w.member("trend", activity.trend)
                w.memberObject("ageMix") { w in Self.write(activity.ageMix, &w) }
                w.memberArray("baseCounts") { w in Self.write(activity.baseCounts.map { ($0.area, $0.count) }, key: "count", &w) }
                w.endObject()
            }
        }
        w.memberArray("policies") { w in
            for policy in policies {
                w.beginObject()
                w.member("activity", policy.activity.rawValue)
                w.memberArray("path") { w in Self.write(policy.path, &w) }
                w.endObject()
            }
        }
        w.memberObject("demand") { w in
            switch demand.caseloadStandard {
            case .calibrated: w.member("caseloadStandard", "calibrated")
            case .fixed(let value): w.member("caseloadStandard", value)
            }
            w.member("productivityGrowth", demand.productivityGrowth)
            if let obr = demand.obr {
                w.memberObject("obr") { w in
                    w.memberObject("costWeights") { w in Self.write(obr.costWeights, &w) }
                    w.member("nonDemographicGrowth", obr.nonDemographicGrowth)
                    if !obr.populationIndex.isEmpty {
                        w.memberArray("populationIndex") { w in
                            for row in obr.populationIndex {
                                w.beginObject()
                                w.member("ageGroup", row.ageGroup.rawValue)
                                w.member("year", row.year)
                                w.member("index", row.index)
                                w.endObject()
                            }
                        }
                    }
                }
            }
            if !demand.areaCaseloadStandards.isEmpty {
                w.memberArray("areaCaseloadStandards") { w in
                    for row in demand.areaCaseloadStandards {
                        w.beginObject()
                        w.member("area", row.area.rawValue)
                        w.member("standard", row.standard)
                        w.endObject()
                    }
                }
            }
        }
        if let agency { Self.write(agency, &w) }
        if let reversion {
            w.memberObject("reversion") { w in
                w.member("halfLife", reversion.halfLife)
                w.memberArray("leaverMultiplierTargets") { w in Self.write(reversion.leaverMultiplierTargets, &w) }
            }
        }
        if let earlyCareer {
            w.memberObject("earlyCareer") { w in
                w.member("years", earlyCareer.years)
                w.memberArray("pipelines") { w in for id in earlyCareer.pipelines { w.string(id.rawValue) } }
                w.memberArray("stock") { w in
                    for row in earlyCareer.stock {
                        w.beginObject()
                        w.member("area", row.area.rawValue)
                        w.member("role", row.role.rawValue)
                        w.member("ageBand", row.ageBand.rawValue)
                        w.member("yearsSinceEntry", row.yearsSinceEntry)
                        w.member("fte", row.fte)
                        w.endObject()
                    }
                }
            }
        }
        w.endObject()
        var bytes = w.bytes
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private static func write(_ multipliers: [AreaMultiplier], _ w: inout JSONWriter) {
        write(multipliers.map { ($0.area, $0.multiplier) }, key: "multiplier", &w)
    }

    /// Rows `{"area": …, key: value}`, in order.
    private static func write(_ rows: [(area: AreaCode, value: Double)], key: String, _ w: inout JSONWriter) {
        for row in rows {
            w.beginObject()
            w.member("area", row.area.rawValue)
            w.member(key, row.value)
            w.endObject()
        }
    }

    private static func write(_ agency: Agency, _ w: inout JSONWriter) {
        w.memberObject("agency") { w in
            w.memberArray("stock") { w in
                for row in agency.stock {
                    w.beginObject()
                    w.member("area", row.area.rawValue)
                    w.member("role", row.role.rawValue)
                    w.member("fte", row.fte)
                    w.endObject()
                }
            }
            w.member("moveShare", agency.moveShare)
            w.memberArray("areaMoveShareMultipliers") { w in write(agency.areaMoveShareMultipliers, &w) }
            w.memberArray("moveSharePath") { w in write(agency.moveSharePath, &w) }
            w.member("outflowRate", agency.outflowRate)
            w.member("conversionShare", agency.conversionShare)
            w.memberArray("outflowPath") { w in write(agency.outflowPath, &w) }
            w.memberObject("ageDistribution") { w in write(agency.ageDistribution, &w) }
            w.memberArray("entrants") { w in
                for source in agency.entrants {
                    w.beginObject()
                    w.member("source", source.source)
                    w.member("role", source.role.rawValue)
                    w.member("base", source.base)
                    w.member("growth", source.growth)
                    if let shares = source.areaShare { w.memberObject("areaShare") { w in write(shares, &w) } }
                    w.endObject()
                }
            }
        }
    }

    private static func write(_ path: [PathPoint], _ w: inout JSONWriter) {
        for point in path {
            w.beginObject()
            w.member("year", point.year)
            w.member("factor", point.factor)
            w.endObject()
        }
    }

    private static func write<Key: CustomStringConvertible>(_ shares: [Share<Key>], _ w: inout JSONWriter) {
        for share in shares { w.member(share.key.description, share.value) }
    }
}
