from . import Data as BaseData  # noqa: F401
