#!/usr/bin/env python3
"""Generate a random but valid MODEL.md input (version 1, or 2 with --v2) that
exercises every feature.

    python3 random_input.py --seed N [--leaves K] [--horizon H] [--v2 | --v2-demand] [-o FILE]

The same seed (and options) always gives the same file. What a generated input
contains, by design (some items vary with the seed):

  * a multi-level area tree: a country root, 2-3 regions and leaf authorities
    under them, and a second root that is either a leaf itself or has its own
    leaves; the `areas` list is sometimes shuffled (children before parents);
  * caseload roles (two), a ratio role, a ratio role whose `of` is that ratio
    role, perActivity roles, a role with zero national stock fed by joiners (so
    its default areaShare falls back to equal shares) and a role with zero
    everything fed only by a pipeline with completion or entry 0, or a duration
    beyond the horizon (so G > 0 with Delta == 0 gives a null extraAnnualIntake);
  * one leaf with no caseload establishment at all (E = 0 for every caseload
    role; so also the ratio fallback to the national ratio), and sometimes a
    leaf with no activity counts (W = 0 at T0, national calibrated standard);
  * leaver rates near 1 with area multipliers and a path making l*m*k > 1;
  * leaverMultiplierPath and policy paths with unsorted years (sometimes a
    single point, sometimes absent);
  * pipelines with duration 0, with intake points before and after T0 (given
    in no order), with an explicit areaShare; joiners with negative growth;
  * caseloadStandard numeric or "calibrated", demand.obr present or absent;
  * stock and vacancies rows repeated with the same key (they are summed);
  * optional keys omitted at random (defaults apply) and whole numbers written
    sometimes as 8 and sometimes as 8.0 (years, widths and durations included).

With --v2 the input is the same seed's v1 input (every v1 draw is made first, in
the same order, so without --v2 a seed gives the same file as before) with
`specVersion: 2` and, drawn afterwards:

  * about one seed in seven: neither `agency` nor `reversion` (and in some of those no
    `earlyCareer` and no `response` either: v2 must then equal v1 figure for figure);
  * otherwise an `agency` block, a `reversion` block, or both:
  * `agency`: stock on some leaves for some roles (some (area, role) rows repeated,
    to be summed), "head" and "specialist" never stocked; moveShare (sometimes 0 or
    1); sometimes areaMoveShareMultipliers with a 0 and a large one (so that
    min(1, alpha * alpha_a * mu) caps); sometimes moveSharePath and outflowPath with
    unsorted years (outflow factors up to 3, so min(1, o * omega) can cap);
    conversionShare 0 or 1 in some seeds; an ageDistribution; usually entrants:
    a source on a stocked role with the default area shares (agency stock at T0),
    one with an explicit areaShare, and one on a role with no agency stock (default
    equal shares), growth negative, zero or positive;
  * `reversion`: a halfLife (whole or not), sometimes leaverMultiplierTargets on
    some leaves, and areaShareTarget on some pipelines and joiners (with or without
    their own areaShare);
  * then, drawn last and in about one seed in two (whatever the mode above, so some
    seeds have `earlyCareer` alone): `earlyCareer` with years Y in 1..6, one or two
    pipelines (sometimes three, sometimes also the pipeline that adds nobody), and a
    stock on some leaves, roles and bands with yearsSinceEntry in 0..Y-1 (some keys
    repeated, to be summed; sometimes an explicit 0; sometimes `stock` left out or
    empty). A seed whose draw says no gives the same file as before `earlyCareer`
    existed;
  * then, drawn after everything else and in about one seed in two that has
    `progression`: `response` on some progression rows (at least one): strength 0,
    moderate or large; targetRatio (sometimes 0); sometimes areaTargetRatios on some
    leaves (sometimes a 0); maxRate 1, 0, small (0.001-0.02, so that it binds) or
    moderate. In about half of those seeds the rows out of `sw` (a `sw -> resi` row is
    added where there is only one) get a large strength, a high target and a high
    maxRate, so that their rates add up to more than 1 where sw is short of its target
    and are renormalised. A seed whose draw says no gives the same file as before
    `response` existed (a seed without `progression` never draws).

With --v2-demand (which implies --v2) the input is the same seed's --v2 input with,
drawn after every --v2 draw (so --v2 alone gives the same file as before):

  * in about one seed in two: `demand.areaCaseloadStandards` for a random subset of
    leaves (standards 5..25, sometimes whole; sometimes every leaf, sometimes `[]`),
    under either caseload rule, so listed leaves sit beside calibrated or fixed ones
    (and may include the leaf with no caseload establishment, or no activity);
  * independently, in about one seed in two: `demand.obr.populationIndex` (with a
    `demand.obr` drawn first where the seed has none): rows for every group with a
    positive cost weight and every year T0..T0+H, each group with its own scale (100
    at T0, persons, or near 1) and growth; sometimes rows for a group of weight 0 or
    one `costWeights` does not name; sometimes a year outside T0..T0+H (never a
    repeated group and year); sometimes `[]` (v1's D).

All shares (age distributions, age mixes, area shares) are multiples of 1/1000
that add up to 1, so their floating sum is 1 to within rounding.
"""

