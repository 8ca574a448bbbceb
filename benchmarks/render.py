"""How long rendering 岗位说明书 takes: per role, the whole knowledge base, serial and parallel.

    .venv/bin/python benchmarks/render.py [--root .] [--jobs 2]

Measures, on the real knowledge base (17 roles):
- one-off costs: opening the knowledge base, importing WeasyPrint / docxtpl;
- per-role time for .docx and .pdf (median, max), and PDF size;
- the whole knowledge base, serial vs a process pool (`render_documents(jobs=N)`);
- WeasyPrint alone on the same HTML, so the pipeline's overhead
  (sections + templates + atomic write + glyph check) is visible: the issue allows ≤ 20 %.
Numbers go to the README.
"""
from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

from roledocs.kb import open_knowledge_base
from roledocs.render import render_documents, render_role
from roledocs.render.html import render_html
from roledocs.content.job_description import job_description


def timed(fn, *args, **kw):
    start = time.perf_counter()
    result = fn(*args, **kw)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    t_open, kb = timed(open_knowledge_base, args.root)
    t_weasy, _ = timed(__import__, "weasyprint")
    t_docxtpl, _ = timed(__import__, "docxtpl")
    print(f"open knowledge base {t_open:.2f} s · import weasyprint {t_weasy:.2f} s · import docxtpl {t_docxtpl:.2f} s")
    roles = list(kb.roles)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        render_role(kb, roles[0], "pdf", out)  # warm-up: fonts loaded and cached by Pango
        render_role(kb, roles[0], "docx", out)
        for fmt in ("docx", "pdf"):
            times = [timed(render_role, kb, r, fmt, out)[0] for r in roles]
            print(f"{fmt:>4} per role: median {statistics.median(times) * 1000:.0f} ms, "
                  f"max {max(times) * 1000:.0f} ms, total {sum(times):.2f} s for {len(roles)} roles")
        sizes = [(out / f"{r}.pdf").stat().st_size for r in roles]
        print(f" pdf size: median {statistics.median(sizes) / 1024:.0f} KB, max {max(sizes) / 1024:.0f} KB, "
              f"total {sum(sizes) / 1024 / 1024:.1f} MB")

        import weasyprint
        pages = {r: render_html(job_description(kb, kb.roles[r])) for r in roles}
        # Interleaved, best of 3 per role: a shared machine's noise hits both sides alike.
        direct, pipeline = {r: [] for r in roles}, {r: [] for r in roles}
        for _ in range(3):
            for r in roles:
                direct[r].append(timed(weasyprint.HTML(string=pages[r]).write_pdf, io.BytesIO())[0])
                pipeline[r].append(timed(render_role, kb, r, "pdf", out)[0])
        d, p = sum(map(min, direct.values())), sum(map(min, pipeline.values()))
        print(f" pdf pipeline {p:.2f} s vs WeasyPrint alone on the same HTML {d:.2f} s "
              f"(best of 3, {len(roles)} roles): overhead {(p / d - 1) * 100:+.1f} %")

    # The machine may be shared: CPU seconds of this process (serial runs) are the steadier number.
    for jobs in (1, args.jobs):
        for formats in (("docx",), ("pdf",), ("docx", "pdf")):
            with tempfile.TemporaryDirectory() as tmp:
                cpu = time.process_time()
                wall, paths = timed(render_documents, kb, Path(tmp), formats=formats, jobs=jobs)
                cpu = time.process_time() - cpu
            note = f", {cpu:.2f} s CPU" if jobs == 1 else ""
            print(f"whole knowledge base, {'+'.join(formats):>8}, jobs={jobs}: {wall:.2f} s wall{note} "
                  f"({len(paths)} files)")


if __name__ == "__main__":
    main()
