"""Draws the Grafana dashboard's panels from the data its queries returned in a real Prometheus (the file
test/e2e/prometheus.e2e-spec.ts saves), laid out on the dashboard's own grid: a picture of the dashboard from real
data, where Grafana itself cannot run (in the dashboard's panel order, four to a row).  Usage, after the e2e run:
  $TESSERA_HOME/venv/bin/python scripts/render-dashboard.py .local/test-results/dashboard-data.json docs/dashboard.png"""
import json
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

UNITS = {"percentunit": "ratio", "reqps": "per s", "ops": "per s", "s": "seconds", "bytes": "bytes", "short": ""}
MAX_LINES = 8

data = json.load(open(sys.argv[1]))
panels = data["panels"]
COLUMNS = 4
rows = -(-len(panels) // COLUMNS)
figure, axes = plt.subplots(rows, COLUMNS, figsize=(COLUMNS * 5.2, rows * 3.1), dpi=60, squeeze=False)
for spare in axes.flat[len(panels) :]:
    spare.set_visible(False)
start = data["start"]


def legend(template: str, labels: dict) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), template).strip() or "value"


for panel, ax in zip(panels, axes.flat):
    ax.set_title(panel["title"], fontsize=8.5, loc="left", wrap=True)
    lines = []
    for target in panel["targets"]:
        for series in target["result"]:
            points = [(t - start, float(v)) for t, v in series["values"] if v not in ("NaN", "+Inf", "-Inf")]
            if points:
                lines.append((legend(target["legendFormat"], series["metric"]), points))
    lines.sort(key=lambda line: -max(v for _, v in line[1]))
    for name, points in lines[:MAX_LINES]:
        ax.plot([t for t, _ in points], [v for _, v in points], linewidth=1.2, label=name)
    if len(lines) > MAX_LINES:
        ax.text(0.99, 0.97, f"+{len(lines) - MAX_LINES} more series", transform=ax.transAxes, ha="right", va="top", fontsize=7)
    unit = UNITS.get(panel.get("fieldConfig", {}).get("defaults", {}).get("unit", ""), "")
    ax.set_ylabel(unit, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    if lines:
        ax.legend(fontsize=6, loc="upper left", ncol=2, framealpha=0.6)
    else:
        ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center")
figure.suptitle(
    "Tessera dashboard: each panel's queries in a real Prometheus scraping the e2e system under load "
    "(x: seconds into the run; an SMS fault is injected, then cleared)",
    fontsize=12,
)
figure.tight_layout(rect=(0, 0, 1, 0.98))
figure.savefig(sys.argv[2])
