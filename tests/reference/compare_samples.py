#!/usr/bin/env python3
"""Compare a fresh run of the samples with the committed ones, file type by
file type, allowing what another build or machine may change and nothing else.

    compare_samples.py [--report] EXPECTED_DIR GOT_DIR [FOLDER...]

compares EXPECTED_DIR/FOLDER with GOT_DIR/FOLDER for each FOLDER (default:
the two directories whole).

A sample's numbers depend on the build's vector instructions in their last
bits: MHA_SIMD=auto compiles for x86-64-v3, whose FMA rounds a*b+c once where
the baseline build rounds twice, and Eigen sums in a different order with
wider vectors. Every number stays within a few float32 ulps of the exact
value; which digits that changes is what the rules below allow:

- The list of files: the same names, exactly.
- JSON (trace.json, bertviz, the data block of view.html): the same structure,
  keys, strings, booleans and nulls; numbers, and the float32 numbers of a
  base64 string under a key ending in `_f32` (docs/html.md), equal within
  FLOAT_TOL * (1 + |value|). recompute_trace.py accepts any build's trace
  within half that of a float64 recomputation (a sum of d products in
  float32 is off by a few ulps of its largest terms, more than of a result
  that cancels), so two builds it accepts are within FLOAT_TOL of each other.
  Measured, baseline against x86-64-v3: 9.5e-7 on the committed samples,
  1.2e-5 on a score of the d_model 512 article trace (0.390397 against
  0.390414, a sum of 256 products that cancels).
- Text (explanation.txt, the report, view.html outside its JSON): the same
  text between the numbers; a number with a decimal point may differ by one
  unit in its last printed digit (a value on a rounding edge prints as 0.123
  in one build and 0.124 in the other) or by the JSON tolerance when it is
  printed with more digits than that; an integer (a count, an index) must be
  equal. Padding in front of a number may differ by the width the number
  changed (a column printing -0.000 where the other build printed 0.000).
- PNG: decoded (zlib, our unfiltered 8-bit RGB rows, or any PNG filter) and
  compared by pixels: same width and height; the mean of |difference| over
  all channels at most PNG_MEAN, and at most PNG_CHANGED of the pixels
  differing by more than PNG_NEAR in some channel. A weight a few ulps apart
  may cross a colour-map step (a few levels in a channel: within PNG_NEAR),
  or change the last digit printed on a cell, which redraws about 40 glyph
  pixels by up to 255: in a 514 x 449 picture of the seed that is 0.02 % of
  the pixels and a mean of about 0.03, so the limits let a few digits change.
  A wrong weight recolours a whole cell (thousands of pixels), another colour
  map 45 % of the pixels (mean 25), another font changes the picture's size;
  all fail. The pictures use the font scripts/setup.sh installs
  (fonts-wqy-microhei). Measured, baseline against x86-64-v3: no pixel differs.
- Anything else: byte for byte.

One line per mismatch: file, place, expected, got. Exit 1 if any. With
--report, the largest difference of each kind is printed too.
"""
import base64
import json
import os
import re
import struct
import sys
import zlib

FLOAT_TOL = 2e-5
PNG_MEAN = 0.1       # mean |difference| per channel, 0-255 levels
PNG_NEAR = 8         # levels: a colour-map step of a weight a few ulps apart
PNG_CHANGED = 0.002  # fraction of pixels allowed to differ by more than PNG_NEAR

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
JSON_BLOCK = re.compile(r'(<script type="application/json"[^>]*>)(.*?)(</script>)', re.S)

problems = []
largest = {}  # kind of difference -> (largest one, where)
JSON, TEXT = "JSON |difference| / (1 + |value|)", "text |difference| / allowed"
PNG_KINDS = ("PNG mean |difference| (levels)", "PNG share of pixels off by > %d" % PNG_NEAR, "PNG max |difference|")
KINDS = {".json": [JSON], ".html": [JSON, TEXT], ".txt": [TEXT], ".md": [TEXT], ".png": list(PNG_KINDS)}


def problem(path, place, expected, got):
    problems.append(f"{path}: {place}: expected {expected}, got {got}")


def note(kind, difference, where):
    if kind not in largest or difference > largest[kind][0]:
        largest[kind] = (difference, where)


# --- JSON ---------------------------------------------------------------------------------------------------------

def same_number(a, b):
    return abs(a - b) <= FLOAT_TOL * (1 + max(abs(a), abs(b)))


