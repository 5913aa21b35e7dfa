#!/usr/bin/env python3
"""Independent reference implementation of the CareCast projection model, versions 1 and 2.

Written only from the contract (MODEL.md v1 in the shared spec folder, and
docs/MODEL.md for v2), in plain Python 3 with the standard library, so that its
numbers can be compared with the engine's. An input with `specVersion` 1 is read
as v1 (the v2 keys `agency`, `reversion`, `earlyCareer`, `areaShareTarget`, a
progression row's `response`, `demand.areaCaseloadStandards` and
`demand.obr.populationIndex` are unknown keys); one with `specVersion` 2 may use them.

    python3 model_ref.py INPUT.json            # result JSON on standard output
    python3 model_ref.py INPUT.json -o OUT.json

An input that breaks the contract is refused: every problem found is printed on
standard error as `json.path: message (got value)`, nothing is written, and the
exit status is 2.
"""

import argparse
import json
import math
import sys

SPEC_VERSIONS = (1, 2)
REPORT_HORIZONS = (5, 10, 20)
SUM_TOL = 1e-6          # "sum to 1 (±1e-6)"
RATE_SUM_TOL = 1e-12    # progression rates out of a role: "more than 1" (float slack only)

TOP_REQUIRED = ["specVersion", "baseYear", "areas", "roles", "ageBands", "stock",
                "leaverRates", "population", "activities", "demand"]
TOP_OPTIONAL = ["horizon", "vacancies", "areaLeaverMultipliers", "leaverMultiplierPath",
                "progression", "pipelines", "joiners", "policies"]
TOP_OPTIONAL_V2 = ["agency", "reversion", "earlyCareer"]

AGENCY_REQUIRED = ["stock", "moveShare", "outflowRate", "conversionShare", "ageDistribution"]
AGENCY_OPTIONAL = ["areaMoveShareMultipliers", "moveSharePath", "outflowPath", "entrants"]
RESPONSE_REQUIRED = ["strength", "targetRatio", "maxRate"]
RESPONSE_OPTIONAL = ["areaTargetRatios"]
EARLY_STOCK_KEYS = ["area", "role", "ageBand", "yearsSinceEntry", "fte"]
V2_HINT = "a version 2 key; this input has specVersion 1"


# ----------------------------------------------------------------------------
# Reading JSON (a repeated member name inside one object is reported, not lost)
# ----------------------------------------------------------------------------

class DupKeyDict(dict):
    """dict that remembers member names that occurred twice in the JSON text."""
    duplicates = ()


def _pairs_hook(pairs):
    d = DupKeyDict()
    dups = []
    for k, v in pairs:
        if k in d:
            dups.append(k)
        d[k] = v
    if dups:
        d.duplicates = tuple(dups)
    return d


def _reject_constant(name):
    raise ValueError("non-finite number %s is not allowed" % name)


def load_json(path):
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=_pairs_hook, parse_constant=_reject_constant)


# ----------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------

_MISSING = object()


def _show(v):
    try:
        s = json.dumps(v)
    except (TypeError, ValueError):
        s = repr(v)
    if len(s) > 80:
        s = s[:77] + "..."
    return s


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def is_whole(x):
    return is_num(x) and float(x).is_integer()


class Checker:
    def __init__(self):
        self.errors = []

    def err(self, path, msg, value=_MISSING):
        if value is _MISSING:
            self.errors.append("%s: %s" % (path, msg))
        else:
            self.errors.append("%s: %s (got %s)" % (path, msg, _show(value)))

    def obj(self, v, path, required, optional=(), hints=None):
        """Check v is an object with exactly the allowed keys. Returns True if it is an object.

        hints: {key: text} added to the "unknown key" message for those keys."""
        if not isinstance(v, dict):
            self.err(path, "must be an object", v)
            return False
        for k in getattr(v, "duplicates", ()):
            self.err("%s.%s" % (path, k), "key given twice")
        allowed = set(required) | set(optional)
        for k in v:
            if k not in allowed:
                msg = "unknown key"
                if hints and k in hints:
                    msg += " (%s)" % hints[k]
                self.err("%s.%s" % (path, k), msg, v[k])
        for k in required:
            if k not in v:
                self.err("%s.%s" % (path, k), "missing required key")
        return True

    def arr(self, v, path, nonempty=False):
        if not isinstance(v, list):
            self.err(path, "must be an array", v)
            return False
        if nonempty and not v:
            self.err(path, "must not be empty", v)
        return True

    def string(self, v, path):
        if not isinstance(v, str):
            self.err(path, "must be a string", v)
            return False
        return True

    def num(self, v, path, lo=None, hi=None, lo_open=False, whole=False, what="number"):
        """Check a number, optionally in [lo, hi] (or (lo, hi] when lo_open). Returns ok."""
        if not is_num(v):
            self.err(path, "must be a finite number", v)
            return False
        if whole and not float(v).is_integer():
            self.err(path, "must be a whole number", v)
            return False
        if lo is not None:
            if lo_open and not v > lo:
                self.err(path, "%s must be > %s" % (what, _fmt(lo)), v)
                return False
            if not lo_open and v < lo:
                if lo == 0:
                    self.err(path, "%s must not be negative" % what, v)
                else:
                    self.err(path, "%s must be >= %s" % (what, _fmt(lo)), v)
                return False
        if hi is not None and v > hi:
            self.err(path, "%s must be <= %s" % (what, _fmt(hi)), v)
            return False
        return True


def _fmt(x):
    return ("%g" % x)


