#!/usr/bin/env python3
"""Build rasd's bundled sample corpus from the ANT corpus v1.1 (Jawhara FM, Apache-2.0).

Deterministic: fixed article ids, no clocks, no randomness (gzip mtime 0, uuid5 record ids), so
running it twice gives byte-identical files. Python 3 standard library only.

    python3 samples/make_samples.py            # (re)write samples/ next to this script
    python3 samples/make_samples.py --check    # exit 1 if the committed files differ from a rebuild

The corpus is read from $RASD_SHARED/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz, where
RASD_SHARED defaults to <repo>/../shared. See samples/README.md for what each file exercises.
"""

import base64
import datetime as dt
import email.utils
import gzip
import hashlib
import html
import io
import json
import os
import sys
import tempfile
import urllib.parse
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.environ.get("RASD_SHARED", os.path.join(REPO, "..", "shared"))
CORPUS = os.path.join(SHARED, "data", "news_corpus", "ant_corpus_v1.1_jawharafm.jsonl.gz")

SITE = "جوهرة أف أم"
SITE_URL = "http://www.jawharafm.net"
NS = uuid.UUID("5d3c1f0e-6a8b-4c1e-9b7a-72617364a001")  # namespace for deterministic record ids

# Which article goes where (ids are fixed so the output is reproducible).
TXT = [
    # (id, file name, encoding, options)
    ("JA-internationalNews-573-20160725", "nouakchott-summit.txt", "utf-8", {"boilerplate": "end"}),
    ("JA-internationalNews-1167-20170617", "qatar-iraq-accusation.cp1256.txt", "cp1256", {}),
    ("JA-politic-287-20170323", "jhinaoui-syria.iso8859-6.txt", "iso8859_6", {}),
    ("JA-internationalNews-190-20140826", "abu-zuhri-gaza.utf8-bom.txt", "utf-8-sig", {}),
    ("JA-internationalNews-1102-20170531", "yemen-collapse.utf16le.txt", "utf-16le-bom", {}),
    ("JA-internationalNews-1132-20170607", "libya-army-qatar.crlf.txt", "utf-8", {"crlf": True, "boilerplate": "middle"}),
    ("JA-internationalNews-1150-20170606", "saudi-conditions-qatar.dateline.txt", "utf-8",
     {"crawl_date": "2017-06-09", "dateline": True, "boilerplate": "follow"}),
    ("JA-internationalNews-1168-20170607", "isis-attack-iran.txt", "utf-8", {"no_leading_space": True}),
]
HTML = [
    ("JA-internationalNews-1253-20170612", "gaza-electricity.html", "full"),
    ("JA-internationalNews-282-20170215", "two-state-solution.html", "no_article"),
    ("JA-internationalNews-1095-20170605", "iran-qatar-official.html", "time_tag"),
    ("JA-internationalNews-1189-20170617", "libya-un-envoy.html", "caption"),
    ("JA-internationalNews-156-20161209", "un-vote-syria-ceasefire.cp1256.html", "legacy_cp1256"),
    ("JA-internationalNews-209-20170209", "gaza-rafah-strike.html", "table_layout"),
]
JSONL = [
    "JA-internationalNews-233-20170211",
    "JA-internationalNews-300-20151221",
    "JA-internationalNews-336-20161225",
    "JA-internationalNews-360-20170225",
    "JA-internationalNews-385-20170228",
    "JA-internationalNews-561-20170318",  # written with `html` instead of `text`
    "JA-internationalNews-588-20170319",
    "JA-internationalNews-644-20170403",  # written with `published`/`source` field names
]
JSONL_HTML_ID = "JA-internationalNews-561-20170318"
JSONL_ALT_FIELDS_ID = "JA-internationalNews-644-20170403"
RSS = [
    "JA-internationalNews-646-20170404",
    "JA-internationalNews-656-20160814",
    "JA-internationalNews-666-20170402",
    "JA-internationalNews-669-20170402",
]
ATOM = [
    "JA-internationalNews-703-20170104",
    "JA-internationalNews-711-20170105",
    "JA-internationalNews-85-13082016",
]
WARC = [
    "JA-internationalNews-1136-20170607",
    "JA-internationalNews-1248-20170619",
    "JA-internationalNews-325-20170221",
]
BAD_JSONL_GOOD = ["JA-internationalNews-1252-20170619", "JA-internationalNews-735-20170411"]
# Headlines offered in "read also" blocks (real corpus articles, also used elsewhere in the samples).
RELATED = [
    "JA-internationalNews-1252-20170619",
    "JA-internationalNews-735-20170411",
    "JA-internationalNews-325-20170221",
    "JA-internationalNews-666-20170402",
    "JA-internationalNews-1248-20170619",
    "JA-internationalNews-209-20170209",
]

