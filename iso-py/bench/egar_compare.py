"""The same e-GAR aggregation with iso_core, pandas and polars, on the same synthetic CSV file.

    python iso-py/bench/egar_compare.py --guides 1000000        # generates /tmp/egar-1000000.csv first
    python iso-py/bench/egar_compare.py --file guias.csv        # an export of your own

The aggregation: guides in state CC, effective quantity (the destination's correction where present) and effective
operation, summed per producer, producer establishment, destination, destination establishment, LER code, operation
and month of the first transport. iso_core does more than this in the same pass — it validates every guide (NIF
present, LER code in the list, operation code, quantity range, dates) and also sums by destination and by
transporter — so the comparison is generous to pandas and polars. Each tool runs in its own process, so that the
peak memory printed (max RSS) is its own. The totals are compared to the gram.
"""

from __future__ import annotations

import argparse
import decimal
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KEY = ["nifRemetente", "codigoApaRemetente", "nifDestinatario", "codigoApaDestinatario", "ler", "operation", "month"]


def with_iso_core(path: str) -> dict[str, Any]:
    from iso_core import egar

    guides = egar.read(path, roles=["producer"])
    groups = guides.groups()
    return {"groups": len(groups), "tonnes": str(guides.tonnes), "guides": guides.report["counted"]}


def with_pandas(path: str) -> dict[str, Any]:
    import pandas as pd

    usecols = [
        "codigoEstado", "nifRemetente", "codigoApaRemetente", "nifDestinatario", "codigoApaDestinatario",
        "dataHoraInicioTransporte1", "dataEmissao", "codigoResiduoLer", "codigoOperacao", "quantidade",
        "quantidadeCorrigido", "codigoOperacaoCorrigido",
    ]
    df = pd.read_csv(path, sep=";", dtype=str, usecols=usecols, encoding="utf-8-sig", keep_default_na=False)
    df = df[df.codigoEstado == "CC"]
    quantity = df.quantidadeCorrigido.where(df.quantidadeCorrigido != "", df.quantidade)
    df = df.assign(
        tonnes=pd.to_numeric(quantity.str.replace(",", ".", regex=False)),
        operation=df.codigoOperacaoCorrigido.where(df.codigoOperacaoCorrigido != "", df.codigoOperacao),
        ler=df.codigoResiduoLer,
        month=df.dataHoraInicioTransporte1.where(df.dataHoraInicioTransporte1 != "", df.dataEmissao).str[:7],
    )
    groups = df.groupby(KEY, sort=True).tonnes.sum()
    return {"groups": len(groups), "tonnes": f"{groups.sum():.3f}", "guides": len(df)}


def with_polars(path: str) -> dict[str, Any]:
    import polars as pl

    c = pl.col
    lazy = (
        pl.scan_csv(path, separator=";", infer_schema=False, encoding="utf8")
        .filter(c("codigoEstado") == "CC")
        .with_columns(
            tonnes=pl.coalesce(c("quantidadeCorrigido"), c("quantidade")).str.replace(",", ".").cast(pl.Float64),
            operation=pl.coalesce(c("codigoOperacaoCorrigido"), c("codigoOperacao")),
            ler=c("codigoResiduoLer"),
            month=pl.coalesce(c("dataHoraInicioTransporte1"), c("dataEmissao")).str.slice(0, 7),
        )
    )
    counted = lazy.select(pl.len()).collect().item()
    groups = lazy.group_by(KEY).agg(c("tonnes").sum()).collect()
    return {"groups": groups.height, "tonnes": f"{groups['tonnes'].sum():.3f}", "guides": counted}


TOOLS = {"iso_core": with_iso_core, "pandas": with_pandas, "polars": with_polars}


def run_one(tool: str, path: str) -> dict[str, Any]:
    """Runs one tool in this process and returns its result with the time and the peak memory."""
    started = time.perf_counter()
    result = TOOLS[tool](path)
    result["seconds"] = time.perf_counter() - started
    result["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_isolated(tool: str, path: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", tool, "--file", path], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def compare(path: str, tools: list[str]) -> dict[str, dict[str, Any]]:
    """Every tool on `path`, each in its own process; raises if they disagree on the counts or the total."""
    results = {tool: run_isolated(tool, path) for tool in tools}
    reference = results[tools[0]]
    for tool, result in results.items():
        same_total = decimal.Decimal(result["tonnes"]).quantize(decimal.Decimal("0.001")) == decimal.Decimal(
            reference["tonnes"]
        ).quantize(decimal.Decimal("0.001"))
        if (result["groups"], result["guides"]) != (reference["groups"], reference["guides"]) or not same_total:
            raise AssertionError(f"{tool} disagrees with {tools[0]}: {result} vs {reference}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guides", type=int, default=1_000_000, help="synthetic guides to generate (no --file)")
    parser.add_argument("--file", help="an e-GAR CSV list (the generator's columns)")
    parser.add_argument("--tools", default="iso_core,pandas,polars")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.file)))
        return
    path = args.file
    if path is None:
        from iso_core import egar

        path = os.path.join(tempfile.gettempdir(), f"egar-{args.guides}.csv")
        if not Path(path).exists():
            print(f"generating {args.guides} guides in {path}", file=sys.stderr)
            egar.generate(path, args.guides)
    size = Path(path).stat().st_size
    results = compare(path, args.tools.split(","))
    print(f"{path}: {size / 1e6:.1f} MB, {next(iter(results.values()))['guides']} guides counted")
    print(f"{'tool':<10} {'seconds':>8} {'MB/s':>8} {'peak MiB':>9} {'groups':>8} {'tonnes':>16}")
    for tool, r in results.items():
        mbps = size / 1e6 / r["seconds"]
        print(f"{tool:<10} {r['seconds']:>8.2f} {mbps:>8.1f} {r['max_rss_mib']:>9.0f} {r['groups']:>8} {r['tonnes']:>16}")


if __name__ == "__main__":
    main()