def validate(doc):
    """Return a list of error strings; empty when the input honours the contract."""
    c = Checker()
    # The version decides which keys are known. A v1 input may not use the v2 keys;
    # an input whose specVersion is missing or wrong is checked as v2 (so that the
    # v2 keys are not reported a second time as unknown).
    sv = doc.get("specVersion") if isinstance(doc, dict) else None
    v1 = is_whole(sv) and sv == 1
    top_optional = TOP_OPTIONAL + ([] if v1 else TOP_OPTIONAL_V2)
    hints = {k: V2_HINT for k in TOP_OPTIONAL_V2} if v1 else None
    if not c.obj(doc, "$", TOP_REQUIRED, top_optional, hints):
        return c.errors
    src_optional = ["areaShare"] + ([] if v1 else ["areaShareTarget"])
    src_hints = {"areaShareTarget": V2_HINT} if v1 else None

    # --- scalars ---------------------------------------------------------
    if "specVersion" in doc:
        if not is_whole(sv) or sv not in SPEC_VERSIONS:
            c.err("specVersion", "must be 1 or 2", sv)
    t0 = None
    if "baseYear" in doc and c.num(doc["baseYear"], "baseYear", whole=True):
        t0 = int(doc["baseYear"])
    H = 20
    if "horizon" in doc:
        if c.num(doc["horizon"], "horizon", whole=True):
            if doc["horizon"] < 1:
                c.err("horizon", "must be at least 1", doc["horizon"])
                H = None
            else:
                H = int(doc["horizon"])
        else:
            H = None

    # --- areas -----------------------------------------------------------
    area_codes = []
    parent = {}
    areas = doc.get("areas", [])
    if "areas" in doc and c.arr(areas, "areas", nonempty=True):
        for i, a in enumerate(areas):
            p = "areas[%d]" % i
            if not c.obj(a, p, ["code", "name", "parent", "level"]):
                continue
            code = a.get("code")
            if "code" in a and c.string(code, p + ".code"):
                if code in parent:
                    c.err(p + ".code", "repeated area code", code)
                else:
                    area_codes.append(code)
                    parent[code] = None
            if "name" in a:
                c.string(a["name"], p + ".name")
            if "level" in a:
                c.string(a["level"], p + ".level")
            if "parent" in a and a["parent"] is not None:
                c.string(a["parent"], p + ".parent")
        # parents
        for i, a in enumerate(areas):
            if not isinstance(a, dict):
                continue
            code, par = a.get("code"), a.get("parent")
            if isinstance(code, str) and isinstance(par, str):
                if par not in parent:
                    c.err("areas[%d].parent" % i, "unknown area", par)
                elif parent.get(code) is None:
                    parent[code] = par
        # loops
        for i, code in enumerate(area_codes):
            seen = {code}
            cur = parent.get(code)
            while cur is not None:
                if cur in seen:
                    c.err("areas[%d].parent" % _area_index(areas, code),
                          "parent chain loops", code)
                    break
                seen.add(cur)
                cur = parent.get(cur)
    parents_set = {p for p in parent.values() if p is not None}
    leaves = set(a for a in area_codes if a not in parents_set)
    known_areas = set(area_codes)

    def check_leaf(v, path):
        if not c.string(v, path):
            return False
        if v not in known_areas:
            c.err(path, "unknown area", v)
            return False
        if v not in leaves:
            c.err(path, "data given for an area that is not a leaf", v)
            return False
        return True

    # --- activities ids (needed by roles) ---------------------------------
    activity_ids = []
    acts = doc.get("activities", [])
    if "activities" in doc and c.arr(acts, "activities"):
        for i, k in enumerate(acts):
            if isinstance(k, dict) and isinstance(k.get("id"), str):
                if k["id"] in activity_ids:
                    c.err("activities[%d].id" % i, "repeated activity id", k["id"])
                else:
                    activity_ids.append(k["id"])
    known_acts = set(activity_ids)

    # --- roles -----------------------------------------------------------
    role_ids = []
    ratio_of = {}
    roles = doc.get("roles", [])
    if "roles" in doc and c.arr(roles, "roles", nonempty=True):
        for i, r in enumerate(roles):
            p = "roles[%d]" % i
            if not c.obj(r, p, ["id", "name", "demand"], ["fteRatio"]):
                continue
            if "id" in r and c.string(r["id"], p + ".id"):
                if r["id"] in role_ids:
                    c.err(p + ".id", "repeated role id", r["id"])
                else:
                    role_ids.append(r["id"])
            if "name" in r:
                c.string(r["name"], p + ".name")
            if "fteRatio" in r:
                c.num(r["fteRatio"], p + ".fteRatio", lo=0, lo_open=True, what="fteRatio")
        known_roles = set(role_ids)
        for i, r in enumerate(roles):
            p = "roles[%d].demand" % i
            if not isinstance(r, dict) or "demand" not in r:
                continue
            d = r["demand"]
            if not isinstance(d, dict):
                c.err(p, "must be an object", d)
                continue
            kind = d.get("kind")
            if kind == "caseload":
                c.obj(d, p, ["kind"])
            elif kind == "ratio":
                c.obj(d, p, ["kind", "of"])
                if "of" in d and c.string(d["of"], p + ".of"):
                    if d["of"] not in known_roles:
                        c.err(p + ".of", "unknown role", d["of"])
                    elif isinstance(r.get("id"), str):
                        ratio_of[r["id"]] = (d["of"], i)
            elif kind == "perActivity":
                c.obj(d, p, ["kind", "activity", "staffPerUnit"])
                if "activity" in d and c.string(d["activity"], p + ".activity"):
                    if d["activity"] not in known_acts:
                        c.err(p + ".activity", "unknown activity", d["activity"])
                if "staffPerUnit" in d:
                    c.num(d["staffPerUnit"], p + ".staffPerUnit", lo=0, what="staffPerUnit")
            elif "kind" not in d:
                c.obj(d, p, ["kind"])
            else:
                c.err(p + ".kind", "must be \"caseload\", \"ratio\" or \"perActivity\"", kind)
        for rid, (of, i) in ratio_of.items():
            seen = {rid}
            cur = of
            while cur in ratio_of:
                if cur in seen:
                    c.err("roles[%d].demand.of" % i, "ratio chain of `of` loops", of)
                    break
                seen.add(cur)
                cur = ratio_of[cur][0]
    known_roles = set(role_ids)

    def check_ref(v, path, known, what):
        if not c.string(v, path):
            return False
        if v not in known:
            c.err(path, "unknown %s" % what, v)
            return False
        return True

    # --- age bands -------------------------------------------------------
    band_ids = []
    bands = doc.get("ageBands", [])
    if "ageBands" in doc and c.arr(bands, "ageBands", nonempty=True):
        n = len(bands)
        for i, b in enumerate(bands):
            p = "ageBands[%d]" % i
            last = (i == n - 1)
            if not c.obj(b, p, ["id"], ["width"]):
                continue
            if last and "width" in b:
                c.err(p + ".width", "the last band is open and has no width", b["width"])
            if not last:
                if "width" not in b:
                    pass  # reported as missing below
                elif c.num(b["width"], p + ".width", whole=True):
                    if b["width"] <= 0:
                        c.err(p + ".width", "width must be a positive whole number", b["width"])
            if "id" in b and c.string(b["id"], p + ".id"):
                if b["id"] in band_ids:
                    c.err(p + ".id", "repeated age band id", b["id"])
                else:
                    band_ids.append(b["id"])
        # a non-last band without width
        for i, b in enumerate(bands[:-1]):
            if isinstance(b, dict) and "width" not in b:
                c.err("ageBands[%d].width" % i, "missing required key")
    known_bands = set(band_ids)

    # --- population and age groups --------------------------------------
    groups = set()
    pop_keys = set()
    pops = doc.get("population", [])
    if "population" in doc and c.arr(pops, "population"):
        for i, r in enumerate(pops):
            p = "population[%d]" % i
            if not c.obj(r, p, ["area", "ageGroup", "year", "persons"]):
                continue
            ok = True
            ok &= "area" in r and check_leaf(r["area"], p + ".area")
            ok &= "ageGroup" in r and c.string(r["ageGroup"], p + ".ageGroup")
            ok &= "year" in r and c.num(r["year"], p + ".year", whole=True)
            if "persons" in r and c.num(r["persons"], p + ".persons", lo=0, what="population"):
                if r["persons"] == 0:
                    c.err(p + ".persons", "a population of 0 is not allowed", r["persons"])
            if isinstance(r.get("ageGroup"), str):
                groups.add(r["ageGroup"])
            if ok:
                key = (r["area"], r["ageGroup"], int(r["year"]))
                if key in pop_keys:
                    c.err(p, "repeated population row for area %s, group %s, year %d" % key)
                pop_keys.add(key)
    used_groups = set()

    def check_shares(v, path, known, what, check_known):
        """An object of non-negative shares over known keys summing to 1 (±1e-6)."""
        if not isinstance(v, dict):
            c.err(path, "must be an object", v)
            return
        for k in getattr(v, "duplicates", ()):
            c.err("%s.%s" % (path, k), "key given twice")
        total = 0.0
        all_ok = True
        for k, s in v.items():
            kp = "%s.%s" % (path, k)
            check_known(k, kp)
            if c.num(s, kp, lo=0, what="share"):
                total += s
            else:
                all_ok = False
        if all_ok and abs(total - 1.0) > SUM_TOL:
            c.err(path, "%s must sum to 1 (sum is %r)" % (what, total))

    def known_band(k, path):
        if k not in known_bands:
            c.err(path, "unknown age band", k)

    def known_leaf_key(k, path):
        if k not in known_areas:
            c.err(path, "unknown area", k)
        elif k not in leaves:
            c.err(path, "data given for an area that is not a leaf", k)

    def known_group(k, path):
        if k not in groups:
            c.err(path, "unknown age group (not in population)", k)
        else:
            used_groups.add(k)

    def check_population_index(rows, pos_groups):
        """v2: demand.obr.populationIndex, [{ageGroup, year, index > 0}] (every key required).
        The age group must occur in `population`; a group and year may not be repeated
        within T0..T0+H (a repeat outside that range is not used, and accepted); when the
        list is not empty, every group with a positive cost weight needs a row for every
        year T0..T0+H (other years and groups are allowed, and not used)."""
        path = "demand.obr.populationIndex"
        if not c.arr(rows, path):
            return
        seen = set()
        have = set()
        for i, r in enumerate(rows):
            p = "%s[%d]" % (path, i)
            if not c.obj(r, p, ["ageGroup", "year", "index"]):
                continue
            okg = "ageGroup" in r and c.string(r["ageGroup"], p + ".ageGroup")
            if okg and r["ageGroup"] not in groups:
                c.err(p + ".ageGroup", "unknown age group (not in population)", r["ageGroup"])
            oky = "year" in r and c.num(r["year"], p + ".year", whole=True)
            if "index" in r:
                c.num(r["index"], p + ".index", lo=0, lo_open=True, what="index")
            if okg and oky:
                key = (r["ageGroup"], int(r["year"]))
                have.add(key)
                if t0 is not None and H is not None and t0 <= key[1] <= t0 + H:
                    if key in seen:
                        c.err(p, "repeated index for age group %s, year %d" % key)
                    seen.add(key)
        if rows and t0 is not None and H is not None:
            missing = 0
            for g in pos_groups:
                for y in range(t0, t0 + H + 1):
                    if (g, y) not in have:
                        missing += 1
                        if missing <= 50:
                            c.err(path, "no index for age group %s, year %d (a group with a "
                                  "positive cost weight needs one for every year %d..%d)"
                                  % (g, y, t0, t0 + H))
            if missing > 50:
                c.err(path, "... and %d more missing index values" % (missing - 50))

    # --- stock / vacancies ----------------------------------------------
    for key, fields in (("stock", ["area", "role", "ageBand", "fte"]),
                        ("vacancies", ["area", "role", "fte"])):
        rows = doc.get(key, [])
        if key in doc and c.arr(rows, key):
            for i, r in enumerate(rows):
                p = "%s[%d]" % (key, i)
                if not c.obj(r, p, fields):
                    continue
                if "area" in r:
                    check_leaf(r["area"], p + ".area")
                if "role" in r:
                    check_ref(r["role"], p + ".role", known_roles, "role")
                if "ageBand" in fields and "ageBand" in r:
                    check_ref(r["ageBand"], p + ".ageBand", known_bands, "age band")
                if "fte" in r:
                    c.num(r["fte"], p + ".fte", lo=0, what="FTE")

    # --- leaver rates ----------------------------------------------------
    lr_pairs = set()
    rows = doc.get("leaverRates", [])
    if "leaverRates" in doc and c.arr(rows, "leaverRates"):
        for i, r in enumerate(rows):
            p = "leaverRates[%d]" % i
            if not c.obj(r, p, ["role", "ageBand", "rate"]):
                continue
            ok = "role" in r and check_ref(r["role"], p + ".role", known_roles, "role")
            ok2 = "ageBand" in r and check_ref(r["ageBand"], p + ".ageBand", known_bands, "age band")
            if "rate" in r:
                c.num(r["rate"], p + ".rate", lo=0, hi=1, what="leaver rate")
            if ok and ok2:
                pair = (r["role"], r["ageBand"])
                if pair in lr_pairs:
                    c.err(p, "repeated leaver rate for role %s, band %s" % pair)
                lr_pairs.add(pair)
        for rid in role_ids:
            for bid in band_ids:
                if (rid, bid) not in lr_pairs:
                    c.err("leaverRates", "missing leaver rate for role %s and band %s" % (rid, bid))

    # --- area leaver multipliers -----------------------------------------
    def check_area_mults(rows, name, positive=False, key="multiplier"):
        """A list of {area, <key>}: one row per leaf at most, value >= 0 (> 0)."""
        if not c.arr(rows, name):
            return
        seen = set()
        for i, r in enumerate(rows):
            p = "%s[%d]" % (name, i)
            if not c.obj(r, p, ["area", key]):
                continue
            if "area" in r and check_leaf(r["area"], p + ".area"):
                if r["area"] in seen:
                    c.err(p + ".area", "repeated area", r["area"])
                seen.add(r["area"])
            if key in r:
                c.num(r[key], "%s.%s" % (p, key), lo=0, lo_open=positive, what=key)

    if "areaLeaverMultipliers" in doc:
        check_area_mults(doc["areaLeaverMultipliers"], "areaLeaverMultipliers")

    def check_path(v, path):
        if not c.arr(v, path):
            return
        years = set()
        for i, pt in enumerate(v):
            p = "%s[%d]" % (path, i)
            if not c.obj(pt, p, ["year", "factor"]):
                continue
            if "year" in pt and c.num(pt["year"], p + ".year", whole=True):
                y = int(pt["year"])
                if y in years:
                    c.err(p + ".year", "repeated path year", pt["year"])
                years.add(y)
            if "factor" in pt:
                c.num(pt["factor"], p + ".factor", lo=0, what="path factor")

    if "leaverMultiplierPath" in doc:
        check_path(doc["leaverMultiplierPath"], "leaverMultiplierPath")

    # --- progression -----------------------------------------------------
    def check_response(v, path):
        """v2: a progression row's `response` {strength, targetRatio, areaTargetRatios?,
        maxRate}; strength, targetRatio and maxRate are required (none is marked optional)."""
        if not c.obj(v, path, RESPONSE_REQUIRED, RESPONSE_OPTIONAL):
            return
        for k in ("strength", "targetRatio"):
            if k in v:
                c.num(v[k], "%s.%s" % (path, k), lo=0, what=k)
        if "maxRate" in v:
            c.num(v["maxRate"], path + ".maxRate", lo=0, hi=1, what="maxRate")
        if "areaTargetRatios" in v:
            check_area_mults(v["areaTargetRatios"], path + ".areaTargetRatios", key="ratio")

    rows = doc.get("progression", [])
    if "progression" in doc and c.arr(rows, "progression"):
        out_sum = {}
        for i, r in enumerate(rows):
            p = "progression[%d]" % i
            if not c.obj(r, p, ["from", "to", "rate"], [] if v1 else ["response"],
                         {"response": V2_HINT} if v1 else None):
                continue
            if not v1 and "response" in r:
                check_response(r["response"], p + ".response")
            okf = "from" in r and check_ref(r["from"], p + ".from", known_roles, "role")
            if "to" in r:
                check_ref(r["to"], p + ".to", known_roles, "role")
            if "rate" in r and c.num(r["rate"], p + ".rate", lo=0, hi=1, what="progression rate"):
                if okf:
                    out_sum[r["from"]] = out_sum.get(r["from"], 0.0) + r["rate"]
        for rid, s in out_sum.items():
            if s > 1.0 + RATE_SUM_TOL:
                c.err("progression", "progression rates out of role %s sum to more than 1 (%r)" % (rid, s))

    # --- entrant sources -------------------------------------------------
    def check_share_target(r, p):
        """v2: areaShareTarget, same rules as areaShare, and only with `reversion`."""
        if v1 or "areaShareTarget" not in r:
            return
        check_shares(r["areaShareTarget"], p + ".areaShareTarget", known_areas,
                     "area share targets", known_leaf_key)
        if "reversion" not in doc:
            c.err(p + ".areaShareTarget", "areaShareTarget requires `reversion`")

    pipeline_ids = set()    # earlyCareer.pipelines must name one of these
    rows = doc.get("pipelines", [])
    if "pipelines" in doc and c.arr(rows, "pipelines"):
        for i, r in enumerate(rows):
            p = "pipelines[%d]" % i
            if not c.obj(r, p, ["id", "role", "duration", "completion", "entry", "intake",
                                "ageDistribution"], src_optional, src_hints):
                continue
            if "id" in r and c.string(r["id"], p + ".id"):
                if r["id"] in pipeline_ids:
                    c.err(p + ".id", "repeated pipeline id", r["id"])
                pipeline_ids.add(r["id"])
            if "role" in r:
                check_ref(r["role"], p + ".role", known_roles, "role")
            if "duration" in r and c.num(r["duration"], p + ".duration", whole=True):
                if r["duration"] < 0:
                    c.err(p + ".duration", "duration must not be negative", r["duration"])
            for k in ("completion", "entry"):
                if k in r:
                    c.num(r[k], "%s.%s" % (p, k), lo=0, hi=1, what=k)
            if "intake" in r and c.arr(r["intake"], p + ".intake"):
                if not r["intake"]:
                    c.err(p + ".intake", "an intake needs at least one point", r["intake"])
                years = set()
                for j, pt in enumerate(r["intake"]):
                    q = "%s.intake[%d]" % (p, j)
                    if not c.obj(pt, q, ["year", "value"]):
                        continue
                    if "year" in pt and c.num(pt["year"], q + ".year", whole=True):
                        if int(pt["year"]) in years:
                            c.err(q + ".year", "repeated intake year", pt["year"])
                        years.add(int(pt["year"]))
                    if "value" in pt:
                        c.num(pt["value"], q + ".value", lo=0, what="intake")
            if "ageDistribution" in r:
                check_shares(r["ageDistribution"], p + ".ageDistribution", known_bands,
                             "age distribution", known_band)
            if "areaShare" in r:
                check_shares(r["areaShare"], p + ".areaShare", known_areas, "area shares",
                             known_leaf_key)
            check_share_target(r, p)
    rows = doc.get("joiners", [])
    if "joiners" in doc and c.arr(rows, "joiners"):
        for i, r in enumerate(rows):
            p = "joiners[%d]" % i
            if not c.obj(r, p, ["source", "role", "base", "ageDistribution"],
                         ["growth"] + src_optional, src_hints):
                continue
            if "source" in r:
                c.string(r["source"], p + ".source")
            if "role" in r:
                check_ref(r["role"], p + ".role", known_roles, "role")
            if "base" in r:
                c.num(r["base"], p + ".base", lo=0, what="base")
            if "growth" in r:
                c.num(r["growth"], p + ".growth")
            if "ageDistribution" in r:
                check_shares(r["ageDistribution"], p + ".ageDistribution", known_bands,
                             "age distribution", known_band)
            if "areaShare" in r:
                check_shares(r["areaShare"], p + ".areaShare", known_areas, "area shares",
                             known_leaf_key)
            check_share_target(r, p)

    # --- activities ------------------------------------------------------
    if "activities" in doc and isinstance(acts, list):
        for i, k in enumerate(acts):
            p = "activities[%d]" % i
            if not c.obj(k, p, ["id", "ageMix", "baseCounts"], ["weight", "trend"]):
                continue
            if "id" in k:
                c.string(k["id"], p + ".id")
            if "weight" in k:
                c.num(k["weight"], p + ".weight", lo=0, what="weight")
            if "trend" in k:
                c.num(k["trend"], p + ".trend")
            if "ageMix" in k:
                check_shares(k["ageMix"], p + ".ageMix", groups, "age mix", known_group)
            if "baseCounts" in k and c.arr(k["baseCounts"], p + ".baseCounts"):
                seen = set()
                for j, bc in enumerate(k["baseCounts"]):
                    q = "%s.baseCounts[%d]" % (p, j)
                    if not c.obj(bc, q, ["area", "count"]):
                        continue
                    if "area" in bc and check_leaf(bc["area"], q + ".area"):
                        if bc["area"] in seen:
                            c.err(q + ".area", "repeated base count for area", bc["area"])
                        seen.add(bc["area"])
                    if "count" in bc:
                        c.num(bc["count"], q + ".count", lo=0, what="count")

    # --- policies --------------------------------------------------------
    rows = doc.get("policies", [])
    if "policies" in doc and c.arr(rows, "policies"):
        seen = set()
        for i, r in enumerate(rows):
            p = "policies[%d]" % i
            if not c.obj(r, p, ["activity", "path"]):
                continue
            if "activity" in r and check_ref(r["activity"], p + ".activity", known_acts, "activity"):
                if r["activity"] in seen:
                    c.err(p + ".activity", "a second policies entry for one activity", r["activity"])
                seen.add(r["activity"])
            if "path" in r:
                check_path(r["path"], p + ".path")

    # --- demand ----------------------------------------------------------
    if "demand" in doc:
        d = doc["demand"]
        if c.obj(d, "demand", ["caseloadStandard"],
                 ["productivityGrowth", "obr"] + ([] if v1 else ["areaCaseloadStandards"]),
                 {"areaCaseloadStandards": V2_HINT} if v1 else None):
            if "caseloadStandard" in d:
                s = d["caseloadStandard"]
                if s == "calibrated":
                    pass
                elif is_num(s):
                    if s <= 0:
                        c.err("demand.caseloadStandard", "a numeric caseloadStandard must be > 0", s)
                else:
                    c.err("demand.caseloadStandard", "must be a number or \"calibrated\"", s)
            if "productivityGrowth" in d:
                # Not in MODEL.md's list, but at -1 the productivity factor pi(t) is 0 for
                # t > T0 and required FTE divides by it; refused here (see README).
                if c.num(d["productivityGrowth"], "demand.productivityGrowth"):
                    if d["productivityGrowth"] <= -1:
                        c.err("demand.productivityGrowth",
                              "must be > -1 (pi(t) would be 0 or change sign)",
                              d["productivityGrowth"])
            if not v1 and "areaCaseloadStandards" in d:
                # v2: [{area: leaf, standard > 0}], one row per leaf at most
                check_area_mults(d["areaCaseloadStandards"], "demand.areaCaseloadStandards",
                                 positive=True, key="standard")
            if "obr" in d:
                o = d["obr"]
                pos_groups = []      # groups with a positive cost weight (need an index)
                if c.obj(o, "demand.obr", ["costWeights", "nonDemographicGrowth"],
                         [] if v1 else ["populationIndex"],
                         {"populationIndex": V2_HINT} if v1 else None):
                    if "nonDemographicGrowth" in o:
                        c.num(o["nonDemographicGrowth"], "demand.obr.nonDemographicGrowth")
                    if "costWeights" in o:
                        cw = o["costWeights"]
                        if not isinstance(cw, dict):
                            c.err("demand.obr.costWeights", "must be an object", cw)
                        else:
                            for k in getattr(cw, "duplicates", ()):
                                c.err("demand.obr.costWeights.%s" % k, "key given twice")
                            anypos = False
                            for g, w in cw.items():
                                gp = "demand.obr.costWeights.%s" % g
                                known_group(g, gp)
                                if c.num(w, gp, lo=0, what="cost weight") and w > 0:
                                    anypos = True
                                    pos_groups.append(g)
                            if not anypos:
                                c.err("demand.obr.costWeights", "cost weights are all 0 (or none given)", cw)
                    if not v1 and "populationIndex" in o:
                        check_population_index(o["populationIndex"], pos_groups)

    # --- v2: agency ------------------------------------------------------
    if not v1 and "agency" in doc:
        ag = doc["agency"]
        if c.obj(ag, "agency", AGENCY_REQUIRED, AGENCY_OPTIONAL):
            if "stock" in ag and c.arr(ag["stock"], "agency.stock"):
                for i, r in enumerate(ag["stock"]):
                    p = "agency.stock[%d]" % i
                    if not c.obj(r, p, ["area", "role", "fte"]):
                        continue
                    if "area" in r:
                        check_leaf(r["area"], p + ".area")
                    if "role" in r:
                        check_ref(r["role"], p + ".role", known_roles, "role")
                    if "fte" in r:
                        c.num(r["fte"], p + ".fte", lo=0, what="agency FTE")
            for k in ("moveShare", "outflowRate", "conversionShare"):
                if k in ag:
                    c.num(ag[k], "agency." + k, lo=0, hi=1, what=k)
            if "areaMoveShareMultipliers" in ag:
                check_area_mults(ag["areaMoveShareMultipliers"], "agency.areaMoveShareMultipliers")
            for k in ("moveSharePath", "outflowPath"):
                if k in ag:
                    check_path(ag[k], "agency." + k)
            if "ageDistribution" in ag:
                check_shares(ag["ageDistribution"], "agency.ageDistribution", known_bands,
                             "age distribution", known_band)
            if "entrants" in ag and c.arr(ag["entrants"], "agency.entrants"):
                for i, r in enumerate(ag["entrants"]):
                    p = "agency.entrants[%d]" % i
                    if not c.obj(r, p, ["source", "role", "base"], ["growth", "areaShare"]):
                        continue
                    if "source" in r:
                        c.string(r["source"], p + ".source")
                    if "role" in r:
                        check_ref(r["role"], p + ".role", known_roles, "role")
                    if "base" in r:
                        c.num(r["base"], p + ".base", lo=0, what="base")
                    if "growth" in r:
                        c.num(r["growth"], p + ".growth")
                    if "areaShare" in r:
                        check_shares(r["areaShare"], p + ".areaShare", known_areas,
                                     "area shares", known_leaf_key)

    # --- v2: reversion ---------------------------------------------------
    if not v1 and "reversion" in doc:
        rv = doc["reversion"]
        if c.obj(rv, "reversion", ["halfLife"], ["leaverMultiplierTargets"]):
            if "halfLife" in rv:
                c.num(rv["halfLife"], "reversion.halfLife", lo=0, lo_open=True, what="halfLife")
            if "leaverMultiplierTargets" in rv:
                check_area_mults(rv["leaverMultiplierTargets"],
                                 "reversion.leaverMultiplierTargets", positive=True)

    # --- v2: early-career supply -----------------------------------------
    if not v1 and "earlyCareer" in doc:
        ec = doc["earlyCareer"]
        if c.obj(ec, "earlyCareer", ["years", "pipelines"], ["stock"]):
            Y = None
            if "years" in ec and c.num(ec["years"], "earlyCareer.years", whole=True):
                if ec["years"] < 1:
                    c.err("earlyCareer.years", "years must be a whole number >= 1", ec["years"])
                else:
                    Y = int(ec["years"])
            if "pipelines" in ec and c.arr(ec["pipelines"], "earlyCareer.pipelines", nonempty=True):
                seen = set()
                for i, pid in enumerate(ec["pipelines"]):
                    p = "earlyCareer.pipelines[%d]" % i
                    if not c.string(pid, p):
                        continue
                    if pid not in pipeline_ids:
                        c.err(p, "names no pipeline", pid)
                    elif pid in seen:
                        c.err(p, "the same pipeline named twice", pid)
                    seen.add(pid)
            if "stock" in ec and c.arr(ec["stock"], "earlyCareer.stock"):
                for i, r in enumerate(ec["stock"]):
                    p = "earlyCareer.stock[%d]" % i
                    if not c.obj(r, p, EARLY_STOCK_KEYS):
                        continue
                    if "area" in r:
                        check_leaf(r["area"], p + ".area")
                    if "role" in r:
                        check_ref(r["role"], p + ".role", known_roles, "role")
                    if "ageBand" in r:
                        check_ref(r["ageBand"], p + ".ageBand", known_bands, "age band")
                    if "fte" in r:
                        c.num(r["fte"], p + ".fte", lo=0, what="FTE")
                    if "yearsSinceEntry" in r:
                        q = p + ".yearsSinceEntry"
                        if c.num(r["yearsSinceEntry"], q, lo=0, whole=True, what="yearsSinceEntry"):
                            if Y is not None and r["yearsSinceEntry"] > Y - 1:
                                c.err(q, "yearsSinceEntry must be in 0..%d (years - 1)" % (Y - 1),
                                      r["yearsSinceEntry"])

    # --- population coverage --------------------------------------------
    if t0 is not None and H is not None and leaves and "population" in doc:
        missing = 0
        for a in area_codes:
            if a not in leaves:
                continue
            for g in sorted(used_groups):
                for y in range(t0, t0 + H + 1):
                    if (a, g, y) not in pop_keys:
                        missing += 1
                        if missing <= 50:
                            c.err("population", "missing population for area %s, group %s, year %d"
                                  % (a, g, y))
        if missing > 50:
            c.err("population", "... and %d more missing population values" % (missing - 50))
    return c.errors