ARABIC_WEEKDAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
# Tunisian (Maghrebi) month names, as Jawhara FM writes them.
MAGHREBI_MONTHS = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
                   "أكتوبر", "نوفمبر", "ديسمبر"]


def load_corpus(ids):
    wanted = set(ids)
    rows = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("id") in wanted:
                rows[r["id"]] = r
    missing = wanted - rows.keys()
    if missing:
        sys.exit(f"make_samples: ids not in corpus: {sorted(missing)}")
    return rows


def published(r):
    """The corpus date as an aware datetime; date-only values (DD/MM/YYYY) get noon +01:00."""
    d = r["date"].strip()
    tz = dt.timezone(dt.timedelta(hours=1))
    if "/" in d:
        day, month, year = (int(x) for x in d.split("/"))
        return dt.datetime(year, month, day, 12, 0, tzinfo=tz), False
    return dt.datetime.fromisoformat(d), True


def iso_date(r):
    return published(r)[0].date().isoformat()


def iso_datetime(r):
    when, has_time = published(r)
    return when.isoformat() if has_time else when.date().isoformat()


def paragraphs(r):
    return [p.strip() for p in r["text"].split("\n") if p.strip()]


def ascii_url(url):
    """Percent-encode an IRI (the corpus mixes raw Arabic and encoded URLs)."""
    return urllib.parse.quote(urllib.parse.unquote(url), safe=":/?=&#%")


def esc(s):
    return html.escape(s, quote=True)


def related_for(own_id, rows, n=3):
    return [rows[i] for i in RELATED if i != own_id][:n]


# ---------------------------------------------------------------- plain text

def make_txt(rows, out):
    for art_id, name, encoding, opts in TXT:
        r = rows[art_id]
        paras = paragraphs(r)
        date = opts.get("crawl_date", iso_date(r))
        if opts.get("dateline"):
            when = published(r)[0].date()
            dateline = f"{ARABIC_WEEKDAYS[when.weekday()]} {when.day} {MAGHREBI_MONTHS[when.month - 1]} {when.year} - "
            paras[0] = dateline + paras[0]
        lead = "" if opts.get("no_leading_space") else " "
        lines = [f"{lead}date {date} {paras[0]}"] + paras[1:]
        year = published(r)[0].year
        read_also = ["اقرأ أيضاً"] + [x["title"].strip() for x in related_for(art_id, rows)]
        where = opts.get("boilerplate")
        if where == "end":
            lines += [""] + read_also + ["", "تابعونا على فيسبوك", f"© {year} {SITE}"]
        elif where == "middle":
            lines = lines[:1] + read_also[:3] + lines[1:] + ["تابعونا على فيسبوك", f"© {year} {SITE}"]
        elif where == "follow":
            lines += ["", "تابعونا على فيسبوك وتويتر"]
        text = ("\r\n" if opts.get("crlf") else "\n").join(lines) + ("\r\n" if opts.get("crlf") else "\n")
        if encoding == "utf-16le-bom":
            data = b"\xff\xfe" + text.encode("utf-16-le")
        else:
            data = text.encode(encoding)
        out[f"txt/{name}"] = data


# ---------------------------------------------------------------- HTML pages

