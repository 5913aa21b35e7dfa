#!/usr/bin/env python3
"""Compare two CareCast result files (MODEL.md "Output", v1 or v2) figure by figure.

    python3 compare.py A.json B.json [--rel 1e-9] [--max 20]

Rows are matched by (area, role, year), activities by (activity, area, year),
trainingSufficiency entries by (pipeline, horizon). Every numeric field must agree
within |a - b| <= rel * max(|a|, |b|, 1); null must match null; a key or record
present in one file and not the other is a mismatch. The first --max mismatches
are printed; the exit status is 0 when the files agree and 1 otherwise (2 when a
file cannot be read).

Every field of a record is compared, whatever its name, so v2's row fields
(agencyFte, agencyMoves, agencyConversions, agencyLeavers, agencyEntrants,
gapWithAgency, shortageWithAgency) and the top-level specVersion are compared
too, and such a field present in one file only is a mismatch.
"""

import argparse
import json
import math
import sys

SECTIONS = {
    "rows": ("area", "role", "year"),
    "activities": ("activity", "area", "year"),
    "trainingSufficiency": ("pipeline", "horizon"),
}


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class Report:
    def __init__(self, rel, limit):
        self.rel = rel
        self.limit = limit
        self.count = 0
        self.compared = 0

    def bad(self, where, msg):
        self.count += 1
        if self.count <= self.limit:
            print("MISMATCH %s: %s" % (where, msg))

    def value(self, where, a, b):
        """Compare two JSON values (numbers with tolerance, others exactly)."""
        if a is None or b is None:
            self.compared += 1
            if not (a is None and b is None):
                self.bad(where, "%r vs %r (null must match null)" % (a, b))
            return
        if is_num(a) and is_num(b):
            self.compared += 1
            fa, fb = float(a), float(b)
            if not (math.isfinite(fa) and math.isfinite(fb)):
                if not (fa == fb):
                    self.bad(where, "%r vs %r" % (a, b))
                return
            tol = self.rel * max(abs(fa), abs(fb), 1.0)
            if abs(fa - fb) > tol:
                self.bad(where, "%r vs %r (|diff| %.3g > %.3g)" % (a, b, abs(fa - fb), tol))
            return
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                self.bad(where, "array lengths %d vs %d" % (len(a), len(b)))
            for i, (x, y) in enumerate(zip(a, b)):
                self.value("%s[%d]" % (where, i), x, y)
            return
        if isinstance(a, dict) and isinstance(b, dict):
            self.fields(where, a, b)
            return
        self.compared += 1
        if type(a) is not type(b) or a != b:
            self.bad(where, "%r vs %r" % (a, b))

    def fields(self, where, a, b):
        for k in a:
            if k not in b:
                self.bad(where, "key %r only in first file" % k)
        for k in b:
            if k not in a:
                self.bad(where, "key %r only in second file" % k)
        for k in a:
            if k in b:
                self.value("%s.%s" % (where, k), a[k], b[k])


def index(records, keyfields, name, rep, which):
    out = {}
    if not isinstance(records, list):
        rep.bad(name, "%s file: not an array" % which)
        return out
    for i, r in enumerate(records):
        if not isinstance(r, dict) or any(k not in r for k in keyfields):
            rep.bad("%s[%d]" % (name, i), "%s file: record lacks key fields %s" % (which, keyfields))
            continue
        key = tuple(r[k] for k in keyfields)
        # normalise numeric key parts (2024 vs 2024.0)
        key = tuple(int(x) if is_num(x) and float(x).is_integer() else x for x in key)
        if key in out:
            rep.bad("%s%s" % (name, list(key)), "%s file: record repeated" % which)
        out[key] = r
    return out


def compare(a, b, rel=1e-9, limit=20):
    rep = Report(rel, limit)
    if not isinstance(a, dict) or not isinstance(b, dict):
        rep.bad("$", "top level must be objects")
        return rep
    for k in a:
        if k not in b:
            rep.bad("$", "top-level key %r only in first file" % k)
    for k in b:
        if k not in a:
            rep.bad("$", "top-level key %r only in second file" % k)
    for k in a:
        if k in b and k not in SECTIONS:
            rep.value(k, a[k], b[k])
    for name, keyfields in SECTIONS.items():
        if name not in a or name not in b:
            continue
        ia = index(a[name], keyfields, name, rep, "first")
        ib = index(b[name], keyfields, name, rep, "second")
        for key in ia:
            if key not in ib:
                rep.bad("%s%s" % (name, list(key)), "only in first file")
        for key in ib:
            if key not in ia:
                rep.bad("%s%s" % (name, list(key)), "only in second file")
        for key in ia:
            if key in ib:
                rep.fields("%s%s" % (name, list(key)), ia[key], ib[key])
    return rep


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare two CareCast result files")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rel", type=float, default=1e-9, help="relative tolerance (default 1e-9)")
    ap.add_argument("--max", type=int, default=20, help="mismatches to print (default 20)")
    args = ap.parse_args(argv)
    docs = []
    for p in (args.a, args.b):
        try:
            with open(p, "r", encoding="utf-8") as f:
                docs.append(json.load(f))
        except (OSError, ValueError) as e:
            print("cannot read %s: %s" % (p, e), file=sys.stderr)
            return 2
    rep = compare(docs[0], docs[1], args.rel, args.max)
    if rep.count:
        if rep.count > args.max:
            print("... %d more" % (rep.count - args.max))
        print("FAIL: %d mismatch(es) (%d values compared)" % (rep.count, rep.compared))
        return 1
    print("OK: %d values agree within %g" % (rep.compared, args.rel))
    return 0


if __name__ == "__main__":
    sys.exit(main())
