class BaseSettings:
    """Settings with class-level defaults (camp.SETTINGS is never configured at inference)."""
