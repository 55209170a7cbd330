"""Link two CSV files of person records with the product's own encoder and matcher.

    manage.py linkage_quality A.csv B.csv --out pairs.csv [--threshold 80]

Columns: id, given_name, surname, date_of_birth, street_address, postcode, city (any may be
empty; dates as YYYY-MM-DD or DD-MM-YYYY). Persons link on name and date of birth exactly as in
the product (the address links as its own exact kind there, not as part of a person). Writes
id_a,id_b,similarity for every pair the product would call a match, so an installation can
compare them with a labelled sample of its own. Nothing is stored; the files stay local.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from schakel.linkage import persons, quality


class Command(BaseCommand):
    help = "Twee CSV-bestanden met personen koppelen zoals Schakel koppelt, om de kwaliteit te controleren."

    def add_arguments(self, parser):
        parser.add_argument("file_a")
        parser.add_argument("file_b")
        parser.add_argument("--out", required=True, help="CSV met id_a,id_b,similarity")
        parser.add_argument("--threshold", type=int, default=None,
                            help="Drempel in procent (standaard SCHAKEL_LINKAGE_PERSON_THRESHOLD_PERCENT)")

    def handle(self, *args, **options):
        try:
            records_a = quality.read_csv(options["file_a"])
            records_b = quality.read_csv(options["file_b"])
        except (OSError, ValueError, TypeError) as problem:
            raise CommandError(str(problem)) from problem
        limit = options["threshold"] / 100 if options["threshold"] is not None else persons.threshold()
        started = time.perf_counter()
        pairs, comparisons = quality.link_records(records_a, records_b, limit)
        quality.write_pairs(options["out"], pairs)
        self.stdout.write(f"{len(records_a)} x {len(records_b)} personen, {comparisons} vergelijkingen, "
                          f"{len(pairs)} koppelingen (drempel {limit:.2f}) in {time.perf_counter() - started:.1f} s; "
                          f"geschreven naar {options['out']}")
