#!/usr/bin/env python3
"""Every example of README.md and docs/*.md runs, and says what the doc says.

    doc_examples.py path/to/mha-explain [--list]

What counts as an example is the fence of a code block:

- ```sh       a shell script, run with bash (set -eu) in the page's work
              folder: it must exit 0 and print no "mha-explain: error".
- ```console  lines "$ command" followed by what the command prints. Each
              command runs on its own; every line shown under it must be a
              line of its standard output or error, word for word (a line
              that is only "…" stands for lines left out). When a line shown
              starts with "mha-explain: error:" the command must fail (exit
              1), otherwise it must succeed.
- ```python   run with this Python (the one that has numpy) in the work
              folder, after the page's earlier blocks: it must exit 0. torch
              and safetensors.torch are stand-ins on NumPy (doc_stand_ins/),
              enough for what the docs call.
- ```cpp      C++ is not compiled here: such a block needs a marker.

A block is kept from running by an HTML comment on the line before it (blank
lines between are fine), with the reason, which this test prints:

    <!-- example: not run: needs torch, which the test set-up does not install -->

and a block can ask for test files under the names the doc uses:

    <!-- example: files: glove.txt=tests/data/embeddings/bad_ragged.txt -->

Any other block (```json, ```text, plain ```, an indented block) is not an
example; this test fails when one of them looks like a command or shows a
line "mha-explain: error: …" (a message must be shown under its command) (a line that
starts with mha-explain, build/, bench/, bash, cmake, ctest, python3 or
"$ "), so a command cannot
escape it by its fence. A page added to docs/ is covered without a change
here. The man page's EXAMPLES (each .nf … .fi block of docs/mha-explain.1)
run as shell blocks too.

Each page gets its own empty work folder; its blocks run in order, so a
Python block reads what the shell blocks before it wrote. mha-explain is
found on PATH (the binary given), and the work folder holds the test inputs
under the names the docs use (INPUTS below). SUBSTITUTIONS are the only
edits made to a command before it runs, each for a stated reason; one that
no example uses any more fails the test, so the table cannot go stale.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Files every work folder holds: the name a doc uses -> a file of the tests.
INPUTS = {
    # The repository's test data under its own path, so that an example a
    # user can run from a checkout runs here unchanged.
    "tests": "tests",
    # Real checkpoints stand for the hub's: same layout, names and tokenizer
    # files, 2 blocks of 4 heads, 64 positions (tests/data/hf/README.md).
    "gpt2": "tests/data/hf/gpt2-tiny",
    "bert-base-uncased": "tests/data/hf/bert-tiny",
    # The Llama family's fixtures (tests/reference/make_llama_cases.py): the
    # same files, names and config keys as the hub's, 2 blocks.
    "Qwen2.5-0.5B": "tests/data/hf/qwen2-tiny-bf16",
    "Llama-3.2-1B": "tests/data/hf/llama-tiny",
    "Qwen3-0.6B": "tests/data/hf/qwen3-tiny-sharded",
    # nn.MultiheadAttention(768, 12) state dicts, as PyTorch wrote them
    # (tests/reference/make_torch_cases.py); num_heads is in the metadata.
    "mha.safetensors": "tests/reference/torch_cases/self_e768_h12_n8_bias_f16.safetensors",
    # nn.MultiheadAttention(8, 2), without num_heads in its metadata.
    "w.safetensors": "tests/data/docs/mha_e8_no_heads.safetensors",
    # A 50-wide GloVe stand-in: 12 words, random values (tests/data/docs/).
    "glove.6B.50d.txt": "tests/data/docs/glove.6B.50d.txt",
}

# (what the doc says, what runs, why): applied to every command, in order.
SUBSTITUTIONS = [
    ("build/cli/mha-explain", "mha-explain", "the binary under test is first on PATH"),
    ("~/models/", "", "the model folders are the tiny checkpoints in the work folder (INPUTS)"),
    ("--layers 0,11", "--layers 0,1", "the tiny checkpoints have 2 blocks, not 12"),
]

# torch and safetensors.torch as far as the docs use them, on NumPy: the test
# set-up installs neither (tests/reference/doc_stand_ins/torch/__init__.py).
STAND_INS = os.path.join(ROOT, "tests", "reference", "doc_stand_ins")

FENCE = re.compile(r"^(\s*)```\s*([A-Za-z0-9_+-]*)\s*$")
MARKER = re.compile(r"^\s*<!--\s*example:\s*(not run|files):\s*(.*?)\s*-->\s*$")
LOOKS_LIKE_COMMAND = re.compile(r"^\s*(\$ |mha-explain(\s|$)|build/\S|bench/\S|(sudo |CC=\S+ )*(bash|cmake|ctest|python3|/usr/bin/python3) )")
RUN_KINDS = ("sh", "console", "python")


class Block:
    def __init__(self, page, line, kind, text, marker):
        self.page, self.line, self.kind, self.text, self.marker = page, line, kind, text, marker

    def where(self):
        return f"{self.page}:{self.line}"


def man_blocks(problems):
    """The man page's examples: each .nf … .fi block of docs/mha-explain.1
    as a shell block (roff's \\- and \\e unescaped). Every one must run."""
    path = os.path.join(ROOT, "docs", "mha-explain.1")
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i = [], 0
    while i < len(lines):
        if lines[i] == ".nf":
            start, body = i + 2, []
            i += 1
            while i < len(lines) and lines[i] != ".fi":
                body.append(lines[i].replace("\\-", "-").replace("\\e", "\\").replace("\\(dq", '"'))
                i += 1
            text = "\n".join(body) + "\n"
            if not LOOKS_LIKE_COMMAND.match(text):
                problems.append(f"docs/mha-explain.1:{start}: an .nf block that is not a command")
            out.append(Block("docs/mha-explain.1", start, "sh", text, None))
        i += 1
    return out


def pages():
    out = [os.path.join(ROOT, "README.md")]
    docs = os.path.join(ROOT, "docs")
    out += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))
    return out


