"""Producer self-service and moderation: products, photos (resized, EXIF and GPS stripped,
bad files refused), stock, officers acting for producers, and the moderators' queue."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from sentra.core.actors import SystemActor
from sentra.market.images import LARGE_EDGE, THUMB_EDGE, photo_prepare
from sentra.market.models import Product, ProductPhoto, ProductStatus
from sentra.market.rules import ActionRefused
from sentra.market.services import catalog
from tests.market.conftest import Market, jpeg, product_data, product_url

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), (30, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 1  # Orientation
    exif[GPS_TAG] = {1: "S", 2: (6.0, 21.0, 36.0), 3: "E", 4: (106.0, 15.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_an_uploaded_photo_is_resized_and_loses_its_exif_and_gps() -> None:
    original = _jpeg_with_gps()
    assert GPS_TAG in Image.open(io.BytesIO(original)).getexif()  # the test file carries GPS
    prepared = photo_prepare(original)
    for data, edge in ((prepared.large, LARGE_EDGE), (prepared.thumb, THUMB_EDGE)):
        image = Image.open(io.BytesIO(data))
        assert max(image.size) == edge
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert (prepared.width, prepared.height) == (1280, 853)


def test_a_photo_turned_by_its_exif_orientation_is_stored_upright() -> None:
    image = Image.new("RGB", (800, 400), (200, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when displayed
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    prepared = photo_prepare(out.getvalue())
    assert (prepared.width, prepared.height) == (400, 800)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.4 not a picture at all", "photo_not_image"),
        (b"\xff\xd8\xff\xe0" + b"broken jpeg" * 50, "photo_not_image"),
        (jpeg(size=(120, 90)), "photo_too_small"),
    ],
    ids=["pdf", "truncated-jpeg", "tiny"],
)
def test_it_refuses_files_that_are_not_usable_photos(content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        photo_prepare(content)
    assert caught.value.code == code


def test_it_refuses_a_file_over_eight_megabytes_before_decoding_it() -> None:
    with pytest.raises(ValidationError) as caught:
        photo_prepare(b"\xff\xd8" + b"0" * (8 * 1024 * 1024 + 1))
    assert caught.value.code == "photo_too_large"
    assert "8 MB" in caught.value.messages[0]


def test_it_refuses_a_decompression_bomb() -> None:
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, format="PNG")  # small file, 81 megapixels
    with pytest.raises(ValidationError) as caught:
        photo_prepare(out.getvalue())
    assert caught.value.code == "photo_too_many_pixels"


def test_a_refused_upload_shows_a_clear_message_and_stores_nothing(
    client: Any, market: Market
) -> None:
    client.force_login(market.users["olga"])
    before = ProductPhoto.objects.count()
    upload = io.BytesIO(b"MZ\x90\x00 an executable renamed to .jpg")
    upload.name = "kursi.jpg"
    response = client.post(f"/pasar/produk/{market.kursi.pk}/foto/", {"photo": upload}, follow=True)
    assert "bukan foto yang dapat dibaca" in response.content.decode()
    assert ProductPhoto.objects.count() == before


def test_an_owner_uploads_a_photo_that_waits_for_moderation(client: Any, market: Market) -> None:
    client.force_login(market.users["olga"])
    upload = io.BytesIO(_jpeg_with_gps())
    upload.name = "IMG_2018.jpg"
    client.post(f"/pasar/produk/{market.kursi.pk}/foto/", {"photo": upload})
    photo = ProductPhoto.objects.filter(product=market.kursi).order_by("-pk").first()
    assert photo is not None and not photo.approved
    stored = Image.open(io.BytesIO(bytes(photo.large)))
    assert GPS_TAG not in stored.getexif()
    client.logout()
    assert client.get(f"/katalog/foto/{photo.pk}-besar.jpg").status_code == 404


def test_an_owner_creates_a_product_that_waits_in_the_moderation_queue(
    client: Any, market: Market
) -> None:
    client.force_login(market.users["olga"])
    response = client.post(
        f"/pasar/unit/{market.bambu.pk}/produk-baru/",
        {
            "name": "Rak Bambu Tiga Susun",
            "commodity": "mebel",
            "price_min": "380000",
            "price_max": "520000",
            "unit_of_sale": "buah",
            "min_order": "10",
            "description": "Rak tiga susun.",
        },
    )
    product = Product.objects.get(name="Rak Bambu Tiga Susun")
    assert response.status_code == 302
    assert product.status == ProductStatus.PENDING
    client.force_login(market.users["officer"])
    assert "Rak Bambu Tiga Susun" in client.get("/pasar/moderasi/").content.decode()


def test_html_in_a_product_field_is_refused_naming_the_field(client: Any, market: Market) -> None:
    client.force_login(market.users["olga"])
    response = client.post(
        f"/pasar/unit/{market.bambu.pk}/produk-baru/",
        {
            "name": "Kursi",
            "commodity": "mebel",
            "price_min": "1000",
            "unit_of_sale": "buah",
            "min_order": "1",
            "description": '<img src=x onerror="alert(1)">',
        },
    )
    assert response.status_code == 200
    assert "Deskripsi berisi kode HTML" in response.content.decode()
    assert not Product.objects.filter(name="Kursi").exists()


def test_another_owner_cannot_touch_a_product(client: Any, market: Market) -> None:
    client.force_login(market.users["omar"])
    assert client.get(f"/pasar/produk/{market.kursi.pk}/").status_code == 404
    with pytest.raises(ActionRefused):
        catalog.product_set_stock(actor=market.users["omar"], product=market.kursi, in_stock=False)


def test_an_officer_manages_products_for_a_producer_of_their_kecamatan_only(
    market: Market,
) -> None:
    officer = market.users["officer"]
    product = catalog.product_create(
        actor=officer, unit=market.bambu, data=product_data("Lampu Anyaman", "anyaman", 150_000)
    )
    assert product.submitted_by == officer
    with pytest.raises(ActionRefused):
        catalog.product_create(actor=officer, unit=market.batik, data=product_data("Batik Cap"))


def test_editing_a_published_product_waits_while_buyers_see_the_approved_text(
    client: Any, market: Market
) -> None:
    data = product_data(
        "Kursi Bambu Santai Premium", price=600_000, min_order=10, monthly_capacity=120
    )
    catalog.product_update(actor=market.users["olga"], product=market.kursi, data=data)
    market.kursi.refresh_from_db()
    assert market.kursi.name == "Kursi Bambu Santai"
    assert market.kursi.pending_changes == {
        "name": "Kursi Bambu Santai Premium",
        "price_min": 600_000,
    }
    assert "Rp 550.000" in client.get(product_url(market.kursi)).content.decode()
    catalog.product_approve(actor=market.users["officer"], product=market.kursi)
    market.kursi.refresh_from_db()
    assert (market.kursi.name, market.kursi.price_min) == ("Kursi Bambu Santai Premium", 600_000)
    assert market.kursi.pending_changes is None


def test_a_rejected_change_keeps_the_approved_product_and_tells_the_reason(market: Market) -> None:
    catalog.product_update(
        actor=market.users["olga"], product=market.kursi, data=product_data("Kursi", price=1)
    )
    catalog.product_reject(
        actor=market.users["officer"], product=market.kursi, note="Harga tidak wajar."
    )
    market.kursi.refresh_from_db()
    assert market.kursi.status == ProductStatus.PUBLISHED
    assert market.kursi.name == "Kursi Bambu Santai"
    assert market.kursi.moderation_note == "Harga tidak wajar."
    notice = market.users["olga"].market_notifications.get()
    assert "Harga tidak wajar." in notice.text


def test_nobody_moderates_their_own_submission(market: Market) -> None:
    product = catalog.product_create(
        actor=market.users["officer"], unit=market.bambu, data=product_data("Tampah")
    )
    with pytest.raises(ActionRefused) as caught:
        catalog.product_approve(actor=market.users["officer"], product=product)
    assert caught.value.code == "own_submission"
    catalog.product_approve(actor=market.users["admin"], product=product)


def test_an_officer_of_another_kecamatan_cannot_moderate(market: Market) -> None:
    product = catalog.product_create(
        actor=market.users["olga"], unit=market.bambu, data=product_data("Tampah")
    )
    with pytest.raises(ActionRefused):
        catalog.product_approve(actor=market.users["officer_bayah"], product=product)


def test_marking_out_of_stock_shows_at_once_without_moderation(client: Any, market: Market) -> None:
    client.force_login(market.users["olga"])
    client.post(f"/pasar/produk/{market.kursi.pk}/stok/", {"in_stock": "0"})
    client.logout()
    assert "Stok habis" in client.get(product_url(market.kursi)).content.decode()


def test_an_archived_product_leaves_the_catalog(client: Any, market: Market) -> None:
    catalog.product_archive(actor=market.users["olga"], product=market.meja)
    assert client.get(product_url(market.meja)).status_code == 404


def test_the_same_photo_twice_is_refused(market: Market) -> None:
    catalog.photo_add(actor=SystemActor("test"), product=market.meja, content=jpeg((1, 2, 3)))
    with pytest.raises(ValidationError) as caught:
        catalog.photo_add(actor=SystemActor("test"), product=market.meja, content=jpeg((1, 2, 3)))
    assert caught.value.code == "photo_duplicate"
