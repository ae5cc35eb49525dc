"""Minimal torch_geometric.data: Data as an attribute bag (inference on one graph)."""
import torch


class Data:
    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)

    def to(self, device):
        for key, value in vars(self).items():
            if isinstance(value, torch.Tensor):
                setattr(self, key, value.to(device))
        return self


class Batch(Data):
    pass


class InMemoryDataset:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("torch_geometric stub: datasets are not supported")