import argparse
import json
import random
import sys


class Gen:
    def __init__(self, seed, n_leaves, horizon, v2=False, v2_demand=False):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_leaves = max(3, n_leaves)
        self.horizon_arg = horizon
        self.v2 = v2 or v2_demand
        self.v2_demand = v2_demand

    # -- small helpers -------------------------------------------------------
    def chance(self, p):
        return self.rng.random() < p

    def whole(self, x):
        """A whole number written as 8 or 8.0 at random."""
        x = int(round(x))
        return float(x) if self.chance(0.35) else x

    def real(self, lo, hi, nd=4):
        """A random number rounded to nd decimals; whole results sometimes as ints."""
        v = round(self.rng.uniform(lo, hi), nd)
        if float(v).is_integer():
            return self.whole(v)
        return v

    def shares(self, keys, min_keys=1):
        """Non-negative shares over a random non-empty subset of keys summing to 1."""
        keys = list(keys)
        k = self.rng.randint(min(min_keys, len(keys)), len(keys))
        chosen = self.rng.sample(keys, k)
        if k == 1:
            return {chosen[0]: self.whole(1) if self.chance(0.5) else 1.0}
        cuts = sorted(self.rng.sample(range(1, 1000), k - 1))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [1000])]
        # keep the input order of keys, so the mix looks natural
        out = {}
        for key in keys:
            if key in chosen:
                out[key] = parts[chosen.index(key)] / 1000.0
        # occasionally include an explicit zero share for an unchosen key
        rest = [key for key in keys if key not in chosen]
        if rest and self.chance(0.3):
            out[self.rng.choice(rest)] = self.whole(0)
        return out

    def path(self, years_lo, years_hi, n_lo, n_hi, f_lo, f_hi):
        n = self.rng.randint(n_lo, n_hi)
        years = self.rng.sample(range(years_lo, years_hi + 1), n)  # distinct, unsorted
        return [{"year": self.whole(y), "factor": self.real(f_lo, f_hi, 3)} for y in years]

    # -- the input ----------------------------------------------------------
    def build(self):
        rng = self.rng
        doc = {"specVersion": 1}
        T0 = rng.randint(2018, 2026)
        doc["baseYear"] = self.whole(T0)
        if self.horizon_arg is not None:
            H = self.horizon_arg
            doc["horizon"] = self.whole(H)
        elif self.chance(0.3):
            H = 20                        # default used
        else:
            H = rng.choice([1, 3, 5, 7, 10, 12, 20, 25])
            doc["horizon"] = self.whole(H)
        years = list(range(T0, T0 + H + 1))

        # ---- areas: country root, regions, leaves, second root -------------
        n_leaves = self.n_leaves
        second_root_is_leaf = self.chance(0.5)
        n_second = 1 if second_root_is_leaf else rng.randint(1, max(1, min(2, n_leaves - 2)))
        n_main = n_leaves - n_second
        n_regions = rng.randint(2, 3) if n_main >= 4 else 1
        areas = [{"code": "E92000001", "name": "England", "parent": None, "level": "country"}]
        regions = ["E1200000%d" % (i + 1) for i in range(n_regions)]
        for i, r in enumerate(regions):
            areas.append({"code": r, "name": "Region %d" % (i + 1), "parent": "E92000001",
                          "level": "region"})
        leaves = []
        for i in range(n_main):
            code = "E0%07d" % (1000 + i)
            par = regions[i % n_regions]
            # sometimes a leaf directly under the country root (a one-level branch)
            if i == n_main - 1 and n_main >= 4 and self.chance(0.3):
                par = "E92000001"
            areas.append({"code": code, "name": "Authority %d" % (i + 1), "parent": par,
                          "level": "local_authority"})
            leaves.append(code)
        if second_root_is_leaf:
            areas.append({"code": "W06000001", "name": "Standalone", "parent": None,
                          "level": "local_authority"})
            leaves.append("W06000001")
        else:
            areas.append({"code": "W92000004", "name": "Second country", "parent": None,
                          "level": "country"})
            for i in range(n_second):
                code = "W0600%04d" % (i + 1)
                areas.append({"code": code, "name": "Second LA %d" % (i + 1),
                              "parent": "W92000004", "level": "local_authority"})
                leaves.append(code)
        if self.chance(0.4):
            rng.shuffle(areas)
        doc["areas"] = areas

        # special leaves
        zero_case_leaf = rng.choice(leaves)                       # E = 0 for caseload roles
        others = [a for a in leaves if a != zero_case_leaf]
        no_activity_leaf = rng.choice(others) if self.chance(0.5) else None
        zero_of_leaf = rng.choice(others)                          # manager E = 0 here

        # ---- roles --------------------------------------------------------
        roles = [
            {"id": "sw", "name": "Case-holding social worker", "fteRatio": self.real(0.8, 0.95, 3),
             "demand": {"kind": "caseload"}},
            {"id": "senior", "name": "Senior practitioner", "fteRatio": self.real(0.85, 1.0, 3),
             "demand": {"kind": "caseload"}},
            {"id": "manager", "name": "Team manager", "fteRatio": self.real(0.9, 1.0, 3),
             "demand": {"kind": "ratio", "of": "sw"}},
            {"id": "head", "name": "Head of service", "fteRatio": self.real(0.9, 1.0, 3),
             "demand": {"kind": "ratio", "of": "manager"}},
            {"id": "resi", "name": "Residential worker", "fteRatio": self.real(0.7, 0.95, 3),
             "demand": {"kind": "perActivity", "activity": "residential",
                        "staffPerUnit": self.real(1.5, 3.0, 3)}},
            {"id": "specialist", "name": "Specialist (no stock)",
             "demand": {"kind": "perActivity", "activity": "cla",
                        "staffPerUnit": self.real(0.01, 0.05, 4)}},
            {"id": "trainee", "name": "New role (zero everything)",
             "demand": {"kind": "perActivity", "activity": "residential",
                        "staffPerUnit": self.real(0.1, 0.5, 3)}},
        ]
        for r in roles:
            if "fteRatio" in r and self.chance(0.2):
                del r["fteRatio"]                                     # default 1
        if self.chance(0.3):
            roles[3]["fteRatio"] = self.whole(1)
        if self.chance(0.5):
            rng.shuffle(roles)
        doc["roles"] = roles
        role_ids = [r["id"] for r in roles]
        case_roles = ["sw", "senior"]

        # ---- age bands ----------------------------------------------------
        nb = rng.randint(2, 5)
        names = ["b%d" % i for i in range(nb)]
        bands = []
        for i, b in enumerate(names):
            band = {"id": b}
            if i < nb - 1:
                band["width"] = self.whole(rng.choice([1, 2, 5, 8, 10, 12]))
            bands.append(band)
        doc["ageBands"] = bands

        def band_row_order():
            order = list(names)
            if self.chance(0.3):
                rng.shuffle(order)
            return order

        # ---- stock --------------------------------------------------------
        stock = []
        stocked_roles = ["sw", "senior", "manager", "head", "resi"]
        for a in leaves:
            for r in stocked_roles:
                if a == zero_case_leaf and r in case_roles:
                    continue
                if a == zero_of_leaf and r == "manager":
                    continue
                for b in band_row_order():
                    if self.chance(0.1):
                        continue                                      # no row: 0
                    fte = round(rng.uniform(0, 40), 1)
                    if self.chance(0.15):
                        fte = self.whole(rng.randint(0, 30))
                    if self.chance(0.12):
                        # the same key twice: summed
                        part = round(rng.uniform(0, float(fte)), 2)
                        stock.append({"area": a, "role": r, "ageBand": b, "fte": part})
                        stock.append({"area": a, "role": r, "ageBand": b,
                                      "fte": round(float(fte) - part, 2)})
                    else:
                        stock.append({"area": a, "role": r, "ageBand": b, "fte": fte})
        # explicit zero rows for a zero role, sometimes
        if self.chance(0.5):
            stock.append({"area": rng.choice(leaves), "role": "specialist", "ageBand": names[0],
                          "fte": self.whole(0)})
        if self.chance(0.5):
            rng.shuffle(stock)
        doc["stock"] = stock

        # ---- vacancies (optional) ------------------------------------------
        if self.chance(0.85):
            vac = []
            for a in leaves:
                for r in stocked_roles:
                    if a == zero_case_leaf and r in case_roles:
                        continue
                    if a == zero_of_leaf and r == "manager":
                        continue
                    if self.chance(0.3):
                        continue
                    v = round(rng.uniform(0, 12), 1)
                    vac.append({"area": a, "role": r, "fte": v})
                    if self.chance(0.15):
                        vac.append({"area": a, "role": r, "fte": round(rng.uniform(0, 3), 1)})
            doc["vacancies"] = vac

        # ---- leaver rates, multipliers, path ------------------------------
        lr = []
        for r in role_ids:
            for b in band_row_order():
                if self.chance(0.12):
                    rate = rng.choice([1.0, 1, round(rng.uniform(0.9, 1.0), 3)])
                else:
                    rate = round(rng.uniform(0.03, 0.35), 4)
                lr.append({"role": r, "ageBand": b, "rate": rate})
        # make sure some rate is near 1 for a stocked role
        lr_idx = [i for i, x in enumerate(lr) if x["role"] in ("resi", "sw")]
        lr[rng.choice(lr_idx)]["rate"] = round(rng.uniform(0.95, 0.99), 3)
        if self.chance(0.5):
            rng.shuffle(lr)
        doc["leaverRates"] = lr

        if self.chance(0.85):
            mults = []
            for a in rng.sample(leaves, rng.randint(1, len(leaves))):
                mults.append({"area": a, "multiplier": self.real(0.6, 1.6, 3)})
            if self.chance(0.2):
                mults[0]["multiplier"] = self.whole(0)               # nobody leaves there
            if len(mults) > 1 or mults[0]["multiplier"] != 0:
                mults[-1]["multiplier"] = self.real(1.3, 1.6, 3)     # with a rate near 1: l*m*k > 1
            doc["areaLeaverMultipliers"] = mults
        if self.chance(0.85):
            kp = self.path(T0 - 3, T0 + H + 3, 1, 4, 0.85, 1.4)
            kp[-1]["factor"] = self.real(1.0, 1.4, 3)
            doc["leaverMultiplierPath"] = kp

        # ---- progression (optional) ---------------------------------------
        if self.chance(0.85):
            prog = [{"from": "sw", "to": "senior", "rate": self.real(0.02, 0.12, 3)},
                    {"from": "senior", "to": "manager", "rate": self.real(0.01, 0.08, 3)},
                    {"from": "manager", "to": "head", "rate": self.real(0.005, 0.05, 3)}]
            if self.chance(0.4):
                prog.append({"from": "sw", "to": "resi", "rate": self.real(0.0, 0.05, 3)})
            if self.chance(0.4):
                prog.append({"from": "head", "to": "sw", "rate": self.real(0.0, 0.1, 3)})
            if self.chance(0.3):
                # rates out of one role adding up to exactly 1
                prog.append({"from": "resi", "to": "specialist", "rate": 1.0})
            if self.chance(0.3):
                prog.append({"from": "specialist", "to": "resi", "rate": self.real(0, 0.5, 2)})
            rng.shuffle(prog)
            doc["progression"] = prog

        # ---- pipelines ----------------------------------------------------
        def intake_points(before, after):
            yrs = set()
            while len(yrs) < before:
                yrs.add(rng.randint(T0 - 6, T0))
            while len(yrs) < before + after:
                yrs.add(rng.randint(T0 + 1, T0 + H + 4))
            pts = [{"year": self.whole(y), "value": self.whole(rng.randint(0, 120))
                    if self.chance(0.6) else self.real(0, 120, 1)} for y in yrs]
            rng.shuffle(pts)
            return pts

        pipes = [
            {"id": "degree", "role": "sw", "duration": self.whole(3),
             "completion": self.real(0.6, 0.95, 3), "entry": self.real(0.4, 0.9, 3),
             "intake": intake_points(rng.randint(1, 3), rng.randint(1, 3)),
             "ageDistribution": self.shares(names)},
            {"id": "fast_track", "role": rng.choice(["sw", "senior"]), "duration": self.whole(0),
             "completion": self.real(0.7, 1.0, 3), "entry": self.real(0.6, 1.0, 3),
             "intake": intake_points(rng.randint(0, 1), rng.randint(1, 2)),
             "ageDistribution": self.shares(names),
             "areaShare": self.shares(leaves)},
            {"id": "apprentice", "role": rng.choice(["resi", "sw", "manager"]),
             "duration": self.whole(rng.randint(4, 7)),
             "completion": self.real(0.5, 0.9, 3), "entry": self.real(0.5, 0.9, 3),
             "intake": intake_points(rng.randint(1, 2), rng.randint(0, 2)),
             "ageDistribution": self.shares(names)},
        ]
        # the zero-everything role: Delta = 0 exactly (c*e = 0, or a duration beyond H)
        z = {"id": "new_route", "role": "trainee", "duration": self.whole(rng.randint(0, 2)),
             "completion": self.real(0.5, 1.0, 3), "entry": self.real(0.5, 1.0, 3),
             "intake": intake_points(1, rng.randint(0, 1)),
             "ageDistribution": self.shares(names)}
        how = rng.choice(["completion", "entry", "duration"])
        if how == "duration":
            z["duration"] = self.whole(H + rng.randint(0, 3))
        else:
            z[how] = self.whole(0)
        pipes.append(z)
        if self.chance(0.5):
            pipes[0]["areaShare"] = self.shares(leaves)
        if self.chance(0.3):
            rng.shuffle(pipes)
        doc["pipelines"] = pipes

        # ---- joiners ------------------------------------------------------
        joiners = [
            {"source": "international", "role": "sw", "base": self.real(2, 20, 1),
             "growth": self.real(-0.08, -0.01, 3), "ageDistribution": self.shares(names)},
            {"source": "returners", "role": "resi", "base": self.whole(rng.randint(5, 40)),
             "ageDistribution": self.shares(names)},
            {"source": "agency_conversion", "role": "specialist", "base": self.real(1, 10, 2),
             "growth": self.real(-0.05, 0.05, 3), "ageDistribution": self.shares(names)},
        ]
        if self.chance(0.5):
            joiners[1]["growth"] = self.whole(0)
        if self.chance(0.4):
            joiners[1]["areaShare"] = self.shares(leaves)
        doc["joiners"] = joiners

        # ---- population ---------------------------------------------------
        groups = ["0-4", "5-9", "10-15", "16-17"]
        extra_group = "18-24"
        pop = []
        pop_years = list(years)
        if self.chance(0.5):
            pop_years = list(range(T0 - 2, T0)) + pop_years + [T0 + H + 1]
        for a in leaves:
            for g in groups + [extra_group]:
                level = rng.uniform(3000, 40000)
                drift = rng.uniform(-0.01, 0.012)
                for y in pop_years:
                    v = level * (1 + drift) ** (y - T0) * rng.uniform(0.995, 1.005)
                    pop.append({"area": a, "ageGroup": g, "year": self.whole(y),
                                "persons": int(round(v)) if self.chance(0.8) else round(v, 1)})
        if self.chance(0.5):
            rng.shuffle(pop)
        doc["population"] = pop

        # ---- activities ---------------------------------------------------
        def base_counts(lo, hi):
            out = []
            for a in leaves:
                if a == no_activity_leaf:
                    continue
                if self.chance(0.1):
                    continue                                          # absent: 0
                out.append({"area": a, "count": self.whole(rng.randint(lo, hi))
                            if self.chance(0.8) else self.real(lo, hi, 1)})
            return out

        acts = [
            {"id": "cin", "weight": self.whole(1), "trend": self.real(-0.01, 0.02, 4),
             "ageMix": self.shares(groups, 2), "baseCounts": base_counts(500, 4000)},
            {"id": "cpp", "weight": self.real(1.2, 2.0, 2), "trend": self.real(-0.02, 0.02, 4),
             "ageMix": self.shares(groups, 2), "baseCounts": base_counts(100, 600)},
            {"id": "cla", "weight": self.real(1.0, 1.6, 2), "trend": self.real(-0.01, 0.03, 4),
             "ageMix": self.shares(groups, 2), "baseCounts": base_counts(100, 900)},
            {"id": "residential", "weight": self.whole(0), "trend": self.real(-0.01, 0.02, 4),
             "ageMix": self.shares(groups, 1), "baseCounts": base_counts(10, 120)},
        ]
        for k in acts:
            if self.chance(0.25):
                del k["trend"]                                        # default 0
        if self.chance(0.3):
            del acts[0]["weight"]                                     # default 1
        if self.chance(0.3):
            del acts[3]["weight"]                                     # counts in the caseload too
        doc["activities"] = acts

        # ---- policies (optional) ------------------------------------------
        if self.chance(0.85):
            pols = [{"activity": "cla", "path": self.path(T0 - 2, T0 + H + 2, 2, 4, 0.6, 1.2)}]
            if self.chance(0.5):
                pols.append({"activity": "cpp", "path": self.path(T0 - 5, T0 + H + 5, 1, 1, 0.8, 1.2)})
            if self.chance(0.4):
                # factor 0 at T0 rising later: W(T0) from this activity is 0
                pols.append({"activity": "residential",
                             "path": [{"year": self.whole(T0 + 2), "factor": self.real(0.9, 1.3, 2)},
                                      {"year": self.whole(T0), "factor": self.whole(0)}]})
            rng.shuffle(pols)
            doc["policies"] = pols

        # ---- demand -------------------------------------------------------
        demand = {}
        if self.chance(0.5):
            demand["caseloadStandard"] = "calibrated"
        else:
            demand["caseloadStandard"] = self.real(12, 25, 1)
        if self.chance(0.75):
            demand["productivityGrowth"] = self.real(-0.005, 0.012, 4)
        if self.chance(0.6):
            cw = {g: self.real(0.5, 2.0, 2) for g in groups if self.chance(0.8)}
            if not cw:
                cw = {groups[2]: 1.0}
            if len(cw) > 1 and self.chance(0.4):
                cw[next(iter(cw))] = self.whole(0)
            if self.chance(0.2):
                cw[extra_group] = self.real(0.1, 0.5, 2)             # a group no activity uses
            demand["obr"] = {"costWeights": cw,
                             "nonDemographicGrowth": self.real(-0.005, 0.02, 4)}
        doc["demand"] = demand
        if self.v2:
            # every v2 draw comes after all the v1 draws
            self.add_v2(doc, T0, H, leaves, names)
        if self.v2_demand:
            # and the v2 demand keys after every --v2 draw, so that --v2 alone gives the
            # same file as before they existed
            self.add_v2_demand(doc, T0, H, leaves, groups, extra_group)
        return doc

    # -- version 2: demand (--v2-demand) --------------------------------------
    def add_v2_demand(self, doc, T0, H, leaves, groups, extra_group):
        """In about one seed in two each, independently: `demand.areaCaseloadStandards` on
        a random subset of leaves (standards 5..25; sometimes every leaf, sometimes an empty
        list), and `demand.obr.populationIndex` (a `demand.obr` is drawn first where the
        seed has none) with a row for every group with a positive cost weight and every year
        T0..T0+H, each group with its own growth and scale; sometimes rows for a group with
        weight 0 or one that `costWeights` does not name, sometimes a row for a year outside
        T0..T0+H, sometimes an empty list."""
        rng = self.rng
        demand = doc["demand"]
        if self.chance(0.5):
            u = rng.random()
            if u < 0.08:
                chosen = []
            elif u < 0.25:
                chosen = list(leaves)
            else:
                chosen = rng.sample(leaves, rng.randint(1, len(leaves) - 1))
            acs = [{"area": a, "standard": self.real(5, 25, rng.choice([0, 1, 2]))}
                   for a in chosen]
            if acs and self.chance(0.5):
                acs = [dict(reversed(list(r.items()))) for r in acs]
            demand["areaCaseloadStandards"] = acs
        if self.chance(0.5):
            if "obr" not in demand:
                cw = {g: self.real(0.5, 2.0, 2) for g in groups if self.chance(0.7)}
                if not cw:
                    cw = {groups[1]: self.real(0.5, 2.0, 2)}
                if len(cw) > 1 and self.chance(0.4):
                    cw[next(iter(cw))] = self.whole(0)
                demand["obr"] = {"costWeights": cw,
                                 "nonDemographicGrowth": self.real(-0.005, 0.02, 4)}
            obr = demand["obr"]
            cw = obr["costWeights"]
            if self.chance(0.08):
                obr["populationIndex"] = []                      # the same as none: v1's D
                return
            need = [g for g, w in cw.items() if w > 0]
            optional = [g for g in groups + [extra_group] if g not in need]
            idx_groups = need + [g for g in optional if self.chance(0.3)]
            rows = []
            for g in idx_groups:
                # an index (100 at T0, or another round base) or persons
                base = (self.whole(100) if self.chance(0.4)
                        else self.real(50000, 3000000, 0) if self.chance(0.5)
                        else self.real(0.5, 2.0, 3))
                drift = rng.uniform(-0.03, 0.03)
                years = list(range(T0, T0 + H + 1))
                if self.chance(0.25):
                    years.append(rng.choice([T0 - rng.randint(1, 3), T0 + H + rng.randint(1, 3)]))
                for y in years:
                    v = float(base) * (1 + drift) ** (y - T0) * rng.uniform(0.99, 1.01)
                    if y == T0 and self.chance(0.5):
                        v = base
                    else:
                        v = round(v, rng.choice([1, 3, 6]))
                        if v <= 0:
                            v = 0.001
                    rows.append({"ageGroup": g, "year": self.whole(y), "index": v})
            rng.shuffle(rows)
            obr["populationIndex"] = rows

    # -- version 2 ----------------------------------------------------------
    def add_v2(self, doc, T0, H, leaves, names):
        rng = self.rng
        doc["specVersion"] = 2
        mode = rng.choice(["neither", "agency", "agency", "agency", "reversion",
                           "both", "both"])
        if mode != "neither":
            self.add_agency_reversion(doc, mode, T0, H, leaves, names)
        # earlyCareer is drawn after every other draw, so a seed whose draw says no
        # gives the same file as before it existed
        if self.chance(0.5):
            doc["earlyCareer"] = self.early_career(doc, H, leaves, names)
        # `response` on progression rows is drawn after every other draw, so a seed whose
        # draw says no gives the same file as before it existed
        if "progression" in doc and self.chance(0.55):
            self.add_response(doc["progression"], leaves)

    def response(self, row, leaves):
        """A progression row's `response`: strength 0, moderate or large; targetRatio
        (sometimes 0); sometimes areaTargetRatios on some leaves (sometimes a 0); maxRate
        1, 0, small (so it binds) or moderate."""
        rng = self.rng
        u = rng.random()
        lam = (self.whole(0) if u < 0.15 else self.real(5, 60, 2) if u < 0.4
               else self.real(0.1, 3, 3))
        theta = self.whole(0) if self.chance(0.1) else self.real(0.2, 2.5, 3)
        rs = {"strength": lam, "targetRatio": theta}
        if self.chance(0.4):
            chosen = rng.sample(leaves, rng.randint(1, len(leaves) - 1))
            atr = [{"area": a, "ratio": self.real(0.1, 3, 3)} for a in chosen]
            if self.chance(0.5):
                atr[0]["ratio"] = self.whole(0)
            rs["areaTargetRatios"] = atr
        u = rng.random()
        rs["maxRate"] = (self.whole(1) if u < 0.25 else self.real(0.001, 0.02, 4) if u < 0.5
                         else self.whole(0) if u < 0.55 else self.real(0.1, 0.8, 3))
        if self.chance(0.5):
            # keys in another order
            rs = dict(reversed(list(rs.items())))
        return rs

    def add_response(self, prog, leaves):
        """`response` on some progression rows (at least one); in about one such seed in
        two, the rows out of `sw` (two of them: a `sw -> resi` row is added if there is
        none) respond strongly to a high target with a high maxRate, so that their rates
        add up to more than 1 in the leaves where sw is short of its target and are
        renormalised."""
        rng = self.rng
        renorm = self.chance(0.5)
        for row in prog:
            if self.chance(0.5):
                row["response"] = self.response(row, leaves)
        if renorm:
            out_sw = [row for row in prog if row["from"] == "sw"]
            if len(out_sw) < 2:
                row = {"from": "sw", "to": "resi", "rate": self.real(0.02, 0.1, 3)}
                prog.insert(rng.randint(0, len(prog)), row)
                out_sw.append(row)
            for row in out_sw:
                row["response"] = {"strength": self.real(10, 60, 2),
                                   "targetRatio": self.real(2, 4, 3),
                                   "maxRate": self.whole(1) if self.chance(0.4)
                                   else self.real(0.55, 0.95, 3)}
        elif not any("response" in row for row in prog):
            row = rng.choice(prog)
            row["response"] = self.response(row, leaves)

    def add_agency_reversion(self, doc, mode, T0, H, leaves, names):
        rng = self.rng
        if mode in ("agency", "both"):
            doc["agency"] = self.agency(T0, H, leaves, names)
        if mode in ("reversion", "both"):
            rv = {"halfLife": self.whole(rng.randint(1, 12)) if self.chance(0.5)
                  else self.real(0.5, 15, 2)}
            if self.chance(0.75):
                targets = []
                for a in rng.sample(leaves, rng.randint(1, len(leaves))):
                    targets.append({"area": a, "multiplier": self.real(0.5, 1.8, 3)})
                if self.chance(0.3):
                    targets[0]["multiplier"] = self.whole(1)
                rv["leaverMultiplierTargets"] = targets
            doc["reversion"] = rv
            # areaShareTarget on some pipelines and joiners (at least one)
            srcs = doc["pipelines"] + doc["joiners"]
            chosen = [x for x in srcs if self.chance(0.4)] or [rng.choice(srcs)]
            for x in chosen:
                x["areaShareTarget"] = self.shares(leaves)

    def early_career(self, doc, H, leaves, names):
        """`earlyCareer`: Y in 1..6, one or two pipelines (sometimes three, sometimes the
        zero-entrant one), a stock on some leaves, roles and bands with yearsSinceEntry
        in 0..Y-1 (some keys repeated, to be summed; sometimes an explicit 0)."""
        rng = self.rng
        Y = rng.randint(1, 6)
        ec = {"years": self.whole(Y)}
        ids = [p["id"] for p in doc["pipelines"]]
        main = [i for i in ids if i != "new_route"]
        n = rng.choice([1, 1, 2, 2, 2, 3])
        chosen = rng.sample(main, min(n, len(main)))
        if self.chance(0.2):
            chosen.append("new_route")                            # adds nothing: E_0 = 0
        rng.shuffle(chosen)
        ec["pipelines"] = chosen
        u = rng.random()
        if u < 0.15:
            pass                                                  # stock omitted: default []
        elif u < 0.22:
            ec["stock"] = []
        else:
            roles = [r for r in ("sw", "senior", "manager", "resi", "head") if self.chance(0.6)] or ["sw"]
            stock = []
            for a in leaves:
                if self.chance(0.3):
                    continue
                for r in roles:
                    for b in names:
                        if self.chance(0.5):
                            continue
                        c = rng.randint(0, Y - 1)
                        fte = round(rng.uniform(0, 12), 1) if self.chance(0.85) else self.whole(rng.randint(0, 5))
                        row = {"area": a, "role": r, "ageBand": b,
                               "yearsSinceEntry": self.whole(c), "fte": fte}
                        if self.chance(0.12):
                            # the same key twice: summed
                            part = round(rng.uniform(0, float(fte)), 2)
                            stock.append(dict(row, fte=part))
                            stock.append(dict(row, fte=round(float(fte) - part, 2)))
                        else:
                            stock.append(row)
            if not stock:
                stock.append({"area": leaves[0], "role": "sw", "ageBand": names[0],
                              "yearsSinceEntry": self.whole(Y - 1), "fte": 2.5})
            if self.chance(0.5):
                rng.shuffle(stock)
            ec["stock"] = stock
        return ec

    def agency(self, T0, H, leaves, names):
        rng = self.rng
        ag = {}
        stock = []
        stocked = [r for r in ("sw", "senior", "manager", "resi") if self.chance(0.75)] or ["sw"]
        for a in leaves:
            for r in stocked:
                if self.chance(0.25):
                    continue                                          # no row: 0
                fte = round(rng.uniform(0, 15), 1) if self.chance(0.85) else self.whole(rng.randint(0, 8))
                if self.chance(0.15):
                    part = round(rng.uniform(0, float(fte)), 2)
                    stock.append({"area": a, "role": r, "fte": part})
                    stock.append({"area": a, "role": r, "fte": round(float(fte) - part, 2)})
                else:
                    stock.append({"area": a, "role": r, "fte": fte})
        if not stock:
            stock.append({"area": leaves[0], "role": stocked[0], "fte": 3.5})
        if self.chance(0.5):
            rng.shuffle(stock)
        ag["stock"] = stock

        u = rng.random()
        ag["moveShare"] = (self.whole(0) if u < 0.08 else self.whole(1) if u < 0.14
                           else self.real(0.05, 0.5, 3))
        if self.chance(0.7):
            mults = [{"area": a, "multiplier": self.real(0.5, 1.8, 3)}
                     for a in rng.sample(leaves, rng.randint(2, len(leaves)))]
            mults[0]["multiplier"] = self.whole(0)                   # nobody moves there
            # alpha * alpha_a * mu > 1 (mu >= 0.5 in a generated path): min(1, .) caps
            alpha = float(ag["moveShare"])
            big = rng.randint(8, 40) if alpha == 0 else int(2.2 / alpha) + rng.randint(1, 10)
            mults[-1]["multiplier"] = self.whole(big)
            rng.shuffle(mults)
            ag["areaMoveShareMultipliers"] = mults
        if self.chance(0.6):
            ag["moveSharePath"] = self.path(T0 - 3, T0 + H + 3, 1, 4, 0.5, 2.0)
        ag["outflowRate"] = self.real(0.05, 0.6, 3)
        # kappa 0 or 1 in one agency seed in three (by the seed, so every range of seeds has both)
        kappa = self.real(0.05, 0.95, 3)
        if self.seed % 6 in (0, 1):
            kappa = self.whole(self.seed % 6)
        ag["conversionShare"] = kappa
        if self.chance(0.6):
            ag["outflowPath"] = self.path(T0 - 3, T0 + H + 3, 1, 4, 0.3, 3.0)
        ag["ageDistribution"] = self.shares(names)
        if self.chance(0.85):
            unstocked = rng.choice(["head", "specialist"])
            ents = [
                {"source": "from_elsewhere", "role": rng.choice(stocked),
                 "base": self.real(1, 12, 1), "growth": self.real(-0.05, 0.05, 3)},
                {"source": "overseas_agency", "role": rng.choice(["sw", "senior", "resi"]),
                 "base": self.whole(rng.randint(0, 10)), "growth": self.whole(0),
                 "areaShare": self.shares(leaves)},
                {"source": "new_agency_role", "role": unstocked,
                 "base": self.real(0.5, 5, 2), "growth": self.real(-0.1, 0.1, 3)},
            ]
            rng.shuffle(ents)
            ag["entrants"] = ents
        return ag


def main(argv=None):
    ap = argparse.ArgumentParser(description="Random valid MODEL.md input (v1, or v2 with --v2)")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--leaves", type=int, default=6, help="number of leaf areas (>= 3; default 6)")
    ap.add_argument("--horizon", type=int, default=None,
                    help="horizon H >= 1 (default: chosen by the seed, sometimes omitted)")
    ap.add_argument("--v2", action="store_true",
                    help="write a specVersion 2 input exercising `agency`, `reversion`, "
                         "`earlyCareer` and progression `response`")
    ap.add_argument("--v2-demand", action="store_true",
                    help="as --v2 (which it implies), then in about one seed in two each "
                         "`demand.areaCaseloadStandards` and `demand.obr.populationIndex`")
    ap.add_argument("-o", "--output", help="write here instead of standard output")
    args = ap.parse_args(argv)
    if args.horizon is not None and args.horizon < 1:
        ap.error("--horizon must be at least 1")
    doc = Gen(args.seed, args.leaves, args.horizon, args.v2, args.v2_demand).build()
    text = json.dumps(doc, indent=1) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
