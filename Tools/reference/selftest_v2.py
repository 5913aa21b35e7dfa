#!/usr/bin/env python3
"""Hand-checked tests of model_ref.py's version 2 (docs/MODEL.md): agency flows,
reversion, early-career cohorts, responsive progression, local caseload standards
(demand.areaCaseloadStandards), the national population index
(demand.obr.populationIndex), the extra row fields, training sufficiency with agency
and with responsive rates, and the v2 bad-input rules. Exits 0 when every check passes, 1 otherwise.

    python3 selftest_v2.py [path/to/tiny.json]

The expected figures below were worked out by hand from the text (the working is
in the comments); the optional tiny.json (the v1 worked example) is used to check
that a v2 input using neither v2 block gives v1's figures.
"""

import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model_ref  # noqa: E402

T0 = 2024
FAILS = []
CHECKS = [0]


def check(name, got, want, tol=1e-9):
    CHECKS[0] += 1
    num = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)
    if not (num(got) and num(want)):
        ok = got == want
    else:
        ok = abs(got - want) <= tol * max(abs(got), abs(want), 1.0)
    if not ok:
        FAILS.append("%s: got %r, want %r" % (name, got, want))


def base_doc(leaves, H, stock, counts, s=10.0, fte_ratio=1.0, rate=0.1):
    """One role `sw` (caseload), one open band `b`; leaves under a root R if more than one."""
    if len(leaves) == 1:
        areas = [{"code": leaves[0], "name": leaves[0], "parent": None, "level": "la"}]
    else:
        areas = [{"code": "R", "name": "R", "parent": None, "level": "region"}] + [
            {"code": a, "name": a, "parent": "R", "level": "la"} for a in leaves]
    return {
        "specVersion": 2, "baseYear": T0, "horizon": H, "areas": areas,
        "roles": [{"id": "sw", "name": "sw", "fteRatio": fte_ratio, "demand": {"kind": "caseload"}}],
        "ageBands": [{"id": "b"}],
        "stock": [{"area": a, "role": "sw", "ageBand": "b", "fte": stock[a]} for a in leaves],
        "leaverRates": [{"role": "sw", "ageBand": "b", "rate": rate}],
        "population": [{"area": a, "ageGroup": "g", "year": y, "persons": 1000}
                       for a in leaves for y in range(T0, T0 + H + 1)],
        "activities": [{"id": "k", "ageMix": {"g": 1.0},
                        "baseCounts": [{"area": a, "count": counts[a]} for a in leaves]}],
        "demand": {"caseloadStandard": s},
    }


def run(doc):
    errs = model_ref.validate(doc)
    if errs:
        raise AssertionError("unexpected validation errors: %s" % errs)
    out = model_ref.Model(doc).run()
    rows = {(r["area"], r["role"], r["year"]): r for r in out["rows"]}
    return out, rows


# ---------------------------------------------------------------------------
# A. Agency flows, one leaf, one role, one band (plus a pipeline for Delta).
#    S0 = 100, l = 0.1, Q0 = 20, alpha = 0.3, o = 0.25, kappa = 0.4, fteRatio 0.8,
#    agency entrants base 2, growth 0.5: A(y) = 2 * 1.5^(y-T0) * 0.8.
#    R = 1200 / 10 = 120 every year.
#  y = T0+1: L = 10, M = 3, O = 5, K = 2, X = 3, A = 2.4
#            Q = 20 - 5 + 3 + 2.4 = 20.4, S = 100 - 10 + 2 = 92
#            gapWithAgency = 120 - 92 - 20.4 = 7.6
#  y = T0+2: L = 9.2, M = 2.76, O = 5.1, K = 2.04, X = 3.06, A = 3.6
#            Q = 20.4 - 5.1 + 2.76 + 3.6 = 21.66, S = 92 - 9.2 + 2.04 = 84.84
#            gapWithAgency = 120 - 84.84 - 21.66 = 13.5
#  Delta (pipeline d = 0, c = e = 1, intake 0, so only the extra place; per year it
#  adds 0.8 FTE; difference run: s' = s - 0.1 s + 0.8 + 0.4 * 0.25 q, q' = q - 0.25 q + 0.03 s):
#  with 1 instead of 0.8: s = 1, 1.9, 2.713, 3.44965, 4.1187865 -> Delta(T0+5) = 0.8 * 4.1187865
# ---------------------------------------------------------------------------
def case_a():
    doc = base_doc(["A"], 5, {"A": 100.0}, {"A": 1200}, fte_ratio=0.8)
    doc["agency"] = {
        "stock": [{"area": "A", "role": "sw", "fte": 12.5}, {"area": "A", "role": "sw", "fte": 7.5}],
        "moveShare": 0.3, "outflowRate": 0.25, "conversionShare": 0.4,
        "ageDistribution": {"b": 1.0},
        "entrants": [{"source": "e", "role": "sw", "base": 2, "growth": 0.5}],
    }
    doc["pipelines"] = [{"id": "p", "role": "sw", "duration": 0, "completion": 1, "entry": 1,
                         "intake": [{"year": T0, "value": 0}], "ageDistribution": {"b": 1}}]
    out, rows = run(doc)
    r0, r1, r2 = rows[("A", "sw", T0)], rows[("A", "sw", T0 + 1)], rows[("A", "sw", T0 + 2)]
    for k in ("agencyMoves", "agencyConversions", "agencyLeavers", "agencyEntrants", "leavers",
              "entrants"):
        check("A T0 " + k, r0[k], 0.0)
    check("A T0 agencyFte", r0["agencyFte"], 20.0)
    check("A T0 gapWithAgency", r0["gapWithAgency"], 0.0)
    want1 = {"leavers": 10, "agencyMoves": 3, "agencyConversions": 2, "agencyLeavers": 3,
             "agencyEntrants": 2.4, "agencyFte": 20.4, "fte": 92, "entrants": 2,
             "headcount": 92 / 0.8, "required": 120, "gap": 28, "gapWithAgency": 7.6,
             "shortageWithAgency": 7.6}
    want2 = {"leavers": 9.2, "agencyMoves": 2.76, "agencyConversions": 2.04,
             "agencyLeavers": 3.06, "agencyEntrants": 3.6, "agencyFte": 21.66, "fte": 84.84,
             "entrants": 2.04, "gapWithAgency": 13.5, "shortageWithAgency": 13.5}
    for k, v in want1.items():
        check("A T0+1 " + k, r1[k], v)
    for k, v in want2.items():
        check("A T0+2 " + k, r2[k], v)
    # training sufficiency at T0+5: G = 120 - fte(T0+5) of the base run (a scalar rerun here)
    s, q = 100.0, 20.0
    for y in range(T0 + 1, T0 + 6):
        L, O = 0.1 * s, 0.25 * q
        s, q = s - L + 0.4 * O, q - O + 0.3 * L + 2 * 1.5 ** (y - T0) * 0.8
    ts = {e["horizon"]: e for e in out["trainingSufficiency"]}
    check("A fte(T0+5)", rows[("A", "sw", T0 + 5)]["fte"], s)
    check("A agencyFte(T0+5)", rows[("A", "sw", T0 + 5)]["agencyFte"], q)
    check("A TS gap", ts[5]["gap"], 120 - s)
    check("A TS ftePerExtraIntake", ts[5]["ftePerExtraIntake"], 0.8 * 4.1187865)
    check("A TS extraAnnualIntake", ts[5]["extraAnnualIntake"], (120 - s) / (0.8 * 4.1187865))
    check("A TS horizons", sorted(ts), [5])
    check("A specVersion", out["specVersion"], 2)


# ---------------------------------------------------------------------------
# B. Reversion of a leaver multiplier, one leaf: m = 2, tau = 0.5, h = 1, l = 0.1.
#  y = T0+1: w = 1/2, m = 2^(1/2) 0.5^(1/2) = 1          -> L = 10, S = 90
#  y = T0+2: w = 1/4, m = 2^(1/4) 0.5^(3/4) = 2^(-1/2)    -> L = 9 / sqrt 2 = 6.363961030678928
#  No agency block: no agency fields.
# ---------------------------------------------------------------------------
def case_b():
    doc = base_doc(["A"], 3, {"A": 100.0}, {"A": 1000})
    doc["areaLeaverMultipliers"] = [{"area": "A", "multiplier": 2}]
    doc["reversion"] = {"halfLife": 1, "leaverMultiplierTargets": [{"area": "A", "multiplier": 0.5}]}
    out, rows = run(doc)
    check("B T0+1 leavers", rows[("A", "sw", T0 + 1)]["leavers"], 10.0)
    check("B T0+1 fte", rows[("A", "sw", T0 + 1)]["fte"], 90.0)
    check("B T0+2 leavers", rows[("A", "sw", T0 + 2)]["leavers"], 6.363961030678928)
    check("B T0+2 fte", rows[("A", "sw", T0 + 2)]["fte"], 90 - 6.363961030678928)
    # y = T0+3: w = 1/8, m = 2^(1/8 - 7/8) = 2^(-3/4)
    check("B T0+3 leavers", rows[("A", "sw", T0 + 3)]["leavers"],
          (90 - 6.363961030678928) * 0.1 * 2 ** -0.75)
    check("B no agency fields", any("agencyFte" in r for r in out["rows"]), False)


# ---------------------------------------------------------------------------
# C. Reversion of area shares, and m = 0 staying 0. Leaves A, B under R; l = 0.1;
#  m_A = 0 (target 1.5), m_B = 1 (default; target 2); h = 2.
#  A joiners source: 10 people/year, fteRatio 1, areaShare {A: 1}, target {B: 1}:
#  y = T0+1: w = 2^(-1/2): A gets 10 w = 7.0710678..., B gets 10 (1 - w)
#  y = T0+2: w = 1/2: A gets 5, B gets 5.
#  A never loses anyone: fte_A(T0+2) = 50 + 7.0710678118654755 + 5.
#  B: m_B(T0+1) = 2^(1 - w); m_B(T0+2) = 2^(1/2).
# ---------------------------------------------------------------------------
def case_c():
    doc = base_doc(["A", "B"], 2, {"A": 50.0, "B": 50.0}, {"A": 500, "B": 500})
    doc["areaLeaverMultipliers"] = [{"area": "A", "multiplier": 0}]
    doc["reversion"] = {"halfLife": 2.0, "leaverMultiplierTargets": [
        {"area": "B", "multiplier": 2}, {"area": "A", "multiplier": 1.5}]}
    doc["joiners"] = [{"source": "j", "role": "sw", "base": 10, "ageDistribution": {"b": 1},
                       "areaShare": {"A": 1}, "areaShareTarget": {"B": 1, "A": 0}}]
    out, rows = run(doc)
    w1 = 2 ** -0.5
    check("C A leavers T0+1", rows[("A", "sw", T0 + 1)]["leavers"], 0.0)
    check("C A leavers T0+2", rows[("A", "sw", T0 + 2)]["leavers"], 0.0)
    check("C A entrants T0+1", rows[("A", "sw", T0 + 1)]["entrants"], 7.0710678118654755)
    check("C A entrants T0+2", rows[("A", "sw", T0 + 2)]["entrants"], 5.0)
    check("C B entrants T0+2", rows[("B", "sw", T0 + 2)]["entrants"], 5.0)
    check("C A fte T0+2", rows[("A", "sw", T0 + 2)]["fte"], 62.0710678118654755)
    lb1 = 50 * 0.1 * 2 ** (1 - w1)
    sb1 = 50 - lb1 + 10 * (1 - w1)
    check("C B leavers T0+1", rows[("B", "sw", T0 + 1)]["leavers"], lb1)
    check("C B fte T0+1", rows[("B", "sw", T0 + 1)]["fte"], sb1)
    check("C B leavers T0+2", rows[("B", "sw", T0 + 2)]["leavers"], sb1 * 0.1 * 2 ** 0.5)
    check("C R entrants T0+1", rows[("R", "sw", T0 + 1)]["entrants"], 10.0)
    # A tiny half-life: w(T0+1) = 2^(-2000) underflows to 0.0 in floating point, but w > 0,
    # so m = 0 still gives 0 (not 0^0 = 1), and m = 1 gives its target 1.5 (B's is 2).
    doc["reversion"]["halfLife"] = 0.0005
    out, rows = run(doc)
    check("C tiny h: A leavers T0+1", rows[("A", "sw", T0 + 1)]["leavers"], 0.0)
    check("C tiny h: B leavers T0+1", rows[("B", "sw", T0 + 1)]["leavers"], 50 * 0.1 * 2)
    check("C tiny h: B entrants T0+1", rows[("B", "sw", T0 + 1)]["entrants"], 10.0)


