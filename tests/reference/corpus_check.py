#!/usr/bin/env python3
"""Checks of tests/corpus_cli.sh on corpus outputs; exit 1 with the reason.

    corpus_check.py counts DIR SENTENCES "LINE:KIND,..."   sentences.jsonl has SENTENCES records, errors.jsonl those lines
    corpus_check.py record SENTENCES.jsonl LINE TRACE.json   the record of LINE equals the trace's head_stats and tokens
    corpus_check.py stats A.json B.json                      counts equal, sums within 1e-9 relative
"""
import json
import sys


def fail(message):
    print("  " + message)
    sys.exit(1)


def records(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def counts(folder, sentences, errors):
    got = records(folder + "/sentences.jsonl")
    if len(got) != int(sentences):
        fail(f"{len(got)} sentence records, expected {sentences}")
    want = [(int(e.split(":")[0]), e.split(":")[1]) for e in errors.split(",")]
    bad = [(r["line"], r["kind"]) for r in records(folder + "/errors.jsonl")]
    if bad != want:
        fail(f"errors.jsonl lists {bad}, expected {want}")
    stats = json.load(open(folder + "/stats.json"))
    if stats["sentences"] != int(sentences) or stats["errors"] != len(want):
        fail(f"stats.json counts {stats['sentences']} sentences, {stats['errors']} errors")


def record(path, line, trace_path):
    rec = next((r for r in records(path) if r["line"] == int(line)), None)
    trace = json.load(open(trace_path))
    if rec is None:
        fail(f"no record of line {line}")
    if rec["heads"] != trace["head_stats"]:
        fail(f"line {line}: heads differ from {trace_path}'s head_stats")
    if rec["tokens"] != [t["text"] for t in trace["tokens"]]:
        fail(f"line {line}: tokens differ")


def stats(a_path, b_path):
    a, b = json.load(open(a_path)), json.load(open(b_path))
    for key in ("sentences", "tokens", "errors", "model", "fields"):
        if a[key] != b[key]:
            fail(f"{key}: {a[key]} != {b[key]}")
    for ha, hb in zip(a["heads"], b["heads"], strict=True):
        for name, f in a["fields"].items():
            if f["kind"] == "label" or ha["count"] != hb["count"]:
                if ha[name] != hb[name] or ha["count"] != hb["count"]:
                    fail(f"layer {ha['layer']} head {ha['head']} {name}: counts differ")
                continue
            for s in ("sum", "sum_squares"):
                x, y = ha[name][s], hb[name][s]
                if abs(x - y) > 1e-9 * max(abs(x), abs(y)):
                    fail(f"layer {ha['layer']} head {ha['head']} {name}.{s}: {x} vs {y}")
            if ha[name]["histogram"] != hb[name]["histogram"]:
                fail(f"layer {ha['layer']} head {ha['head']} {name}: histograms differ")


{"counts": counts, "record": record, "stats": stats}[sys.argv[1]](*sys.argv[2:])
