from torch import nn


class _Metric(nn.Module):
    def forward(self, *args, **kwargs):
        raise NotImplementedError("torchmetrics stub: training is not supported")


class MeanAbsoluteError(_Metric):
    pass


class MeanSquaredError(_Metric):
    pass
