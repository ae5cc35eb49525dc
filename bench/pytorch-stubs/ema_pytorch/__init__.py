"""Minimal EMA wrapper with ema_pytorch's state_dict layout (ema_model.*, initted, step)."""
import copy

import torch
from torch import nn


class EMA(nn.Module):
    def __init__(self, model, include_online_model=False, **kwargs):
        super().__init__()
        self.online_model = [model]  # a list, so it is not registered as a submodule
        self.ema_model = copy.deepcopy(model)
        self.ema_model.requires_grad_(False)
        self.register_buffer("initted", torch.tensor(False))
        self.register_buffer("step", torch.tensor(0))

    @property
    def model(self):
        return self.online_model[0]

    @torch.no_grad()
    def copy_params_from_ema_to_model(self):
        target = dict(self.model.named_parameters())
        target.update(dict(self.model.named_buffers()))
        for name, t in list(self.ema_model.named_parameters()) + list(self.ema_model.named_buffers()):
            target[name].data.copy_(t.data)

    def update(self):
        raise NotImplementedError("ema_pytorch stub: training is not supported")

    def forward(self, *args, **kwargs):
        return self.ema_model(*args, **kwargs)