def float32s(text):
    """A base64 `..._f32` string of the HTML data block (docs/html.md): little-endian float32 numbers."""
    data = base64.b64decode(text)
    return list(struct.unpack(f"<{len(data) // 4}f", data)) if len(data) % 4 == 0 else text


def compare_json(path, place, want, got):
    if place.endswith("_f32") and isinstance(want, str) and isinstance(got, str) and want != got:
        want, got = float32s(want), float32s(got)
    if isinstance(want, bool) or isinstance(got, bool) or not (
            isinstance(want, (int, float)) and isinstance(got, (int, float))):
        if type(want) is not type(got):
            problem(path, place or "top", type(want).__name__, type(got).__name__)
        elif isinstance(want, dict):
            if list(want) != list(got):
                problem(path, place or "top", f"keys {list(want)}", f"keys {list(got)}")
            for key in want:
                if key in got:
                    compare_json(path, f"{place}.{key}" if place else key, want[key], got[key])
        elif isinstance(want, list):
            if len(want) != len(got):
                problem(path, place, f"{len(want)} items", f"{len(got)} items")
            for i, (w, g) in enumerate(zip(want, got)):
                compare_json(path, f"{place}[{i}]", w, g)
        elif want != got:
            problem(path, place, json.dumps(want, ensure_ascii=False), json.dumps(got, ensure_ascii=False))
        return
    if want == got:  # also -inf (a masked cell in weights_f32)
        return
    note(JSON, abs(want - got) / (1 + max(abs(want), abs(got))), f"{path}: {place}")
    if not same_number(want, got):
        problem(path, place, want, got)


def load_json(path, text):
    try:
        return json.loads(text)
    except ValueError as e:
        problem(path, "JSON", "valid JSON", str(e))
        return None


# --- text ---------------------------------------------------------------------------------------------------------

def last_digit_unit(s):
    """10^-(digits after the point), scaled by the exponent: the value of one unit in the last printed digit."""
    mantissa, _, exponent = s.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def compare_text(path, want, got):
    """Text with numbers: the text between numbers equal, numbers as the module doc says."""
    w_parts, g_parts = NUMBER.split(want), NUMBER.split(got)
    w_nums, g_nums = NUMBER.findall(want) + [""], NUMBER.findall(got) + [""]
    if len(w_nums) != len(g_nums):
        first = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        problem(path, f"line {want.count(chr(10), 0, first) + 1}", f"{len(w_nums) - 1} numbers", len(g_nums) - 1)
        return
    line = 1
    for w_text, g_text, w, g in zip(w_parts, g_parts, w_nums, g_nums):
        # Right-aligned columns: the padding before a number may absorb its change of width.
        if w_text != g_text and not (w_text.rstrip(" ") == g_text.rstrip(" ") and
                                     len(w_text) + len(w) == len(g_text) + len(g)):
            problem(path, f"line {line + w_text.count(chr(10))}", repr(w_text[-60:]), repr(g_text[-60:]))
            return
        line += w_text.count("\n")
        if w != g:
            a, b = float(w), float(g)
            allowed = max(last_digit_unit(w), last_digit_unit(g), FLOAT_TOL * (1 + max(abs(a), abs(b))))
            note(TEXT, abs(a - b) / allowed, f"{path}: line {line}: {w} / {g}")
            if not any(c in w + g for c in ".eE") or abs(a - b) > allowed * (1 + 1e-9):  # integers: equal
                problem(path, f"line {line}", w, g)


def compare_html(path, want, got):
    """The JSON data blocks as JSON, the rest as text."""
    w_blocks, g_blocks = JSON_BLOCK.findall(want), JSON_BLOCK.findall(got)
    if len(w_blocks) != len(g_blocks):
        problem(path, "JSON data blocks", len(w_blocks), len(g_blocks))
        return
    for i, (w, g) in enumerate(zip(w_blocks, g_blocks)):
        w_data, g_data = load_json(path, w[1]), load_json(path, g[1])
        if w_data is not None and g_data is not None:
            compare_json(f"{path} (JSON block {i + 1})", "", w_data, g_data)
    keep = lambda m: m.group(1) + m.group(3)
    compare_text(path, JSON_BLOCK.sub(keep, want), JSON_BLOCK.sub(keep, got))


# --- PNG ----------------------------------------------------------------------------------------------------------