def blocks_of(path, problems):
    """The code blocks of a page with the marker before each, and problems
    (commands outside a runnable fence, a marker before nothing)."""
    page = os.path.relpath(path, ROOT)
    lines = open(path, encoding="utf-8").read().split("\n")
    out, marker, i, previous_blank = [], None, 0, True
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            indent, kind = fence.group(1), fence.group(2)
            start, body = i + 1, []
            i += 1
            while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
                body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
                i += 1
            if i == len(lines):
                problems.append(f"{page}:{start}: a code block that is never closed")
            out.append(Block(page, start, kind, "\n".join(body) + "\n", marker))
            marker, previous_blank = None, False
            i += 1
            continue
        m = MARKER.match(line)
        if m:
            if marker:
                problems.append(f"{page}:{i + 1}: a second marker before one block")
            marker = (m.group(1), m.group(2), i + 1)
        elif line.strip() and marker:
            problems.append(f"{page}:{marker[2]}: an example marker not followed by a code block")
            marker = None
        # An indented code block (4 spaces after a blank line, outside a
        # list): never an example, so it must not hold a command.
        if previous_blank and line.startswith("    ") and LOOKS_LIKE_COMMAND.match(line):
            problems.append(f"{page}:{i + 1}: a command in an indented block; put it in a ```sh or ```console block")
        if not line.strip():
            previous_blank = True
        elif not line.startswith("    "):
            previous_blank = False
        i += 1
    for b in out:
        if b.kind not in RUN_KINDS and b.kind != "cpp" and b.marker is None:
            for n, text in enumerate(b.text.split("\n")):
                if LOOKS_LIKE_COMMAND.match(text):
                    problems.append(f"{b.page}:{b.line + n}: a command in a ```{b.kind} block; "
                                    "fence it as ```sh or ```console (or mark it not run, with the reason)")
                    break
                if text.startswith("mha-explain: error:"):
                    problems.append(f"{b.page}:{b.line + n}: an error message without its command; show it in a "
                                    "```console block under '$ command' (or mark the block not run, with the reason)")
                    break
        if b.kind == "cpp" and (b.marker is None or b.marker[0] != "not run"):
            problems.append(f"{b.where()}: a ```cpp block needs '<!-- example: not run: REASON -->' (C++ is not compiled here)")
    return out


