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
"""
import json
import sys
import time


def main():
    spec = json.load(open(sys.argv[1]))
    sys.path[:0] = [spec["camp_src"], spec["stubs"]]
    import torch
    from camp.model.camp import CAMP

    torch.set_default_dtype(torch.float64)
    ckpt = torch.load(spec["checkpoint"], map_location="cpu")
    # The 0-d float32 hyperparameter tensors (num_average_neigh, energy scale and shift) in
    # float64 too, as the stored PyTorch references were made (bench/pytorch-reference.py):
    # otherwise sqrt(num_average_neigh) is taken in float32.
    hp = {k: v.to(torch.float64) if torch.is_tensor(v) and v.is_floating_point() else v
          for k, v in ckpt["hyper_parameters"]["other_hparams"]["model"].items()}
    atomic_numbers = sorted(ckpt["hyper_parameters"]["other_hparams"]["data"]["atomic_number"])
    model = CAMP(**hp)
    prefix = "ema.ema_model." if spec["weights"] == "ema" else "model."
    state = {k[len(prefix):]: v for k, v in ckpt["state_dict"].items() if k.startswith(prefix)}
    model.load_state_dict(state, strict=True)
    model.double()

    frames = spec["frames"]
    start = time.perf_counter()
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
    pos = torch.tensor(pos, dtype=torch.float64, requires_grad=True)
    i_idx, j_idx = torch.tensor(i_idx, dtype=torch.long), torch.tensor(j_idx, dtype=torch.long)
    edge_vector = pos[j_idx] - pos[i_idx] + torch.tensor(shifts, dtype=torch.float64).reshape(-1, 3)
    num_atoms = torch.tensor(num_atoms, dtype=torch.long)
    e_pred = model(edge_vector=edge_vector, edge_idx=torch.stack([i_idx, j_idx]),
                   atom_type=torch.tensor(types, dtype=torch.long), num_atoms=num_atoms)
    f_pred = -torch.autograd.grad(e_pred.sum(), pos, create_graph=True)[0]
    e_ref = torch.tensor([f["energy"] for f in frames], dtype=torch.float64)
    f_ref = torch.tensor([x for f in frames for x in f["forces"]], dtype=torch.float64)
    mse = torch.nn.functional.mse_loss
    if spec["normalize"]:
        loss_e = spec["energy_ratio"] * mse(e_pred / num_atoms, e_ref / num_atoms, reduction="mean")
    else:
        loss_e = spec["energy_ratio"] * mse(e_pred, e_ref, reduction="mean")
    loss_f = spec["forces_ratio"] * mse(f_pred, f_ref, reduction="mean")
    loss = loss_e + loss_f
    loss.backward()
    seconds = time.perf_counter() - start
    grads = {name: p.grad.detach().reshape(-1).tolist() for name, p in model.named_parameters()}
    json.dump({"loss": loss.item(), "loss_energy": loss_e.item(), "loss_forces": loss_f.item(), "gradients": grads,
               "torch": torch.__version__, "seconds": seconds}, open(sys.argv[2], "w"))


main()
