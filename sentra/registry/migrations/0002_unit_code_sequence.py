from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="UnitCodeSequence",
            fields=[
                (
                    "regency",
                    models.CharField(
                        max_length=5,
                        primary_key=True,
                        serialize=False,
                        verbose_name="kabupaten/kota",
                    ),
                ),
                (
                    "last",
                    models.PositiveBigIntegerField(default=0, verbose_name="nomor terakhir"),
                ),
            ],
            options={
                "verbose_name": "urutan kode unit",
                "verbose_name_plural": "urutan kode unit",
            },
        ),
        migrations.AddField(
            model_name="unit",
            name="code",
            field=models.CharField(
                editable=False, max_length=20, null=True, verbose_name="kode unit"
            ),
        ),
    ]
