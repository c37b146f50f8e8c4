#!/usr/bin/env python3
"""Build the seed corpus of each fuzz target from the project's fixtures.

Run from `fuzz/`: `python3 make_corpus.py`. Writes `corpus/<target>/` (small files, committed).
Raw seeds are fixture files as they are; structured seeds are the XML parts of a package joined
by `\\n--PART--\\n` (xlsx, ods) or the BIFF `Workbook` stream of an .xls, the form the targets
build a package from, so that mutations land in the XML and records and not in checksums.
"""
import hashlib
import os
import struct
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
SEP = b"\n--PART--\n"


def put(target, data):
    d = os.path.join("corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def fixture(p):
    with open(os.path.join(ROOT, p), "rb") as f:
        return f.read()


def parts(path, names):
    z = zipfile.ZipFile(os.path.join(ROOT, path))
    have = {n.lower(): n for n in z.namelist()}
    out = []
    for n in names:
        real = have.get(n.lower())
        out.append(z.read(real) if real else b"")
    while out and out[-1] == b"":
        out.pop()
    return SEP.join(out)


XLSX_PARTS = [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/worksheets/sheet2.xml",
    "docProps/custom.xml",
]
ODS_PARTS = ["content.xml", "meta.xml", "styles.xml"]

# xlsx: two raw packages and the parts of four.
put("xlsx", fixture("submissions/standard-form.xlsx"))
put("xlsx", fixture("broken/stray-cell-XFD1048576.xlsx"))
for p in [
    "submissions/standard-form.xlsx",
    "submissions/values-as-typed.xlsx",
    "submissions/table-moved-rows-reordered.xlsx",
    "broken/data-errors.xlsx",
]:
    put("xlsx", parts(p, XLSX_PARTS))

# ods: one raw package and its parts.
put("ods", fixture("submissions/北岭旗/北岭旗中医医院/骨科.ods"))
for p in ["submissions/北岭旗/北岭旗中医医院/骨科.ods"]:
    put("ods", parts(p, ODS_PARTS))


def workbook_stream(data):
    """The Workbook stream of a compound file (the fixtures' streams are in the regular FAT)."""
    sector = 1 << struct.unpack_from("<H", data, 30)[0]
    mini_cutoff = struct.unpack_from("<I", data, 56)[0]
    dir_start = struct.unpack_from("<I", data, 48)[0]
    difat = list(struct.unpack_from("<109I", data, 76))
    fat = []
    for s in difat:
        if s >= 0xFFFFFFFA:
            break
        off = (s + 1) * sector
        fat.extend(struct.unpack_from("<%dI" % (sector // 4), data, off))

    def chain(start):
        out = b""
        s = start
        seen = set()
        while s < 0xFFFFFFFA and s not in seen:
            seen.add(s)
            out += data[(s + 1) * sector:(s + 2) * sector]
            s = fat[s]
        return out

    dirs = chain(dir_start)
    for i in range(0, len(dirs), 128):
        e = dirs[i:i + 128]
        n = struct.unpack_from("<H", e, 64)[0]
        name = e[:max(n - 2, 0)].decode("utf-16-le", "replace")
        if name in ("Workbook", "Book"):
            start = struct.unpack_from("<I", e, 116)[0]
            size = struct.unpack_from("<I", e, 120)[0]
            assert size >= mini_cutoff
            return chain(start)[:size]
    raise SystemExit("no Workbook stream")


xls = fixture("submissions/北岭旗/北岭旗中医医院/重症医学科.xls")
put("xls", xls)
put("xls", workbook_stream(xls))
put("xls", workbook_stream(fixture("template/resaved.xls")))

# csv: both fixtures.
for p in ["submissions/utf8-bom.csv", "submissions/北岭旗蒙医医院_康复医学科.csv"]:
    put("csv", fixture(p))

# locate: the UTF-8 fixture as a grid, with and without a file name line.
import csv as csvmod
import io

text = fixture("submissions/utf8-bom.csv").decode("utf-8-sig")
grid = "\n".join("\t".join(r) for r in csvmod.reader(io.StringIO(text)))
put("locate", grid.encode())
gbk = fixture("submissions/北岭旗蒙医医院_康复医学科.csv").decode("gbk")
grid = "\n".join("\t".join(r) for r in csvmod.reader(io.StringIO(gbk)))
put("locate", ("@北岭旗蒙医医院_康复医学科\n" + grid).encode())

# value: what hospitals type, period headers, file names.
for s in [
    "1,374", "１１", "５３．８％", "19,461平方米", "4张/13.3%", "3（DR、彩超）", "2项/30万元",
    "第12名", "未上榜", "无", "/", "约8", "1.2万", "35000元", "1.5E+03", "≥100", "1.3‰",
    "2024年1-6月", "2023年上半年", "上年同期（2023年1-6月）", "2026年目标", "2024.1-6",
    "2024年", "2024年3月", "北岭旗/北岭旗中医医院/重症医学科", "北岭旗蒙医医院_康复医学科",
    "南山县人民医院-心内科（2024上半年）", "0.125", "-3", "12.5%", "1.8e308",
]:
    put("value", s.encode())