NAV = ["الرئيسية", "أخبار وطنية", "أخبار عالمية", "سياسة", "اقتصاد", "رياضة", "مجتمع", "ثقافة"]
SECTION = {"internationalNews": "أخبار عالمية", "politic": "سياسة"}


def nav_html():
    items = "\n".join(f'      <li><a href="{SITE_URL}/ar/category/{i + 1}">{esc(n)}</a></li>' for i, n in enumerate(NAV))
    return f'  <nav class="main-menu">\n    <ul>\n{items}\n    </ul>\n  </nav>'


def share_html():
    return ('      <div class="share">\n'
            '        <span>شارك:</span>\n'
            '        <a class="fb" href="#">فيسبوك</a> <a class="tw" href="#">تويتر</a> '
            '<a class="wa" href="#">واتساب</a>\n'
            '        <span class="font-size">+ الخط -</span>\n'
            '      </div>')


def aside_html(own_id, rows, heading="اقرأ أيضاً"):
    links = "\n".join(f'        <li><a href="{esc(x["url"])}">{esc(x["title"].strip())}</a></li>'
                      for x in related_for(own_id, rows))
    return (f'    <aside class="related">\n      <h3>{heading}</h3>\n      <ul>\n{links}\n      </ul>\n'
            f'    </aside>')


def footer_html(year):
    return (f'  <footer>\n    <div class="newsletter">اشترك في النشرة البريدية</div>\n'
            f'    <p>© {year} {SITE}. جميع الحقوق محفوظة.</p>\n  </footer>')


def jsonld(r, section):
    obj = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": r["title"].strip(),
        "datePublished": iso_datetime(r),
        "articleSection": section,
        "inLanguage": "ar",
        "mainEntityOfPage": r["url"],
        "author": {"@type": "Organization", "name": SITE},
        "publisher": {"@type": "Organization", "name": SITE, "url": SITE_URL},
    }
    return ('  <script type="application/ld+json">\n'
            + json.dumps(obj, ensure_ascii=False, indent=2) + "\n  </script>")


def body_ps(r, indent="      "):
    return "\n".join(f"{indent}<p>{esc(p)}</p>" for p in paragraphs(r))


