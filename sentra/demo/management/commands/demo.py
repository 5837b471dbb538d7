"""`sentra demo [--reset] [--if-empty] [--seed N]`: load the synthetic Lebak demo registry."""

from __future__ import annotations

import os
import secrets
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.core.actors import SystemActor
from sentra.core.numbers import format_number_id as num
from sentra.demo import DEFAULT_SEED
from sentra.demo.accounts import demo_accounts_status
from sentra.demo.loader import (
    DemoAlreadyLoaded,
    demo_load,
    demo_loaded_version,
    demo_version,
)
from sentra.registry.models import Unit

ACTOR = SystemActor("sentra demo")
PASSWORD_ENV = "SENTRA_DEMO_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Command(BaseCommand):
    help = (
        "Muat data demo sintetis Kabupaten Lebak (16.000 unit IKM 2018) dan akun demo. "
        "Idempoten: tidak mengubah apa pun bila data demo sudah dimuat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Hapus data demo yang ada lalu muat ulang."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Muat hanya bila belum ada unit IKM sama sekali (dipakai `make run`).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Benih acak (bawaan {DEFAULT_SEED})."
        )
        parser.add_argument(
            "--scale",
            type=int,
            metavar="N",
            help=(
                "Tambahkan unit sintetis di kabupaten/kota lain sampai wilayah berisi sekitar N "
                "unit (uji beban dan tolok ukur; PostgreSQL memakai COPY)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"] and options["if_empty"]:
            raise CommandError("Pilih salah satu: --reset atau --if-empty.")
        seed: int = options["seed"]
        scale: int | None = options["scale"]
        if scale is not None and scale < 1:
            raise CommandError("--scale harus bilangan bulat positif (jumlah unit).")
        loaded = demo_loaded_version()
        if options["if_empty"] and Unit.objects.exists():
            self.stdout.write("Basis data sudah berisi unit IKM; data demo tidak dimuat.")
            self._accounts_table(frozenset(), None)
            return
        if not (options["reset"] or options["if_empty"]) and loaded is not None:
            if scale is None:
                self._already_loaded(loaded, seed)
            else:
                self._scale(scale, seed)
            return

        password = os.environ.get(PASSWORD_ENV, "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        started = time.monotonic()
        try:
            self.stdout.write(
                "Memuat data demo Lebak (sekitar setengah menit; satu transaksi, "
                "tidak ada yang ditulis bila dihentikan)…"
            )
            result = demo_load(
                actor=ACTOR,
                seed=seed,
                password=password,
                reset=bool(options["reset"] or loaded),
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except DemoAlreadyLoaded as exc:  # another process loaded it since we looked
            self._already_loaded(str(exc), seed)
            return
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo Lebak {result.version} dimuat dalam "
                f"{time.monotonic() - started:.1f} detik."
            )
        )
        self.stdout.write(
            f"  Unit aktif: 2016 {num(counts['active_2016'])}, 2017 {num(counts['active_2017'])}, "
            f"2018 {num(counts['active_2018'])}; tenaga kerja 2018 {num(counts['workers_2018'])}."
        )
        self.stdout.write(
            f"  {num(counts['units'])} unit, {num(counts['persons'])} pelaku usaha, "
            f"{num(counts['reports'])} laporan tahunan, "
            f"{num(counts['export_destinations'])} tujuan ekspor, "
            f"{num(counts['certificates'])} sertifikat, {num(counts['clusters'])} sentra/kelompok."
        )
        self.stdout.write(f"  Register: {result.timings['registry']:.1f} detik.")
        for path, extension_counts in result.extensions.items():
            details = ", ".join(f"{key} {num(value)}" for key, value in extension_counts.items())
            self.stdout.write(f"  {path} ({result.timings[path]:.1f} detik): {details or '-'}")
        self._accounts_table(result.accounts_created, password if generated else None)
        if scale is not None:
            self._scale(scale, seed)

    def _scale(self, total: int, seed: int) -> None:
        from django.conf import settings

        from sentra.demo.scale import demo_scale_finish, demo_scale_load, scale_region

        region = scale_region(settings.SENTRA_HOME_REGION)
        self.stdout.write(
            f"Menambah unit sintetis sampai wilayah {region} berisi sekitar {num(total)} unit "
            "(per 5.000 unit satu transaksi; bila dihentikan, jalankan lagi untuk melanjutkan)…"
        )
        result = demo_scale_load(
            actor=ACTOR,
            total=total,
            region=region,
            seed=seed,
            progress=lambda message: self.stdout.write(f"  {message}"),
        )
        extras = demo_scale_finish(actor=ACTOR, seed=seed)
        counts = {**result.counts, **extras}
        self.stdout.write(
            self.style.SUCCESS(
                f"{num(result.units_after - result.units_before)} unit ditambahkan di "
                f"{num(result.regencies)} kabupaten/kota dalam {result.seconds:.1f} detik; "
                f"kini {num(result.units_after)} unit."
            )
        )
        details = ", ".join(f"{key} {num(value)}" for key, value in counts.items())
        self.stdout.write(f"  {details or '-'}")

    def _already_loaded(self, loaded: str, seed: int) -> None:
        wanted = demo_version(seed)
        requested = "" if loaded == wanted else f" (diminta {wanted})"
        self.stdout.write(f"Data demo {loaded} sudah dimuat{requested}; tidak ada perubahan.")
        self.stdout.write("Pakai `sentra demo --reset` untuk memuat ulang.")
        self._accounts_table(frozenset(), None)

    def _accounts_table(self, created: frozenset[str], password: str | None) -> None:
        rows = demo_accounts_status(created)
        if not rows:
            return
        self.stdout.write("")
        self.stdout.write(f"{'Akun demo':<24} {'Peran':<9} {'Cakupan':<44} Kata sandi")
        for row in rows:
            if row.username not in created:
                note = "tidak diubah"
            elif password is None:
                note = f"baru, dari {PASSWORD_ENV}"
            else:
                note = "baru (lihat di bawah)"
            self.stdout.write(f"{row.username:<24} {row.role:<9} {row.scope:<44} {note}")
        if created and password is not None:
            self.stdout.write(
                f"Kata sandi akun baru (hanya ditampilkan sekali, simpan sekarang): {password}"
            )
