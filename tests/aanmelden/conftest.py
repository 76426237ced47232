from .provider import start_oidc_provider  # noqa: F401 - the fixture, for these tests