def page(r, rows, variant):
    title = r["title"].strip()
    section = SECTION.get(r["category"], "أخبار")
    if variant in ("no_article", "legacy_cp1256"):
        section = "سياسة"
    year = published(r)[0].year
    when = published(r)[0]
    human_date = f"{when.day} {MAGHREBI_MONTHS[when.month - 1]} {when.year}"
    charset = "windows-1256" if variant == "legacy_cp1256" else "utf-8"
    head = [
        "<!DOCTYPE html>",
        '<html lang="ar" dir="rtl">',
        "<head>",
        f'  <meta charset="{charset}">',
        f"  <title>{esc(title)} | {SITE}</title>",
        f'  <meta property="og:title" content="{esc(title)}">',
        '  <meta property="og:type" content="article">',
        f'  <meta property="og:url" content="{esc(r["url"])}">',
        f'  <meta property="og:site_name" content="{SITE}">',
    ]
    if variant in ("full", "no_article", "table_layout"):
        head.append(f'  <meta property="article:published_time" content="{iso_datetime(r)}">')
    if variant in ("full", "caption", "legacy_cp1256"):
        head.append(jsonld(r, section))
    head += ['  <link rel="stylesheet" href="/css/main.css">', "</head>"]
    crumb = f'  <div class="breadcrumb"><a href="{SITE_URL}/ar">الرئيسية</a> &gt; <a href="#">{section}</a></div>'
    byline = f'      <div class="byline">{SITE} - وكالات</div>'
    ad = '  <div class="ad"><span>إعلان</span></div>'
    tags = '      <div class="tags">كلمات دلالية: <a href="#">سياسة</a>، <a href="#">العالم العربي</a></div>'
    body = ["<body>", '  <header class="site-header"><a class="logo" href="/ar">جوهرة أف أم</a></header>',
            nav_html(), crumb, ad]
    if variant == "full":
        body += ["  <main>", "    <article>", f"      <h1>{esc(title)}</h1>", byline,
                 f'      <div class="date">{human_date}</div>', share_html(), body_ps(r), tags,
                 "    </article>", aside_html(r["id"], rows), "  </main>"]
    elif variant == "no_article":
        body += ['  <div id="content" class="content">', '    <div class="post-header">',
                 f'      <h1 class="post-title">{esc(title)}</h1>', byline, share_html(), "    </div>",
                 '    <div class="post-body">', body_ps(r), "    </div>",
                 aside_html(r["id"], rows, "مواضيع ذات صلة"), "  </div>"]
    elif variant == "time_tag":
        body += ["  <main>", '    <article class="news">', "      <header>", f"        <h1>{esc(title)}</h1>",
                 f'        <time datetime="{iso_datetime(r)}">{human_date}</time>', "      </header>",
                 share_html(), body_ps(r), "    </article>", aside_html(r["id"], rows, "الأكثر قراءة"),
                 "  </main>"]
    elif variant == "caption":
        photo_day = when - dt.timedelta(days=800)
        caption = (f"صورة أرشيفية - اجتماع سابق في {photo_day.day} {MAGHREBI_MONTHS[photo_day.month - 1]} "
                   f"{photo_day.year}")
        body += ["  <main>", "    <article>", f"      <h1>{esc(title)}</h1>", byline,
                 '      <figure class="main-photo">', '        <img src="/images/photo.jpg" alt="">',
                 f"        <figcaption>{esc(caption)}</figcaption>", "      </figure>", body_ps(r),
                 "    </article>", aside_html(r["id"], rows), "  </main>"]
    elif variant == "legacy_cp1256":
        body += ['  <div class="article-page">', f'    <h2 class="headline">{esc(title)}</h2>',
                 f'    <div class="meta">نشر في {when.strftime("%d/%m/%Y")}</div>', share_html(),
                 '    <div class="text">', body_ps(r), "    </div>", aside_html(r["id"], rows), "  </div>"]
    elif variant == "table_layout":
        body += ['  <table width="100%" class="layout"><tr>', '    <td class="main">',
                 f'      <font size="5"><b>{esc(title)}</b></font><br>',
                 f'      <span class="small">نشر في {when.strftime("%d/%m/%Y %H:%M")}</span>',
                 body_ps(r), "    </td>", '    <td class="side">', aside_html(r["id"], rows), "    </td>",
                 "  </tr></table>", '  <div class="comments"><h4>التعليقات</h4>',
                 '    <div class="comment">ربي يرحمهم</div>', "  </div>"]
    body += [footer_html(year), "</body>", "</html>"]
    text = "\n".join(head + body) + "\n"
    return text.encode("cp1256" if variant == "legacy_cp1256" else "utf-8")


def make_html(rows, out):
    for art_id, name, variant in HTML:
        out[f"html/{name}"] = page(rows[art_id], rows, variant)


# ---------------------------------------------------------------- JSONL

