from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Development only: generated organisations and `make bench`. Installed when
    DJANGO_DEV_APPS is on (by default with DJANGO_DEBUG), in the tests and by the
    bench; never in production unless asked for."""

    name = "benchmarks"
    verbose_name = "Benchmarks (development only)"