# ---------------------------------------------------------------------------
# D. Caps, an unsorted path, default equal entrant shares, aggregates. Leaves A, B.
#  S0: A 100, B 50; l = 0.1; no agency stock; alpha = 0.3, alpha_A = 5 (0.3*5 > 1: M = L),
#  alpha_B = 0 (M = 0); o = 0.25, outflowPath {T0+3: 10, T0: 2} (unsorted): omega(T0+1) =
#  2 + 8/3, so o*omega > 1 from T0+1 on and O = Q; kappa = 1 (K = O, X = 0).
#  Agency entrants: source x, 4 people/year for sw: no agency stock, so equal shares (2, 2);
#  source y, 1 * 0.5^(y-T0) people with areaShare {B: 1} (0.5 in T0+1, 0.25 in T0+2).
#  R_A = 1000/10 = 100, R_B = 80.
#  T0+1: A: L = 10, M = 10, Q = 0 - 0 + 10 + 2 = 12, S = 90, gapWithAgency -2 (shortage 0)
#        B: L = 5, M = 0, Q = 2 + 0.5 = 2.5, S = 45, gapWithAgency 80 - 45 - 2.5 = 32.5
#        R: Q 14.5, gapWithAgency 180 - 135 - 14.5 = 30.5, shortageWithAgency 0 + 32.5,
#           gap 45, shortage 10 + 35
#  T0+2: A: L = 9, M = 9, O = K = 12, Q = 12 - 12 + 9 + 2 = 11, S = 90 - 9 + 12 = 93,
#           entrants 12 (the conversions), gapWithAgency 100 - 93 - 11 = -4
#        B: L = 4.5, O = K = 2.5, A = 2.25, Q = 2.25, S = 45 - 4.5 + 2.5 = 43,
#           gapWithAgency 80 - 43 - 2.25 = 34.75
#        R: Q 13.25, K 14.5, gapWithAgency 180 - 136 - 13.25 = 30.75, shortage 34.75
# ---------------------------------------------------------------------------
def case_d():
    doc = base_doc(["A", "B"], 2, {"A": 100.0, "B": 50.0}, {"A": 1000, "B": 800})
    doc["agency"] = {
        "stock": [], "moveShare": 0.3,
        "areaMoveShareMultipliers": [{"area": "B", "multiplier": 0}, {"area": "A", "multiplier": 5}],
        "outflowRate": 0.25, "outflowPath": [{"year": T0 + 3, "factor": 10}, {"year": T0, "factor": 2}],
        "conversionShare": 1, "ageDistribution": {"b": 1},
        "entrants": [{"source": "x", "role": "sw", "base": 4, "growth": 0},
                     {"source": "y", "role": "sw", "base": 1, "growth": -0.5, "areaShare": {"B": 1.0}}],
    }
    out, rows = run(doc)
    want = {
        ("A", 1): {"leavers": 10, "agencyMoves": 10, "agencyFte": 12, "fte": 90,
                   "agencyConversions": 0, "agencyEntrants": 2,
                   "gapWithAgency": -2, "shortageWithAgency": 0},
        ("B", 1): {"leavers": 5, "agencyMoves": 0, "agencyFte": 2.5, "fte": 45,
                   "agencyEntrants": 2.5, "gapWithAgency": 32.5, "shortageWithAgency": 32.5},
        ("R", 1): {"agencyFte": 14.5, "gapWithAgency": 30.5, "shortageWithAgency": 32.5,
                   "gap": 45, "shortage": 45},
        ("A", 2): {"leavers": 9, "agencyMoves": 9, "agencyConversions": 12, "agencyLeavers": 0,
                   "agencyFte": 11, "fte": 93, "entrants": 12, "gapWithAgency": -4,
                   "shortageWithAgency": 0},
        ("B", 2): {"leavers": 4.5, "agencyConversions": 2.5, "agencyFte": 2.25, "fte": 43,
                   "agencyEntrants": 2.25, "gapWithAgency": 34.75},
        ("R", 2): {"agencyFte": 13.25, "agencyConversions": 14.5, "gapWithAgency": 30.75,
                   "shortageWithAgency": 34.75},
    }
    for (a, dy), fields in want.items():
        for k, v in fields.items():
            check("D %s T0+%d %s" % (a, dy, k), rows[(a, "sw", T0 + dy)][k], v)


# ---------------------------------------------------------------------------
# E. v2 with neither block = v1 figure for figure; a neutral agency block changes no v1
#    figure and gives agencyFte 0 and gapWithAgency = gap.
# ---------------------------------------------------------------------------
def case_e(tiny_path):
    if tiny_path is None or not os.path.exists(tiny_path):
        print("(case E skipped: no tiny.json)")
        return
    v1doc = model_ref.load_json(tiny_path)
    out1, _ = run(v1doc)
    v2doc = copy.deepcopy(v1doc)
    v2doc["specVersion"] = 2
    out2, _ = run(v2doc)
    check("E specVersion", out2["specVersion"], 2)
    out2["specVersion"] = 1
    check("E v2 without blocks == v1", json.dumps(out2) == json.dumps(out1), True)
    v2doc["agency"] = {"stock": [], "moveShare": 0, "outflowRate": 0, "conversionShare": 0.5,
                       "ageDistribution": {"under30": 1}}
    out3, _ = run(v2doc)
    extra = ("agencyFte", "agencyMoves", "agencyConversions", "agencyLeavers", "agencyEntrants",
             "gapWithAgency", "shortageWithAgency")
    same = True
    for r1, r3 in zip(out1["rows"], out3["rows"]):
        for k in extra:
            if k not in r3:
                same = False
        if {k: v for k, v in r3.items() if k not in extra} != r1:
            same = False
        if r3.get("agencyFte") != 0 or r3.get("gapWithAgency") != r3["gap"]:
            same = False
    check("E neutral agency == v1 plus zero agency fields", same, True)
    check("E neutral agency training sufficiency",
          out3["trainingSufficiency"] == out1["trainingSufficiency"], True)


