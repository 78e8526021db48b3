"""Writes pillow-ops.json: what Pillow returns for each RandAugment op, called the way timm's RandAugment calls it
(bicubic, fill 128), on two small frames. PillowParityTests compares the C# ops with it byte for byte.

Run with any Python that has Pillow (Debian: apt-get install python3-pil; made with Pillow 9.4.0):
    python3 pillow_ops.py
"""
import base64
import json
import random

import PIL
from PIL import Image, ImageEnhance, ImageOps

FILL = (128, 128, 128)
BICUBIC = Image.BICUBIC

random.seed(0)
noise = Image.frombytes("RGB", (13, 11), bytes(random.randrange(256) for _ in range(13 * 11 * 3)))
ramp = Image.frombytes("RGB", (17, 9), bytes(
    v for y in range(9) for x in range(17) for v in ((x * 17 + y * 5) % 256, (x * 3 + y * 23) % 256, 128 + 4 * (x - y))))


def affine(image, matrix):
    return image.transform(image.size, Image.AFFINE, matrix, resample=BICUBIC, fillcolor=FILL)


def ops(image):
    w, h = image.size
    for degrees in (21.0, -21.0, 30.0, 13.37):
        yield "Rotate", degrees, image.rotate(degrees, resample=BICUBIC, fillcolor=FILL)
    for factor in (0.21, -0.3):
        yield "ShearX", factor, affine(image, (1, factor, 0, 0, 1, 0))
        yield "ShearY", factor, affine(image, (1, 0, 0, factor, 1, 0))
    for fraction in (0.315, -0.1234):
        yield "TranslateX", fraction, affine(image, (1, 0, fraction * w, 0, 1, 0))
        yield "TranslateY", fraction, affine(image, (1, 0, 0, 0, 1, fraction * h))
    yield "AutoContrast", 0, ImageOps.autocontrast(image)
    yield "Equalize", 0, ImageOps.equalize(image)
    yield "Invert", 0, ImageOps.invert(image)
    for bits in (0, 2):
        yield "Posterize", bits, ImageOps.posterize(image, bits)
    for threshold in (77, 128):
        yield "Solarize", threshold, ImageOps.solarize(image, threshold)
    yield "SolarizeAdd", 77, image.point([min(255, i + 77) if i < 128 else i for i in range(256)] * 3)
    for factor in (0.37, 1.63, 1.9):
        yield "Color", factor, ImageEnhance.Color(image).enhance(factor)
        yield "Contrast", factor, ImageEnhance.Contrast(image).enhance(factor)
        yield "Brightness", factor, ImageEnhance.Brightness(image).enhance(factor)
        yield "Sharpness", factor, ImageEnhance.Sharpness(image).enhance(factor)


def b64(image):
    return base64.b64encode(image.tobytes()).decode()


frames = {"noise": noise, "ramp": ramp}
json.dump({
    "pillow": PIL.__version__,
    "frames": {name: {"width": f.size[0], "height": f.size[1], "rgb": b64(f)} for name, f in frames.items()},
    "cases": [{"frame": name, "op": op, "argument": arg, "rgb": b64(out)} for name, f in frames.items() for op, arg, out in ops(f)],
}, open("pillow-ops.json", "w"), indent=0)
