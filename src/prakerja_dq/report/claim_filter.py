"""The front page's claim filter: a compact column-wise claim index and the small script that searches it.

A 20.000-article run publishes ~30.000 claims. One JSON array per claim with its 32-character id costs
~90 bytes a claim (2,5 MB); stored column-wise as base-32 varint strings it costs ~25. A claim is known by
its position in report order (worst dispute first), which is also how its claim page is found: claim pages
hold the claims of one metric in that order, ``per_page`` to a page, each with an anchor ``k<slot>`` (its
position on its page, so a page's anchors change only when the page's own claims do).
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

import polars as pl

CONTINUED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
FINAL = "ghijklmnopqrstuvwxyz0123456789-_"
SHOWN = 150
EPOCH = date(1970, 1, 1)


def encode_varints(values: list[int]) -> str:
    """Non-negative integers as base-32 varints: one character for each value below 32.

    >>> encode_varints([0, 31, 32, 1059])
    'g_BgBBj'
    >>> decode_varints(encode_varints([5, 0, 70000, 3])) == [5, 0, 70000, 3]
    True
    """
    return "".join(map(varint, values))


@lru_cache(maxsize=1 << 16)
def varint(value: int) -> str:
    """One non-negative integer as a base-32 varint (most values repeat: gaps, days, counts)."""
    chunks = []
    while True:
        chunks.append(value & 31)
        value >>= 5
        if not value:
            break
    chunks.reverse()
    return "".join(CONTINUED[chunk] for chunk in chunks[:-1]) + FINAL[chunks[-1]]


def decode_varints(encoded: str) -> list[int]:
    """The inverse of ``encode_varints`` (the filter script does the same in JavaScript)."""
    values, pending = [], 0
    for char in encoded:
        if char in CONTINUED:
            pending = pending * 32 + CONTINUED.index(char)
            continue
        values.append(pending * 32 + FINAL.index(char))
        pending = 0
    return values


def encode_ids(ids: list[int]) -> str:
    """Sorted distinct non-negative integers as the varints of their gaps.

    >>> encode_ids([0, 1, 2, 40, 1100])
    'gggBlBBj'
    >>> decode_ids(encode_ids([3, 7, 2048, 70000])) == [3, 7, 2048, 70000]
    True
    """
    previous, gaps = -1, []
    for value in ids:
        gaps.append(value - previous - 1)
        previous = value
    return encode_varints(gaps)


def decode_ids(encoded: str) -> list[int]:
    ids, previous = [], -1
    for gap in decode_varints(encoded):
        previous += gap + 1
        ids.append(previous)
    return ids


def optional(value: int | None) -> int:
    """``None`` as 0, anything else shifted by one (waves and dates are optional)."""
    return 0 if value is None else int(value) + 1


def compact_number(value: float | None) -> float | int | None:
    """A consensus value as the list shows it: whole above 100, else two decimals.

    >>> compact_number(7400000.4), compact_number(0.256), compact_number(None), compact_number(float("inf"))
    (7400000, 0.26, None, None)
    """
    if value is None or value != value or abs(value) == float("inf"):
        return None
    rounded = round(value) if abs(value) >= 100 else round(value, 2)
    return int(rounded) if float(rounded).is_integer() else rounded


def claim_index(claims: pl.DataFrame, metric_pages: dict[str, list[str]], *, per_page: int) -> dict:
    """The index the filter searches, one column per field; ``claims`` in report order (worst first).

    Outlets are numbered by how many claims name them, so the frequent ones take one character.
    """
    metrics = sorted(metric_pages)
    statuses = ["disputed", "agreed", "single_source", "not_comparable"]
    statuses += sorted(set(claims["status"].drop_nulls()) - set(statuses))
    units = sorted(claims["unit"].drop_nulls().unique().to_list())
    frequency: dict[str, int] = {}
    for column in ("supporting_outlets", "dissenting_outlets"):
        for row in claims[column].to_list():
            for outlet in row or []:
                frequency[outlet] = frequency.get(outlet, 0) + 1
    outlets = sorted(frequency, key=lambda name: (-frequency[name], name))
    number = {name: index for index, name in enumerate(outlets)}
    columns: dict[str, list] = {
        key: [] for key in ("metric", "status", "unit", "wave_from", "wave_to", "as_of")
    }
    columns |= {"reports": [], "value": [], "dissenting": [], "supporting": []}
    metric_number = {metric: index for index, metric in enumerate(metrics)}
    status_number = {status: index for index, status in enumerate(statuses)}
    unit_number = {unit: index for index, unit in enumerate(units)}
    rows = claims.select(
        "metric",
        "status",
        "unit",
        "wave_from",
        "wave_to",
        "as_of_from",
        "as_of_to",
        "reports",
        "consensus_value",
        "dissenting_outlets",
        "supporting_outlets",
    ).iter_rows()
    for metric, status, unit, wave_from, wave_to, as_of_from, as_of_to, reports, value, *named in rows:
        dissenting = sorted({number[o] for o in named[0] or []})
        supporting = sorted({number[o] for o in named[1] or []} - set(dissenting))
        as_of = as_of_to or as_of_from
        columns["metric"].append(metric_number[metric])
        columns["status"].append(status_number.get(status, 0))
        columns["unit"].append(optional(unit_number.get(unit)))
        columns["wave_from"].append(optional(wave_from))
        columns["wave_to"].append(optional(wave_to if wave_to is not None else wave_from))
        columns["as_of"].append(optional((as_of - EPOCH).days if as_of is not None else None))
        columns["reports"].append(int(reports or 0))
        columns["value"].append(compact_number(value))
        columns["dissenting"].append(encode_ids(dissenting))
        columns["supporting"].append(encode_ids(supporting))
    encoded = {key: encode_varints(columns[key]) for key in ("metric", "status", "unit")}
    encoded |= {key: encode_varints(columns[key]) for key in ("wave_from", "wave_to", "as_of", "reports")}
    return {
        "count": claims.height,
        "metrics": metrics,
        "metric_pages": [metric_pages[metric] for metric in metrics],
        "per_page": per_page,
        "statuses": statuses,
        "units": units,
        "outlets": outlets,
        "shown": SHOWN,
        "continued": CONTINUED,
        "final": FINAL,
        "columns": encoded
        | {
            "value": columns["value"],
            "dissenting": ",".join(columns["dissenting"]),
            "supporting": ",".join(columns["supporting"]),
        },
    }


def json_block(element_id: str, value: object) -> str:
    """A JSON data block safe inside HTML (no ``</script>`` can close it early)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def filter_form(index: dict, labels: dict[str, str]) -> str:
    from prakerja_dq.report.pages import esc

    metrics = "".join(f'<option value="{esc(m)}">{esc(m)}</option>' for m in index["metrics"])
    statuses = "".join(
        f'<option value="{esc(s)}">{esc(labels.get(s, s))}</option>' for s in index["statuses"]
    )
    return (
        '<form class="filter" id="claim-filter" autocomplete="off">'
        f'<label>metric <select name="metric"><option value="">any</option>{metrics}</select></label>'
        '<label>outlet <input name="outlet" type="search" placeholder="part of a name"></label>'
        '<label>wave <input name="wave" type="number" min="1" step="1"></label>'
        f'<label>status <select name="status"><option value="">any</option>{statuses}</select></label>'
        "</form>"
        '<p id="claim-count" class="muted">The claim filter needs JavaScript; the claim pages list every '
        'claim.</p><ol id="claim-list"></ol>'
    )


