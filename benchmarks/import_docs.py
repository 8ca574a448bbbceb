"""How long importing legacy job descriptions takes.

    .venv/bin/python benchmarks/import_docs.py [--root .] [--copies 20]

Measures:
- the CLI as a user runs it on the five seed documents (a fresh process, imports included);
- in-process time per seed file (read, clean, split, parse, draft, schema check, write);
- a batch like an HR migration: every role of the knowledge base rendered to .docx
  (the renderer's Word layout), `--copies` times under different names, imported at once;
- peak memory (max RSS) of this process.
Numbers go to the report / README.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from roledocs.importer import import_files
from roledocs.importer.reference import load_reference

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    seeds = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "roledocs.cli", "import", *map(str, seeds), "--out", str(tmp / "cli"),
                        "--root", str(args.root)], check=True, capture_output=True)
        print(f"CLI, 5 seeds, fresh process: {time.perf_counter() - start:.2f} s")

        ref = load_reference(args.root)
        import_files(seeds[:1], tmp / "warm", reference=ref)  # pay the one-off imports (OpenCC, pypinyin)
        for seed in seeds:
            times = []
            for n in range(5):
                start = time.perf_counter()
                report = import_files([seed], tmp / f"seed{n}", reference=ref, force=True)
                times.append(time.perf_counter() - start)
            print(f"  {seed.name}: {len(report.drafts())} drafts, median {statistics.median(times) * 1000:.0f} ms")

        try:
            from roledocs.kb import open_knowledge_base
            from roledocs.render import render_role
        except ImportError:
            print("renderer not available: batch of .docx skipped")
        else:
            kb = open_knowledge_base(args.root)
            rendered = [render_role(kb, rid, "docx", tmp / "docx") for rid in kb.roles]
            batch = []
            for copy in range(args.copies):
                for path in rendered:
                    target = tmp / "batch" / f"{path.stem}-{copy}.docx"
                    target.parent.mkdir(exist_ok=True)
                    shutil.copy(path, target)
                    batch.append(target)
            start = time.perf_counter()
            report = import_files(batch, tmp / "batch-out", reference=ref)
            took = time.perf_counter() - start
            print(f"batch: {len(batch)} .docx files → {len(report.drafts())} drafts in {took:.2f} s "
                  f"({took / len(batch) * 1000:.1f} ms per file)")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