def decode_png(data):
    """(width, height, channels, rows as bytes) of an 8-bit, non-interlaced greyscale/RGB/RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour, interlace = header[8], header[9], header[12]
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"bit depth {depth}, colour type {colour}, interlace {interlace}: not decoded here")
    raw, stride, rows, prev = zlib.decompress(b"".join(idat)), width * channels, [], bytes(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind:  # PNG filters (our writer stores rows unfiltered, kind 0)
            for x in range(stride):
                a = line[x - channels] if x >= channels else 0
                b, c = prev[x], prev[x - channels] if x >= channels else 0
                if kind == 1:
                    line[x] = (line[x] + a) & 255
                elif kind == 2:
                    line[x] = (line[x] + b) & 255
                elif kind == 3:
                    line[x] = (line[x] + (a + b) // 2) & 255
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = rows[-1]
    return width, height, channels, rows


def compare_png(path, want, got):
    try:
        w, g = decode_png(want), decode_png(got)
    except (ValueError, zlib.error, IndexError, TypeError) as e:
        problem(path, "PNG", "a PNG this checker decodes", str(e))
        return
    if w[:3] != g[:3]:
        problem(path, "size", "%d x %d, %d channels" % w[:3], "%d x %d, %d channels" % g[:3])
        return
    width, height, channels, _ = w
    total, changed, worst = 0, 0, (0, None)
    for y, (a, b) in enumerate(zip(w[3], g[3])):
        if a == b:
            continue
        for x in range(width):
            diffs = [abs(a[i] - b[i]) for i in range(x * channels, (x + 1) * channels)]
            total += sum(diffs)
            changed += max(diffs) > PNG_NEAR
            if max(diffs) > worst[0]:
                worst = (max(diffs), (x, y))
    mean, share = total / (width * height * channels), changed / (width * height)
    note(PNG_KINDS[0], mean, path)
    note(PNG_KINDS[1], share, path)
    note(PNG_KINDS[2], worst[0], f"{path}: pixel {worst[1]}")
    if mean > PNG_MEAN or share > PNG_CHANGED:
        problem(path, f"pixels (largest difference {worst[0]} at {worst[1]})",
                f"mean |difference| <= {PNG_MEAN} and <= {PNG_CHANGED:.1%} of pixels off by > {PNG_NEAR}",
                f"mean {mean:.4f}, {share:.3%}")


# --- files --------------------------------------------------------------------------------------------------------

def files_under(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


def compare_file(path, want, got):
    ext = os.path.splitext(path)[1]
    for kind in KINDS.get(ext, []):
        note(kind, 0, path)
    if want == got:
        return
    if ext == ".png":
        compare_png(path, want, got)
        return
    try:
        w_text, g_text = want.decode("utf-8"), got.decode("utf-8")
    except UnicodeDecodeError:
        problem(path, "bytes", f"{len(want)} bytes", f"{len(got)} bytes that differ")
        return
    if ext == ".json":
        w, g = load_json(path, w_text), load_json(path, g_text)
        if w is not None and g is not None:
            compare_json(path, "", w, g)
    elif ext == ".html":
        compare_html(path, w_text, g_text)
    elif ext in (".txt", ".md"):
        compare_text(path, w_text, g_text)
    else:
        problem(path, "bytes", f"{len(want)} bytes", f"{len(got)} bytes that differ")


def main():
    report = "--report" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--report"]
    if len(args) < 2:
        print(__doc__.split("\n\n")[1])
        return 2
    expected, got, folders = args[0], args[1], args[2:] or [""]
    count = 0
    for folder in folders:
        want_files, got_files = files_under(os.path.join(expected, folder)), files_under(os.path.join(got, folder))
        for name in sorted(set(want_files) ^ set(got_files)):
            present = name in want_files
            problem(os.path.join(expected, folder, name), "file", "present" if present else "absent",
                    "absent" if present else "present")
        for name in sorted(set(want_files) & set(got_files)):
            with open(os.path.join(expected, folder, name), "rb") as f, open(os.path.join(got, folder, name), "rb") as g:
                compare_file(os.path.join(expected, folder, name), f.read(), g.read())
            count += 1
    for p in problems:
        print(p)
    print(f"{count} files compared, {len(problems)} mismatches")
    if report:
        for kind, (difference, where) in sorted(largest.items()):
            print(f"  largest {kind}: {difference:.3g}" + (f" ({where})" if difference else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
