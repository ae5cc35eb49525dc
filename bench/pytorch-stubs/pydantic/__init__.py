def Field(default=None, **kwargs):
    return default
