"""``storyline doctor``: check the config, the corpus and the index; say what to fix."""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import dataclass

from index.config import Config
from index.store.catalog import Catalog
from index.store.store import Store
from tui.commands.opening import index_folder_fix, index_folder_problem
from tui.commands.options import add_json
from tui.commands.output import emit_json


@dataclass(frozen=True)
class Finding:
    area: str  # config, corpus or index
    ok: bool
    message: str
    fix: str = ""


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of subcommand ``name`` (listed in ``tui.commands.COMMANDS``)."""
    if name == "doctor":
        add_json(p, "the findings")
        p.set_defaults(run=cmd_doctor)


def invocation(args: argparse.Namespace) -> str:
    """``storyline`` with the --config and --corpus this run was given, quoted for a shell,
    so that a suggested command works when copied."""
    words = ["storyline"]
    if getattr(args, "config", None):
        words += ["--config", args.config]
    for root in getattr(args, "corpus", None) or []:
        words += ["--corpus", root]
    return shlex.join(words)


def examine(config: Config, run: str = "storyline") -> list[Finding]:
    """Every check, in order; nothing is left written. ``run`` starts suggested commands."""
    findings = _config(config)
    corpus = _corpus(config)
    findings += corpus
    if all(f.ok for f in corpus):
        findings += _index(config, run)
    else:
        findings.append(Finding("index", True, "index not checked: fix the corpus first"))
    return findings


def _config(config: Config) -> list[Finding]:
    where = str(config.path) if config.path else "built-in defaults (no config file found)"
    if not config.problems:
        return [Finding("config", True, f"config: {where}")]
    return [
        Finding(
            "config",
            False,
            f"config: {problem}",
            f"edit {problem.path} line {problem.line}" if problem.line else f"edit {problem.path}",
        )
        for problem in config.problems
    ]


def _corpus(config: Config) -> list[Finding]:
    findings = []
    where = config.where("corpus")
    for root in config.corpus:
        if not root.exists() and root != config.feeds_dir:
            fix = (
                f"edit corpus: at {where} to name folders that exist, or pass --corpus PATH"
                if where
                else f"pass --corpus with a folder that exists ({root} does not)"
            )
            findings.append(Finding("corpus", False, f"corpus path does not exist: {root}", fix))
        else:
            findings.append(Finding("corpus", True, f"corpus: {root}"))
    return findings


def _index(config: Config, run: str) -> list[Finding]:
    path = config.index_path()
    index = f"run: {run} index"
    problem = index_folder_problem(path, create=False)
    if problem:
        message = f"index folder {path} cannot be used: {problem}"
        return [Finding("index", False, message, index_folder_fix(config))]
    if not path.exists():
        return [Finding("index", False, f"no index yet at {path}", index)]
    store = Store(path, config.corpus, config.entities)
    try:
        store.attach()
    except Exception as error:  # noqa: BLE001 - whatever it is, the index is unusable
        return [
            Finding(
                "index",
                False,
                f"index at {path} cannot be opened: {type(error).__name__}: {error}",
                f"{index} (it rebuilds a damaged index from the articles)",
            )
        ]
    findings = [Finding("index", True, f"index: {path}")]
    try:
        damage = store.damage()
        if damage:
            findings.append(Finding("index", False, f"index is damaged: {damage}", index))
        in_index, in_catalog = store.counts()
        if in_index != in_catalog:
            findings.append(
                Finding(
                    "index",
                    False,
                    f"full-text index has {in_index} articles, catalog {in_catalog}"
                    " (an update was interrupted)",
                    index,
                )
            )
        assert isinstance(store.catalog, Catalog)
        skipped, warnings = store.catalog.problems()
        scan = store.scan()
        known_bad = {p.path for p in skipped}  # listed below, not "stale"
        changed = [s for s in scan.changed if str(s.path) not in known_bad]
        if changed or scan.removed:
            findings.append(
                Finding(
                    "index",
                    False,
                    f"index is stale: {len(changed)} new or touched files,"
                    f" {len(scan.removed)} removed",
                    f"{index} (or just open the reader)",
                )
            )
        else:
            findings.append(Finding("index", True, f"index is fresh: {in_catalog} article(s)"))
        with store.lock(wait=False) as free:
            if not free:
                findings.append(
                    Finding("index", True, "another storyline process is updating the index now")
                )
        for problem in skipped:
            findings.append(
                Finding("corpus", False, f"skipped {problem}", "fix or remove the file")
            )
        if warnings:
            findings.append(
                Finding(
                    "corpus",
                    True,
                    f"{len(warnings)} files indexed with warnings ({run} index lists them)",
                )
            )
    finally:
        store.close()
    return findings


def cmd_doctor(args: argparse.Namespace, config: Config) -> int:
    findings = examine(config, invocation(args))
    bad = [f for f in findings if not f.ok]
    if args.json:
        emit_json(
            {
                "ok": not bad,
                "findings": [
                    {"area": f.area, "ok": f.ok, "message": f.message, "fix": f.fix}
                    for f in findings
                ],
            }
        )
        return 1 if bad else 0
    for finding in findings:
        mark = "ok " if finding.ok else "!! "
        print(f"{mark} {finding.message}")
        if finding.fix:
            print(f"    fix: {finding.fix}")
    print("all good" if not bad else f"{len(bad)} problem(s) found", file=sys.stderr)
    return 1 if bad else 0