# ---------------------------------------------------------------------------
# F. Bad input: each rule gives an error at its JSON path.
# ---------------------------------------------------------------------------
def case_f():
    good = base_doc(["A", "B"], 2, {"A": 100.0, "B": 50.0}, {"A": 1000, "B": 800})
    good["pipelines"] = [{"id": "p", "role": "sw", "duration": 0, "completion": 1, "entry": 1,
                          "intake": [{"year": T0, "value": 5}], "ageDistribution": {"b": 1}}]
    good["agency"] = {
        "stock": [{"area": "A", "role": "sw", "fte": 3}], "moveShare": 0.3, "outflowRate": 0.2,
        "conversionShare": 0.5, "ageDistribution": {"b": 1},
        "areaMoveShareMultipliers": [{"area": "A", "multiplier": 2}],
        "moveSharePath": [{"year": T0, "factor": 1}], "outflowPath": [{"year": T0, "factor": 1}],
        "entrants": [{"source": "e", "role": "sw", "base": 1, "growth": -0.1, "areaShare": {"A": 1}}],
    }
    good["reversion"] = {"halfLife": 3, "leaverMultiplierTargets": [{"area": "B", "multiplier": 1.2}]}
    good["pipelines"][0]["areaShareTarget"] = {"A": 0.5, "B": 0.5}
    check("F good input validates", model_ref.validate(good), [])

    def bad(name, mutate, want_path, want_text=""):
        d = copy.deepcopy(good)
        mutate(d)
        errs = model_ref.validate(d)
        hit = [e for e in errs if e.startswith(want_path + ":") and want_text in e]
        CHECKS[0] += 1
        if not hit:
            FAILS.append("F %s: no error at %s containing %r; got %s" % (name, want_path, want_text, errs))

    def setp(path, value):
        def f(d):
            cur = d
            for k in path[:-1]:
                cur = cur[k]
            cur[path[-1]] = value
        return f

    def v1_with(key):
        def f(d):
            d["specVersion"] = 1
            for k in ("agency", "reversion"):
                if k != key:
                    d.pop(k)
            if key != "areaShareTarget":
                d["pipelines"][0].pop("areaShareTarget")
        return f

    bad("specVersion 3", setp(["specVersion"], 3), "specVersion", "must be 1 or 2")
    bad("specVersion 2.5", setp(["specVersion"], 2.5), "specVersion")
    bad("agency in v1", v1_with("agency"), "$.agency", "unknown key")
    bad("reversion in v1", v1_with("reversion"), "$.reversion", "unknown key")
    bad("areaShareTarget in v1", v1_with("areaShareTarget"), "pipelines[0].areaShareTarget",
        "unknown key")
    bad("unknown key in agency", setp(["agency", "foo"], 1), "agency.foo", "unknown key")
    bad("unknown key in reversion", setp(["reversion", "foo"], 1), "reversion.foo", "unknown key")
    bad("areaShareTarget on agency entrants",
        setp(["agency", "entrants", 0, "areaShareTarget"], {"A": 1}),
        "agency.entrants[0].areaShareTarget", "unknown key")
    bad("missing moveShare", lambda d: d["agency"].pop("moveShare"), "agency.moveShare", "missing")
    bad("missing halfLife", lambda d: d["reversion"].pop("halfLife"), "reversion.halfLife", "missing")
    for k in ("moveShare", "outflowRate", "conversionShare"):
        bad(k + " > 1", setp(["agency", k], 1.5), "agency." + k)
        bad(k + " < 0", setp(["agency", k], -0.1), "agency." + k)
    bad("negative agency stock", setp(["agency", "stock", 0, "fte"], -1), "agency.stock[0].fte")
    bad("negative agency base", setp(["agency", "entrants", 0, "base"], -1), "agency.entrants[0].base")
    bad("negative move multiplier", setp(["agency", "areaMoveShareMultipliers", 0, "multiplier"], -1),
        "agency.areaMoveShareMultipliers[0].multiplier")
    bad("negative path factor", setp(["agency", "outflowPath", 0, "factor"], -1),
        "agency.outflowPath[0].factor")
    bad("stock on non-leaf", setp(["agency", "stock", 0, "area"], "R"), "agency.stock[0].area",
        "not a leaf")
    bad("stock on unknown area", setp(["agency", "stock", 0, "area"], "Z"), "agency.stock[0].area",
        "unknown area")
    bad("stock unknown role", setp(["agency", "stock", 0, "role"], "zz"), "agency.stock[0].role",
        "unknown role")
    bad("entrants unknown role", setp(["agency", "entrants", 0, "role"], "zz"),
        "agency.entrants[0].role", "unknown role")
    bad("move multiplier on non-leaf", setp(["agency", "areaMoveShareMultipliers", 0, "area"], "R"),
        "agency.areaMoveShareMultipliers[0].area", "not a leaf")
    bad("target on non-leaf", setp(["reversion", "leaverMultiplierTargets", 0, "area"], "R"),
        "reversion.leaverMultiplierTargets[0].area", "not a leaf")
    bad("repeated move multiplier area",
        lambda d: d["agency"]["areaMoveShareMultipliers"].append({"area": "A", "multiplier": 1}),
        "agency.areaMoveShareMultipliers[1].area", "repeated")
    bad("repeated target area",
        lambda d: d["reversion"]["leaverMultiplierTargets"].append({"area": "B", "multiplier": 1}),
        "reversion.leaverMultiplierTargets[1].area", "repeated")
    bad("ageDistribution sum", setp(["agency", "ageDistribution"], {"b": 0.9}),
        "agency.ageDistribution", "sum to 1")
    bad("ageDistribution unknown band", setp(["agency", "ageDistribution"], {"b": 0.5, "c": 0.5}),
        "agency.ageDistribution.c", "unknown age band")
    bad("entrants areaShare sum", setp(["agency", "entrants", 0, "areaShare"], {"A": 0.5}),
        "agency.entrants[0].areaShare", "sum to 1")
    bad("entrants areaShare unknown leaf", setp(["agency", "entrants", 0, "areaShare"], {"Q": 1}),
        "agency.entrants[0].areaShare.Q", "unknown area")
    bad("areaShareTarget sum", setp(["pipelines", 0, "areaShareTarget"], {"A": 0.2}),
        "pipelines[0].areaShareTarget", "sum to 1")
    bad("areaShareTarget non-leaf", setp(["pipelines", 0, "areaShareTarget"], {"R": 1}),
        "pipelines[0].areaShareTarget.R", "not a leaf")
    bad("areaShareTarget negative", setp(["pipelines", 0, "areaShareTarget"], {"A": 1.5, "B": -0.5}),
        "pipelines[0].areaShareTarget.B", "negative")
    bad("halfLife 0", setp(["reversion", "halfLife"], 0), "reversion.halfLife", "> 0")
    bad("halfLife negative", setp(["reversion", "halfLife"], -2), "reversion.halfLife")
    bad("target 0", setp(["reversion", "leaverMultiplierTargets", 0, "multiplier"], 0),
        "reversion.leaverMultiplierTargets[0].multiplier", "> 0")
    bad("areaShareTarget without reversion", lambda d: d.pop("reversion"),
        "pipelines[0].areaShareTarget", "requires")

    def joiner_target(d):
        d.pop("reversion")
        d["joiners"] = [{"source": "j", "role": "sw", "base": 1, "ageDistribution": {"b": 1},
                         "areaShareTarget": {"A": 1}}]
    bad("joiner areaShareTarget without reversion", joiner_target, "joiners[0].areaShareTarget",
        "requires")
    bad("repeated moveSharePath year",
        lambda d: d["agency"]["moveSharePath"].append({"year": T0, "factor": 2}),
        "agency.moveSharePath[1].year", "repeated")
    bad("repeated outflowPath year",
        lambda d: d["agency"]["outflowPath"].append({"year": T0, "factor": 2}),
        "agency.outflowPath[1].year", "repeated")
    bad("agency not an object", setp(["agency"], []), "agency", "must be an object")
    bad("growth not a number", setp(["agency", "entrants", 0, "growth"], "x"),
        "agency.entrants[0].growth")

    # every problem is listed, not only the first
    d = copy.deepcopy(good)
    d["agency"]["moveShare"] = 2
    d["reversion"]["halfLife"] = 0
    d["agency"]["stock"][0]["fte"] = -1
    check("F all problems listed", len(model_ref.validate(d)), 3)

    # command line: exit status 2, nothing written
    d = copy.deepcopy(good)
    d["specVersion"] = 7
    with tempfile.TemporaryDirectory() as tmp:
        inp, outp = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
        with open(inp, "w") as f:
            json.dump(d, f)
        p = subprocess.run([sys.executable, os.path.join(HERE, "model_ref.py"), inp, "-o", outp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        check("F CLI exit status", p.returncode, 2)
        check("F CLI nothing written", os.path.exists(outp), False)
        check("F CLI stdout empty", p.stdout, "")
        with open(inp, "w") as f:
            json.dump(good, f)
        p = subprocess.run([sys.executable, os.path.join(HERE, "model_ref.py"), inp, "-o", outp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        check("F CLI good input", p.returncode, 0)
        with open(outp) as f:
            check("F CLI output specVersion", json.load(f)["specVersion"], 2)


# ---------------------------------------------------------------------------
# G. Early career, one leaf, one role, one band. S0 = 100, l = 0.1, fteRatio 1.
#  Listed pipeline p: d = 0, c = e = 1, intake 10: 10 FTE a year. Not listed: pipeline q
#  (3 a year) and joiners j (5 a year): they add to S but never to a cohort.
#  Y = 2; stock at T0: yearsSinceEntry 0: 2.5 + 3.5 = 6 (repeated key, summed), 1: 4.
#  T0:   E_0 = 6, E_1 = 4                               -> earlyCareerFte 10
#  T0+1: E_1 = 6 * 0.9 = 5.4; old E_1 (4 * 0.9) leaves; E_0 = 10      -> 15.4
#  T0+2: E_1 = 10 * 0.9 = 9; E_0 = 10                                  -> 19
#  T0+3: the same                                                      -> 19
#  S: T0+1 = 100 - 10 + 10 + 3 + 5 = 108, whatever earlyCareer says.
# ---------------------------------------------------------------------------
def pipeline(pid, intake, role="sw", duration=0, completion=1, entry=1, age=None, **kw):
    p = {"id": pid, "role": role, "duration": duration, "completion": completion, "entry": entry,
         "intake": intake if isinstance(intake, list) else [{"year": T0, "value": intake}],
         "ageDistribution": age or {"b": 1}}
    p.update(kw)
    return p


def case_g():
    doc = base_doc(["A"], 4, {"A": 100.0}, {"A": 1000})
    doc["pipelines"] = [pipeline("q", 3), pipeline("p", 10)]
    doc["joiners"] = [{"source": "j", "role": "sw", "base": 5, "ageDistribution": {"b": 1}}]
    plain = copy.deepcopy(doc)
    doc["earlyCareer"] = {"years": 2, "pipelines": ["p"], "stock": [
        {"area": "A", "role": "sw", "ageBand": "b", "yearsSinceEntry": 1, "fte": 4},
        {"area": "A", "role": "sw", "ageBand": "b", "yearsSinceEntry": 0, "fte": 2.5},
        {"area": "A", "role": "sw", "ageBand": "b", "yearsSinceEntry": 0.0, "fte": 3.5}]}
    out, rows = run(doc)
    for dy, v in enumerate([10, 15.4, 19, 19, 19]):
        check("G earlyCareerFte T0+%d" % dy, rows[("A", "sw", T0 + dy)]["earlyCareerFte"], v)
    check("G fte T0+1", rows[("A", "sw", T0 + 1)]["fte"], 108.0)
    out0, rows0 = run(plain)
    check("G no earlyCareer: no field", any("earlyCareerFte" in r for r in out0["rows"]), False)
    strip = lambda o: [{k: v for k, v in r.items() if k != "earlyCareerFte"} for r in o["rows"]]
    check("G cohorts never affect S (rows)", strip(out) == strip(out0), True)
    check("G cohorts never affect S (training sufficiency)",
          out["trainingSufficiency"] == out0["trainingSufficiency"], True)
    check("G field on every row", all("earlyCareerFte" in r for r in out["rows"]), True)
    # both pipelines listed: q's 3 a year join the cohorts too
    doc["earlyCareer"]["pipelines"] = ["p", "q"]
    out, rows = run(doc)
    check("G two pipelines T0+1", rows[("A", "sw", T0 + 1)]["earlyCareerFte"], 13 + 5.4)
    check("G two pipelines T0+2", rows[("A", "sw", T0 + 2)]["earlyCareerFte"], 13 + 13 * 0.9)


# ---------------------------------------------------------------------------
# H. A cohort progresses: roles sw (l = 0.1) and senior (l = 0.2), one band,
#  progression sw -> senior 0.25 (from the state after leavers and ageing).
#  Pipeline p into sw, 10 a year; Y = 3; stock: sw, c = 0: 8; senior, c = 2: 5.
#  T0:   sw 8, senior 5
#  T0+1: E_1 from E_0 (sw 8): 8*0.9 = 7.2, 1.8 moves: sw 5.4, senior 1.8;
#        E_2 (senior 5) leaves the early-career years; E_0 = sw 10
#        -> sw 15.4, senior 1.8
#  T0+2: E_2 from E_1: sw 5.4*0.9 = 4.86, 1.215 moves: sw 3.645, senior 1.8*0.8 + 1.215 = 2.655
#        E_1 from E_0: sw 9 - 2.25 = 6.75, senior 2.25; E_0 = sw 10
#        -> sw 20.395, senior 4.905
#  T0+3: E_2 from E_1 (6.75, 2.25): sw 6.075 - 1.51875 = 4.55625, senior 1.8 + 1.51875 = 3.31875
#        E_1 = (6.75, 2.25); E_0 = sw 10      -> sw 21.30625, senior 5.56875
# ---------------------------------------------------------------------------
def case_h():
    doc = base_doc(["A"], 3, {"A": 50.0}, {"A": 1000})
    doc["roles"].append({"id": "senior", "name": "senior", "demand": {"kind": "caseload"}})
    doc["stock"].append({"area": "A", "role": "senior", "ageBand": "b", "fte": 30})
    doc["leaverRates"].append({"role": "senior", "ageBand": "b", "rate": 0.2})
    doc["progression"] = [{"from": "sw", "to": "senior", "rate": 0.25}]
    doc["pipelines"] = [pipeline("p", 10)]
    doc["earlyCareer"] = {"years": 3, "pipelines": ["p"], "stock": [
        {"area": "A", "role": "senior", "ageBand": "b", "yearsSinceEntry": 2, "fte": 5},
        {"area": "A", "role": "sw", "ageBand": "b", "yearsSinceEntry": 0, "fte": 8}]}
    out, rows = run(doc)
    want = {"sw": [8, 15.4, 20.395, 21.30625], "senior": [5, 1.8, 4.905, 5.56875]}
    for role, vals in want.items():
        for dy, v in enumerate(vals):
            check("H %s earlyCareerFte T0+%d" % (role, dy), rows[("A", role, T0 + dy)]["earlyCareerFte"], v)


# ---------------------------------------------------------------------------
# J. Ageing and an age distribution, with agency flows (which never touch a cohort).
#  Bands b0 (width 2) and b1 (open); l = 0.1 in b0, 0.2 in b1. Pipeline p: 10 a year,
#  ageDistribution {b0: 0.6, b1: 0.4}. Y = 3; stock: c = 0: b0 6; c = 1: b1 4.
#  T0:   10
#  T0+1: E_1 from (6, 0): U = (5.4, 0), half of b0 ages: (2.7, 2.7); E_2 from (0, 4): (0, 3.2);
#        E_0 = (6, 4)                                    -> 10 + 5.4 + 3.2 = 18.6
#  T0+2: E_2 from (2.7, 2.7): U = (2.43, 2.16) -> (1.215, 3.375) = 4.59;
#        E_1 from (6, 4): U = (5.4, 3.2) -> (2.7, 5.9) = 8.6; E_0 = 10   -> 23.19
#  T0+3: E_2 from (2.7, 5.9): U = (2.43, 4.72) -> (1.215, 5.935) = 7.15; E_1 = 8.6; E_0 = 10
#                                                        -> 25.75
#  Agency (stock 10, moveShare 0.5, outflow 0.5, all converting into b0) changes S, not E.
# ---------------------------------------------------------------------------
def case_j():
    doc = base_doc(["A"], 3, {"A": 50.0}, {"A": 1000})
    doc["ageBands"] = [{"id": "b0", "width": 2}, {"id": "b1"}]
    doc["stock"] = [{"area": "A", "role": "sw", "ageBand": b, "fte": 50} for b in ("b0", "b1")]
    doc["leaverRates"] = [{"role": "sw", "ageBand": "b0", "rate": 0.1},
                          {"role": "sw", "ageBand": "b1", "rate": 0.2}]
    doc["pipelines"] = [pipeline("p", 10, age={"b0": 0.6, "b1": 0.4})]
    doc["earlyCareer"] = {"years": 3, "pipelines": ["p"], "stock": [
        {"area": "A", "role": "sw", "ageBand": "b0", "yearsSinceEntry": 0, "fte": 6},
        {"area": "A", "role": "sw", "ageBand": "b1", "yearsSinceEntry": 1, "fte": 4}]}
    out, rows = run(doc)
    for dy, v in enumerate([10, 18.6, 23.19, 25.75]):
        check("J earlyCareerFte T0+%d" % dy, rows[("A", "sw", T0 + dy)]["earlyCareerFte"], v)
    doc["agency"] = {"stock": [{"area": "A", "role": "sw", "fte": 10}], "moveShare": 0.5,
                     "outflowRate": 0.5, "conversionShare": 1, "ageDistribution": {"b0": 1}}
    out2, rows2 = run(doc)
    check("J agency: conversions in S", rows2[("A", "sw", T0 + 1)]["agencyConversions"], 5.0)
    check("J agency: fte changes", rows2[("A", "sw", T0 + 2)]["fte"] != rows[("A", "sw", T0 + 2)]["fte"], True)
    for dy, v in enumerate([10, 18.6, 23.19, 25.75]):
        check("J agency: earlyCareerFte T0+%d" % dy, rows2[("A", "sw", T0 + dy)]["earlyCareerFte"], v)


# ---------------------------------------------------------------------------
# K. Y = 1: earlyCareerFte is the T0 stock with yearsSinceEntry 0, then each year's listed
#  entrants alone. Leaves A (S 30), B (S 10) under R; fteRatio 0.8; reversion h = 1.
#  p1: 10 people a year, areaShare {A: 1}, target {B: 1}: 8 FTE split by sigma(y):
#      w(T0+1) = 1/2: A 4, B 4; w(T0+2) = 1/4: A 2, B 6.
#  p2: d = 1, c = 0.5, intake T0: 2, T0+1: 4: N = 1 in T0+1 and 2 in T0+2, so 0.8 and
#      1.6 FTE, default shares (30, 10)/40: A 0.6, B 0.2; A 1.2, B 0.4.
#  p3 and joiners are not listed. Stock: A, c = 0: 3.
#  T0: A 3, B 0, R 3;  T0+1: A 4.6, B 4.2, R 8.8;  T0+2: A 3.2, B 6.4, R 9.6.
# ---------------------------------------------------------------------------
def case_k():
    doc = base_doc(["A", "B"], 2, {"A": 30.0, "B": 10.0}, {"A": 500, "B": 500}, fte_ratio=0.8)
    doc["reversion"] = {"halfLife": 1}
    doc["pipelines"] = [
        pipeline("p1", 10, areaShare={"A": 1}, areaShareTarget={"B": 1}),
        pipeline("p2", [{"year": T0 + 1, "value": 4}, {"year": T0, "value": 2}], duration=1,
                 completion=0.5),
        pipeline("p3", 7)]
    doc["joiners"] = [{"source": "j", "role": "sw", "base": 5, "ageDistribution": {"b": 1}}]
    doc["earlyCareer"] = {"years": 1.0, "pipelines": ["p2", "p1"], "stock": [
        {"area": "A", "role": "sw", "ageBand": "b", "yearsSinceEntry": 0, "fte": 3}]}
    out, rows = run(doc)
    want = {"A": [3, 4.6, 3.2], "B": [0, 4.2, 6.4], "R": [3, 8.8, 9.6]}
    for a, vals in want.items():
        for dy, v in enumerate(vals):
            check("K %s earlyCareerFte T0+%d" % (a, dy), rows[(a, "sw", T0 + dy)]["earlyCareerFte"], v)


# ---------------------------------------------------------------------------
# L. Cohorts use the reverting leaver multiplier, the path and the cap, and leave after Y.
#  Leaves A, B; l = 0.4; m_A = 2 with target 0.5, m_B = 10 (target 1); h = 1;
#  leaverMultiplierPath {T0: 1.5} (k = 1.5 every year). Listed pipeline with intake 0.
#  Y = 3; all of S (20 in each leaf) is early-career stock with yearsSinceEntry 0.
#  T0+1: w = 1/2: m_A = 1, q = 0.6: E_A = 8; m_B = 10^(1/2), q = min(1, 1.897...) = 1: E_B = 0
#  T0+2: w = 1/4: m_A = 2^(1/4) 0.5^(3/4) = 2^(-1/2), q = 0.6 / sqrt 2: E_A = 8 (1 - 0.6/sqrt 2)
#  T0+3: the cohort entered Y = 3 years before: it leaves: 0 (S keeps it).
# ---------------------------------------------------------------------------
def case_l():
    doc = base_doc(["A", "B"], 3, {"A": 20.0, "B": 20.0}, {"A": 500, "B": 500}, rate=0.4)
    doc["areaLeaverMultipliers"] = [{"area": "A", "multiplier": 2}, {"area": "B", "multiplier": 10}]
    doc["reversion"] = {"halfLife": 1, "leaverMultiplierTargets": [{"area": "A", "multiplier": 0.5}]}
    doc["leaverMultiplierPath"] = [{"year": T0, "factor": 1.5}]
    doc["pipelines"] = [pipeline("p", 0)]
    doc["earlyCareer"] = {"years": 3, "pipelines": ["p"], "stock": [
        {"area": a, "role": "sw", "ageBand": "b", "yearsSinceEntry": 0, "fte": 20} for a in ("A", "B")]}
    out, rows = run(doc)
    ea2 = 8 * (1 - 0.6 / 2 ** 0.5)
    for a, vals in {"A": [20, 8, ea2, 0], "B": [20, 0, 0, 0], "R": [40, 8, ea2, 0]}.items():
        for dy, v in enumerate(vals):
            check("L %s earlyCareerFte T0+%d" % (a, dy), rows[(a, "sw", T0 + dy)]["earlyCareerFte"], v)
    check("L A fte T0+2 = cohort", rows[("A", "sw", T0 + 2)]["fte"], ea2)
    check("L A fte T0+3 > 0", rows[("A", "sw", T0 + 3)]["fte"] > 0, True)


# ---------------------------------------------------------------------------
# M. Invariants on generated inputs (random_input.py --v2 seeds; joiners and agency
#  removed, so every entrant comes from a pipeline and none from conversions):
#  - all of S as stock with yearsSinceEntry 0, every pipeline listed, Y = H + 1:
#    earlyCareerFte = fte on every row and year (multi-band ageing, progression,
#    reversion, area shares, aggregates);
#  - the same with Y <= H: in T0+Y the stock has left and every entrant is still in,
#    so earlyCareerFte(T0+Y) = fte(T0+Y) - fte of the run with no entrants at all
#    (with `response` removed: responsive rates depend on the state, so the run without
#    entrants would progress at other rates; the first invariant keeps it).
# ---------------------------------------------------------------------------
def case_m():
    import random_input
    for seed in (3, 5, 8, 13):
        doc = random_input.Gen(seed, 5, None, v2=True).build()
        doc.pop("agency", None)
        doc.pop("earlyCareer", None)
        doc["joiners"] = []
        H = int(doc.get("horizon", 20))
        ids = [p["id"] for p in doc["pipelines"]]
        stock = [dict(r, yearsSinceEntry=0) for r in doc["stock"]]
        doc["earlyCareer"] = {"years": H + 1, "pipelines": ids, "stock": stock}
        out, rows = run(doc)
        worst = max(abs(r["earlyCareerFte"] - r["fte"]) / max(abs(r["fte"]), 1.0) for r in out["rows"])
        check("M seed %d: Y = H+1, earlyCareerFte = fte (worst rel diff %g)" % (seed, worst),
              worst <= 1e-12, True)
        # the second invariant needs S's progression to be the same with and without
        # entrants: fixed rates only (a responsive rate depends on the state)
        for r in doc.get("progression", []):
            r.pop("response", None)
        Y = max(1, H // 2)
        doc["earlyCareer"]["years"] = Y
        out, rows = run(doc)
        none = copy.deepcopy(doc)
        del none["earlyCareer"]
        for p in none["pipelines"]:
            p["intake"] = [{"year": T0, "value": 0}]
        _, rows0 = run(none)
        yY = out["baseYear"] + Y
        worst = 0.0
        for key, r in rows.items():
            if key[2] == yY:
                want = r["fte"] - rows0[key]["fte"]
                worst = max(worst, abs(r["earlyCareerFte"] - want) / max(abs(r["fte"]), 1.0))
        check("M seed %d: Y = %d, earlyCareerFte(T0+Y) = fte - fte without entrants (%g)"
              % (seed, Y, worst), worst <= 1e-12, True)


# ---------------------------------------------------------------------------
# N. Bad input in earlyCareer: each rule gives an error at its JSON path; all are listed;
#  the command line exits 2 and writes nothing.
# ---------------------------------------------------------------------------
def case_n():
    good = base_doc(["A", "B"], 2, {"A": 100.0, "B": 50.0}, {"A": 1000, "B": 800})
    good["pipelines"] = [pipeline("p", 5), pipeline("q", 2)]
    good["joiners"] = [{"source": "j", "role": "sw", "base": 1, "ageDistribution": {"b": 1}}]
    good["earlyCareer"] = {"years": 2, "pipelines": ["p", "q"], "stock": [
        {"area": "A", "role": "sw", "ageBand": "b", "yearsSinceEntry": 1, "fte": 3}]}
    check("N good input validates", model_ref.validate(good), [])
    ok_cases = [("years 2.0", ["years"], 2.0), ("stock empty", ["stock"], []),
                ("fte 0", ["stock", 0, "fte"], 0), ("yearsSinceEntry 1.0", ["stock", 0, "yearsSinceEntry"], 1.0)]
    for name, path, value in ok_cases:
        d = copy.deepcopy(good)
        cur = d["earlyCareer"]
        for k in path[:-1]:
            cur = cur[k]
        cur[path[-1]] = value
        check("N accepted: " + name, model_ref.validate(d), [])
    d = copy.deepcopy(good)
    del d["earlyCareer"]["stock"]
    check("N accepted: stock left out", model_ref.validate(d), [])

    def bad(name, mutate, want_path, want_text=""):
        d = copy.deepcopy(good)
        mutate(d)
        errs = model_ref.validate(d)
        hit = [e for e in errs if e.startswith(want_path + ":") and want_text in e]
        CHECKS[0] += 1
        if not hit:
            FAILS.append("N %s: no error at %s containing %r; got %s" % (name, want_path, want_text, errs))

    def setp(path, value):
        def f(d):
            cur = d["earlyCareer"]
            for k in path[:-1]:
                cur = cur[k]
            cur[path[-1]] = value
        return f

    def v1(d):
        d["specVersion"] = 1
    bad("earlyCareer in v1", v1, "$.earlyCareer", "unknown key")
    bad("not an object", lambda d: d.__setitem__("earlyCareer", [2]), "earlyCareer", "must be an object")
    bad("unknown key", setp(["foo"], 1), "earlyCareer.foo", "unknown key")
    bad("missing years", lambda d: d["earlyCareer"].pop("years"), "earlyCareer.years", "missing")
    bad("missing pipelines", lambda d: d["earlyCareer"].pop("pipelines"), "earlyCareer.pipelines",
        "missing")
    bad("years 0", setp(["years"], 0), "earlyCareer.years", ">= 1")
    bad("years -1", setp(["years"], -1), "earlyCareer.years")
    bad("years 1.5", setp(["years"], 1.5), "earlyCareer.years", "whole")
    bad("years string", setp(["years"], "2"), "earlyCareer.years", "number")
    bad("years true", setp(["years"], True), "earlyCareer.years", "number")
    bad("pipelines empty", setp(["pipelines"], []), "earlyCareer.pipelines", "empty")
    bad("pipelines not an array", setp(["pipelines"], "p"), "earlyCareer.pipelines", "array")
    bad("pipeline unknown", setp(["pipelines"], ["p", "zz"]), "earlyCareer.pipelines[1]",
        "names no pipeline")
    bad("pipeline is a joiners source", setp(["pipelines"], ["j"]), "earlyCareer.pipelines[0]",
        "names no pipeline")
    bad("pipeline twice", setp(["pipelines"], ["q", "p", "q"]), "earlyCareer.pipelines[2]", "twice")
    bad("pipeline not a string", setp(["pipelines"], [1]), "earlyCareer.pipelines[0]", "string")
    bad("no pipelines at all", lambda d: d.pop("pipelines"), "earlyCareer.pipelines[0]",
        "names no pipeline")
    bad("stock not an array", setp(["stock"], {}), "earlyCareer.stock", "array")
    bad("stock unknown area", setp(["stock", 0, "area"], "Z"), "earlyCareer.stock[0].area",
        "unknown area")
    bad("stock non-leaf area", setp(["stock", 0, "area"], "R"), "earlyCareer.stock[0].area",
        "not a leaf")
    bad("stock unknown role", setp(["stock", 0, "role"], "zz"), "earlyCareer.stock[0].role",
        "unknown role")
    bad("stock unknown band", setp(["stock", 0, "ageBand"], "zz"), "earlyCareer.stock[0].ageBand",
        "unknown age band")
    bad("stock negative fte", setp(["stock", 0, "fte"], -0.5), "earlyCareer.stock[0].fte", "negative")
    bad("yearsSinceEntry = Y", setp(["stock", 0, "yearsSinceEntry"], 2),
        "earlyCareer.stock[0].yearsSinceEntry", "0..1")
    bad("yearsSinceEntry -1", setp(["stock", 0, "yearsSinceEntry"], -1),
        "earlyCareer.stock[0].yearsSinceEntry", "negative")
    bad("yearsSinceEntry 0.5", setp(["stock", 0, "yearsSinceEntry"], 0.5),
        "earlyCareer.stock[0].yearsSinceEntry", "whole")
    bad("yearsSinceEntry missing", lambda d: d["earlyCareer"]["stock"][0].pop("yearsSinceEntry"),
        "earlyCareer.stock[0].yearsSinceEntry", "missing")
    bad("stock row unknown key", setp(["stock", 0, "source"], "p"), "earlyCareer.stock[0].source",
        "unknown key")

    # every problem listed, not only the first
    d = copy.deepcopy(good)
    d["earlyCareer"]["years"] = 0
    d["earlyCareer"]["pipelines"] = ["p", "p", "x"]
    d["earlyCareer"]["stock"][0]["fte"] = -1
    d["earlyCareer"]["stock"][0]["area"] = "R"
    check("N all problems listed", len(model_ref.validate(d)), 5)

    with tempfile.TemporaryDirectory() as tmp:
        inp, outp = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
        with open(inp, "w") as f:
            json.dump(d, f)
        p = subprocess.run([sys.executable, os.path.join(HERE, "model_ref.py"), inp, "-o", outp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        check("N CLI exit status", p.returncode, 2)
        check("N CLI nothing written", os.path.exists(outp), False)
        check("N CLI stdout empty", p.stdout, "")
        check("N CLI lists every problem", p.stderr.count("earlyCareer."), 5)


# ---------------------------------------------------------------------------
# P. Responsive progression, worked by hand. Roles sw and senior (both caseload), one open
#  band, leaver rate 0.1 for both, no entrants unless stated. The row sw -> senior has
#  rate 0.1. V (after leavers and ageing) = 0.9 S.
#  P1 deficit: S0 sw 100, senior 10 -> V 90, 9. lam 2, theta 0.5, c 0.5:
#     g = (45 - 9) / 45 = 0.8, rho = 0.1 (1 + 1.6) = 0.26, X = 23.4 -> sw 66.6, senior 32.4.
#     T0+2: V 59.94, 29.16; g = 0.81 / 29.97 = 1/37, rho = 0.1 * 39/37, X = 6.318
#     -> sw 53.622, senior 35.478.
#  P2 surplus: senior 60 -> V 90, 54; g = (45 - 54) / 45 = -0.2, rho = 0.1 * 0.6 = 0.06,
#     X = 5.4 -> sw 84.6, senior 59.4.
#  P3 cap: P1 with lam 10: 0.1 * 9 = 0.9 > c = 0.5: rho = 0.5, X = 45 -> sw 45, senior 54.
#  P4 floor: P2 with lam 10: 0.1 * (1 - 2) < 0: rho = 0 -> sw 90, senior 54.
#  P5 theta_bar Vf = 0: targetRatio 0, lam 10: g = 0, rho = rate = 0.1, X = 9 -> sw 81, senior 18;
#     with c 0.05 < rate: rho = 0.05, X = 4.5 -> sw 85.5, senior 13.5.
#     Vf = 0 (no sw at all): g = 0, nothing moves, no division by 0: senior 9.
#  P6 lam 0 (c 1): exactly the figures of the same input without `response`.
# ---------------------------------------------------------------------------
def two_roles(leaves, H, sw, senior, roles=("senior",)):
    doc = base_doc(leaves, H, sw, {a: 1000 for a in leaves})
    doc["stock"] = [r for r in doc["stock"] if r["fte"] > 0]
    for role in roles:
        doc["roles"].append({"id": role, "name": role, "demand": {"kind": "caseload"}})
        doc["leaverRates"].append({"role": role, "ageBand": "b", "rate": 0.1})
    doc["stock"] += [{"area": a, "role": "senior", "ageBand": "b", "fte": senior[a]}
                     for a in leaves if senior[a] > 0]
    return doc


def resp_row(lam, theta, c, rate=0.1, to="senior", **kw):
    rs = {"strength": lam, "targetRatio": theta, "maxRate": c}
    rs.update(kw)
    return {"from": "sw", "to": to, "rate": rate, "response": rs}


def check_fte(tag, rows, want, year=T0 + 1):
    for (a, role), v in want.items():
        check("%s %s %s fte %d" % (tag, a, role, year), rows[(a, role, year)]["fte"], v)


def case_p():
    def one(sw, sen, row, H=1):
        doc = two_roles(["A"], H, {"A": sw}, {"A": sen})
        doc["progression"] = [row]
        return run(doc)

    _, rows = one(100.0, 10.0, resp_row(2, 0.5, 0.5), H=2)
    check_fte("P1 deficit", rows, {("A", "sw"): 66.6, ("A", "senior"): 32.4})
    check_fte("P1 deficit", rows, {("A", "sw"): 53.622, ("A", "senior"): 35.478}, T0 + 2)
    check("P1 progression is not in leavers/entrants", rows[("A", "senior", T0 + 1)]["entrants"], 0.0)
    _, rows = one(100.0, 60.0, resp_row(2, 0.5, 0.5))
    check_fte("P2 surplus", rows, {("A", "sw"): 84.6, ("A", "senior"): 59.4})
    _, rows = one(100.0, 10.0, resp_row(10, 0.5, 0.5))
    check_fte("P3 cap", rows, {("A", "sw"): 45.0, ("A", "senior"): 54.0})
    _, rows = one(100.0, 60.0, resp_row(10, 0.5, 0.5))
    check_fte("P4 floor", rows, {("A", "sw"): 90.0, ("A", "senior"): 54.0})
    _, rows = one(100.0, 10.0, resp_row(10, 0, 0.5))
    check_fte("P5 theta 0", rows, {("A", "sw"): 81.0, ("A", "senior"): 18.0})
    _, rows = one(100.0, 10.0, resp_row(10, 0, 0.05))
    check_fte("P5 theta 0, c < rate", rows, {("A", "sw"): 85.5, ("A", "senior"): 13.5})
    _, rows = one(0.0, 10.0, resp_row(10, 0.5, 0.5))
    check_fte("P5 Vf 0", rows, {("A", "sw"): 0.0, ("A", "senior"): 9.0})
    for sw, sen in ((100.0, 10.0), (100.0, 60.0)):
        doc = two_roles(["A"], 3, {"A": sw}, {"A": sen})
        doc["progression"] = [resp_row(0, 0.5, 1)]
        plain = copy.deepcopy(doc)
        del plain["progression"][0]["response"]
        check("P6 lam 0 == no response (senior %g)" % sen,
              json.dumps(run(doc)[0]) == json.dumps(run(plain)[0]), True)


# ---------------------------------------------------------------------------
# Q. Per leaf: areaTargetRatios, the renormalisation, and the early-career cohorts.
#  Q1 leaves A, B, C, D, each sw 100, senior 10 (V 90, 9); targetRatio (theta_bar) 0.5,
#     areaTargetRatios B 0.1, C 0, D 1; lam 2, c 0.5. g = (theta[a] Vf - Vt) / (theta_bar Vf),
#     theta_bar Vf = 45 in every leaf.
#     A as P1: g = 0.8, rho = 0.26: sw 66.6, senior 32.4.
#     B: theta[B] Vf = 9 = Vt: g = 0, rho = 0.1: sw 81, senior 18.
#     C: theta[C] = 0: g = -9/45 = -0.2, rho = 0.06, X 5.4: sw 84.6, senior 14.4.
#     D: g = (90 - 9)/45 = 1.8, rho = 0.1 (1 + 3.6) = 0.46, X 41.4: sw 48.6, senior 50.4
#        (with theta[a] in the denominator it would be g = 0.9, rho = 0.28).
#     R: sw 280.8, senior 115.2.
#     targetRatio 0 with areaTargetRatios A 0.5: theta_bar Vf = 0, so g = 0 and rho = rate
#     in every leaf: A sw 81, senior 18.
#  Q2 roles sw, senior, mgr (mgr empty). Leaves A (sw 100, senior 10) and B (sw 100,
#     senior 60). Rows sw -> senior (lam 20, theta 0.5, c 0.9) and sw -> mgr (fixed 0.3).
#     A: 0.1 (1 + 16) = 1.7 -> 0.9; 0.9 + 0.3 = 1.2 > 1: rho 0.75 and 0.25, X 67.5 and
#        22.5 -> sw 0, senior 76.5, mgr 22.5.
#     B: g = -0.2: 0.1 (1 - 4) < 0 -> 0; 0 + 0.3 <= 1, not renormalised: X_mgr = 27
#        -> sw 63, senior 54, mgr 27.
#     With c 0.6 (sum 0.9, not renormalised): A: X 54 and 27 -> sw 9, senior 63, mgr 27.
#  Q3 early career: P1's S (rho = 0.26 in T0+1, 0.1 * 39/37 in T0+2) and a cohort with
#     yearsSinceEntry 0 of sw 10 and senior 50 (listed pipeline adding nobody), Y = 3.
#     From the cohort's own state rho would be 0 (g = (4.5 - 45) / 4.5 = -9); with S's:
#     T0+1: sw 9 - 2.34 = 6.66, senior 45 + 2.34 = 47.34;
#     T0+2: sw V 5.994, X = 5.994 * 3.9 / 37 = 0.6318 -> 5.3622, senior 42.606 + 0.6318
#           = 43.2378;  T0+3: the cohort has left (Y = 3): 0.
# ---------------------------------------------------------------------------
def case_q():
    leaves = ["A", "B", "C", "D"]
    doc = two_roles(leaves, 1, {a: 100.0 for a in leaves}, {a: 10.0 for a in leaves})
    doc["progression"] = [resp_row(2, 0.5, 0.5, areaTargetRatios=[
        {"area": "C", "ratio": 0}, {"area": "D", "ratio": 1.0}, {"area": "B", "ratio": 0.1}])]
    _, rows = run(doc)
    check_fte("Q1 areaTargetRatios", rows, {
        ("A", "sw"): 66.6, ("A", "senior"): 32.4, ("B", "sw"): 81.0, ("B", "senior"): 18.0,
        ("C", "sw"): 84.6, ("C", "senior"): 14.4, ("D", "sw"): 48.6, ("D", "senior"): 50.4,
        ("R", "sw"): 280.8, ("R", "senior"): 115.2})
    doc["progression"] = [resp_row(2, 0, 0.5, areaTargetRatios=[{"area": "A", "ratio": 0.5}])]
    _, rows = run(doc)
    check_fte("Q1 targetRatio 0", rows, {("A", "sw"): 81.0, ("A", "senior"): 18.0,
                                         ("D", "sw"): 81.0, ("D", "senior"): 18.0})

    doc = two_roles(["A", "B"], 1, {"A": 100.0, "B": 100.0}, {"A": 10.0, "B": 60.0},
                    roles=("senior", "mgr"))
    doc["progression"] = [resp_row(20, 0.5, 0.9), {"from": "sw", "to": "mgr", "rate": 0.3}]
    m = model_ref.Model(doc)
    rows = {(r["area"], r["role"], r["year"]): r for r in m.run()["rows"]}
    check_fte("Q2 renormalised", rows, {
        ("A", "sw"): 0.0, ("A", "senior"): 76.5, ("A", "mgr"): 22.5,
        ("B", "sw"): 63.0, ("B", "senior"): 54.0, ("B", "mgr"): 27.0})
    check("Q2 renormalised once (A, sw)", m.stats["renormalised"], 1)
    doc["progression"][0]["response"]["maxRate"] = 0.6
    _, rows = run(doc)
    check_fte("Q2 sum 0.9 (not renormalised)", rows, {
        ("A", "sw"): 9.0, ("A", "senior"): 63.0, ("A", "mgr"): 27.0})
    # the v1 check applies to the rates given, whatever the responses
    bad = copy.deepcopy(doc)
    bad["progression"] = [resp_row(2, 0.5, 0.3, rate=0.6), resp_row(2, 0.5, 0.3, rate=0.5, to="mgr")]
    errs = model_ref.validate(bad)
    check("Q2 given rates 0.6 + 0.5 refused", any(e.startswith("progression:") and "more than 1" in e
                                                   for e in errs), True)

    doc = two_roles(["A"], 3, {"A": 100.0}, {"A": 10.0})
    doc["progression"] = [resp_row(2, 0.5, 0.5)]
    doc["pipelines"] = [pipeline("p", 0)]
    plain = copy.deepcopy(doc)
    doc["earlyCareer"] = {"years": 3, "pipelines": ["p"], "stock": [
        {"area": "A", "role": "sw", "ageBand": "b", "yearsSinceEntry": 0, "fte": 10},
        {"area": "A", "role": "senior", "ageBand": "b", "yearsSinceEntry": 0, "fte": 50}]}
    out, rows = run(doc)
    want = {"sw": [10, 6.66, 5.3622, 0], "senior": [50, 47.34, 43.2378, 0]}
    for role, vals in want.items():
        for dy, v in enumerate(vals):
            check("Q3 %s earlyCareerFte T0+%d" % (role, dy),
                  rows[("A", role, T0 + dy)]["earlyCareerFte"], v)
    check_fte("Q3 S", rows, {("A", "sw"): 66.6, ("A", "senior"): 32.4})
    strip = lambda o: [{k: v for k, v in r.items() if k != "earlyCareerFte"} for r in o["rows"]]
    check("Q3 cohorts never affect S", strip(out) == strip(run(plain)[0]), True)


# ---------------------------------------------------------------------------
# R. Training sufficiency with a responsive row: Delta is the difference of two full runs
#  (a scalar rerun here), not the response of the model to the extra places alone.
#  P1's leaf, row sw -> senior with lam 6, theta 0.5, c 0.5; pipeline p into sw, d 0, 10 a
#  year; H 5. (Where neither c nor the floor binds and theta_bar Vf > 0, X = rate Vf +
#  rate lam (theta[a] Vf - Vt) / theta_bar is linear in the state; here c binds in T0+1
#  and the floor later, so Delta differs from what the extra places alone would add.)
# ---------------------------------------------------------------------------
def case_r():
    doc = two_roles(["A"], 5, {"A": 100.0}, {"A": 10.0})
    doc["progression"] = [resp_row(6, 0.5, 0.5)]
    doc["pipelines"] = [pipeline("p", 10)]
    out, rows = run(doc)

    def sim(sw, sen, intake, extra):
        for _ in range(5):
            vsw, vsen = 0.9 * sw, 0.9 * sen
            den = 0.5 * vsw
            g = (den - vsen) / den if den > 0 else 0.0
            x = vsw * min(0.5, max(0.0, 0.1 * (1 + 6 * g)))
            sw, sen = vsw - x + intake + extra, vsen + x
        return sw
    base = sim(100.0, 10.0, 10.0, 0.0)
    delta = sim(100.0, 10.0, 10.0, 1.0) - base
    alone = sim(0.0, 0.0, 0.0, 1.0)          # what a model linear in intake would add
    ts = {e["horizon"]: e for e in out["trainingSufficiency"]}
    check("R fte(T0+5)", rows[("A", "sw", T0 + 5)]["fte"], base)
    check("R ftePerExtraIntake = difference of two runs", ts[5]["ftePerExtraIntake"], delta)
    check("R not linear in intake", abs(delta - alone) > 0.5, True)
    g = rows[("A", "sw", T0 + 5)]["required"] - base
    check("R gap", ts[5]["gap"], g)
    check("R extraAnnualIntake", ts[5]["extraAnnualIntake"], g / delta if g > 0 else 0.0)


# ---------------------------------------------------------------------------
# S. Generated inputs with `response` (random_input.py --v2): all of S as early-career
#  stock with yearsSinceEntry 0 and Y = H + 1 gives earlyCareerFte = fte on every row, so
#  the cohorts move at S's rates (renormalised ones included); at least one seed
#  renormalises, caps and floors.
# ---------------------------------------------------------------------------
def case_s():
    import random_input
    seen = {"renormalised": 0, "capped": 0, "floored": 0, "noTarget": 0}
    n = 0
    for seed in range(0, 24):
        doc = random_input.Gen(seed, 5, None, v2=True).build()
        if not any("response" in r for r in doc.get("progression", [])):
            continue
        n += 1
        doc.pop("agency", None)
        doc["joiners"] = []
        H = int(doc.get("horizon", 20))
        ids = [p["id"] for p in doc["pipelines"]]
        stock = [dict(r, yearsSinceEntry=0) for r in doc["stock"]]
        doc["earlyCareer"] = {"years": H + 1, "pipelines": ids, "stock": stock}
        check("S seed %d validates" % seed, model_ref.validate(doc), [])
        m = model_ref.Model(doc)
        out = m.run()
        worst = max(abs(r["earlyCareerFte"] - r["fte"]) / max(abs(r["fte"]), 1.0) for r in out["rows"])
        check("S seed %d: earlyCareerFte = fte with response (worst %g)" % (seed, worst),
              worst <= 1e-12, True)
        for k, v in m.stats.items():
            seen[k] += v > 0
    check("S seeds with response", n >= 5, True)
    for k, v in seen.items():
        check("S some seed has %s" % k, v > 0, True)


# ---------------------------------------------------------------------------
# T. Bad input in `response`: each rule gives an error at its JSON path; all are listed;
#  the command line exits 2 and writes nothing.
# ---------------------------------------------------------------------------
def case_t():
    good = two_roles(["A", "B"], 2, {"A": 100.0, "B": 50.0}, {"A": 10.0, "B": 5.0})
    good["progression"] = [resp_row(2, 0.5, 0.5, areaTargetRatios=[{"area": "A", "ratio": 0.3}]),
                           {"from": "senior", "to": "sw", "rate": 0.05}]
    check("T good input validates", model_ref.validate(good), [])
    RS = ["progression", 0, "response"]

    def setp(path, value):
        def f(d):
            cur = d
            for k in path[:-1]:
                cur = cur[k]
            cur[path[-1]] = value
        return f

    def delp(path):
        def f(d):
            cur = d
            for k in path[:-1]:
                cur = cur[k]
            del cur[path[-1]]
        return f

    for name, path, value in [("strength 0", RS + ["strength"], 0),
                              ("targetRatio 0", RS + ["targetRatio"], 0),
                              ("maxRate 0", RS + ["maxRate"], 0),
                              ("maxRate 1.0", RS + ["maxRate"], 1.0),
                              ("areaTargetRatios []", RS + ["areaTargetRatios"], []),
                              ("ratio 0", RS + ["areaTargetRatios", 0, "ratio"], 0),
                              ("large strength", RS + ["strength"], 1e6),
                              ("rate 1 with response", ["progression", 0, "rate"], 1)]:
        d = copy.deepcopy(good)
        setp(path, value)(d)
        check("T accepted: " + name, model_ref.validate(d), [])
    d = copy.deepcopy(good)
    delp(RS + ["areaTargetRatios"])(d)
    check("T accepted: areaTargetRatios left out", model_ref.validate(d), [])

    def bad(name, mutate, want_path, want_text=""):
        d = copy.deepcopy(good)
        mutate(d)
        errs = model_ref.validate(d)
        hit = [e for e in errs if e.startswith(want_path + ":") and want_text in e]
        CHECKS[0] += 1
        if not hit:
            FAILS.append("T %s: no error at %s containing %r; got %s" % (name, want_path, want_text, errs))

    P = "progression[0].response"
    bad("response in v1", setp(["specVersion"], 1), P, "unknown key")
    bad("response in v1 (hint)", setp(["specVersion"], 1), P, "version 2")
    bad("not an object", setp(RS, [1]), P, "must be an object")
    bad("null", setp(RS, None), P, "must be an object")
    bad("unknown key", setp(RS + ["lag"], 1), P + ".lag", "unknown key")
    for k in ("strength", "targetRatio", "maxRate"):
        bad("missing " + k, delp(RS + [k]), P + "." + k, "missing")
        bad(k + " not a number", setp(RS + [k], "1"), P + "." + k, "number")
    bad("strength negative", setp(RS + ["strength"], -0.1), P + ".strength", "negative")
    bad("targetRatio negative", setp(RS + ["targetRatio"], -1), P + ".targetRatio", "negative")
    bad("maxRate > 1", setp(RS + ["maxRate"], 1.2), P + ".maxRate", "<= 1")
    bad("maxRate < 0", setp(RS + ["maxRate"], -0.2), P + ".maxRate", "negative")
    bad("maxRate true", setp(RS + ["maxRate"], True), P + ".maxRate", "number")
    Q = P + ".areaTargetRatios"
    bad("areaTargetRatios not an array", setp(RS + ["areaTargetRatios"], {"A": 1}), Q, "array")
    bad("area ratio negative", setp(RS + ["areaTargetRatios", 0, "ratio"], -0.3), Q + "[0].ratio",
        "negative")
    bad("area ratio not a number", setp(RS + ["areaTargetRatios", 0, "ratio"], None), Q + "[0].ratio",
        "number")
    bad("area not a leaf", setp(RS + ["areaTargetRatios", 0, "area"], "R"), Q + "[0].area",
        "not a leaf")
    bad("area unknown", setp(RS + ["areaTargetRatios", 0, "area"], "Z"), Q + "[0].area",
        "unknown area")
    bad("area repeated", lambda d: d["progression"][0]["response"]["areaTargetRatios"].append(
        {"area": "A", "ratio": 1}), Q + "[1].area", "repeated")
    bad("row unknown key", setp(RS + ["areaTargetRatios", 0, "multiplier"], 1),
        Q + "[0].multiplier", "unknown key")
    bad("row missing ratio", delp(RS + ["areaTargetRatios", 0, "ratio"]), Q + "[0].ratio", "missing")
    bad("row missing area", delp(RS + ["areaTargetRatios", 0, "area"]), Q + "[0].area", "missing")
    bad("row not an object", setp(RS + ["areaTargetRatios", 0], "A"), Q + "[0]", "must be an object")

    # every problem listed, not only the first
    d = copy.deepcopy(good)
    rs = d["progression"][0]["response"]
    rs["strength"] = -1
    rs["maxRate"] = 2
    rs["areaTargetRatios"] = [{"area": "R", "ratio": -1}]
    rs["foo"] = 0
    check("T all problems listed", len(model_ref.validate(d)), 5)

    with tempfile.TemporaryDirectory() as tmp:
        inp, outp = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
        with open(inp, "w") as f:
            json.dump(d, f)
        p = subprocess.run([sys.executable, os.path.join(HERE, "model_ref.py"), inp, "-o", outp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        check("T CLI exit status", p.returncode, 2)
        check("T CLI nothing written", os.path.exists(outp), False)
        check("T CLI stdout empty", p.stdout, "")
        check("T CLI lists every problem", p.stderr.count(P), 5)


def case_u():
    """U. agency.entrants' growth is optional (docs/MODEL.md: default 0)."""
    doc = base_doc(["A"], 2, {"A": 100.0}, {"A": 1200.0})
    doc["agency"] = {"stock": [], "moveShare": 0.0, "outflowRate": 0.0, "conversionShare": 0.0,
                     "ageDistribution": {"b": 1.0},
                     "entrants": [{"source": "elsewhere", "role": "sw", "base": 2.0}]}
    _, rows = run(doc)
    for y in (T0 + 1, T0 + 2):
        check("U growth defaults to 0: agencyEntrants %d" % y, rows[("A", "sw", y)]["agencyEntrants"], 2.0)


# ---------------------------------------------------------------------------
# V. Local caseload standards (demand.areaCaseloadStandards). Leaves A, B, C under R; two
#  caseload roles sw and senior, one open band, leaver rate 0.1; population constant, so
#  W = the counts every year: A 200, B 300, C 150. Stock sw: A 10, B 20, C 0; senior: A 30;
#  vacancies sw B 5. E_case: A 40 (sw 10, senior 30), B 25 (sw 25), C 0.
#  Calibrated rule: s_A = 200/40 = 5, s_B = 300/25 = 12, C has E = 0: the national value
#  650/65 = 10. Without local standards: A 40 (sw 10, senior 30), B 25 (sw 25, senior 0),
#  C 15 (7.5 each: E = 0 for both roles, equal shares).
#  V1 {A: 8}: R_case A = 200/8 = 25 -> sw 25*10/40 = 6.25, senior 18.75 (at T0, not the
#     establishment: gap sw -3.75, senior -11.25); B keeps its calibrated 12: 25; C keeps
#     the national 650/65 = 10 (over all leaves, A included; over the unlisted leaves alone
#     it would be 450/25 = 18 and C 8.33): 15, 7.5 each.
#     R (aggregate) sw T0 = 6.25 + 25 + 7.5 = 38.75, gap 38.75 - 30 = 8.75,
#     shortage 0 + 5 + 7.5 = 12.5.
#  V2 {A: 8, C: 30}: C = 150/30 = 5, 2.5 each (a listed leaf with E = 0); B still 25.
#  V3 V1 with productivityGrowth 0.25: T0+1 A sw 6.25/1.25 = 5, senior 15, B 20, C 6 each.
#  V4 numeric rule 10 with {A: 8}: A 25 (6.25, 18.75), B 30 (sw 30), C 15 (7.5 each).
#  V5 [] = no areaCaseloadStandards, figure for figure.
#  V6 W(T0) = 0 everywhere (policy factor 0 at T0, 1 from T0+1): the calibrated national
#     value is undefined, so unlisted leaves get R_case = 0; A listed with 8 gets
#     W/8: 0 at T0, 200/8 = 25 at T0+1 (sw 6.25, senior 18.75); B and C 0.
# ---------------------------------------------------------------------------
def demand_doc(cs="calibrated", H=1):
    doc = base_doc(["A", "B", "C"], H, {"A": 10.0, "B": 20.0, "C": 0.0},
                   {"A": 200, "B": 300, "C": 150}, s=cs)
    doc["stock"] = [r for r in doc["stock"] if r["fte"] > 0]
    doc["roles"].append({"id": "senior", "name": "senior", "demand": {"kind": "caseload"}})
    doc["leaverRates"].append({"role": "senior", "ageBand": "b", "rate": 0.1})
    doc["stock"].append({"area": "A", "role": "senior", "ageBand": "b", "fte": 30.0})
    doc["vacancies"] = [{"area": "B", "role": "sw", "fte": 5.0}]
    return doc


def check_req(tag, rows, want, year=T0, key="required"):
    for (a, role), v in sorted(want.items()):
        check("%s %s %s %s %d" % (tag, a, role, key, year), rows[(a, role, year)][key], v)


def case_v():
    doc = demand_doc()
    out0, rows = run(doc)
    base = {("A", "sw"): 10.0, ("A", "senior"): 30.0, ("B", "sw"): 25.0, ("B", "senior"): 0.0,
            ("C", "sw"): 7.5, ("C", "senior"): 7.5}
    check_req("V0 calibrated", rows, base)
    check_req("V0 calibrated", rows, base, T0 + 1)

    doc["demand"]["areaCaseloadStandards"] = [{"area": "A", "standard": 8}]
    out1, rows = run(doc)
    v1 = {("A", "sw"): 6.25, ("A", "senior"): 18.75, ("B", "sw"): 25.0, ("B", "senior"): 0.0,
          ("C", "sw"): 7.5, ("C", "senior"): 7.5}
    check_req("V1 {A: 8}", rows, v1)
    check_req("V1 {A: 8}", rows, v1, T0 + 1)
    check("V1 C keeps the national fallback over all leaves", rows[("C", "sw", T0)]["required"],
          0.5 * 150 / (650 / 65))
    check("V1 A sw gap T0", rows[("A", "sw", T0)]["gap"], -3.75)
    check("V1 A senior gap T0", rows[("A", "senior", T0)]["gap"], -11.25)
    check("V1 R sw required T0", rows[("R", "sw", T0)]["required"], 38.75)
    check("V1 R sw gap T0", rows[("R", "sw", T0)]["gap"], 8.75)
    check("V1 R sw shortage T0", rows[("R", "sw", T0)]["shortage"], 12.5)
    check("V1 R senior required T0", rows[("R", "senior", T0)]["required"], 18.75 + 7.5)
    rows0 = {(r["area"], r["role"], r["year"]): r for r in out0["rows"]}
    check("V1 supply unchanged", all(rows[k]["fte"] == rows0[k]["fte"] for k in rows0), True)
    check("V1 required changed only in A", sorted({k[0] for k in rows0
                                                   if rows[k]["required"] != rows0[k]["required"]}),
          ["A", "R"])

    doc["demand"]["areaCaseloadStandards"].append({"standard": 30.0, "area": "C"})
    _, rows = run(doc)
    check_req("V2 {A: 8, C: 30}", rows, {**v1, ("C", "sw"): 2.5, ("C", "senior"): 2.5})

    doc["demand"]["areaCaseloadStandards"] = [{"area": "A", "standard": 8}]
    doc["demand"]["productivityGrowth"] = 0.25
    _, rows = run(doc)
    check_req("V3 pi", rows, {("A", "sw"): 5.0, ("A", "senior"): 15.0, ("B", "sw"): 20.0,
                              ("B", "senior"): 0.0, ("C", "sw"): 6.0, ("C", "senior"): 6.0}, T0 + 1)

    doc = demand_doc(cs=10)
    doc["demand"]["areaCaseloadStandards"] = [{"area": "A", "standard": 8.0}]
    _, rows = run(doc)
    check_req("V4 numeric rule", rows, {("A", "sw"): 6.25, ("A", "senior"): 18.75,
                                        ("B", "sw"): 30.0, ("B", "senior"): 0.0,
                                        ("C", "sw"): 7.5, ("C", "senior"): 7.5})

    doc = demand_doc()
    doc["demand"]["areaCaseloadStandards"] = []
    out5, _ = run(doc)
    check("V5 [] = none", json.dumps(out5) == json.dumps(out0), True)

    doc = demand_doc()
    doc["policies"] = [{"activity": "k", "path": [{"year": T0, "factor": 0},
                                                  {"year": T0 + 1, "factor": 1}]}]
    doc["demand"]["areaCaseloadStandards"] = [{"area": "A", "standard": 8}]
    _, rows = run(doc)
    zero = {(a, r): 0.0 for a in "ABC" for r in ("sw", "senior")}
    check_req("V6 W(T0) = 0", rows, zero)
    check_req("V6 W(T0) = 0", rows, {**zero, ("A", "sw"): 6.25, ("A", "senior"): 18.75}, T0 + 1)


# ---------------------------------------------------------------------------
# W. The national population index (demand.obr.populationIndex). Leaves A, B under R; one
#  role sw (caseload, standard 10), stock A 10, B 20, leaver rate 0.1; H = 2;
#  costWeights {g1: 1, g2: 3, g3: 0}, nonDemographicGrowth 0.1; activity k on g1 alone.
#  Population (T0, T0+1, T0+2):   A g1 100 120 130, g2 200 200 210
#                                 B g1 300 300 300, g2 100 150 160   (g3, g4 constant)
#  Index: g1 100, 110, 121 (+10%/yr), plus T0-1 and T0+3 rows (outside T0..T0+H: unused);
#         g2 50, 45, 40 (falling); g4 (not in costWeights) T0 and T0+1 only; g3 (weight 0)
#         none.
#  With the index, D uses P at T0 only:
#   A: den = 100 + 3*200 = 700; D(T0+1) = (110 + 540)/700 = 13/14, D(T0+2) = (121 + 480)/700
#      R_obr = 10 D 1.1^t: T0 10, T0+1 143/14, T0+2 10 * 601/700 * 1.21
#   B: den = 300 + 300 = 600; D(T0+1) = (330 + 270)/600 = 1, D(T0+2) = (363 + 240)/600 = 1.005
#      R_obr: T0 20, T0+1 22, T0+2 20 * 1.005 * 1.21 = 24.321
#  Without it (v1's D, each leaf's own projection):
#   A: D(T0+1) = 720/700, D(T0+2) = 760/700 -> 10 * 72/70 * 1.1, 10 * 76/70 * 1.21
#   B: D(T0+1) = 750/600 = 1.25, D(T0+2) = 1.3 -> 27.5, 31.46
#  fte T0+1: A 9, B 18: gapObr A = 143/14 - 9, shortageObr R = (143/14 - 9) + (22 - 18).
#  The caseload requirement and the activity counts use the leaves' own populations either
#  way: A T0+1 = 100 * 120/100 / 10 = 12.
# ---------------------------------------------------------------------------
def index_doc():
    doc = base_doc(["A", "B"], 2, {"A": 10.0, "B": 20.0}, {"A": 100, "B": 100})
    P = {("A", "g1"): [100, 120, 130], ("A", "g2"): [200, 200, 210],
         ("B", "g1"): [300, 300, 300], ("B", "g2"): [100, 150, 160]}
    pop = []
    for a in ("A", "B"):
        for g in ("g1", "g2", "g3", "g4"):
            for i in range(3):
                pop.append({"area": a, "ageGroup": g, "year": T0 + i,
                            "persons": P.get((a, g), [50, 50, 50])[i]})
    doc["population"] = pop
    doc["activities"][0]["ageMix"] = {"g1": 1.0}
    idx = [{"ageGroup": "g1", "year": T0 + i, "index": v} for i, v in enumerate([100, 110, 121])]
    idx += [{"ageGroup": "g1", "year": T0 - 1, "index": 90},
            {"ageGroup": "g1", "year": T0 + 3, "index": 133.1}]
    idx += [{"ageGroup": "g2", "year": T0 + i, "index": v} for i, v in enumerate([50, 45, 40])]
    idx += [{"ageGroup": "g4", "year": T0, "index": 1}, {"ageGroup": "g4", "year": T0 + 1, "index": 7}]
    doc["demand"]["obr"] = {"costWeights": {"g1": 1, "g2": 3, "g3": 0},
                            "nonDemographicGrowth": 0.1, "populationIndex": idx}
    return doc


def case_w():
    doc = index_doc()
    out, rows = run(doc)
    want = {T0: (10.0, 20.0), T0 + 1: (143 / 14, 22.0), T0 + 2: (10 * 601 / 700 * 1.21, 24.321)}
    for y, (ra, rb) in sorted(want.items()):
        check("W index A requiredObr %d" % y, rows[("A", "sw", y)]["requiredObr"], ra)
        check("W index B requiredObr %d" % y, rows[("B", "sw", y)]["requiredObr"], rb)
        check("W index R requiredObr %d" % y, rows[("R", "sw", y)]["requiredObr"], ra + rb)
    check("W index A gapObr T0+1", rows[("A", "sw", T0 + 1)]["gapObr"], 143 / 14 - 9)
    check("W index R shortageObr T0+1", rows[("R", "sw", T0 + 1)]["shortageObr"],
          (143 / 14 - 9) + (22 - 18))
    check("W index A required T0+1 (own population)", rows[("A", "sw", T0 + 1)]["required"], 12.0)

    doc0 = index_doc()
    del doc0["demand"]["obr"]["populationIndex"]
    out0, rows0 = run(doc0)
    want0 = {T0: (10.0, 20.0), T0 + 1: (10 * 72 / 70 * 1.1, 27.5),
             T0 + 2: (10 * 76 / 70 * 1.21, 31.46)}
    for y, (ra, rb) in sorted(want0.items()):
        check("W own A requiredObr %d" % y, rows0[("A", "sw", y)]["requiredObr"], ra)
        check("W own B requiredObr %d" % y, rows0[("B", "sw", y)]["requiredObr"], rb)
    strip = lambda o: json.dumps([{k: v for k, v in r.items() if not k.endswith("Obr")}
                                  for r in o["rows"]]) + json.dumps(o["activities"])
    check("W index changes only the Obr figures", strip(out) == strip(out0), True)

    # any positive scale: g2 in thousands of persons gives the same figures
    d = index_doc()
    for r in d["demand"]["obr"]["populationIndex"]:
        if r["ageGroup"] == "g2":
            r["index"] = r["index"] * 1000.0
    _, rows2 = run(d)
    check("W g2 scaled x1000 T0+2", rows2[("A", "sw", T0 + 2)]["requiredObr"], want[T0 + 2][0])
    # an empty index is none; a repeated group and year outside T0..T0+H is accepted, unused
    d = index_doc()
    d["demand"]["obr"]["populationIndex"] = []
    out3, _ = run(d)
    check("W [] = none", json.dumps(out3) == json.dumps(out0), True)
    d = index_doc()
    d["demand"]["obr"]["populationIndex"].append({"ageGroup": "g1", "year": T0 + 3, "index": 1e6})
    _, rows4 = run(d)
    check("W repeat outside the range unused", rows4[("A", "sw", T0 + 2)]["requiredObr"], want[T0 + 2][0])
    # weight 0 for g2: its index rows are allowed and not used: D = I[g1] growth alone
    d = index_doc()
    d["demand"]["obr"]["costWeights"]["g2"] = 0
    _, rows5 = run(d)
    check("W g2 weight 0: A T0+2", rows5[("A", "sw", T0 + 2)]["requiredObr"], 10 * 1.21 * 1.21)


# ---------------------------------------------------------------------------
# X. Bad input in the two demand keys: each rule gives an error at its JSON path; all are
#  listed; the command line exits 2 and writes nothing.
# ---------------------------------------------------------------------------
def case_x():
    good = index_doc()
    good["demand"]["areaCaseloadStandards"] = [{"area": "A", "standard": 8}]
    check("X good input validates", model_ref.validate(good), [])
    PI = "demand.obr.populationIndex"
    AC = "demand.areaCaseloadStandards"

    def mutated(mutate):
        d = copy.deepcopy(good)
        mutate(d)
        return d

    def ok(name, mutate):
        check("X accepted: " + name, model_ref.validate(mutated(mutate)), [])

    def bad(name, mutate, want_path, want_text=""):
        errs = model_ref.validate(mutated(mutate))
        hit = [e for e in errs if e.startswith(want_path + ":") and want_text in e]
        CHECKS[0] += 1
        if not hit:
            FAILS.append("X %s: no error at %s containing %r; got %s" % (name, want_path, want_text, errs))

    def acs(d):
        return d["demand"]["areaCaseloadStandards"]

    def idx(d):
        return d["demand"]["obr"]["populationIndex"]

    def drop_idx(g, y):
        def f(d):
            d["demand"]["obr"]["populationIndex"] = [
                r for r in idx(d) if not (r["ageGroup"] == g and r["year"] == y)]
        return f

    # accepted
    ok("areaCaseloadStandards []", lambda d: acs(d).clear())
    ok("every leaf listed", lambda d: acs(d).append({"area": "B", "standard": 0.001}))
    ok("areaCaseloadStandards left out", lambda d: d["demand"].pop("areaCaseloadStandards"))
    ok("populationIndex []", lambda d: idx(d).clear())
    ok("populationIndex left out", lambda d: d["demand"]["obr"].pop("populationIndex"))
    ok("weight 0 group without index (g3)", lambda d: None)
    ok("g2 weight 0 with only part of its index", lambda d: (
        d["demand"]["obr"]["costWeights"].__setitem__("g2", 0), drop_idx("g2", T0 + 1)(d)))
    ok("repeated group and year outside T0..T0+H",
       lambda d: idx(d).append({"ageGroup": "g1", "year": T0 - 1, "index": 5}))
    ok("year written 2024.0", lambda d: idx(d)[0].__setitem__("year", float(T0)))
    ok("areaCaseloadStandards with a numeric rule",
       lambda d: d["demand"].__setitem__("caseloadStandard", 12.5))

    # version 1: both keys are unknown keys
    bad("areaCaseloadStandards in v1", lambda d: d.__setitem__("specVersion", 1), AC, "unknown key")
    bad("areaCaseloadStandards in v1 (hint)", lambda d: d.__setitem__("specVersion", 1), AC, "version 2")
    bad("populationIndex in v1", lambda d: d.__setitem__("specVersion", 1), PI, "unknown key")
    bad("populationIndex in v1 (hint)", lambda d: d.__setitem__("specVersion", 1), PI, "version 2")
    bad("areaCaseloadStandards [] in v1",
        lambda d: (d.__setitem__("specVersion", 1), acs(d).clear(), d["demand"]["obr"].pop("populationIndex")),
        AC, "unknown key")
    bad("populationIndex [] in v1",
        lambda d: (d.__setitem__("specVersion", 1), idx(d).clear(), d["demand"].pop("areaCaseloadStandards")),
        PI, "unknown key")

    # areaCaseloadStandards
    bad("not an array", lambda d: d["demand"].__setitem__("areaCaseloadStandards", {"A": 8}), AC, "array")
    bad("row not an object", lambda d: acs(d).__setitem__(0, "A"), AC + "[0]", "must be an object")
    bad("area not a leaf", lambda d: acs(d)[0].__setitem__("area", "R"), AC + "[0].area", "not a leaf")
    bad("area unknown", lambda d: acs(d)[0].__setitem__("area", "Z"), AC + "[0].area", "unknown area")
    bad("area repeated", lambda d: acs(d).append({"area": "A", "standard": 9}), AC + "[1].area", "repeated")
    bad("standard 0", lambda d: acs(d)[0].__setitem__("standard", 0), AC + "[0].standard", "> 0")
    bad("standard negative", lambda d: acs(d)[0].__setitem__("standard", -3), AC + "[0].standard", "> 0")
    bad("standard a string", lambda d: acs(d)[0].__setitem__("standard", "8"), AC + "[0].standard", "number")
    bad("standard \"calibrated\"", lambda d: acs(d)[0].__setitem__("standard", "calibrated"),
        AC + "[0].standard", "number")
    bad("standard true", lambda d: acs(d)[0].__setitem__("standard", True), AC + "[0].standard", "number")
    bad("unknown key in a row", lambda d: acs(d)[0].__setitem__("role", "sw"), AC + "[0].role", "unknown key")
    bad("missing standard", lambda d: acs(d)[0].pop("standard"), AC + "[0].standard", "missing")
    bad("missing area", lambda d: acs(d)[0].pop("area"), AC + "[0].area", "missing")

    # populationIndex
    bad("missing year of a weighted group", drop_idx("g2", T0 + 1), PI, "g2, year %d" % (T0 + 1))
    bad("missing T0 of a weighted group", drop_idx("g1", T0), PI, "g1, year %d" % T0)
    bad("weighted group with no index at all",
        lambda d: d["demand"]["obr"]["costWeights"].__setitem__("g4", 0.5), PI, "g4, year %d" % (T0 + 2))
    bad("index 0", lambda d: idx(d)[1].__setitem__("index", 0), PI + "[1].index", "> 0")
    bad("index negative", lambda d: idx(d)[1].__setitem__("index", -1.5), PI + "[1].index", "> 0")
    bad("index 0 outside the range", lambda d: idx(d)[3].__setitem__("index", 0), PI + "[3].index", "> 0")
    bad("index a string", lambda d: idx(d)[1].__setitem__("index", "110"), PI + "[1].index", "number")
    bad("unknown group", lambda d: idx(d).append({"ageGroup": "g9", "year": T0, "index": 1}),
        PI + "[%d].ageGroup" % len(good["demand"]["obr"]["populationIndex"]), "unknown age group")
    bad("group not a string", lambda d: idx(d)[0].__setitem__("ageGroup", 1), PI + "[0].ageGroup", "string")
    n = len(good["demand"]["obr"]["populationIndex"])
    bad("repeated group and year", lambda d: idx(d).append({"ageGroup": "g2", "year": T0 + 2, "index": 40}),
        PI + "[%d]" % n, "repeated")
    bad("repeated group and year (group not in costWeights)",
        lambda d: idx(d).append({"ageGroup": "g4", "year": T0 + 1, "index": 7}), PI + "[%d]" % n, "repeated")
    bad("year not whole", lambda d: idx(d)[0].__setitem__("year", T0 + 0.5), PI + "[0].year", "whole")
    bad("unknown key in a row", lambda d: idx(d)[0].__setitem__("area", "A"), PI + "[0].area", "unknown key")
    for k in ("ageGroup", "year", "index"):
        bad("missing " + k, lambda d, k=k: idx(d)[5].pop(k), PI + "[5].%s" % k, "missing")
    bad("not an array", lambda d: d["demand"]["obr"].__setitem__("populationIndex", {"g1": 1}), PI, "array")
    bad("row not an object", lambda d: idx(d).__setitem__(0, 100), PI + "[0]", "must be an object")

    # every problem listed: 2 in areaCaseloadStandards, 3 in the index + 1 missing year
    d = copy.deepcopy(good)
    acs(d)[0]["standard"] = 0
    acs(d).append({"area": "R", "standard": 5})
    idx(d)[0]["index"] = -1
    idx(d).append({"ageGroup": "zz", "year": T0, "index": 1})
    idx(d).append({"ageGroup": "g2", "year": T0, "index": 50})
    drop_idx("g2", T0 + 2)(d)
    errs = model_ref.validate(d)
    check("X all problems listed", len(errs), 6)

    with tempfile.TemporaryDirectory() as tmp:
        inp, outp = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
        with open(inp, "w") as f:
            json.dump(d, f)
        p = subprocess.run([sys.executable, os.path.join(HERE, "model_ref.py"), inp, "-o", outp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        check("X CLI exit status", p.returncode, 2)
        check("X CLI nothing written", os.path.exists(outp), False)
        check("X CLI stdout empty", p.stdout, "")
        check("X CLI lists every problem", p.stderr.count(AC) + p.stderr.count(PI), 6)


# ---------------------------------------------------------------------------
# Y. Generated inputs (random_input.py): --v2-demand is the --v2 file plus only the demand
#  keys (and a drawn demand.obr where the seed had none), the same each time, and valid; and
#  two invariants on --v2 seeds:
#  - listing every leaf with the standard the rule gives it (its calibrated W[a,T0] / E, or
#    the national value, or the fixed number; leaves where R_case = 0 left out) changes no
#    figure;
#  - an index equal to one leaf's own population for every weighted group gives that
#    leaf v1's requiredObr; a constant index gives D = 1 in every leaf:
#    requiredObr(t) = requiredObr(T0) * (1 + nonDemographicGrowth)^(t - T0) / pi(t).
# ---------------------------------------------------------------------------
REQ_FIELDS = ("required", "gap", "shortage", "gapWithAgency", "shortageWithAgency")


def case_y():
    import random_input
    n_acs = n_idx = 0
    for seed in range(40):
        nl = 3 + seed % 9
        d1 = random_input.Gen(seed, nl, None, v2=True).build()
        d2 = random_input.Gen(seed, nl, None, v2_demand=True).build()
        check("Y seed %d deterministic" % seed,
              json.dumps(d2) == json.dumps(random_input.Gen(seed, nl, None, v2_demand=True).build()), True)
        check("Y seed %d validates" % seed, model_ref.validate(d2), [])
        dem = d2["demand"]
        n_acs += "areaCaseloadStandards" in dem
        n_idx += bool(dem.get("obr", {}).get("populationIndex"))
        d3 = copy.deepcopy(d2)
        d3["demand"].pop("areaCaseloadStandards", None)
        if "obr" in d3["demand"]:
            d3["demand"]["obr"].pop("populationIndex", None)
            if "obr" not in d1["demand"]:
                d3["demand"].pop("obr")
        check("Y seed %d: --v2-demand = --v2 plus the demand keys" % seed, d3 == d1, True)
    check("Y some seeds with areaCaseloadStandards", 10 <= n_acs <= 30, True)
    check("Y some seeds with populationIndex", 10 <= n_idx <= 30, True)
    for seed in range(3, 11):
        doc = random_input.Gen(seed, 4 + seed % 5, None, v2=True).build()
        doc.pop("earlyCareer", None)          # not needed here (and it costs nothing either way)
        out0, _ = run(doc)
        # the rule's standard per leaf, from the input and the activity counts
        T = int(doc["baseYear"])
        leaves = sorted({r["area"] for r in out0["activities"]})
        weights = {k["id"]: float(k.get("weight", 1)) for k in doc["activities"]}
        W0 = {a: 0.0 for a in leaves}
        for r in out0["activities"]:
            if r["year"] == T:
                W0[r["area"]] += r["count"] * weights[r["activity"]]
        case = {r["id"] for r in doc["roles"] if r["demand"]["kind"] == "caseload"}
        E = {a: 0.0 for a in leaves}
        for r in doc["stock"] + doc.get("vacancies", []):
            if r["role"] in case:
                E[r["area"]] += r["fte"]
        cs = doc["demand"]["caseloadStandard"]
        nat = sum(W0.values()) / sum(E.values()) if sum(E.values()) and sum(W0.values()) else None
        listed = []
        for a in leaves:
            s = float(cs) if cs != "calibrated" else (
                W0[a] / E[a] if W0[a] and E[a] else nat)
            if s:
                listed.append({"area": a, "standard": s})
        d = copy.deepcopy(doc)
        d["demand"]["areaCaseloadStandards"] = listed
        out1, _ = run(d)
        worst = max(abs(a["required"] - b["required"]) / max(abs(a["required"]), 1.0)
                    for a, b in zip(out0["rows"], out1["rows"]))
        check("Y seed %d: every leaf listed at the rule's standard (worst %g)" % (seed, worst),
              worst <= 1e-12, True)
        check("Y seed %d: nothing else changes" % seed,
              [{k: v for k, v in r.items() if k not in REQ_FIELDS} for r in out0["rows"]]
              == [{k: v for k, v in r.items() if k not in REQ_FIELDS} for r in out1["rows"]],
              True)
        if "obr" not in doc["demand"]:
            continue
        obr = doc["demand"]["obr"]
        H = int(doc.get("horizon", 20))
        pop = {(r["area"], r["ageGroup"], int(r["year"])): r["persons"] for r in doc["population"]}
        a0 = leaves[seed % len(leaves)]
        d = copy.deepcopy(doc)
        d["demand"]["obr"]["populationIndex"] = [
            {"ageGroup": g, "year": y, "index": pop[(a0, g, y)]}
            for g, w in obr["costWeights"].items() if w > 0 for y in range(T, T + H + 1)]
        out2, rows2 = run(d)
        rows0 = {(r["area"], r["role"], r["year"]): r for r in out0["rows"]}
        worst = max(abs(r["requiredObr"] - rows0[k]["requiredObr"]) / max(abs(r["requiredObr"]), 1.0)
                    for k, r in rows2.items() if k[0] == a0)
        check("Y seed %d: index = %s's population gives its v1 requiredObr (worst %g)" % (seed, a0, worst),
              worst <= 1e-12, True)
        d["demand"]["obr"]["populationIndex"] = [
            {"ageGroup": g, "year": y, "index": 7.5}
            for g, w in obr["costWeights"].items() if w > 0 for y in range(T, T + H + 1)]
        _, rows3 = run(d)
        ndg = float(obr["nonDemographicGrowth"])
        prod = float(doc["demand"].get("productivityGrowth", 0))
        worst = 0.0
        for (a, r, y), row in rows3.items():
            want = rows3[(a, r, T)]["requiredObr"] * (1 + ndg) ** (y - T) / (1 + prod) ** (y - T)
            worst = max(worst, abs(row["requiredObr"] - want) / max(abs(want), 1.0))
        check("Y seed %d: a constant index gives D = 1 (worst %g)" % (seed, worst), worst <= 1e-12, True)


def main():
    tiny = sys.argv[1] if len(sys.argv) > 1 else None
    if tiny is None:
        # The shared spec folder beside the repository (Tools/reference is two levels down).
        cand = os.path.join(HERE, os.pardir, os.pardir, os.pardir, "shared", "spec", "examples", "tiny.json")
        if os.path.exists(cand):
            tiny = os.path.normpath(cand)
    for case in (case_a, case_b, case_c, case_d, lambda: case_e(tiny), case_f,
                 case_g, case_h, case_j, case_k, case_l, case_m, case_n, case_p, case_q,
                 case_r, case_s, case_t, case_u, case_v, case_w, case_x, case_y):
        try:
            case()
        except Exception as e:  # a crash is a failure, not a stop
            FAILS.append("%s crashed: %r" % (getattr(case, "__name__", "case"), e))
    for f in FAILS:
        print("FAIL " + f)
    print("%d checks, %d failed" % (CHECKS[0], len(FAILS)))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
