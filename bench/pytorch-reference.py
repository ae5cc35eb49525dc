"""Time the PyTorch CAMP reference (its own ASE calculator) for `npm run bench`.

Usage: python3 bench/pytorch-reference.py [SPEC.json]   (the spec is read from stdin without one)

Spec (JSON):
  camp_src   folder holding the public CAMP source package `camp` (repository wengroup/camp, src/)
  stubs      optional folder of stand-ins for imports inference never uses (lightning, ...)
  threads    torch threads (default 1)
  warmup, runs, budget_s   defaults for every system (3, 20, no budget)
  systems    list of {name, checkpoint, structure, format: "extxyz" | "reference-json",
             index (default 0), repeat [a, b, c] (optional supercell), dtype "f32" | "f64",
             warmup, runs, budget_s (optional overrides)}

Prints one JSON object on stdout:
  {"torch": version, "threads": n, "results": [{name, dtype, atoms, edges, full_ms, nl_ms,
   warmup, runs, energy_eV} or {name, dtype, skipped: reason}]}
full = CAMP's ASE calculator, energy + forces, no stress (neighbour list + forward + autograd);
nl = the neighbour list alone, called as CAMP's calculator calls it. Times are medians, ms.
The model is built in the requested dtype from the float32 checkpoint (EMA weights, as the
calculator defaults to); the checkpoint's 0-d tensor hyperparameters follow that dtype, which
is how the stored reference outputs in ../shared/reference were made (they match bit for bit).

With "serve": true in the spec it times nothing by itself: it builds every system, prints
{"ready": [names]} on one line, then answers each line {"system": k, "calls": n} of stdin with
{"ms": [n wall times]} of system k's full call (warm-ups are the caller's), until stdin ends.
That lets the caller alternate blocks of PyTorch calls with its own, so that both see the same
machine load (bench/pytorch-paired.ts).
Exit codes: 2 bad spec, 3 torch/ASE/CAMP not importable, 4 a system failed.
"""
import contextlib
import json
import statistics
import sys
import time

EXIT_SPEC, EXIT_IMPORT, EXIT_SYSTEM = 2, 3, 4
DTYPES = {"f32": "float32", "f64": "float64"}


def fail(code, message):
    print(f"pytorch-reference: {message}", file=sys.stderr)
    sys.exit(code)


def read_spec():
    try:
        if len(sys.argv) > 1:
            spec = json.loads(open(sys.argv[1]).read())
        else:
            # One line when it is JSON on its own (serve mode keeps stdin open for requests), else all of stdin.
            text = sys.stdin.readline()
            try:
                spec = json.loads(text)
            except ValueError:
                spec = json.loads(text + sys.stdin.read())
    except (OSError, ValueError) as e:
        fail(EXIT_SPEC, f"cannot read the JSON spec: {e}")
    if not isinstance(spec, dict) or "camp_src" not in spec or not isinstance(spec.get("systems"), list):
        fail(EXIT_SPEC, "spec needs `camp_src` (a folder) and `systems` (a list)")
    for i, s in enumerate(spec["systems"]):
        missing = [k for k in ("name", "checkpoint", "structure", "format", "dtype") if k not in s]
        if missing:
            fail(EXIT_SPEC, f"systems[{i}] lacks {', '.join(missing)}")
        if s["dtype"] not in DTYPES:
            fail(EXIT_SPEC, f"systems[{i}].dtype is {s['dtype']!r}; expected f32 or f64")
        if s["format"] not in ("extxyz", "reference-json"):
            fail(EXIT_SPEC, f"systems[{i}].format is {s['format']!r}; expected extxyz or reference-json")
    return spec


def import_reference(spec):
    """torch, ase and CAMP's calculator; CAMP comes from the caller's folder, never installed."""
    sys.path[:0] = [p for p in (spec["camp_src"], spec.get("stubs")) if p]
    try:
        import torch  # noqa: F401
    except ImportError as e:
        # Another python first on PATH (pyenv, a venv) does not see Debian's python3-torch: say which one ran.
        fail(EXIT_IMPORT, f"{sys.executable} lacks torch ({e}); Debian: apt-get install python3-torch, then run /usr/bin/python3")
    try:
        import ase  # noqa: F401
    except ImportError as e:
        fail(EXIT_IMPORT, f"{sys.executable} lacks ase ({e}); Debian: apt-get install python3-ase, then run /usr/bin/python3")
    try:
        from camp.ase.calculator import CAMPCalculator
        from camp.data.neighbor import get_neigh
    except Exception as e:  # any import-time failure of a third-party tree
        fail(EXIT_IMPORT, f"cannot import CAMP from {spec['camp_src']} (stubs: {spec.get('stubs')}): {type(e).__name__}: {e}")
    return CAMPCalculator, get_neigh