FILTER_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("claim-index").textContent);
  var form = document.getElementById("claim-filter");
  var list = document.getElementById("claim-list");
  var count = document.getElementById("claim-count");
  function varints(encoded) {
    var values = [], pending = 0;
    for (var i = 0; i < encoded.length; i++) {
      var digit = data.continued.indexOf(encoded[i]);
      if (digit >= 0) { pending = pending * 32 + digit; continue; }
      values.push(pending * 32 + data.final.indexOf(encoded[i])); pending = 0;
    }
    return values;
  }
  function ids(encoded) {
    var previous = -1;
    return varints(encoded).map(function (gap) { previous += gap + 1; return previous; });
  }
  var c = data.columns, n = data.count;
  var metric = varints(c.metric), status = varints(c.status), unit = varints(c.unit);
  var waveFrom = varints(c.wave_from), waveTo = varints(c.wave_to), asOf = varints(c.as_of);
  var reports = varints(c.reports), dissenting = c.dissenting.split(",").map(ids);
  var supporting = c.supporting.split(",").map(ids), page = [], slot = [], names = [], seen = {};
  for (var k = 0; k < n; k++) {
    var rank = seen[metric[k]] || 0; seen[metric[k]] = rank + 1;
    page.push(data.metric_pages[metric[k]][Math.floor(rank / data.per_page)]);
    slot.push(rank % data.per_page);
    names.push(dissenting[k].concat(supporting[k]).map(function (i) {
      return data.outlets[i].toLowerCase();
    }));
  }
  function text(tag, value, cls) {
    var node = document.createElement(tag); node.textContent = value; if (cls) { node.className = cls; }
    return node;
  }
  function describe(k) {
    var waves = waveFrom[k] ? " · waves " + (waveFrom[k] - 1) + "-" + (waveTo[k] - 1) : "";
    var when = asOf[k] ? " · as of " + new Date((asOf[k] - 1) * 86400000).toISOString().slice(0, 10) : "";
    var value = c.value[k] === null ? "none" : c.value[k].toLocaleString("en");
    var label = (data.statuses[status[k]] || "unknown status").replace(/_/g, " ");
    return waves + when + " · " + label + " · consensus " + value + " · " + reports[k] + " reports";
  }
  function update() {
    var wantMetric = form.metric.value, wantStatus = form.status.value;
    var outlet = form.outlet.value.trim().toLowerCase(), wave = parseInt(form.wave.value, 10);
    var shown = 0, total = 0, matched = {};
    list.textContent = "";
    for (var k = 0; k < n; k++) {
      if (wantMetric && data.metrics[metric[k]] !== wantMetric) { continue; }
      if (wantStatus && data.statuses[status[k]] !== wantStatus) { continue; }
      if (!isNaN(wave) && (!waveFrom[k] || wave < waveFrom[k] - 1 || wave > waveTo[k] - 1)) { continue; }
      if (outlet && !names[k].some(function (name) { return name.indexOf(outlet) >= 0; })) { continue; }
      total += 1; matched[k] = true;
      if (shown >= data.shown) { continue; }
      shown += 1;
      var item = document.createElement("li");
      item.setAttribute("data-key", k);
      var unitName = unit[k] ? " (" + data.units[unit[k] - 1] + ")" : "";
      var link = text("a", data.metrics[metric[k]] + unitName);
      link.href = page[k] + "#k" + slot[k];
      item.appendChild(link);
      item.appendChild(text("span", describe(k)));
      if (dissenting[k].length) {
        item.appendChild(text("span", " · dissenting: " + dissenting[k].map(function (i) {
          return data.outlets[i]; }).join(", "), "muted"));
      }
      list.appendChild(item);
    }
    count.textContent = total + " claims match" + (total > shown ? " (first " + shown + " listed)" : "");
    document.querySelectorAll("section.claim[data-key]").forEach(function (section) {
      section.hidden = !matched[section.getAttribute("data-key")];
    });
  }
  form.addEventListener("input", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  update();
})();
"""
