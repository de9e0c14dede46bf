// The page of `kepatuhan layani`: check the chosen files, run, follow the job, list results.
// No framework and nothing from outside: the server's Content-Security-Policy allows only
// this file, and the office may have no internet.
'use strict';

const token = document.querySelector('meta[name="kp-token"]').content;
const $ = (id) => document.getElementById(id);
let files = [];
let periksaBaik = false;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

async function post(path, form) {
  const r = await fetch(path, { method: 'POST', body: form, headers: { 'X-Token': token } });
  let body = {};
  try { body = await r.json(); } catch (e) { body = { pesan: 'jawaban server tidak terbaca' }; }
  return { status: r.status, body };
}

function formWithFiles() {
  const f = new FormData();
  for (const file of files) f.append('berkas', file, file.name);
  const lembar = $('lembar').value.trim();
  if (lembar) f.append('lembar', lembar);
  return f;
}

function showFiles() {
  const ul = $('daftar-berkas');
  ul.replaceChildren(...files.map((f) => el('li', f.name + ' (' + Math.ceil(f.size / 1024) + ' KB)')));
}

function showFindings(res) {
  const box = $('ringkasan');
  const tbody = $('temuan').querySelector('tbody');
  tbody.replaceChildren();
  box.replaceChildren();
  const r = res.ringkasan || {};
  if (res.baik) {
    box.append(el('p', 'Berkas baik: ' + r.baris + ' baris, tahun ' + r.tahun + ', ' + r.instansi +
      ' instansi, ' + r.unit + ' unit, ' + r.peringatan + ' peringatan.', 'baik'));
  } else {
    box.append(el('p', 'Berkas belum dapat diolah: ' + r.kesalahan + ' kesalahan, ' +
      r.peringatan + ' peringatan. Perbaiki baris di bawah lalu pilih berkasnya lagi.', 'buruk'));
  }
  if (r.kesalahan_lain) box.append(el('p', '… dan ' + r.kesalahan_lain + ' kesalahan lain.'));
  for (const t of res.temuan || []) {
    const tr = el('tr', undefined, t.tingkat);
    tr.append(el('td', t.berkas || ''));
    tr.append(el('td', t.sel ? t.sel : (t.baris ? 'baris ' + t.baris + (t.kolom ? ', kolom ' + t.kolom : '') : '')));
    tr.append(el('td', t.tingkat));
    tr.append(el('td', t.pesan));
    tbody.append(tr);
  }
  $('temuan').hidden = (res.temuan || []).length === 0;
}

async function periksa() {
  periksaBaik = false;
  updateButton();
  if (files.length === 0) return;
  $('ringkasan').replaceChildren(el('p', 'Memeriksa ' + files.length + ' berkas…'));
  try {
    const { status, body } = await post('/api/periksa', formWithFiles());
    if (status !== 200) {
      $('ringkasan').replaceChildren(el('p', 'Tidak dapat diperiksa: ' + (body.pesan || status), 'buruk'));
      return;
    }
    showFindings(body);
    periksaBaik = body.baik;
  } catch (e) {
    $('ringkasan').replaceChildren(el('p', 'Server tidak dapat dihubungi.', 'buruk'));
  }
  updateButton();
}

function updateButton() {
  $('jalankan').disabled = !(files.length > 0 && periksaBaik);
}

function choose(list) {
  files = Array.from(list);
  showFiles();
  periksa();
}

function jobUrl(id, rest) {
  return '/api/tugas/' + encodeURIComponent(id) + (rest || '');
}

function showDocuments(id, berkas) {
  const ul = $('dokumen');
  ul.replaceChildren();
  for (const p of berkas) {
    const li = el('li');
    const a = el('a', p);
    a.href = jobUrl(id, '/berkas/' + p.split('/').map(encodeURIComponent).join('/'));
    a.target = '_blank';
    a.rel = 'noopener';
    li.append(a);
    ul.append(li);
  }
  $('zip').href = jobUrl(id, '/hasil.zip');
  $('unduh-semua').hidden = false;
}

async function follow(id) {
  const bar = $('kemajuan');
  bar.hidden = false;
  for (;;) {
    let t;
    try {
      const r = await fetch(jobUrl(id));
      t = await r.json();
      if (!r.ok) { $('status').textContent = t.pesan || ('kesalahan ' + r.status); break; }
    } catch (e) {
      $('status').textContent = 'Server tidak dapat dihubungi; mencoba lagi…';
      await new Promise((ok) => setTimeout(ok, 2000));
      continue;
    }
    bar.value = t.kemajuan;
    const kata = { antre: 'Menunggu giliran', jalan: 'Berjalan', selesai: 'Selesai', gagal: 'Gagal' };
    $('status').textContent = kata[t.status] + (t.pesan ? ': ' + t.pesan : '');
    if (t.status === 'selesai') { showDocuments(id, t.berkas); break; }
    if (t.status === 'gagal') break;
    await new Promise((ok) => setTimeout(ok, 500));
  }
  $('jalankan').disabled = false;
}

async function jalankan(ev) {
  ev.preventDefault();
  $('jalankan').disabled = true;
  $('unduh-semua').hidden = true;
  $('dokumen').replaceChildren();
  const f = formWithFiles();
  const form = $('opsi');
  for (const inp of form.querySelectorAll('input, select')) {
    if (inp.type === 'checkbox') f.append(inp.name, inp.checked ? 'ya' : 'tidak');
    else f.append(inp.name, inp.value.trim());
  }
  $('status').textContent = 'Mengunggah…';
  try {
    const { status, body } = await post('/api/jalankan', f);
    if (status !== 202) {
      $('status').textContent = 'Tidak dapat dijalankan: ' + (body.pesan || status);
      $('jalankan').disabled = false;
      return;
    }
    history.replaceState(null, '', '#tugas=' + body.id);
    follow(body.id);
  } catch (e) {
    $('status').textContent = 'Server tidak dapat dihubungi.';
    $('jalankan').disabled = false;
  }
}

$('berkas').addEventListener('change', (e) => choose(e.target.files));
const zone = $('jatuhkan');
zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('aktif'); });
zone.addEventListener('dragleave', () => zone.classList.remove('aktif'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('aktif');
  choose(e.dataTransfer.files);
});
$('lembar').addEventListener('change', periksa);
$('opsi').addEventListener('submit', jalankan);

// A reload (or a bookmark) of a job's page picks its job up again.
const m = /#tugas=([0-9a-f]{32})/.exec(location.hash);
if (m) follow(m[1]);
