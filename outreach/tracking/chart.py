"""Turn a funnel into a PNG chart a manager can show: reach, calls until an appointment, caseload.

Dutch labels throughout, plain colours, numbers printed on the bars (no reading of axes needed).
matplotlib is imported here only, with the non-interactive Agg backend.
"""

from __future__ import annotations

from pathlib import Path

from ..texts import t
from .report import STAGES, Funnel

BLUE, GREY, RED, GREEN, AMBER = "#1f5f99", "#b8c4ce", "#c0392b", "#2e7d32", "#d98c00"


def funnel_png(f: Funnel, path: Path | str) -> Path:
    """Write the chart to `path` and return it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .. import dates
    from matplotlib.ticker import MaxNLocator

    total = f.total
    fig = plt.figure(figsize=(11, 8.5), dpi=110)
    grid = fig.add_gridspec(2, 2, height_ratios=[1.25, 1], hspace=0.45, wspace=0.3)
    fig.suptitle(t("tracking.chart.title", date=dates.date(f.on)), fontsize=16, fontweight="bold", x=0.02, ha="left")

    ax = fig.add_subplot(grid[0, :])
    stages = list(STAGES)
    values = [getattr(total, s) for s in stages]
    colours = [GREY, BLUE, BLUE, BLUE, GREEN, RED, RED, AMBER]
    bars = ax.barh([f.labels[s] for s in stages], values, color=colours)
    ax.invert_yaxis()
    base = total.total or 1
    for bar, value in zip(bars, values):
        ax.text(bar.get_width() + base * 0.01, bar.get_y() + bar.get_height() / 2,
                f"{value}  ({round(value * 100 / base)}%)", va="center", fontsize=11)
    ax.set_xlim(0, base * 1.18)
    ax.set_title(t("tracking.chart.funnel"), loc="left", fontsize=13)
    ax.tick_params(axis="y", labelsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(t("tracking.chart.people"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))

    ax2 = fig.add_subplot(grid[1, 0])
    keys = list(f.calls_to_appointment)
    counts = [f.calls_to_appointment[k] for k in keys]
    bars2 = ax2.bar(keys, counts, color=BLUE)
    for bar, value in zip(bars2, counts):
        if value:
            ax2.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), str(value), ha="center", va="bottom")
    ax2.set_title(t("tracking.chart.calls"), loc="left", fontsize=13)
    ax2.set_xlabel(t("tracking.chart.calls_axis"))
    ax2.set_ylabel(t("tracking.chart.people"))
    ax2.spines[["top", "right"]].set_visible(False)
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))

    ax3 = fig.add_subplot(grid[1, 1])
    names = list(f.caseload) or ["-"]
    loads = [f.caseload.get(n, 0) for n in names]
    bars3 = ax3.bar(names, loads, color=[RED if v > f.workable else BLUE for v in loads])
    for bar, value in zip(bars3, loads):
        ax3.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), str(value), ha="center", va="bottom")
    ax3.axhline(f.workable, color=GREEN, linestyle="--", linewidth=2)
    ax3.text(len(names) - 0.5, f.workable, t("tracking.chart.workable", count=f.workable), color=GREEN,
             ha="right", va="bottom", fontsize=10)
    ax3.set_ylim(0, max(loads + [f.workable]) * 1.2)
    ax3.set_title(t("tracking.chart.caseload"), loc="left", fontsize=13)
    ax3.set_ylabel(t("tracking.chart.people"))
    ax3.spines[["top", "right"]].set_visible(False)
    if len(names) > 4:
        ax3.tick_params(axis="x", labelrotation=30)

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    from ..privatefiles import owner_only

    with owner_only():  # a chart per coach or neighbourhood: not for everyone on the machine
        fig.savefig(out, bbox_inches="tight")
    plt.close(fig)
    return out