def _area_index(areas, code):
    for i, a in enumerate(areas):
        if isinstance(a, dict) and a.get("code") == code:
            return i
    return -1


# ----------------------------------------------------------------------------
# The model
# ----------------------------------------------------------------------------

def path_value(points, t):
    """Piecewise-linear path: linear between points, flat outside; None/empty -> 1."""
    if not points:
        return 1.0
    pts = sorted(points)
    if t <= pts[0][0]:
        return float(pts[0][1])
    if t >= pts[-1][0]:
        return float(pts[-1][1])
    for (y0, f0), (y1, f1) in zip(pts, pts[1:]):
        if y0 <= t <= y1:
            return f0 + (f1 - f0) * (t - y0) / (y1 - y0)
    raise AssertionError("unreachable")


def step_value(points, x):
    """Intake step function: latest point at or before x, else the earliest point."""
    pts = sorted(points)
    val = pts[0][1]
    for y, v in pts:
        if y <= x:
            val = v
        else:
            break
    return float(val)


class Model:
    def __init__(self, doc):
        self.doc = doc
        self.version = int(doc["specVersion"])
        self.T0 = int(doc["baseYear"])
        self.H = int(doc.get("horizon", 20))
        self.years = list(range(self.T0, self.T0 + self.H + 1))

        # areas
        self.areas = [a["code"] for a in doc["areas"]]
        self.parent = {a["code"]: a["parent"] for a in doc["areas"]}
        parents = {p for p in self.parent.values() if p is not None}
        self.leaves = [a for a in self.areas if a not in parents]
        self.leaf_ix = {a: i for i, a in enumerate(self.leaves)}
        nL = len(self.leaves)
        # leaves below each area (an area that is a leaf has itself)
        self.below = {a: [] for a in self.areas}
        for li, leaf in enumerate(self.leaves):
            cur = leaf
            while cur is not None:
                self.below[cur].append(li)
                cur = self.parent[cur]

        # roles and bands
        self.roles = [r["id"] for r in doc["roles"]]
        self.role_ix = {r: i for i, r in enumerate(self.roles)}
        nR = len(self.roles)
        self.fte_ratio = [float(r.get("fteRatio", 1)) for r in doc["roles"]]
        self.demand_spec = [r["demand"] for r in doc["roles"]]
        self.bands = [b["id"] for b in doc["ageBands"]]
        self.band_ix = {b: i for i, b in enumerate(self.bands)}
        nB = len(self.bands)
        self.width = [float(b["width"]) for b in doc["ageBands"][:-1]]

        # stock S0[a][r][b], summed over repeated keys
        self.S0 = [[[0.0] * nB for _ in range(nR)] for _ in range(nL)]
        for row in doc["stock"]:
            self.S0[self.leaf_ix[row["area"]]][self.role_ix[row["role"]]][self.band_ix[row["ageBand"]]] += row["fte"]
        self.vac = [[0.0] * nR for _ in range(nL)]
        for row in doc.get("vacancies", []):
            self.vac[self.leaf_ix[row["area"]]][self.role_ix[row["role"]]] += row["fte"]

        # leaver rates, multipliers, path
        self.lrate = [[0.0] * nB for _ in range(nR)]
        for row in doc["leaverRates"]:
            self.lrate[self.role_ix[row["role"]]][self.band_ix[row["ageBand"]]] = float(row["rate"])
        self.mult = [1.0] * nL
        for row in doc.get("areaLeaverMultipliers", []):
            self.mult[self.leaf_ix[row["area"]]] = float(row["multiplier"])
        self.kpath = [(int(p["year"]), float(p["factor"])) for p in doc.get("leaverMultiplierPath", [])]

        # v2 reversion: half-life and leaver multiplier targets (None: no reversion, w = 1)
        rv = doc.get("reversion")
        self.half_life = float(rv["halfLife"]) if rv is not None else None
        self.tau = [1.0] * nL
        if rv is not None:
            for row in rv.get("leaverMultiplierTargets", []):
                self.tau[self.leaf_ix[row["area"]]] = float(row["multiplier"])

        # progression
        self.prog = [(self.role_ix[p["from"]], self.role_ix[p["to"]], float(p["rate"]))
                     for p in doc.get("progression", [])]
        # v2 responsive progression: per row None (a fixed rate) or
        # {lam, theta[leaf], theta_bar (= targetRatio), c}
        self.resp = []
        for p in doc.get("progression", []):
            rs = p.get("response")
            if rs is None:
                self.resp.append(None)
                continue
            theta = [float(rs["targetRatio"])] * nL
            for row in rs.get("areaTargetRatios", []):
                theta[self.leaf_ix[row["area"]]] = float(row["ratio"])
            self.resp.append({"lam": float(rs["strength"]), "theta": theta,
                              "theta_bar": float(rs["targetRatio"]), "c": float(rs["maxRate"])})
        # counts of what the responsive rates did (for tests and generator coverage only)
        self.stats = {"renormalised": 0, "capped": 0, "floored": 0, "noTarget": 0}

        # national T0 FTE per role, for default area shares
        nat0 = [0.0] * nR
        for a in range(nL):
            for r in range(nR):
                nat0[r] += sum(self.S0[a][r])
        self.nat0 = nat0

        def shares_of(obj):
            sh = [0.0] * nL
            for k, v in obj.items():
                sh[self.leaf_ix[k]] = float(v)
            return sh

        def area_share(src, r):
            if "areaShare" in src:
                return shares_of(src["areaShare"])
            if nat0[r] == 0:
                return [1.0 / nL] * nL
            return [sum(self.S0[a][r]) / nat0[r] for a in range(nL)]

        def share_target(src):
            """v2: sigma*, or None where the source keeps its shares every year."""
            return shares_of(src["areaShareTarget"]) if "areaShareTarget" in src else None

        def age_dist(src):
            d = [0.0] * nB
            for k, v in src["ageDistribution"].items():
                d[self.band_ix[k]] = float(v)
            return d

        # entrant sources
        self.pipelines = []
        self.sources = []
        for p in doc.get("pipelines", []):
            r = self.role_ix[p["role"]]
            src = {
                "kind": "pipeline", "id": p["id"], "role": r,
                "duration": int(p["duration"]), "c": float(p["completion"]), "e": float(p["entry"]),
                "intake": [(int(q["year"]), float(q["value"])) for q in p["intake"]],
                "share": area_share(p, r), "target": share_target(p), "age": age_dist(p),
            }
            self.pipelines.append(src)
            self.sources.append(src)
        for j in doc.get("joiners", []):
            r = self.role_ix[j["role"]]
            self.sources.append({
                "kind": "joiners", "id": j["source"], "role": r,
                "base": float(j["base"]), "growth": float(j.get("growth", 0)),
                "share": area_share(j, r), "target": share_target(j), "age": age_dist(j),
            })

        # v2 agency (None: no agency stock, no extra row fields)
        self.agency = None
        ag = doc.get("agency")
        if ag is not None:
            Q0 = [[0.0] * nR for _ in range(nL)]
            for row in ag["stock"]:
                Q0[self.leaf_ix[row["area"]]][self.role_ix[row["role"]]] += row["fte"]
            natQ0 = [sum(Q0[a][r] for a in range(nL)) for r in range(nR)]
            amult = [1.0] * nL
            for row in ag.get("areaMoveShareMultipliers", []):
                amult[self.leaf_ix[row["area"]]] = float(row["multiplier"])
            ents = []
            for e in ag.get("entrants", []):
                r = self.role_ix[e["role"]]
                if "areaShare" in e:
                    sh = shares_of(e["areaShare"])
                elif natQ0[r] == 0:
                    sh = [1.0 / nL] * nL
                else:
                    sh = [Q0[a][r] / natQ0[r] for a in range(nL)]
                ents.append({"role": r, "base": float(e["base"]),
                             "growth": float(e.get("growth", 0)), "share": sh})
            self.agency = {
                "Q0": Q0,
                "alpha": float(ag["moveShare"]), "amult": amult,
                "mupath": [(int(p["year"]), float(p["factor"])) for p in ag.get("moveSharePath", [])],
                "o": float(ag["outflowRate"]),
                "omegapath": [(int(p["year"]), float(p["factor"])) for p in ag.get("outflowPath", [])],
                "kappa": float(ag["conversionShare"]),
                "age": age_dist(ag),
                "entrants": ents,
            }

        # v2 early-career cohorts (None: not followed, no extra row field).
        # E0[c][a][r][b] is the T0 stock with yearsSinceEntry c; only cohorts given are kept
        # (a cohort with no rows is 0, and stays 0 until it is refilled by the shift).
        self.early = None
        ec = doc.get("earlyCareer")
        if ec is not None:
            E0 = {}
            for row in ec.get("stock", []):
                c = int(row["yearsSinceEntry"])
                if c not in E0:
                    E0[c] = [[[0.0] * nB for _ in range(nR)] for _ in range(nL)]
                E0[c][self.leaf_ix[row["area"]]][self.role_ix[row["role"]]][self.band_ix[row["ageBand"]]] += row["fte"]
            self.early = {"Y": int(ec["years"]), "pipelines": set(ec["pipelines"]), "E0": E0}

        # population
        self.pop = {}
        for row in doc["population"]:
            self.pop[(row["area"], row["ageGroup"], int(row["year"]))] = float(row["persons"])

        # activities and policies
        self.activities = doc["activities"]
        self.act_ix = {k["id"]: i for i, k in enumerate(self.activities)}
        self.policy = {}
        for pol in doc.get("policies", []):
            self.policy[pol["activity"]] = [(int(p["year"]), float(p["factor"])) for p in pol["path"]]

        dem = doc["demand"]
        self.cs = dem["caseloadStandard"]
        self.prod = float(dem.get("productivityGrowth", 0))
        self.obr = dem.get("obr")
        # v2: a leaf's own caseload standard (demand.areaCaseloadStandards), {leaf index: s}
        self.local_cs = {self.leaf_ix[row["area"]]: float(row["standard"])
                         for row in dem.get("areaCaseloadStandards", [])}
        # v2: the national population index {(group, year): I} (None: v1's D from each
        # leaf's own projected population; an empty list is the same as none)
        self.pindex = None
        if self.obr is not None and self.obr.get("populationIndex"):
            self.pindex = {}
            for row in self.obr["populationIndex"]:
                key = (row["ageGroup"], int(row["year"]))
                if self.T0 <= key[1] <= self.T0 + self.H:
                    self.pindex[key] = float(row["index"])

    # ------------------------------------------------------------------
    def weight(self, y):
        """v2 reversion weight w(y) = 2^(-(y - T0) / h); 1 without `reversion`."""
        if self.half_life is None:
            return 1.0
        return 2.0 ** (-(y - self.T0) / self.half_life)

    def leaver_mult(self, a, y):
        """m[a](y) = m^w * tau^(1-w); v1's m[a] without `reversion`; 0 stays 0."""
        m = self.mult[a]
        if self.half_life is None:
            return m
        if m == 0.0:
            return 0.0          # 0^w = 0 since w > 0 (even where w underflows to 0.0)
        w = self.weight(y)
        return m ** w * self.tau[a] ** (1.0 - w)

    def source_share(self, src, y):
        """sigma(y) = sigma* + (sigma - sigma*) * w(y) for a source with a target; else sigma."""
        tgt = src["target"]
        if tgt is None:
            return src["share"]
        w = self.weight(y)
        return [tgt[a] + (src["share"][a] - tgt[a]) * w for a in range(len(tgt))]

    def entrants_people(self, src, y, extra_pipeline_id=None):
        """N(y): yearly number of people from one source."""
        if src["kind"] == "pipeline":
            x = y - src["duration"]
            intake = step_value(src["intake"], x)
            if extra_pipeline_id is not None and src["id"] == extra_pipeline_id and x >= self.T0 + 1:
                intake = intake + 1.0
            return intake * src["c"] * src["e"]
        return src["base"] * (1.0 + src["growth"]) ** (y - self.T0)

    def progression_rates(self, V):
        """rho[i][a]: the rate of progression row i in leaf a for this step, from S's state
        after ageing V[a][r][b]. A fixed row keeps its `rate`; a row with `response` has
        rho = min(c, max(0, rate * (1 + lam * g))), g = (theta[a] Vf - Vt) / (theta_bar Vf)
        where theta_bar Vf > 0, else 0 (theta[a]: the leaf's areaTargetRatios entry or
        targetRatio; theta_bar: targetRatio, one scale for every leaf). Then, in each leaf,
        where the rates out of one role add up to more than 1, each of them is divided by
        their sum."""
        nL = len(self.leaves)
        if self.version == 1:
            # v1: the given rates, which may not add up to more than 1 (no renormalisation)
            return [[rate] * nL for (_, _, rate) in self.prog]
        rho = []
        for (fr, to, rate), rs in zip(self.prog, self.resp):
            if rs is None:
                rho.append([rate] * nL)
                continue
            row = []
            for a in range(nL):
                Vf = sum(V[a][fr])
                Vt = sum(V[a][to])
                den = rs["theta_bar"] * Vf
                if den > 0:
                    g = (rs["theta"][a] * Vf - Vt) / den
                else:
                    g = 0.0
                    self.stats["noTarget"] += 1
                x = rate * (1.0 + rs["lam"] * g)
                if x != x:
                    x = 0.0     # only rate 0 times an overflowed lam*g: 0 in exact arithmetic
                r = max(0.0, x)
                if r > rs["c"]:
                    self.stats["capped"] += 1
                elif x < 0.0:
                    self.stats["floored"] += 1
                row.append(min(rs["c"], r))
            rho.append(row)
        for a in range(nL):
            out = {}
            for i, (fr, _, _) in enumerate(self.prog):
                out[fr] = out.get(fr, 0.0) + rho[i][a]
            for i, (fr, _, _) in enumerate(self.prog):
                if out[fr] > 1.0:
                    rho[i][a] = rho[i][a] / out[fr]
            self.stats["renormalised"] += sum(1 for v in out.values() if v > 1.0)
        return rho

    def advance_cohort(self, E, qmat, rho):
        """v2 early career: one cohort E[a][r][b] through v1's steps 1-3 (leavers with the
        step's probabilities qmat[a][r][b], ageing by 1/width, progression from the state
        after ageing at S's rates rho[i][a] of the step), exactly as S goes through them."""
        nL, nR, nB = len(self.leaves), len(self.roles), len(self.bands)
        V = [[None] * nR for _ in range(nL)]
        for a in range(nL):
            for r in range(nR):
                U = [E[a][r][b] - E[a][r][b] * qmat[a][r][b] for b in range(nB)]
                A = [U[b] / self.width[b] for b in range(nB - 1)]
                Vr = [0.0] * nB
                for b in range(nB):
                    if b < nB - 1:
                        Vr[b] = U[b] - A[b] + (A[b - 1] if b > 0 else 0.0)
                    else:
                        Vr[b] = U[b] + (A[b - 1] if b > 0 else 0.0)
                V[a][r] = Vr
        out = [[list(V[a][r]) for r in range(nR)] for a in range(nL)]
        for i, (fr, to, _) in enumerate(self.prog):
            for a in range(nL):
                X = [V[a][fr][b] * rho[i][a] for b in range(nB)]
                for b in range(nB):
                    out[a][fr][b] -= X[b]
                    out[a][to][b] += X[b]
        return out

    def run_supply(self, extra_pipeline_id=None):
        """Returns fte, leavers, entrants as [year index][leaf][role], the agency series
        (None without `agency`): a dict of Q, M, K, X, A likewise, and the early-career
        FTE Σ_c Σ_b E_c likewise (None without `earlyCareer`, and in a training-sufficiency
        run, where the cohorts are not needed: they never affect S)."""
        nL, nR, nB = len(self.leaves), len(self.roles), len(self.bands)
        ec = self.early if extra_pipeline_id is None else None
        ecser = None
        if ec is not None:
            cohorts = dict(ec["E0"])          # {c: E_c[a][r][b]}
            Y = ec["Y"]

            def ec_total(coh):
                return [[sum(sum(coh[c][a][r]) for c in sorted(coh)) for r in range(nR)]
                        for a in range(nL)]
            ecser = [ec_total(cohorts)]
        S = [[list(self.S0[a][r]) for r in range(nR)] for a in range(nL)]
        fte = [[[sum(S[a][r]) for r in range(nR)] for a in range(nL)]]
        leavers = [[[0.0] * nR for _ in range(nL)]]
        entrants = [[[0.0] * nR for _ in range(nL)]]
        ag = self.agency
        agser = None
        if ag is not None:
            Q = [list(ag["Q0"][a]) for a in range(nL)]
            zero = lambda: [[0.0] * nR for _ in range(nL)]
            agser = {"Q": [[list(Q[a]) for a in range(nL)]],
                     "M": [zero()], "K": [zero()], "X": [zero()], "A": [zero()]}
        for t in self.years[:-1]:
            y = t + 1
            k = path_value(self.kpath, y)
            Lsum = [[0.0] * nR for _ in range(nL)]
            Esum = [[0.0] * nR for _ in range(nL)]
            V = [[None] * nR for _ in range(nL)]
            qmat = [[[0.0] * nB for _ in range(nR)] for _ in range(nL)]
            for a in range(nL):
                m_a = self.leaver_mult(a, y)
                for r in range(nR):
                    # 1. leavers
                    U = [0.0] * nB
                    ls = 0.0
                    for b in range(nB):
                        q = min(1.0, self.lrate[r][b] * m_a * k)
                        qmat[a][r][b] = q
                        L = S[a][r][b] * q
                        ls += L
                        U[b] = S[a][r][b] - L
                    Lsum[a][r] = ls
                    # 2. ageing
                    A = [U[b] / self.width[b] for b in range(nB - 1)]
                    Vr = [0.0] * nB
                    for b in range(nB):
                        if b < nB - 1:
                            Vr[b] = U[b] - A[b] + (A[b - 1] if b > 0 else 0.0)
                        else:
                            Vr[b] = U[b] + (A[b - 1] if b > 0 else 0.0)
                    V[a][r] = Vr
            # 3. progression: every X from V before any is applied, at the step's rates
            #    (v2: responsive rows and the per-leaf renormalisation; else v1's rates)
            rho = self.progression_rates(V)
            moves = []
            for i, (fr, to, _) in enumerate(self.prog):
                for a in range(nL):
                    moves.append((a, fr, to, [V[a][fr][b] * rho[i][a] for b in range(nB)]))
            Snew = [[list(V[a][r]) for r in range(nR)] for a in range(nL)]
            for (a, fr, to, X) in moves:
                for b in range(nB):
                    Snew[a][fr][b] -= X[b]
                    Snew[a][to][b] += X[b]
            # 3a. agency (v2): every quantity from the state before any is applied
            if ag is not None:
                mu = path_value(ag["mupath"], y)
                omega = path_value(ag["omegapath"], y)
                qout = min(1.0, ag["o"] * omega)
                Mv = [[0.0] * nR for _ in range(nL)]
                Kv = [[0.0] * nR for _ in range(nL)]
                Xv = [[0.0] * nR for _ in range(nL)]
                Av = [[0.0] * nR for _ in range(nL)]
                Ov = [[0.0] * nR for _ in range(nL)]
                for a in range(nL):
                    qmove = min(1.0, ag["alpha"] * ag["amult"][a] * mu)
                    for r in range(nR):
                        Mv[a][r] = Lsum[a][r] * qmove
                        O = Q[a][r] * qout
                        Ov[a][r] = O
                        Kv[a][r] = ag["kappa"] * O
                        Xv[a][r] = O - Kv[a][r]
                for e in ag["entrants"]:
                    r = e["role"]
                    f = e["base"] * (1.0 + e["growth"]) ** (y - self.T0) * self.fte_ratio[r]
                    for a in range(nL):
                        Av[a][r] += f * e["share"][a]
                Q = [[Q[a][r] - Ov[a][r] + Mv[a][r] + Av[a][r] for r in range(nR)]
                     for a in range(nL)]
            # 4. entrants
            if ec is not None:
                newE0 = [[[0.0] * nB for _ in range(nR)] for _ in range(nL)]
            for src in self.sources:
                N = self.entrants_people(src, y, extra_pipeline_id)
                r = src["role"]
                f = N * self.fte_ratio[r]
                share = self.source_share(src, y)
                listed = (ec is not None and src["kind"] == "pipeline"
                          and src["id"] in ec["pipelines"])
                for a in range(nL):
                    fa = f * share[a]
                    for b in range(nB):
                        add = fa * src["age"][b]
                        Snew[a][r][b] += add
                        Esum[a][r] += add
                        if listed:
                            newE0[a][r][b] += add
            # (v2) early career: each cohort through steps 1-3, then the shift: E_c(t+1) =
            # advanced E_{c-1}, the advanced E_{Y-1} leaves, E_0(t+1) = the listed
            # pipelines' entrants of step 4 (agency conversions never join a cohort)
            if ec is not None:
                shifted = {}
                for c in sorted(cohorts):
                    if c + 1 < Y:
                        shifted[c + 1] = self.advance_cohort(cohorts[c], qmat, rho)
                shifted[0] = newE0
                cohorts = shifted
                ecser.append(ec_total(cohorts))
            # 4 (v2): conversions K join S by agency.ageDistribution; `entrants` counts K
            if ag is not None:
                for a in range(nL):
                    for r in range(nR):
                        for b in range(nB):
                            Snew[a][r][b] += Kv[a][r] * ag["age"][b]
                        Esum[a][r] += Kv[a][r]
                agser["Q"].append([list(Q[a]) for a in range(nL)])
                agser["M"].append(Mv)
                agser["K"].append(Kv)
                agser["X"].append(Xv)
                agser["A"].append(Av)
            S = Snew
            fte.append([[sum(S[a][r]) for r in range(nR)] for a in range(nL)])
            leavers.append(Lsum)
            entrants.append(Esum)
        return fte, leavers, entrants, agser, ecser

    # ------------------------------------------------------------------
    def activity_counts(self):
        """C[k][leaf][year index]."""
        T0 = self.T0
        C = []
        for act in self.activities:
            B = [0.0] * len(self.leaves)
            for bc in act["baseCounts"]:
                B[self.leaf_ix[bc["area"]]] = float(bc["count"])
            trend = float(act.get("trend", 0))
            pol = self.policy.get(act["id"])
            per_area = []
            for a, leaf in enumerate(self.leaves):
                series = []
                for t in self.years:
                    popf = 0.0
                    for g, share in act["ageMix"].items():
                        popf += share * self.pop[(leaf, g, t)] / self.pop[(leaf, g, T0)]
                    series.append(B[a] * popf * (1.0 + trend) ** (t - T0) * path_value(pol, t))
                per_area.append(series)
            C.append(per_area)
        return C

    def demand(self, C):
        """Required FTE R[ti][leaf][role] and, with obr, R_obr likewise."""
        nL, nR, nT = len(self.leaves), len(self.roles), len(self.years)
        T0 = self.T0
        E = [[sum(self.S0[a][r]) + self.vac[a][r] for r in range(nR)] for a in range(nL)]
        natE = [sum(E[a][r] for a in range(nL)) for r in range(nR)]
        pi = [(1.0 + self.prod) ** (t - T0) for t in self.years]
        weights = [float(k.get("weight", 1)) for k in self.activities]
        W = [[sum(C[k][a][ti] * weights[k] for k in range(len(self.activities)))
              for ti in range(nT)] for a in range(nL)]
        case_roles = [r for r in range(nR) if self.demand_spec[r]["kind"] == "caseload"]
        sumE_case = [sum(E[a][r] for r in case_roles) for a in range(nL)]

        # caseload standard s[a]; None means R_case = 0
        if self.cs == "calibrated":
            natW0 = sum(W[a][0] for a in range(nL))
            natEc = sum(sumE_case)
            if natEc == 0 or natW0 == 0:
                s_nat = None
            else:
                s_nat = natW0 / natEc
            s = []
            for a in range(nL):
                if W[a][0] == 0 or sumE_case[a] == 0:
                    s.append(s_nat)
                else:
                    s.append(W[a][0] / sumE_case[a])
        else:
            s = [float(self.cs)] * nL
        # v2: a listed leaf's own standard replaces the rule's value there (the calibrated
        # national fallback above is still over all leaves)
        for a, sa in self.local_cs.items():
            s[a] = sa

        R = [[[None] * nR for _ in range(nL)] for _ in range(nT)]
        for ti in range(nT):
            for a in range(nL):
                rcase = 0.0 if s[a] is None else W[a][ti] / s[a] / pi[ti]
                for r in case_roles:
                    if sumE_case[a] > 0:
                        R[ti][a][r] = rcase * E[a][r] / sumE_case[a]
                    else:
                        R[ti][a][r] = rcase / len(case_roles)
                for r in range(nR):
                    d = self.demand_spec[r]
                    if d["kind"] == "perActivity":
                        k = self.act_ix[d["activity"]]
                        R[ti][a][r] = C[k][a][ti] * float(d["staffPerUnit"]) / pi[ti]

                def ratio_req(r):
                    if R[ti][a][r] is not None:
                        return R[ti][a][r]
                    of = self.role_ix[self.demand_spec[r]["of"]]
                    base = ratio_req(of)
                    if E[a][of] != 0:
                        val = base * E[a][r] / E[a][of]
                    else:
                        nat_ratio = natE[r] / natE[of] if natE[of] != 0 else 0.0
                        val = base * nat_ratio
                    R[ti][a][r] = val
                    return val

                for r in range(nR):
                    if self.demand_spec[r]["kind"] == "ratio":
                        ratio_req(r)

        Robr = None
        if self.obr is not None:
            cw = self.obr["costWeights"]
            ndg = float(self.obr["nonDemographicGrowth"])
            Robr = [[[0.0] * nR for _ in range(nL)] for _ in range(nT)]
            I = self.pindex
            for a, leaf in enumerate(self.leaves):
                den = sum(self.pop[(leaf, g, T0)] * w for g, w in cw.items())
                for ti, t in enumerate(self.years):
                    if I is None:
                        num = sum(self.pop[(leaf, g, t)] * w for g, w in cw.items())
                    else:
                        # v2: the national index I[g,t] / I[g,T0] on the leaf's base-year
                        # population; a group with weight 0 adds 0 (and needs no index)
                        num = sum(self.pop[(leaf, g, T0)] * w * (I[(g, t)] / I[(g, T0)])
                                  for g, w in cw.items() if w > 0)
                    D = num / den
                    f = D * (1.0 + ndg) ** (t - T0) / pi[ti]
                    for r in range(nR):
                        Robr[ti][a][r] = E[a][r] * f
        return R, Robr

    # ------------------------------------------------------------------
    def run(self):
        nL, nR, nT = len(self.leaves), len(self.roles), len(self.years)
        fte, leavers, entrants, agser, ecser = self.run_supply()
        C = self.activity_counts()
        R, Robr = self.demand(C)

        rows = []
        for area in self.areas:
            lv = self.below[area]
            for r, role in enumerate(self.roles):
                for ti, t in enumerate(self.years):
                    f = sum(fte[ti][a][r] for a in lv)
                    req = sum(R[ti][a][r] for a in lv)
                    row = {
                        "area": area, "role": role, "year": t,
                        "fte": f,
                        "headcount": sum(fte[ti][a][r] / self.fte_ratio[r] for a in lv),
                        "leavers": sum(leavers[ti][a][r] for a in lv),
                        "entrants": sum(entrants[ti][a][r] for a in lv),
                        "required": req,
                        "gap": req - f,
                        "shortage": sum(max(0.0, R[ti][a][r] - fte[ti][a][r]) for a in lv),
                    }
                    if Robr is not None:
                        ro = sum(Robr[ti][a][r] for a in lv)
                        row["requiredObr"] = ro
                        row["gapObr"] = ro - f
                        row["shortageObr"] = sum(max(0.0, Robr[ti][a][r] - fte[ti][a][r]) for a in lv)
                    if agser is not None:
                        Qt = agser["Q"][ti]
                        qf = sum(Qt[a][r] for a in lv)
                        row["agencyFte"] = qf
                        for name, key in (("agencyMoves", "M"), ("agencyConversions", "K"),
                                          ("agencyLeavers", "X"), ("agencyEntrants", "A")):
                            row[name] = sum(agser[key][ti][a][r] for a in lv)
                        row["gapWithAgency"] = req - f - qf
                        row["shortageWithAgency"] = sum(
                            max(0.0, R[ti][a][r] - fte[ti][a][r] - Qt[a][r]) for a in lv)
                    if ecser is not None:
                        row["earlyCareerFte"] = sum(ecser[ti][a][r] for a in lv)
                    rows.append(row)

        activities = []
        for k, act in enumerate(self.activities):
            for a, leaf in enumerate(self.leaves):
                for ti, t in enumerate(self.years):
                    activities.append({"activity": act["id"], "area": leaf, "year": t,
                                       "count": C[k][a][ti]})

        ts = []
        for p in self.pipelines:
            r = p["role"]
            hs = [h for h in REPORT_HORIZONS if h <= self.H]
            if not hs:
                continue
            fte_plus = self.run_supply(extra_pipeline_id=p["id"])[0]
            for h in hs:
                ti = h
                nat_req = sum(R[ti][a][r] for a in range(nL))
                nat_fte = sum(fte[ti][a][r] for a in range(nL))
                G = nat_req - nat_fte
                delta = sum(fte_plus[ti][a][r] for a in range(nL)) - nat_fte
                if G <= 0:
                    extra = 0.0
                elif delta == 0:
                    extra = None
                else:
                    extra = G / delta
                ts.append({"pipeline": p["id"], "horizon": h, "year": self.T0 + h,
                           "gap": G, "ftePerExtraIntake": delta, "extraAnnualIntake": extra})

        return {"specVersion": self.version, "baseYear": self.T0, "years": list(self.years),
                "rows": rows, "activities": activities, "trainingSufficiency": ts}


def _check_finite(obj, path="$"):
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError("non-finite result at %s: %r" % (path, obj))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _check_finite(v, "%s.%s" % (path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _check_finite(v, "%s[%d]" % (path, i))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Reference implementation of MODEL.md v1 and v2")
    ap.add_argument("input")
    ap.add_argument("-o", "--output", help="write the result here instead of standard output")
    ap.add_argument("--indent", type=int, default=1)
    args = ap.parse_args(argv)
    try:
        doc = load_json(args.input)
    except (OSError, ValueError) as e:
        print("%s: cannot read input: %s" % (args.input, e), file=sys.stderr)
        return 2
    errors = validate(doc)
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        print("%d problem(s); no output written" % len(errors), file=sys.stderr)
        return 2
    result = Model(doc).run()
    _check_finite(result)
    text = json.dumps(result, indent=args.indent, allow_nan=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