class Runner:
    def __init__(self, binary, work, page_text):
        self.work = work
        self.used = set()
        bindir = os.path.join(work, "..", "bin")
        os.makedirs(bindir, exist_ok=True)
        link = os.path.join(bindir, "mha-explain")
        if not os.path.exists(link):
            os.symlink(os.path.abspath(binary), link)
        self.env = dict(os.environ, PATH=os.path.abspath(bindir) + os.pathsep + os.environ.get("PATH", ""),
                        NO_COLOR="", LC_ALL="C.UTF-8", HOME=work)
        self.env.pop("COLORTERM", None)
        for name, source in INPUTS.items():
            target = os.path.join(ROOT, source)
            if not os.path.exists(target):
                raise SystemExit(f"FAIL: the test input {source} (for {name}) is missing")
            if name not in page_text:
                continue
            # Folders are linked (examples only read them), files copied (an
            # example may write over one, as weights.md's Python does).
            if os.path.isdir(target):
                os.symlink(target, os.path.join(work, name))
            else:
                shutil.copyfile(target, os.path.join(work, name))

    def substitute(self, command):
        for before, after, _ in SUBSTITUTIONS:
            if before in command:
                self.used.add(before)
                command = command.replace(before, after)
        return command

    def files(self, spec, where):
        """A marker's files: NAME=repo/path, placed in the work folder (over an input of that name)."""
        for item in spec.split():
            name, _, source = item.partition("=")
            target = os.path.join(ROOT, source)
            if not name or not os.path.exists(target):
                return f"{where}: marker 'files: {item}': expected NAME=path of a file in the repository"
            path = os.path.join(self.work, name)
            if os.path.lexists(path):
                os.remove(path)
            os.symlink(target, path)
        return None

    def shell(self, script, timeout=120):
        return subprocess.run(["bash", "-c", script], cwd=self.work, env=self.env, capture_output=True,
                              text=True, timeout=timeout)

    def run_sh(self, b):
        script = "set -eu\n" + self.substitute(b.text)
        r = self.shell(script)
        said = r.stdout + r.stderr
        if r.returncode != 0 or "mha-explain: error" in said or "internal error" in said:
            return [f"{b.where()}: the ```sh block exits {r.returncode}:\n" + indent(script) + "\n" + indent(said[-2000:])]
        return []

    def run_console(self, b):
        failures, commands = [], []
        for n, line in enumerate(b.text.rstrip("\n").split("\n")):
            if line.startswith("$ "):
                commands.append((b.line + n, line[2:], []))
            elif commands:
                commands[-1][2].append(line)
            elif line.strip():
                failures.append(f"{b.page}:{b.line + n}: a ```console block starts with output, not with '$ command'")
        for line, command, shown in commands:
            run = self.substitute(command)
            r = self.shell(run)
            got = (r.stdout + r.stderr).split("\n")
            expect_error = any(s.startswith("mha-explain: error:") for s in shown)
            if (r.returncode != 0) != expect_error or r.returncode not in (0, 1):
                failures.append(f"{b.page}:{line}: `{run}` exits {r.returncode}; the doc shows "
                                f"{'an error' if expect_error else 'a success'}:\n" + indent(r.stdout + r.stderr))
                continue
            for s in shown:
                if s.strip() in ("…", "...") or not s.strip():
                    continue
                if s not in got:
                    failures.append(f"{b.page}:{line}: `{run}` does not print the doc's line\n    {s}\n"
                                    "  it prints:\n" + indent(r.stdout[-1500:] + r.stderr))
        return failures

    def run_python(self, b):
        env = dict(self.env, PYTHONPATH=STAND_INS, PYTHONDONTWRITEBYTECODE="1")
        r = subprocess.run([sys.executable, "-"], input=b.text, cwd=self.work, env=env, capture_output=True,
                           text=True, timeout=120)
        if r.returncode != 0:
            return [f"{b.where()}: the ```python block exits {r.returncode}:\n" + indent(r.stdout + r.stderr)]
        return []


def indent(text):
    return "\n".join("    " + line for line in text.rstrip("\n").split("\n"))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary, listing = sys.argv[1], "--list" in sys.argv[2:]
    problems, all_blocks = [], []
    for path in pages():
        all_blocks += blocks_of(path, problems)
    all_blocks += man_blocks(problems)
    examples = [b for b in all_blocks
                if b.kind in RUN_KINDS or b.kind == "cpp" or (b.marker and b.marker[0] == "not run")]
    ran, not_run, failures = 0, [], []
    tmp = tempfile.mkdtemp(prefix="doc-examples-")
    used = set()
    try:
        by_page = {}
        for b in examples:
            by_page.setdefault(b.page, []).append(b)
        for page, page_blocks in by_page.items():
            work = os.path.join(tmp, re.sub(r"[^A-Za-z0-9]+", "-", page))
            os.makedirs(work)
            runner = Runner(binary, work, "".join(b.text for b in page_blocks))
            for b in page_blocks:
                if b.marker and b.marker[0] == "not run":
                    if not b.marker[1]:
                        problems.append(f"{b.where()}: 'not run' without a reason")
                    not_run.append((b, b.marker[1]))
                    continue
                if b.marker and b.marker[0] == "files":
                    problem = runner.files(b.marker[1], b.where())
                    if problem:
                        problems.append(problem)
                        continue
                if listing:
                    print(f"run   {b.where()} ({b.kind})")
                    continue
                failures += getattr(runner, "run_" + b.kind)(b)
                ran += 1
            used |= runner.used
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not listing:
        for before, _, why in SUBSTITUTIONS:
            if before not in used:
                problems.append(f"the substitution '{before}' ({why}) is used by no example any more: remove it")
        run_text = "".join(b.text for b in examples if not (b.marker and b.marker[0] == "not run"))
        for name in INPUTS:
            if name not in run_text:
                problems.append(f"the input '{name}' is used by no example any more: remove it from INPUTS")
    for b, why in not_run:
        print(f"not run  {b.where()} ({b.kind}): {why}")
    for f in problems + failures:
        print("FAIL " + f)
    kinds = {k: sum(1 for b in examples if b.kind == k and not (b.marker and b.marker[0] == "not run"))
             for k in RUN_KINDS}
    print(f"{'listed' if listing else 'ran'} {ran if not listing else sum(kinds.values())} examples "
          f"({', '.join(f'{n} {k}' for k, n in kinds.items())}) of {len({b.page for b in examples})} pages; "
          f"{len(not_run)} marked not run; {len(problems) + len(failures)} failures")
    return 1 if problems or failures else 0


if __name__ == "__main__":
    sys.exit(main())
