"""Minimal LightningModule: enough for CAMP's load_model (inference only)."""
import inspect

import torch
from torch import nn


class LightningModule(nn.Module):
    def save_hyperparameters(self, ignore=()):
        frame = inspect.currentframe().f_back
        info = inspect.getargvalues(frame)
        self._hparams = {
            name: info.locals[name]
            for name in info.args
            if name != "self" and name not in ignore
        }

    @property
    def hparams(self):
        return getattr(self, "_hparams", {})

    @classmethod
    def load_from_checkpoint(cls, checkpoint_path, map_location=None, strict=True, **kwargs):
        checkpoint = torch.load(checkpoint_path, map_location=map_location)
        obj = cls(**{**checkpoint.get("hyper_parameters", {}), **kwargs})
        obj.load_state_dict(checkpoint["state_dict"], strict=strict)
        return obj