def make_jsonl(rows, out):
    lines = []
    for art_id in JSONL:
        r = rows[art_id]
        obj = {"id": r["id"], "title": r["title"].strip()}
        if art_id == JSONL_ALT_FIELDS_ID:
            obj.update({"published": iso_datetime(r), "source": r["outlet"], "url": r["url"]})
        else:
            obj.update({"date": iso_date(r), "outlet": r["outlet"], "url": r["url"]})
        if art_id == JSONL_HTML_ID:
            obj["html"] = (f'<html lang="ar" dir="rtl"><head><title>{esc(obj["title"])}</title></head><body>'
                           f'<article><h1>{esc(obj["title"])}</h1>'
                           + "".join(f"<p>{esc(p)}</p>" for p in paragraphs(r))
                           + "</article></body></html>")
        else:
            obj["text"] = r["text"].strip()
        lines.append(json.dumps(obj, ensure_ascii=False))
    out["jsonl/articles.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- RSS and Atom

def rss_date(r):
    return email.utils.format_datetime(published(r)[0])


def make_rss(rows, out):
    items = []
    for art_id in RSS:
        r = rows[art_id]
        link = ascii_url(r["url"])
        content = "".join(f"<p>{esc(p)}</p>" for p in paragraphs(r))
        summary = r["abstract"].strip() or paragraphs(r)[0]
        items.append(
            "    <item>\n"
            f"      <title>{esc(r['title'].strip())}</title>\n"
            f"      <link>{esc(link)}</link>\n"
            f'      <guid isPermaLink="false">{esc(r["id"])}</guid>\n'
            f"      <pubDate>{rss_date(r)}</pubDate>\n"
            f"      <category>{SECTION.get(r['category'], 'أخبار')}</category>\n"
            f"      <description>{esc(summary)}</description>\n"
            f"      <content:encoded><![CDATA[{content}]]></content:encoded>\n"
            "    </item>")
    latest = max(published(rows[i])[0] for i in RSS)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
           "  <channel>\n"
           f"    <title>{SITE} - أخبار عالمية</title>\n"
           f"    <link>{SITE_URL}/ar</link>\n"
           "    <description>آخر الأخبار العالمية</description>\n"
           "    <language>ar</language>\n"
           f"    <lastBuildDate>{email.utils.format_datetime(latest)}</lastBuildDate>\n"
           + "\n".join(items) + "\n  </channel>\n</rss>\n")
    out["rss/feed.xml"] = xml.encode("utf-8")


def make_atom(rows, out):
    entries = []
    for art_id in ATOM:
        r = rows[art_id]
        when = published(r)[0].isoformat()
        content = "".join(f"<p>{esc(p)}</p>" for p in paragraphs(r))
        entries.append(
            "  <entry>\n"
            f"    <id>urn:ant:{esc(r['id'])}</id>\n"
            f"    <title>{esc(r['title'].strip())}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{esc(ascii_url(r["url"]))}"/>\n'
            f"    <published>{when}</published>\n"
            f"    <updated>{when}</updated>\n"
            f"    <author><name>{SITE}</name></author>\n"
            f"    <summary>{esc(paragraphs(r)[0])}</summary>\n"
            f'    <content type="html">{esc(content)}</content>\n'
            "  </entry>")
    latest = max(published(rows[i])[0] for i in ATOM).isoformat()
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">\n'
           f"  <title>{SITE}</title>\n"
           f'  <link rel="alternate" href="{SITE_URL}/ar"/>\n'
           f"  <id>{SITE_URL}/ar/atom</id>\n"
           f"  <updated>{latest}</updated>\n"
           + "\n".join(entries) + "\n</feed>\n")
    out["atom/feed.atom"] = xml.encode("utf-8")


# ---------------------------------------------------------------- WARC

