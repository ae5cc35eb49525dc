import copy


class BaseTransform:
    def __call__(self, data):
        return self.forward(copy.copy(data))

    def forward(self, data):
        return data
