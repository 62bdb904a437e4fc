"""Draws the example site's hero images (procedural art, no external sources).

Run from this folder: python3 make-heroes.py  (needs Pillow). The images are
committed; this script documents where they came from.
"""
import math
import random

from PIL import Image, ImageDraw, ImageFilter

random.seed(7)
W, H = 1600, 900


def sunset():
    img = Image.new("RGB", (W, H))
    px = img.load()
    for y in range(H):
        t = y / H
        r, g, b = int(255 - 90 * t), int(140 - 80 * t), int(60 + 90 * t)
        for x in range(W):
            px[x, y] = (r, g, b)
    d = ImageDraw.Draw(img)
    d.ellipse((1000, 380, 1320, 700), fill=(255, 214, 120))
    for i in range(6):
        y = 620 + i * 48
        d.polygon([(0, H), (0, y), (W * (0.3 + 0.1 * i), y - 160 + i * 30), (W, y + 40), (W, H)],
                  fill=(40 + 12 * i, 30 + 8 * i, 70 + 10 * i))
    return img


def harbour_lights():
    img = Image.new("RGB", (W, H), (12, 18, 38))
    d = ImageDraw.Draw(img)
    for _ in range(900):
        x, y, r = random.randrange(W), random.randrange(H), random.randrange(2, 18)
        c = random.choice([(255, 196, 90), (120, 200, 255), (255, 120, 160), (250, 250, 220)])
        d.ellipse((x - r, y - r, x + r, y + r), fill=c)
    return img.filter(ImageFilter.GaussianBlur(3))


def paper():
    img = Image.new("RGB", (W, H), (246, 243, 236))
    d = ImageDraw.Draw(img)
    for i in range(0, W, 40):
        d.line([(i, 0), (i, H)], fill=(226, 221, 210), width=1)
    for i in range(0, H, 40):
        d.line([(0, i), (W, i)], fill=(226, 221, 210), width=1)
    d.rectangle((200, 180, 760, 720), outline=(30, 90, 200), width=10)
    d.ellipse((880, 220, 1380, 720), outline=(230, 80, 60), width=10)
    return img


def waves():
    img = Image.new("RGB", (1200, 1200), (8, 60, 90))
    px = img.load()
    for y in range(1200):
        for x in range(1200):
            v = math.sin(x / 37.0) + math.sin(y / 23.0) + math.sin((x + y) / 51.0)
            k = int(90 + 40 * v)
            px[x, y] = (10, max(0, min(255, k)), max(0, min(255, k + 60)))
    return img


sunset().save("assets/images/sunset.png", optimize=True)
harbour_lights().save("assets/images/harbour-lights.jpg", quality=82)
paper().save("posts/a-bundle-of-notes/cover.webp", quality=80)
waves().save("assets/images/waves.png", optimize=True)
