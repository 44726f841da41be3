"""Generate an organisation of a given size for the benchmark: `scale_data --scale small`."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.scale.generate import build
from benchmarks.scale.world import BENCH_COACH, SIZES
from coaching.models import User


class Command(BaseCommand):
    help = "Generate teams, coaches, people and years of contact at a given scale, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--scale", dest="size_name", choices=list(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=20261123)

    def handle(self, *args, size_name: str, seed: int, **options):
        if User.objects.filter(username=BENCH_COACH).exists():
            raise CommandError(
                "This database already holds generated data; use a fresh database for each size."
            )
        started = time.monotonic()
        world = build(SIZES[size_name], seed=seed, progress=self.stdout.write)
        for label, count in sorted(world.rows_written.items()):
            self.stdout.write(f"  {label:<28} {count:>12,}")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Built the {size_name} organisation on {connection.vendor} in {seconds:.0f}s."
            )
        )
