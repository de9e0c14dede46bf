#!/usr/bin/env python3
"""Drives the page of `kepatuhan layani` in headless Chromium as a clerk would: pick a bad
file and see its findings, pick the samples, run, see the list of documents. Talks the
DevTools protocol over a websocket written here with the standard library only (the test
machine has python3 but no websocket module). Screenshots go to OUTDIR.

Usage: layani_halaman.py DEVTOOLS_PORT URL BAD_FILE OUTDIR SAMPLE...
Exits non-zero with a message on the first thing that is not as expected."""
import base64
import json
import os
import socket
import struct
import sys
import time
import urllib.request


class Page:
    def __init__(self, ws_url):
        hostport, path = ws_url[len("ws://"):].split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += self.sock.recv(4096)
        head, self.buf = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            sys.exit("GAGAL: websocket DevTools ditolak: " + head.decode(errors="replace"))
        self.next_id = 0
        self.events = []

    def _send(self, obj):
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise EOFError("DevTools menutup koneksi")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _message(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode in (0, 1, 2):
                msg += payload
                if b0 & 0x80:
                    return json.loads(msg)
            # ping, pong, close: nothing to answer for a short test

    def call(self, method, **params):
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            m = self._message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    sys.exit(f"GAGAL: {method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            sys.exit(f"GAGAL: {expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait(self, expr, what, seconds=120):
        end = time.time() + seconds
        while time.time() < end:
            if self.js(expr):
                return
            time.sleep(0.2)
        sys.exit(f"GAGAL: {what} tidak terjadi dalam {seconds} dtk; halaman: " +
                 str(self.js("document.querySelector('main').innerText"))[:2000])

    def files(self, selector, paths):
        root = self.call("DOM.getDocument")["root"]["nodeId"]
        node = self.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        self.call("DOM.setFileInputFiles", nodeId=node, files=paths)

    def shot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def main():
    port, url, bad, outdir, *samples = sys.argv[1:]
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
    page = next(t for t in targets if t["type"] == "page")
    p = Page(page["webSocketDebuggerUrl"])
    p.call("Page.enable")
    p.call("Runtime.enable")
    p.call("Log.enable")
    p.call("Emulation.setDeviceMetricsOverride", width=1100, height=900, deviceScaleFactor=1,
           mobile=False)
    p.call("Page.navigate", url=url)
    p.wait("document.readyState === 'complete' && !!document.getElementById('berkas')",
           "halaman dimuat")

    # A bad file: its findings, with line and column, and the run button stays off.
    p.files("#berkas", [bad])
    p.wait("document.querySelectorAll('#temuan tbody tr.kesalahan').length > 0",
           "temuan berkas rusak tampil")
    row = p.js("document.querySelector('#temuan tbody tr').innerText")
    if "baris 2" not in row or "bukan angka" not in row:
        sys.exit("GAGAL: baris temuan pertama: " + row)
    if not p.js("document.getElementById('jalankan').disabled"):
        sys.exit("GAGAL: tombol Jalankan aktif untuk berkas rusak")
    p.shot(os.path.join(outdir, "layani-temuan.png"))

    # The samples: good, then a run whose list names the Banjarbaru certificate.
    p.files("#berkas", samples)
    p.wait("!document.getElementById('jalankan').disabled", "berkas sampel dinyatakan baik")
    p.js("document.querySelector('select[name=surat]').value = 'piagam'")
    p.js("document.getElementById('jalankan').click()")
    p.wait("[...document.querySelectorAll('#dokumen a')].some(a => a.textContent === "
           "'2023/piagam/kota-banjarbaru.pdf')", "daftar dokumen tampil", 300)
    href = p.js("document.getElementById('zip').getAttribute('href')")
    if not href.endswith("/hasil.zip"):
        sys.exit("GAGAL: tautan zip: " + str(href))
    if p.js("document.getElementById('kemajuan').value") != 1:
        sys.exit("GAGAL: bilah kemajuan tidak penuh")
    # The document links are fetched by the page's origin: one of them must open.
    ok = p.js("fetch(document.querySelector('#dokumen a').href).then(r => r.status)")
    if ok != 200:
        sys.exit(f"GAGAL: tautan dokumen pertama: HTTP {ok}")
    p.shot(os.path.join(outdir, "layani-hasil.png"))

    # A narrow screen: nothing wider than the viewport.
    p.call("Emulation.setDeviceMetricsOverride", width=380, height=800, deviceScaleFactor=1,
           mobile=True)
    time.sleep(0.3)
    wide = p.js("document.documentElement.scrollWidth")
    if wide > 400:
        sys.exit(f"GAGAL: halaman selebar {wide}px pada layar 380px")
    p.shot(os.path.join(outdir, "layani-sempit.png"))

    # The Content-Security-Policy let everything of the page run: no violation was logged.
    for e in p.events:
        text = json.dumps(e.get("params", {}))
        if "Content Security Policy" in text or "Refused to" in text:
            sys.exit("GAGAL: pelanggaran CSP: " + text[:500])
    print("ok")


main()