@contextlib.contextmanager
def checkpoint_in_dtype(torch, dtype_name):
    """While CAMP loads a checkpoint, make it build the model in `dtype_name`.

    CAMP's loader sets torch's default dtype from the checkpoint's `default_dtype` (absent in
    some checkpoints) and builds the model from its hyperparameters, some of which are 0-d
    float32 tensors; both follow the requested dtype here. Weights are cast on loading.
    """
    real_load = torch.load
    dtype = getattr(torch, dtype_name)

    def load(*args, **kwargs):
        checkpoint = real_load(*args, **kwargs)
        other = checkpoint["hyper_parameters"]["other_hparams"]
        other["default_dtype"] = dtype_name
        other["model"] = {k: v.to(dtype) if torch.is_tensor(v) and v.is_floating_point() else v
                          for k, v in other["model"].items()}
        return checkpoint

    torch.load = load
    try:
        yield
    finally:
        torch.load = real_load


def read_atoms(system):
    import numpy as np
    from ase import Atoms
    from ase.io import read

    index = system.get("index", 0)
    if system["format"] == "extxyz":
        atoms = read(system["structure"], index=index, format="extxyz")
    else:
        s = json.load(open(system["structure"]))["structures"][index]
        atoms = Atoms(numbers=s["numbers"], positions=s["positions"],
                      cell=s["cell"] if s["cell"] else np.zeros((3, 3)), pbc=s["pbc"])
    atoms.calc = None
    return atoms.repeat(system["repeat"]) if system.get("repeat") else atoms


def median_ms(fn, warmup, runs, budget_s):
    """Median wall time of `runs` calls after `warmup` calls; fewer runs when over budget_s.

    Returns (median ms, runs done) or (None, reason) when not even one timed call fits.
    """
    t0 = time.perf_counter()
    fn()
    first_s = time.perf_counter() - t0
    if budget_s is not None:
        if first_s * (max(warmup, 1) + 1) > budget_s:
            return None, f"one call took {first_s:.1f} s: a timed run does not fit the {budget_s:g} s budget"
        runs = max(1, min(runs, int(budget_s / first_s) - max(warmup, 1)))
    for _ in range(warmup - 1):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(samples), runs


def build(system, torch, CAMPCalculator):
    """System's calculator and atoms, and `full`: one energy+forces call in its dtype."""
    from ase.calculators.calculator import all_changes

    dtype_name = DTYPES[system["dtype"]]
    with checkpoint_in_dtype(torch, dtype_name):
        calc = CAMPCalculator(system["checkpoint"], use_ema_params=True, need_stress=False)
    atoms = read_atoms(system)

    def full():  # all_changes: the calculator's result cache never skips the work
        torch.set_default_dtype(getattr(torch, dtype_name))  # CAMP builds its inputs in this dtype
        calc.calculate(atoms, ["energy", "forces"], all_changes)

    return calc, atoms, full


def measure(system, spec, torch, CAMPCalculator, get_neigh):
    warmup = system.get("warmup", spec.get("warmup", 3))
    runs = system.get("runs", spec.get("runs", 20))
    budget_s = system.get("budget_s", spec.get("budget_s"))
    calc, atoms, full = build(system, torch, CAMPCalculator)

    def nl():
        return get_neigh(coords=atoms.positions, r_cut=calc.r_cut, pbc=atoms.pbc, cell=atoms.cell.array.copy())

    full_ms, full_runs = median_ms(full, warmup, runs, budget_s)
    base = {"name": system["name"], "dtype": system["dtype"]}
    if full_ms is None:
        return {**base, "skipped": full_runs}
    nl_ms, _ = median_ms(nl, warmup, runs, None)
    return {**base, "atoms": len(atoms), "edges": int(nl()[0].shape[1]), "full_ms": full_ms, "nl_ms": nl_ms,
            "warmup": warmup, "runs": full_runs, "energy_eV": float(calc.results["energy"])}


def serve(spec, torch, CAMPCalculator):
    """Times blocks of calls on request (see the module docstring)."""
    calls = []
    for system in spec["systems"]:
        try:
            calls.append(build(system, torch, CAMPCalculator)[2])
        except Exception as e:
            fail(EXIT_SYSTEM, f"{system['name']} ({system['dtype']}): {type(e).__name__}: {e}")
    print(json.dumps({"ready": [s["name"] for s in spec["systems"]], "torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        try:
            request = json.loads(line)
            full, n = calls[int(request["system"])], int(request["calls"])
        except (ValueError, KeyError, IndexError, TypeError) as e:
            fail(EXIT_SPEC, f"bad request {line.strip()!r}: {e}")
        samples = []
        for _ in range(n):
            t0 = time.perf_counter()
            full()
            samples.append((time.perf_counter() - t0) * 1e3)
        print(json.dumps({"ms": samples}), flush=True)


def main():
    spec = read_spec()
    CAMPCalculator, get_neigh = import_reference(spec)
    import torch

    threads = int(spec.get("threads", 1))
    torch.set_num_threads(threads)
    if spec.get("serve"):
        return serve(spec, torch, CAMPCalculator)
    results = []
    for system in spec["systems"]:
        try:
            results.append(measure(system, spec, torch, CAMPCalculator, get_neigh))
        except Exception as e:
            fail(EXIT_SYSTEM, f"{system['name']} ({system['dtype']}): {type(e).__name__}: {e}")
        print(f"pytorch-reference: {system['name']} {system['dtype']} done", file=sys.stderr, flush=True)
    print(json.dumps({"torch": torch.__version__, "threads": threads, "results": results}))


if __name__ == "__main__":
    main()
