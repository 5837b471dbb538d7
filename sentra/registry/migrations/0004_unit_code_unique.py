from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_unit_code_assign")]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="code",
            field=models.CharField(
                editable=False, max_length=20, unique=True, verbose_name="kode unit"
            ),
        ),
    ]