def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(rtype, block, date, uri=None, content_type=None, extra=()):
    record_id = uuid.uuid5(NS, f"{rtype}|{uri}|{hashlib.sha1(block).hexdigest()}")
    headers = [
        "WARC/1.0",
        f"WARC-Type: {rtype}",
        f"WARC-Record-ID: <urn:uuid:{record_id}>",
        f"WARC-Date: {date}",
    ]
    if uri:
        headers.append(f"WARC-Target-URI: {uri}")
    headers += list(extra)
    if content_type:
        headers.append(f"Content-Type: {content_type}")
    headers += [f"WARC-Block-Digest: {sha1_b32(block)}", f"Content-Length: {len(block)}"]
    raw = ("\r\n".join(headers) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"
    return gzip.compress(raw, compresslevel=9, mtime=0), record_id


def make_warc(rows, out):
    crawl = "2017-06-20T08:00:00Z"
    info = ("software: rasd samples/make_samples.py\r\nformat: WARC File Format 1.0\r\n"
            "description: sample crawl of three Jawhara FM articles (ANT corpus v1.1, Apache-2.0)\r\n").encode()
    members = [warc_record("warcinfo", info, crawl, content_type="application/warc-fields",
                           extra=["WARC-Filename: pages.warc.gz"])[0]]
    for n, art_id in enumerate(WARC):
        r = rows[art_id]
        uri = ascii_url(r["url"])
        parsed = urllib.parse.urlsplit(uri)
        date = f"2017-06-20T08:0{n}:00Z"
        variant = ["full", "time_tag", "caption"][n]
        body = page(r, rows, variant)
        concurrent = []
        if n == 0:
            req = (f"GET {parsed.path} HTTP/1.1\r\nHost: {parsed.netloc}\r\n"
                   "User-Agent: rasd-sample/1.0\r\nAccept: text/html\r\n\r\n").encode("ascii")
            rec, req_id = warc_record("request", req, date, uri, "application/http; msgtype=request")
            members.append(rec)
            concurrent = [f"WARC-Concurrent-To: <urn:uuid:{req_id}>"]
        http_date = email.utils.format_datetime(dt.datetime.fromisoformat(date.replace("Z", "+00:00")), usegmt=True)
        resp = (f"HTTP/1.1 200 OK\r\nDate: {http_date}\r\nServer: nginx\r\n"
                f"Content-Type: text/html; charset=UTF-8\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n").encode("ascii") + body
        extra = concurrent + [f"WARC-Payload-Digest: {sha1_b32(body)}"]
        members.append(warc_record("response", resp, date, uri, "application/http; msgtype=response", extra)[0])
    out["warc/pages.warc.gz"] = b"".join(members)


# ---------------------------------------------------------------- bad inputs

def make_bad(rows, out):
    out["bad/empty.txt"] = b""
    # Binary: a PNG signature followed by bytes with NULs, under a .txt name so sniffing must catch it.
    blob = bytearray(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for i in range(2048):
        blob.append((i * 131 + 7) % 256)
    out["bad/binary.txt"] = bytes(blob)
    # Truncated gzip: the JSONL sample, compressed and cut inside its first record, so no complete
    # line can be recovered from it (recovered lines would only duplicate jsonl/articles.jsonl).
    data = out["jsonl/articles.jsonl"]
    whole = gzip.compress(data, compresslevel=9, mtime=0)
    cut = 400
    assert len(zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(whole[:cut])) < data.index(b"\n")
    out["bad/truncated.jsonl.gz"] = whole[:cut]
    good = [json.dumps({"id": rows[i]["id"], "title": rows[i]["title"].strip(), "date": iso_date(rows[i]),
                        "url": rows[i]["url"], "outlet": rows[i]["outlet"], "text": rows[i]["text"].strip()},
                       ensure_ascii=False) for i in BAD_JSONL_GOOD]
    broken = '{"id": "broken-1", "title": "سطر مقطوع", "text": "هذا السطر ينقصه'
    out["bad/mixed.jsonl"] = ("\n".join([good[0], broken, good[1]]) + "\n").encode("utf-8")


def build():
    ids = ([t[0] for t in TXT] + [h[0] for h in HTML] + JSONL + RSS + ATOM + WARC + BAD_JSONL_GOOD + RELATED)
    rows = load_corpus(ids)
    out = {}
    make_txt(rows, out)
    make_html(rows, out)
    make_jsonl(rows, out)
    make_rss(rows, out)
    make_atom(rows, out)
    make_warc(rows, out)
    make_bad(rows, out)
    return out


def main():
    out = build()
    if "--check" in sys.argv[1:]:
        bad = [p for p, data in sorted(out.items())
               if not os.path.exists(os.path.join(HERE, p)) or open(os.path.join(HERE, p), "rb").read() != data]
        for p in bad:
            print(f"differs: samples/{p}")
        sys.exit(1 if bad else 0)
    for path, data in sorted(out.items()):
        full = os.path.join(HERE, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    print(f"wrote {len(out)} files under {os.path.relpath(HERE)}")


if __name__ == "__main__":
    main()
