"""Pictures for the demo catalog, drawn with Pillow from a seeded generator: simple still
lifes of bamboo chairs, batik cloth, palm sugar, emping and gemstones. No real photos."""

from __future__ import annotations

import io
from collections.abc import Callable
from random import Random

from PIL import Image, ImageDraw

W, H = 640, 480
THUMB = (320, 240)
Colour = tuple[int, int, int]

BACKGROUNDS: tuple[Colour, ...] = (
    (244, 236, 222),
    (232, 240, 233),
    (238, 235, 245),
    (247, 241, 228),
    (230, 236, 240),
)
BAMBOO: tuple[Colour, ...] = ((196, 160, 92), (176, 138, 72), (150, 116, 60), (90, 70, 45))


def _jitter(rng: Random, colour: Colour, spread: int = 18) -> Colour:
    r, g, b = colour
    return (
        max(0, min(255, r + rng.randint(-spread, spread))),
        max(0, min(255, g + rng.randint(-spread, spread))),
        max(0, min(255, b + rng.randint(-spread, spread))),
    )


def _pole(d: ImageDraw.ImageDraw, box: tuple[int, int, int, int], colour: Colour) -> None:
    """A bamboo pole with its nodes."""
    x0, y0, x1, y1 = box
    d.rounded_rectangle(box, radius=min(x1 - x0, y1 - y0) // 2, fill=colour)
    node = (max(0, colour[0] - 45), max(0, colour[1] - 45), max(0, colour[2] - 40))
    if y1 - y0 > x1 - x0:  # vertical
        for y in range(y0 + 35, y1 - 10, 55):
            d.line((x0, y, x1, y), fill=node, width=3)
    else:
        for x in range(x0 + 35, x1 - 10, 55):
            d.line((x, y0, x, y1), fill=node, width=3)


def _floor(d: ImageDraw.ImageDraw, rng: Random) -> None:
    d.rectangle((0, 380, W, H), fill=_jitter(rng, (214, 200, 180), 10))


def chair(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    _floor(d, rng)
    c = _jitter(rng, rng.choice(BAMBOO))
    x = rng.randint(170, 230)
    for lx in (x, x + 230):
        _pole(d, (lx, 220, lx + 24, 410), c)
    for lx in (x + 40, x + 270):
        _pole(d, (lx, 90, lx + 22, 380), c)
    for y in range(230, 262, 12):  # seat slats
        _pole(d, (x - 10, y, x + 300, y + 10), c)
    for y in (110, 150, 190):  # back rails
        _pole(d, (x + 40, y, x + 292, y + 14), c)
    _pole(d, (x - 20, 200, x + 20, 214), c)


def table(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    _floor(d, rng)
    c = _jitter(rng, rng.choice(BAMBOO))
    d.polygon([(120, 200), (520, 200), (560, 240), (80, 240)], fill=_jitter(rng, c, 10))
    for y in range(206, 238, 8):
        d.line((100, y, 540, y), fill=(c[0] - 30, c[1] - 30, c[2] - 25), width=2)
    for lx in (110, 500):
        _pole(d, (lx, 240, lx + 26, 420), c)
    _pole(d, (130, 330, 510, 344), c)


def shelf(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    _floor(d, rng)
    c = _jitter(rng, rng.choice(BAMBOO))
    for lx in (200, 420):
        _pole(d, (lx, 60, lx + 22, 420), c)
    for y in (120, 230, 340):
        _pole(d, (180, y, 462, y + 16), c)
        for i in range(rng.randint(1, 3)):
            px = 220 + i * 70
            d.ellipse((px, y - 50, px + 50, y), fill=_jitter(rng, (120, 150, 110), 40))


def lamp(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    c = _jitter(rng, rng.choice(BAMBOO[:2]))
    d.line((W // 2, 0, W // 2, 110), fill=(60, 60, 60), width=3)
    box = (W // 2 - 150, 110, W // 2 + 150, 350)
    d.ellipse(box, fill=(255, 236, 170))
    for x in range(box[0], box[2], 18):
        d.line((x, box[1], x + 60, box[3]), fill=c, width=4)
        d.line((x + 60, box[1], x, box[3]), fill=c, width=4)
    d.ellipse(box, outline=c, width=8)


def basket(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    _floor(d, rng)
    c = _jitter(rng, rng.choice(BAMBOO[:3]))
    top, bottom = 170, 400
    d.polygon([(150, top), (490, top), (440, bottom), (200, bottom)], fill=c)
    dark = (c[0] - 40, c[1] - 40, c[2] - 35)
    for y in range(top, bottom, 16):
        d.line((150 + (y - top) // 5, y, 490 - (y - top) // 5, y), fill=dark, width=2)
    for x in range(170, 480, 22):
        d.line((x, top, x - (x - 320) // 5, bottom), fill=dark, width=2)
    d.arc((200, 60, 440, 280), 180, 360, fill=c, width=12)


def tray(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    c = _jitter(rng, rng.choice(BAMBOO[:3]))
    box = (90, 90, 550, 390)
    d.rounded_rectangle(box, radius=30, fill=c)
    dark = (c[0] - 35, c[1] - 35, c[2] - 30)
    step = rng.choice((14, 18, 22))
    for i in range(0, 460, step):
        d.line((box[0] + i, box[1], box[0] + i, box[3]), fill=dark, width=2)
    for j in range(0, 300, step * 2):
        d.line((box[0], box[1] + j, box[2], box[1] + j), fill=dark, width=2)
    d.rounded_rectangle(box, radius=30, outline=_jitter(rng, (90, 65, 40)), width=10)


BATIK_PALETTES: tuple[tuple[Colour, Colour, Colour], ...] = (
    ((110, 70, 40), (236, 214, 170), (60, 40, 25)),  # sogan
    ((30, 50, 110), (230, 230, 240), (200, 140, 40)),  # indigo
    ((150, 30, 40), (245, 225, 200), (40, 40, 40)),
    ((30, 100, 80), (240, 230, 200), (160, 90, 30)),
)


def batik(image: Image.Image, rng: Random) -> None:
    base, light, accent = rng.choice(BATIK_PALETTES)
    cloth = Image.new("RGB", (560, 420), base)
    c = ImageDraw.Draw(cloth)  # drawn on its own piece, so motifs stop at the hem
    size = rng.choice((56, 64, 80))
    motif = rng.randint(0, 2)
    for y in range(0, 420, size):
        for x in range(0, 560, size):
            cx, cy = x + size // 2, y + size // 2
            if motif == 0:  # kawung
                r = size // 4
                for dx, dy in ((-r, 0), (r, 0), (0, -r), (0, r)):
                    c.ellipse(
                        (cx + dx - r, cy + dy - r // 2, cx + dx + r, cy + dy + r // 2), fill=light
                    )
                c.ellipse((cx - 4, cy - 4, cx + 4, cy + 4), fill=accent)
            elif motif == 1:  # parang-like diagonal bands
                c.line((x, y + size, x + size, y), fill=light, width=size // 5)
                c.ellipse((cx - 6, cy - 6, cx + 6, cy + 6), fill=accent)
            else:  # flower
                for k in range(6):
                    ox = [0, 1, 1, 0, -1, -1][k] * size // 5
                    oy = [-1, -1, 1, 1, 1, -1][k] * size // 6
                    c.ellipse((cx + ox - 9, cy + oy - 9, cx + ox + 9, cy + oy + 9), fill=light)
                c.ellipse((cx - 7, cy - 7, cx + 7, cy + 7), fill=accent)
    c.rectangle((0, 0, 559, 419), outline=accent, width=8)
    image.paste(cloth, (40, 30))


def shirt(image: Image.Image, rng: Random) -> None:
    batik(image, rng)
    d = ImageDraw.Draw(image)
    bg = rng.choice(BACKGROUNDS)
    # cut a shirt silhouette out of the cloth by painting the background around it
    d.polygon([(0, 0), (230, 0), (140, 150), (0, 160)], fill=bg)
    d.polygon([(410, 0), (640, 0), (640, 160), (500, 150)], fill=bg)
    d.rectangle((0, 160, 170, 480), fill=bg)
    d.rectangle((470, 160, 640, 480), fill=bg)
    d.polygon([(270, 30), (370, 30), (320, 110)], fill=bg)


def palm_sugar(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    d.ellipse((60, 250, 580, 450), fill=_jitter(rng, (60, 120, 60), 20))  # a leaf
    for _ in range(rng.randint(4, 7)):
        x, y = rng.randint(120, 440), rng.randint(170, 300)
        colour = _jitter(rng, (120, 70, 30), 20)
        d.ellipse((x, y + 50, x + 110, y + 90), fill=(colour[0] - 30, colour[1] - 20, colour[2]))
        d.rectangle((x, y + 20, x + 110, y + 70), fill=colour)
        d.ellipse((x, y, x + 110, y + 40), fill=(colour[0] + 30, colour[1] + 20, colour[2] + 10))


def palm_sugar_granule(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    d.rounded_rectangle(
        (200, 120, 440, 420), radius=20, fill=(235, 235, 228), outline=(190, 190, 180), width=4
    )
    for _ in range(350):
        x, y = rng.randint(210, 430), rng.randint(200, 410)
        shade = _jitter(rng, (150, 95, 40), 25)
        d.ellipse((x, y, x + 4, y + 4), fill=shade)
    d.rectangle((200, 120, 440, 190), fill=_jitter(rng, (170, 40, 40), 30))


def emping(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    d.ellipse((70, 60, 570, 440), fill=(250, 250, 250), outline=(200, 200, 200), width=6)
    for _ in range(rng.randint(28, 40)):
        x, y = rng.randint(130, 450), rng.randint(110, 330)
        r = rng.randint(28, 44)
        d.ellipse(
            (x, y, x + r * 2, y + int(r * 1.7)),
            fill=_jitter(rng, (228, 205, 140), 12),
            outline=(200, 170, 100),
        )


def gem(image: Image.Image, rng: Random) -> None:
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, W, H), fill=(35, 35, 45))
    cx, cy = W // 2, H // 2
    points = [
        (cx - 160, cy),
        (cx - 90, cy - 110),
        (cx + 90, cy - 110),
        (cx + 160, cy),
        (cx, cy + 150),
    ]
    d.polygon(points, fill=_jitter(rng, (25, 25, 35), 8), outline=(200, 200, 210))
    for _ in range(40):
        x, y = rng.randint(cx - 120, cx + 110), rng.randint(cy - 90, cy + 80)
        colour = rng.choice(
            ((240, 60, 60), (60, 200, 90), (60, 120, 240), (250, 200, 40), (200, 80, 220))
        )
        d.ellipse((x, y, x + rng.randint(10, 30), y + rng.randint(8, 20)), fill=colour)


DRAWINGS: dict[str, Callable[[Image.Image, Random], None]] = {
    "chair": chair,
    "table": table,
    "shelf": shelf,
    "lamp": lamp,
    "basket": basket,
    "tray": tray,
    "batik": batik,
    "shirt": shirt,
    "palm_sugar": palm_sugar,
    "palm_sugar_granule": palm_sugar_granule,
    "emping": emping,
    "gem": gem,
}


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def picture(kind: str, rng: Random) -> tuple[bytes, bytes, int, int]:
    """A drawn picture as (large JPEG, thumbnail JPEG, width, height)."""
    image = Image.new("RGB", (W, H), rng.choice(BACKGROUNDS))
    DRAWINGS[kind](image, rng)
    thumb = image.reduce(W // THUMB[0])  # a box filter: fast, and fine for flat drawings
    return _jpeg(image), _jpeg(thumb), W, H
