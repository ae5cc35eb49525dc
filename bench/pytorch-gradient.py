"""CAMP's training loss and its parameter gradient by PyTorch autograd on the original CAMP code,
for checking campjs's exact gradient (host/train, `campjs fit --gradient-only`).

Usage: python3 bench/pytorch-gradient.py SPEC.json OUT.json   (Debian: python3-torch, python3-numpy)

Spec (JSON):
  camp_src    folder holding the public CAMP source package `camp` (repository wengroup/camp, src/)
  stubs       folder of stand-ins for imports the model never uses (bench/pytorch-stubs)
  checkpoint  CAMP Lightning checkpoint
  weights     "ema" | "raw"
  energy_ratio, forces_ratio, normalize   the config's `loss` section
  frames      list of {numbers, positions (N×3, Å), energy (eV), forces (N×3, eV/Å),
              edges: {i, j, shift: E×3 shift vectors S·cell (Å)}} — the edge set is the caller's
              (campjs's neighbour list, which is ASE's edge set)

Writes {"loss", "loss_energy", "loss_forces", "gradients": {name: flat list}, "torch", "seconds"}:
the loss of lit_model.compute_loss_1_2 (normalize) / compute_loss_2_2, all frames one batch, in
float64, forces by autograd.grad(create_graph=True), then loss.backward() — what CAMP's
training step differentiates.

With "train_steps": {"dtype": "f32"|"f64", "warmup": w, "runs": r, "lr": lr, "clip": c} in the
spec it times CAMP's training step instead, on 1 thread: forward, forces by autograd.grad
(create_graph=True), the loss, backward, gradient-norm clipping, Adam (amsgrad) — the
model in that dtype, the frames one batch, the edges given (as CAMP's data loader has them
ready). Writes {"torch", "threads", "step_seconds": [r timed steps], "loss": first loss}.
"""
import json
import sys
import time


def load_model(spec, torch, dtype):
    from camp.model.camp import CAMP

    torch.set_default_dtype(dtype)
    ckpt = torch.load(spec["checkpoint"], map_location="cpu")
    # The 0-d float32 hyperparameter tensors (num_average_neigh, energy scale and shift) in
    # the model's dtype (float64 as the stored PyTorch references were made,
    # bench/pytorch-reference.py: otherwise sqrt(num_average_neigh) is taken in float32).
    hp = {k: v.to(dtype) if torch.is_tensor(v) and v.is_floating_point() else v
          for k, v in ckpt["hyper_parameters"]["other_hparams"]["model"].items()}
    atomic_numbers = sorted(ckpt["hyper_parameters"]["other_hparams"]["data"]["atomic_number"])
    model = CAMP(**hp)
    prefix = "ema.ema_model." if spec.get("weights", "ema") == "ema" else "model."
    state = {k[len(prefix):]: v for k, v in ckpt["state_dict"].items() if k.startswith(prefix)}
    model.load_state_dict(state, strict=True)
    return model.to(dtype), atomic_numbers


def batch_tensors(spec, torch, dtype, atomic_numbers):
    """The frames as one batch: positions (leaf), edges, types, atom counts, labels."""
    frames = spec["frames"]
    pos, types, i_idx, j_idx, shifts, num_atoms = [], [], [], [], [], []
    offset = 0
    for f in frames:
        pos += f["positions"]
        types += [atomic_numbers.index(z) for z in f["numbers"]]
        i_idx += [offset + k for k in f["edges"]["i"]]
        j_idx += [offset + k for k in f["edges"]["j"]]
        shifts += f["edges"]["shift"]
        num_atoms.append(len(f["numbers"]))
        offset += len(f["numbers"])
    return {
        "pos": torch.tensor(pos, dtype=dtype),
        "i": torch.tensor(i_idx, dtype=torch.long), "j": torch.tensor(j_idx, dtype=torch.long),
        "shift": torch.tensor(shifts, dtype=dtype).reshape(-1, 3),
        "types": torch.tensor(types, dtype=torch.long), "num_atoms": torch.tensor(num_atoms, dtype=torch.long),
        "e_ref": torch.tensor([f["energy"] for f in frames], dtype=dtype),
        "f_ref": torch.tensor([x for f in frames for x in f["forces"]], dtype=dtype),
    }


def compute_loss(spec, torch, model, b):
    """lit_model's loss of the batch, forces with create_graph (so backward reaches the weights)."""
    pos = b["pos"].clone().requires_grad_(True)
    edge_vector = pos[b["j"]] - pos[b["i"]] + b["shift"]
    num_atoms = b["num_atoms"]
    e_pred = model(edge_vector=edge_vector, edge_idx=torch.stack([b["i"], b["j"]]),
                   atom_type=b["types"], num_atoms=num_atoms)
    f_pred = -torch.autograd.grad(e_pred.sum(), pos, create_graph=True)[0]
    e_ref, f_ref = b["e_ref"], b["f_ref"]
    mse = torch.nn.functional.mse_loss
    if spec["normalize"]:
        loss_e = spec["energy_ratio"] * mse(e_pred / num_atoms, e_ref / num_atoms, reduction="mean")
    else:
        loss_e = spec["energy_ratio"] * mse(e_pred, e_ref, reduction="mean")
    loss_f = spec["forces_ratio"] * mse(f_pred, f_ref, reduction="mean")
    return loss_e + loss_f, loss_e, loss_f


def train_steps(spec, torch):
    """Times CAMP's training step (see the module docstring)."""
    ts = spec["train_steps"]
    torch.set_num_threads(1)
    dtype = torch.float32 if ts["dtype"] == "f32" else torch.float64
    model, atomic_numbers = load_model(spec, torch, dtype)
    b = batch_tensors(spec, torch, dtype, atomic_numbers)
    opt = torch.optim.Adam(model.parameters(), lr=ts["lr"], amsgrad=True)
    seconds, first = [], None
    for k in range(ts["warmup"] + ts["runs"]):
        start = time.perf_counter()
        opt.zero_grad()
        loss = compute_loss(spec, torch, model, b)[0]
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), ts["clip"])
        opt.step()
        elapsed = time.perf_counter() - start
        first = loss.item() if first is None else first
        if k >= ts["warmup"]:
            seconds.append(elapsed)
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "step_seconds": seconds, "loss": first}


def main():
    spec = json.load(open(sys.argv[1]))
    sys.path[:0] = [spec["camp_src"], spec["stubs"]]
    import torch

    if "train_steps" in spec:
        json.dump(train_steps(spec, torch), open(sys.argv[2], "w"))
        return
    model, atomic_numbers = load_model(spec, torch, torch.float64)
    start = time.perf_counter()
    b = batch_tensors(spec, torch, torch.float64, atomic_numbers)
    loss, loss_e, loss_f = compute_loss(spec, torch, model, b)
    loss.backward()
    seconds = time.perf_counter() - start
    grads = {name: p.grad.detach().reshape(-1).tolist() for name, p in model.named_parameters()}
    json.dump({"loss": loss.item(), "loss_energy": loss_e.item(), "loss_forces": loss_f.item(), "gradients": grads,
               "torch": torch.__version__, "seconds": seconds}, open(sys.argv[2], "w"))


main()
