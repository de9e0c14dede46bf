#include "serve/layani.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <microhttpd.h>
#include <nettle/hmac.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/pipeline.h"
#include "serve/aset.h"
#include "util/json.h"
#include "serve/katasandi.h"
#include "serve/masukan.h"
#include "serve/tugas.h"
#include "util/diag.h"
#include "util/outdir.h"
#include "util/readfile.h"

/* Uploads being received at once; more is 429 (each holds a thread and a file). */
#define MAKS_UNGGAH_SERENTAK 32
/* Jobs waiting at most. */
#define MAKS_ANTRE 256
/* Seconds a request may take to arrive whole (408 after), and a silent connection lives. */
#define BATAS_WAKTU_PERMINTAAN 600
#define BATAS_DIAM             60
/* Connections served at once. Up to MAKS_KONEKSI_TOLAK more are accepted only to be told
 * so (429 with a message); past both, libmicrohttpd refuses them at the socket. */
#define MAKS_KONEKSI       128
#define MAKS_KONEKSI_TOLAK 32
/* Option fields: how many and how long, in one request. */
#define MAKS_KOLOM 32
#define MAKS_NILAI 1024

/* --- Options ------------------------------------------------------------------------------ */

static const char help_text[] =
    "Pemakaian: kepatuhan layani [OPSI]\n"
    "\n"
    "Melayani halaman web (bahasa Indonesia) dan API JSON untuk memeriksa berkas hasil\n"
    "penilaian dan membuat dokumennya dari peramban, dengan proses yang sama dengan CLI.\n"
    "\n"
    "Opsi:\n"
    "      --alamat ALAMAT     alamat yang didengar (bawaan: 127.0.0.1); alamat lain apa pun\n"
    "                          memerlukan --kata-sandi\n"
    "      --port PORT         port (bawaan: 8080; 0: port bebas mana saja)\n"
    "      --folder FOLDER     folder tugas (bawaan: kepatuhan-layani)\n"
    "      --kata-sandi BERKAS baris nama:hash dari 'kepatuhan kata-sandi NAMA'; meminta\n"
    "                          HTTP basic auth\n"
    "      --sertifikat BERKAS sertifikat TLS (PEM), bersama --kunci-tls: HTTPS\n"
    "      --kunci-tls BERKAS  kunci privat TLS (PEM)\n"
    "      --maks-unggah N     ukuran unggahan per permintaan, byte atau dengan K/M/G\n"
    "                          (bawaan: 200M)\n"
    "      --maks-berkas N     berkas per unggahan (bawaan: 50)\n"
    "  -j, --jobs N            tugas yang berjalan bersamaan (bawaan: 2, atau 1 pada satu inti)\n"
    "      --simpan JAM        tugas selesai dihapus setelah JAM jam (bawaan: 24)\n"
    "      --templat FOLDER    folder templat untuk semua tugas\n"
    "  -h, --help              tampilkan bantuan ini\n"
    "\n"
    "Contoh:\n"
    "  kepatuhan layani\n"
    "  kepatuhan kata-sandi admin >> /etc/kepatuhan/kata-sandi\n"
    "  kepatuhan layani --alamat 0.0.0.0 --kata-sandi /etc/kepatuhan/kata-sandi \\\n"
    "      --sertifikat sertifikat.pem --kunci-tls kunci.pem --folder /var/lib/kepatuhan\n";

const char *layani_help_text(void)
{
    return help_text;
}

static bool parse_size(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno || s[0] == '-')
        return false;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1ULL << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1ULL << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mul = 1ULL << 30, end++;
    if (*end || v == 0 || v > (1ULL << 40) / mul)
        return false;
    *out = v * mul;
    return true;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

cli_parse_status layani_parse(int argc, char **argv, layani_options *o, char *msg, size_t cap)
{
    enum {
        O_ALAMAT = 256,
        O_PORT,
        O_FOLDER,
        O_SANDI,
        O_SERT,
        O_KUNCI,
        O_UNGGAH,
        O_BERKAS,
        O_SIMPAN,
        O_TEMPLAT
    };
    static const struct option opts[] = {
        {"alamat", required_argument, NULL, O_ALAMAT},
        {"port", required_argument, NULL, O_PORT},
        {"folder", required_argument, NULL, O_FOLDER},
        {"kata-sandi", required_argument, NULL, O_SANDI},
        {"sertifikat", required_argument, NULL, O_SERT},
        {"kunci-tls", required_argument, NULL, O_KUNCI},
        {"maks-unggah", required_argument, NULL, O_UNGGAH},
        {"maks-berkas", required_argument, NULL, O_BERKAS},
        {"jobs", required_argument, NULL, 'j'},
        {"simpan", required_argument, NULL, O_SIMPAN},
        {"templat", required_argument, NULL, O_TEMPLAT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->alamat = "127.0.0.1";
    o->port = 8080;
    o->folder = "kepatuhan-layani";
    o->maks_unggah = 200ULL << 20;
    o->maks_berkas = 50;
    o->jobs = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
    o->simpan_jam = 24;
    msg[0] = '\0';
    opterr = 0;
    optind = 0;
    int c;
    long v;
    while ((c = getopt_long(argc, argv, ":j:h", opts, NULL)) != -1) {
        const char *a = optarg;
        switch (c) {
        case O_ALAMAT:
            o->alamat = a;
            break;
        case O_PORT:
            if (!parse_long(a, 0, 65535, &v)) {
                snprintf(msg, cap, "nilai --port tidak sah: '%s' (0 sampai 65535)", a);
                return CLI_USAGE_ERROR;
            }
            o->port = (int)v;
            break;
        case O_FOLDER:
            o->folder = a;
            break;
        case O_SANDI:
            o->kata_sandi = a;
            break;
        case O_SERT:
            o->sertifikat = a;
            break;
        case O_KUNCI:
            o->kunci_tls = a;
            break;
        case O_UNGGAH:
            if (!parse_size(a, &o->maks_unggah)) {
                snprintf(msg, cap, "nilai --maks-unggah tidak sah: '%s' (contoh: 200M)", a);
                return CLI_USAGE_ERROR;
            }
            break;
        case O_BERKAS:
            if (!parse_long(a, 1, 10000, &v)) {
                snprintf(msg, cap, "nilai --maks-berkas tidak sah: '%s' (1 sampai 10000)", a);
                return CLI_USAGE_ERROR;
            }
            o->maks_berkas = (size_t)v;
            break;
        case 'j':
            if (!parse_long(a, 1, 64, &v)) {
                snprintf(msg, cap, "nilai --jobs tidak sah: '%s' (1 sampai 64)", a);
                return CLI_USAGE_ERROR;
            }
            o->jobs = (int)v;
            break;
        case O_SIMPAN:
            if (!parse_long(a, 1, 24 * 366, &v)) {
                snprintf(msg, cap, "nilai --simpan tidak sah: '%s' (jam, 1 sampai 8784)", a);
                return CLI_USAGE_ERROR;
            }
            o->simpan_jam = v;
            break;
        case O_TEMPLAT:
            o->templat = a;
            break;
        case 'h':
            return CLI_HELP;
        case ':':
            snprintf(msg, cap, "opsi '%s' memerlukan nilai", argv[optind - 1]);
            return CLI_USAGE_ERROR;
        default:
            snprintf(msg, cap, "opsi tidak dikenal '%s' untuk layani", argv[optind - 1]);
            return CLI_USAGE_ERROR;
        }
    }
    if (optind < argc) {
        snprintf(msg, cap, "layani tidak menerima berkas: '%s'", argv[optind]);
        return CLI_USAGE_ERROR;
    }
    if (!o->sertifikat != !o->kunci_tls) {
        snprintf(msg, cap, "--sertifikat dan --kunci-tls harus diberikan bersama");
        return CLI_USAGE_ERROR;
    }
    return CLI_OK;
}

/* --- Server state ------------------------------------------------------------------------- */

struct layani {
    layani_options o;
    const atomic_int *stop;
    struct MHD_Daemon *d;
    tugas_config cfg;
    tugas_antre *q;
    katasandi *sandi;
    char *cert, *key;
    uint8_t secret[32];
    char url[128];
    char periksa_dir[PATH_MAX];
    pthread_mutex_t lock;
    int unggah;         /* uploads in progress */
    atomic_int koneksi; /* connections open (libmicrohttpd's threads report them) */
};

typedef enum rute { R_PERIKSA, R_JALANKAN } rute;

typedef struct kolom {
    char key[64];
    char val[MAKS_NILAI];
    size_t len;
} kolom;

/* One POST being received. */
typedef struct req {
    layani *s;
    rute r;
    struct MHD_PostProcessor *pp;
    masukan own; /* periksa: its files, in a folder of their own */
    bool own_used;
    tugas *t;    /* jalankan: the job its files belong to */
    masukan *in; /* where files go: &own or the job's */
    kolom *fields;
    size_t n_fields;
    bool in_part;
    size_t part_bytes;
    char part_name[256];
    unsigned long long received;
    time_t t0;
    unsigned fail_code; /* answer with this once the body is read; 0: none */
    char fail_msg[KP_ERROR_MSG_MAX];
    bool counted;
} req;

/* --- Responses ---------------------------------------------------------------------------- */

/* Headers every answer carries: the page loads only its own files and is never framed. */
static void secure(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result send_body(struct MHD_Connection *c, unsigned code, const char *type,
                                 void *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, mode);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    secure(resp);
    enum MHD_Result r = MHD_queue_response(c, code, resp);
    MHD_destroy_response(resp);
    return r;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned code, json_buf *j)
{
    size_t len;
    char *text = json_take(j, &len);
    if (!text)
        return send_body(c, 500, "application/json; charset=utf-8", "{\"pesan\":\"memori habis\"}",
                         24, MHD_RESPMEM_PERSISTENT);
    return send_body(c, code, "application/json; charset=utf-8", text, len, MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result send_pesan(struct MHD_Connection *c, unsigned code, const char *pesan)
{
    json_buf j;
    json_init(&j);
    json_raw(&j, "{\"pesan\":");
    json_str(&j, pesan);
    json_raw(&j, "}");
    return send_json(c, code, &j);
}

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".pdf", "application/pdf"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".csv", "text/csv; charset=utf-8"},
        {".zip", "application/zip"},
    };
    size_t ln = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t le = strlen(types[i].ext);
        if (ln >= le && strcasecmp(name + ln - le, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

static enum MHD_Result send_file(struct MHD_Connection *c, int fd, const struct stat *st,
                                 const char *name, bool attachment)
{
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st->st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", content_type(name));
    char disp[400];
    const char *base = strrchr(name, '/');
    /* The name is an output slug (tugas_buka allows nothing else): safe inside quotes. */
    snprintf(disp, sizeof disp, "%s; filename=\"%s\"", attachment ? "attachment" : "inline",
             base ? base + 1 : name);
    MHD_add_response_header(resp, "Content-Disposition", disp);
    secure(resp);
    enum MHD_Result r = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return r;
}

/* --- Tokens ------------------------------------------------------------------------------- */

/* "<nonce>.<mac>": a page's token, checked without keeping any list of them. */
static void token_mac(const layani *s, const char *nonce, char *out)
{
    struct hmac_sha256_ctx h;
    uint8_t mac[SHA256_DIGEST_SIZE];
    hmac_sha256_set_key(&h, sizeof s->secret, s->secret);
    hmac_sha256_update(&h, strlen(nonce), (const uint8_t *)nonce);
    hmac_sha256_digest(&h, sizeof mac, mac);
    for (size_t i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

static bool token_new(const layani *s, char *out)
{
    char nonce[33];
    if (tugas_acak(nonce, 16, NULL) != KP_OK)
        return false;
    memcpy(out, nonce, 32);
    out[32] = '.';
    token_mac(s, nonce, out + 33);
    return true;
}

static bool token_ok(const layani *s, const char *tok)
{
    if (!tok || strlen(tok) != 65 || tok[32] != '.')
        return false;
    char nonce[33], mac[33];
    memcpy(nonce, tok, 32);
    nonce[32] = '\0';
    token_mac(s, nonce, mac);
    unsigned char d = 0;
    for (size_t i = 0; i < 32; i++)
        d |= (unsigned char)(mac[i] ^ tok[33 + i]);
    return d == 0;
}

/* The key tokens are made with, kept in the folder so that open pages survive a restart. */
static kp_status load_secret(layani *s, kp_error *err)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/.rahasia", s->o.folder);
    FILE *f = fopen(path, "rb");
    if (f) {
        size_t n = fread(s->secret, 1, sizeof s->secret, f);
        fclose(f);
        if (n == sizeof s->secret)
            return KP_OK;
    }
    char hex[65];
    kp_status st = tugas_acak(hex, sizeof s->secret, err);
    if (st != KP_OK)
        return st;
    for (size_t i = 0; i < sizeof s->secret; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        s->secret[i] = (uint8_t)v;
    }
    mode_t old = umask(077);
    st = outdir_write_file(path, s->secret, sizeof s->secret, err);
    umask(old);
    return st;
}

/* --- Pages -------------------------------------------------------------------------------- */

static enum MHD_Result send_page(layani *s, struct MHD_Connection *c)
{
    const layani_aset *a = layani_aset_find("/index.html");
    char tok[66];
    if (!a || !token_new(s, tok))
        return send_pesan(c, 500, "halaman tidak tersedia");
    /* The token goes where the page's script reads it: a meta tag, never inline script. */
    static const char mark[] = "__TOKEN__";
    /* Assets end in a NUL (embed.cmake), so the text can be searched as a string. */
    const char *at = strstr((const char *)a->data, mark);
    size_t pre = at ? (size_t)(at - (const char *)a->data) : a->len;
    size_t post = at ? a->len - pre - (sizeof mark - 1) : 0;
    char *body = malloc(pre + 65 + post);
    if (!body)
        return send_pesan(c, 500, "memori habis");
    memcpy(body, a->data, pre);
    if (at) {
        memcpy(body + pre, tok, 65);
        memcpy(body + pre + 65, at + sizeof mark - 1, post);
    }
    return send_body(c, MHD_HTTP_OK, a->type, body, pre + (at ? 65 : 0) + post,
                     MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result send_tugas(layani *s, struct MHD_Connection *c, const char *id)
{
    tugas_info info;
    char **berkas;
    size_t n;
    if (!tugas_lihat(s->q, id, &info, &berkas, &n))
        return send_pesan(c, MHD_HTTP_NOT_FOUND, "tugas tidak ditemukan (mungkin sudah dihapus)");
    json_buf j;
    json_init(&j);
    json_raw(&j, "{\"status\":");
    json_str(&j, tugas_status_name(info.status));
    json_fmt(&j, ",\"kemajuan\":%.3f,\"pesan\":", info.kemajuan);
    json_str(&j, info.pesan);
    json_raw(&j, ",\"berkas\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            json_raw(&j, ",");
        json_str(&j, berkas[i]);
    }
    json_raw(&j, "]}");
    tugas_berkas_free(berkas, n);
    return send_json(c, MHD_HTTP_OK, &j);
}

static enum MHD_Result handle_get(layani *s, struct MHD_Connection *c, const char *url)
{
    if (!strcmp(url, "/") || !strcmp(url, "/index.html"))
        return send_page(s, c);
    if (!strcmp(url, "/api/token")) {
        char tok[66];
        if (!token_new(s, tok))
            return send_pesan(c, 500, "getrandom gagal");
        json_buf j;
        json_init(&j);
        json_raw(&j, "{\"token\":");
        json_str(&j, tok);
        json_raw(&j, "}");
        return send_json(c, MHD_HTTP_OK, &j);
    }
    static const char pre[] = "/api/tugas/";
    if (!strncmp(url, pre, sizeof pre - 1)) {
        const char *id = url + sizeof pre - 1;
        const char *slash = strchr(id, '/');
        char idbuf[40];
        size_t idlen = slash ? (size_t)(slash - id) : strlen(id);
        if (idlen >= sizeof idbuf)
            return send_pesan(c, MHD_HTTP_NOT_FOUND, "tugas tidak ditemukan");
        memcpy(idbuf, id, idlen);
        idbuf[idlen] = '\0';
        if (!slash)
            return send_tugas(s, c, idbuf);
        struct stat st;
        if (!strcmp(slash, "/hasil.zip")) {
            int fd = tugas_buka(s->q, idbuf, NULL, &st);
            if (fd < 0)
                return send_pesan(c, MHD_HTTP_NOT_FOUND, "hasil tidak ada (tugas belum selesai?)");
            char name[64];
            snprintf(name, sizeof name, "hasil-%.8s.zip", idbuf);
            return send_file(c, fd, &st, name, true);
        }
        static const char bk[] = "/berkas/";
        if (!strncmp(slash, bk, sizeof bk - 1)) {
            const char *rel = slash + sizeof bk - 1;
            int fd = tugas_buka(s->q, idbuf, rel, &st);
            if (fd < 0)
                return send_pesan(c, MHD_HTTP_NOT_FOUND, "berkas tidak ditemukan");
            return send_file(c, fd, &st, rel, false);
        }
        return send_pesan(c, MHD_HTTP_NOT_FOUND, "tidak ditemukan");
    }
    const layani_aset *a = layani_aset_find(url);
    if (a && strcmp(url, "/index.html") != 0)
        return send_body(c, MHD_HTTP_OK, a->type, (void *)a->data, a->len, MHD_RESPMEM_PERSISTENT);
    return send_pesan(c, MHD_HTTP_NOT_FOUND, "tidak ditemukan");
}

/* --- Uploads ------------------------------------------------------------------------------ */

static void fail(req *r, unsigned code, const char *msg)
{
    if (r->fail_code)
        return;
    r->fail_code = code;
    snprintf(r->fail_msg, sizeof r->fail_msg, "%s", msg);
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    req *r = cls;
    if (r->fail_code)
        return MHD_NO;
    kp_error err;
    kp_error_clear(&err);
    if (filename) {
        if (strcmp(key, "berkas") != 0) {
            fail(r, 400, "berkas harus dikirim dalam kolom 'berkas'");
            return MHD_NO;
        }
        if (!filename[0])
            return MHD_YES; /* a file input left empty */
        bool same = r->in_part && r->part_bytes == 0 && !strcmp(r->part_name, filename);
        if (off == 0 && !same) {
            kp_status st = masukan_mulai(r->in, filename, &err);
            if (st != KP_OK) {
                fail(r, st == KP_ERR_USAGE ? MHD_HTTP_CONTENT_TOO_LARGE : 500, err.msg);
                return MHD_NO;
            }
            r->in_part = true;
            r->part_bytes = 0;
            snprintf(r->part_name, sizeof r->part_name, "%s", filename);
        }
        if (size && masukan_tulis(r->in, data, size, &err) != KP_OK) {
            fail(r, 500, err.msg);
            return MHD_NO;
        }
        r->part_bytes += size;
        return MHD_YES;
    }
    kolom *k = NULL;
    for (size_t i = 0; i < r->n_fields && !k; i++)
        if (!strcmp(r->fields[i].key, key))
            k = &r->fields[i];
    if (!k || off == 0) {
        if (r->n_fields >= MAKS_KOLOM || strlen(key) >= sizeof k->key) {
            fail(r, 400, "terlalu banyak kolom isian");
            return MHD_NO;
        }
        k = &r->fields[r->n_fields++];
        snprintf(k->key, sizeof k->key, "%s", key);
        k->len = 0;
        k->val[0] = '\0';
    }
    if (k->len + size >= sizeof k->val) {
        fail(r, 400, "isian kolom terlalu panjang");
        return MHD_NO;
    }
    memcpy(k->val + k->len, data, size);
    k->len += size;
    k->val[k->len] = '\0';
    return MHD_YES;
}

/* The CLI options a field stands for: its long option, "tahun" for "--tahun". */
static const struct {
    const char *name;
    bool flag;
} run_options[] = {
    {"tahun", false},          {"pembanding", false},     {"piagam", false},
    {"piagam-tingkat", false}, {"piagam-gabung", true},   {"rapor", true},
    {"tanpa-rapor", true},     {"rapor-skpd", true},      {"surat", false},
    {"surat-gabung", true},    {"per-provinsi", true},    {"provinsi", false},
    {"pemisah", false},        {"maks-kesalahan", false}, {"lembar", false},
};

/* Field names compare without '-' and '_': "piagam_tingkat", "piagamtingkat" are one. */
static bool same_name(const char *a, const char *b)
{
    for (;;) {
        while (*a == '-' || *a == '_')
            a++;
        while (*b == '-' || *b == '_')
            b++;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++, b++;
    }
}

/* CLI arguments from the fields (argv strings malloc'd); a message when one is wrong. */
static bool fields_to_args(const req *r, bool check_only, char **args, size_t *n, char *msg,
                           size_t cap)
{
    *n = 0;
    for (size_t i = 0; i < r->n_fields; i++) {
        const kolom *k = &r->fields[i];
        if (!strcmp(k->key, "token"))
            continue;
        size_t o = 0;
        while (o < sizeof run_options / sizeof run_options[0] &&
               !same_name(k->key, run_options[o].name))
            o++;
        if (o == sizeof run_options / sizeof run_options[0]) {
            snprintf(msg, cap, "kolom tidak dikenal '%s'", k->key);
            return false;
        }
        /* periksa reads only; what the run would render does not concern it. */
        const char *name = run_options[o].name;
        if (check_only && strcmp(name, "pemisah") && strcmp(name, "maks-kesalahan") &&
            strcmp(name, "lembar"))
            continue;
        char opt[64];
        if (run_options[o].flag) {
            bool on = !strcmp(k->val, "1") || !strcasecmp(k->val, "ya") ||
                      !strcasecmp(k->val, "true") || !strcasecmp(k->val, "on");
            bool off = !k->val[0] || !strcmp(k->val, "0") || !strcasecmp(k->val, "tidak") ||
                       !strcasecmp(k->val, "false") || !strcasecmp(k->val, "off");
            if (!on && !off) {
                snprintf(msg, cap, "nilai '%s' tidak sah: '%.200s' (ya atau tidak)", name, k->val);
                return false;
            }
            if (!on && strcmp(name, "rapor") != 0)
                continue;
            snprintf(opt, sizeof opt, "--%s", on ? name : "tanpa-rapor");
            args[(*n)++] = strdup(opt);
            continue;
        }
        if (!k->val[0])
            continue; /* an empty field keeps the CLI's default */
        snprintf(opt, sizeof opt, "--%s", name);
        args[(*n)++] = strdup(opt);
        args[(*n)++] = strdup(k->val);
    }
    for (size_t i = 0; i < *n; i++)
        if (!args[i]) {
            snprintf(msg, cap, "memori habis");
            return false;
        }
    return true;
}

static void free_args(char **args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(args[i]);
}

/* An Excel-style cell ("C5") for a finding in a workbook, where line is the row. */
static void cell_ref(int line, int col, char *out, size_t cap)
{
    char letters[8];
    int n = 0;
    for (int c = col; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    size_t k = 0;
    while (n > 0 && k + 1 < cap)
        out[k++] = letters[--n];
    snprintf(out + k, cap - k, "%d", line);
}

static void add_finding(json_buf *j, bool *first, const masukan *in, const char *file, int line,
                        int col, const char *msg, bool error)
{
    json_raw(j, *first ? "{" : ",{");
    *first = false;
    json_raw(j, "\"berkas\":");
    json_str(j, file && file[0] ? masukan_nama(in, file) : NULL);
    if (line > 0)
        json_fmt(j, ",\"baris\":%d", line);
    else
        json_raw(j, ",\"baris\":null");
    if (col > 0)
        json_fmt(j, ",\"kolom\":%d", col);
    else
        json_raw(j, ",\"kolom\":null");
    json_raw(j, ",\"sel\":");
    size_t fl = file ? strlen(file) : 0;
    if (line > 0 && col > 0 && fl > 5 && !strcasecmp(file + fl - 5, ".xlsx")) {
        char ref[24];
        cell_ref(line, col, ref, sizeof ref);
        json_str(j, ref);
    } else {
        json_raw(j, "null");
    }
    json_raw(j, ",\"pesan\":");
    json_str(j, msg);
    json_raw(j, ",\"tingkat\":");
    json_str(j, error ? "kesalahan" : "peringatan");
    json_raw(j, "}");
}

/* periksa on the uploaded files: the CLI's check, its findings as JSON. */
static enum MHD_Result finish_periksa(req *r, struct MHD_Connection *c)
{
    layani *s = r->s;
    char *args[2 * MAKS_KOLOM];
    size_t n_args = 0;
    char msg[512];
    if (!fields_to_args(r, true, args, &n_args, msg, sizeof msg)) {
        free_args(args, n_args);
        return send_pesan(c, MHD_HTTP_BAD_REQUEST, msg);
    }
    if (r->in->n == 0) {
        free_args(args, n_args);
        return send_pesan(c, MHD_HTTP_BAD_REQUEST, "tidak ada berkas masukan (kolom 'berkas')");
    }
    size_t maxc = 8 + n_args + r->in->n;
    char **argv = calloc(maxc, sizeof *argv);
    diag_list *diags = NULL;
    if (!argv) {
        free_args(args, n_args);
        return send_pesan(c, 500, "memori habis");
    }
    size_t argc = 0;
    argv[argc++] = "kepatuhan";
    argv[argc++] = "--quiet";
    if (s->o.templat) {
        argv[argc++] = "--templat";
        argv[argc++] = (char *)s->o.templat;
    }
    for (size_t i = 0; i < n_args; i++)
        argv[argc++] = args[i];
    argv[argc++] = "periksa";
    argv[argc++] = "--";
    for (size_t i = 0; i < r->in->n; i++)
        argv[argc++] = r->in->jalur[i];
    cli_options o;
    enum MHD_Result ret;
    if (tugas_cli_parse((int)argc, argv, &o, msg, sizeof msg) != CLI_OK) {
        ret = send_pesan(c, MHD_HTTP_BAD_REQUEST, msg);
        goto out;
    }
    diags = diag_new(o.max_errors);
    if (!diags) {
        ret = send_pesan(c, 500, "memori habis");
        goto out;
    }
    kp_error err;
    kp_error_clear(&err);
    pipeline_hooks hooks = {.cancel = s->stop};
    pipeline_result res;
    kp_status st = pipeline_check(&o, &hooks, diags, &res, &err);
    bool baik = st == KP_OK && diag_errors(diags) == 0;
    json_buf j;
    json_init(&j);
    json_fmt(&j, "{\"baik\":%s,\"ringkasan\":{\"berkas\":%zu,\"baris\":%zu,\"tahun\":",
             baik ? "true" : "false", r->in->n, res.rows);
    json_str(&j, res.years_text);
    json_fmt(&j,
             ",\"instansi\":%zu,\"unit\":%zu,\"kesalahan\":%zu,\"peringatan\":%zu,"
             "\"kesalahan_lain\":%zu,\"peringatan_lain\":%zu},\"temuan\":[",
             res.instansi, res.units, diag_errors(diags) + (err.msg[0] ? 1 : 0),
             diag_warnings(diags), diag_dropped(diags, DIAG_ERROR),
             diag_dropped(diags, DIAG_WARNING));
    bool first = true;
    if (err.msg[0])
        add_finding(&j, &first, r->in, err.file, err.line, err.col, err.msg, true);
    diag_sort(diags);
    /* The bad rows first: errors in reading order, then the warnings. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < diag_count(diags); i++) {
            const diag_item *it = diag_get(diags, i);
            if ((it->sev == DIAG_ERROR) == (pass == 0))
                add_finding(&j, &first, r->in, it->file, it->line, it->col, it->msg, pass == 0);
        }
    json_raw(&j, "]}");
    pipeline_result_free(&res);
    ret = send_json(c, MHD_HTTP_OK, &j);
out:
    diag_free(diags);
    cli_options_free(&o);
    free(argv);
    free_args(args, n_args);
    return ret;
}

static enum MHD_Result finish_jalankan(req *r, struct MHD_Connection *c)
{
    char *args[2 * MAKS_KOLOM];
    size_t n_args = 0;
    char msg[512];
    if (!fields_to_args(r, false, args, &n_args, msg, sizeof msg)) {
        free_args(args, n_args);
        return send_pesan(c, MHD_HTTP_BAD_REQUEST, msg);
    }
    kp_error err;
    kp_error_clear(&err);
    kp_status st = tugas_kirim(r->s->q, r->t, args, n_args, &err);
    free_args(args, n_args);
    if (st != KP_OK)
        return send_pesan(c, st == KP_ERR_USAGE ? MHD_HTTP_BAD_REQUEST : 500, err.msg);
    const char *id = tugas_id(r->t);
    r->t = NULL; /* the queue's now */
    json_buf j;
    json_init(&j);
    json_raw(&j, "{\"id\":");
    json_str(&j, id);
    json_raw(&j, "}");
    return send_json(c, MHD_HTTP_ACCEPTED, &j);
}

/* A check's own upload folder goes as soon as the check is answered. */
static void release_own(req *r)
{
    if (!r->own_used)
        return;
    char dir[sizeof r->own.dir];
    snprintf(dir, sizeof dir, "%s", r->own.dir);
    masukan_fini(&r->own);
    outdir_remove_tree(dir);
    r->own_used = false;
}

static void req_free(req *r)
{
    if (!r)
        return;
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    release_own(r);
    if (r->t)
        tugas_batal(r->s->q, r->t);
    if (r->counted) {
        pthread_mutex_lock(&r->s->lock);
        r->s->unggah--;
        pthread_mutex_unlock(&r->s->lock);
    }
    free(r->fields);
    free(r);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)c, (void)socket_ctx;
    layani *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&s->koneksi, 1);
    else if (code == MHD_CONNECTION_NOTIFY_CLOSED)
        atomic_fetch_sub(&s->koneksi, 1);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    req_free(*ctx);
    *ctx = NULL;
}

/* The first call of a POST: everything that can be refused before the body is read. */
static enum MHD_Result start_post(layani *s, struct MHD_Connection *c, rute rt, void **ctx)
{
    if (!token_ok(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Token")))
        return send_pesan(c, MHD_HTTP_FORBIDDEN,
                          "token halaman tidak ada atau tidak sah; muat ulang halaman");
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > s->o.maks_unggah) {
        char m[160];
        snprintf(m, sizeof m, "unggahan terlalu besar: paling banyak %llu byte per permintaan",
                 s->o.maks_unggah);
        return send_pesan(c, MHD_HTTP_CONTENT_TOO_LARGE, m);
    }
    req *r = calloc(1, sizeof *r);
    if (r)
        r->fields = calloc(MAKS_KOLOM, sizeof *r->fields);
    if (!r || !r->fields) {
        if (r)
            free(r);
        return send_pesan(c, 500, "memori habis");
    }
    r->s = s;
    r->r = rt;
    r->t0 = time(NULL);
    pthread_mutex_lock(&s->lock);
    bool busy = s->unggah >= MAKS_UNGGAH_SERENTAK;
    if (!busy)
        s->unggah++;
    pthread_mutex_unlock(&s->lock);
    if (busy) {
        req_free(r);
        return send_pesan(c, MHD_HTTP_TOO_MANY_REQUESTS,
                          "terlalu banyak unggahan bersamaan; coba lagi sebentar lagi");
    }
    r->counted = true;
    r->pp = MHD_create_post_processor(c, 64 * 1024, on_field, r);
    if (!r->pp) {
        req_free(r);
        return send_pesan(c, MHD_HTTP_BAD_REQUEST,
                          "permintaan harus multipart/form-data dengan berkas di kolom 'berkas'");
    }
    kp_error err;
    kp_error_clear(&err);
    kp_status st;
    if (rt == R_JALANKAN) {
        st = tugas_baru(s->q, &r->t, &err);
        if (st == KP_OK)
            r->in = tugas_masukan(r->t);
    } else {
        char hex[33], dir[PATH_MAX];
        st = tugas_acak(hex, 16, &err);
        snprintf(dir, sizeof dir, "%s/.periksa-%s", s->o.folder, hex);
        if (st == KP_OK)
            st = masukan_init(&r->own, dir, s->o.maks_berkas, &err);
        r->own_used = st == KP_OK;
        r->in = &r->own;
    }
    if (st != KP_OK) {
        req_free(r);
        return send_pesan(c, st == KP_ERR_USAGE ? MHD_HTTP_TOO_MANY_REQUESTS : 500, err.msg);
    }
    *ctx = r;
    return MHD_YES;
}

static bool authorized(layani *s, struct MHD_Connection *c)
{
    if (!s->sandi)
        return true;
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &pass);
    bool ok = user && pass && katasandi_check(s->sandi, user, pass);
    if (pass) {
        explicit_bzero(pass, strlen(pass));
        MHD_free(pass);
    }
    if (user)
        MHD_free(user);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **ctx)
{
    (void)version;
    layani *s = cls;
    req *r = *ctx;
    if (!r) {
        if (atomic_load(&s->koneksi) > MAKS_KONEKSI)
            return send_pesan(c, MHD_HTTP_TOO_MANY_REQUESTS,
                              "terlalu banyak sambungan bersamaan; tutup tab yang tidak dipakai "
                              "atau coba lagi sebentar lagi");
        if (!authorized(s, c)) {
            static const char body[] = "{\"pesan\":\"perlu nama dan kata sandi\"}";
            struct MHD_Response *resp = MHD_create_response_from_buffer(
                sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
            if (!resp)
                return MHD_NO;
            MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
            secure(resp);
            enum MHD_Result ret = MHD_queue_basic_auth_fail_response(c, "kepatuhan", resp);
            MHD_destroy_response(resp);
            return ret;
        }
        bool post = !strcmp(method, MHD_HTTP_METHOD_POST);
        if (post && !strcmp(url, "/api/periksa"))
            return start_post(s, c, R_PERIKSA, ctx);
        if (post && !strcmp(url, "/api/jalankan"))
            return start_post(s, c, R_JALANKAN, ctx);
        if (!strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD))
            return handle_get(s, c, url);
        return send_pesan(c, MHD_HTTP_METHOD_NOT_ALLOWED, "metode tidak didukung");
    }
    if (*size) {
        size_t n = *size;
        *size = 0;
        r->received += n;
        if (r->received > s->o.maks_unggah) {
            char m[160];
            snprintf(m, sizeof m, "unggahan terlalu besar: paling banyak %llu byte per permintaan",
                     s->o.maks_unggah);
            fail(r, MHD_HTTP_CONTENT_TOO_LARGE, m);
        } else if (time(NULL) - r->t0 > BATAS_WAKTU_PERMINTAAN) {
            fail(r, MHD_HTTP_REQUEST_TIMEOUT, "unggahan terlalu lama; coba lagi");
        }
        /* Past a refusal the rest is read and dropped (an answer cannot be sent in the middle
         * of the body); a client that keeps sending far beyond is cut off. */
        if (r->fail_code)
            return r->received > 2 * s->o.maks_unggah + (1 << 20) ? MHD_NO : MHD_YES;
        if (MHD_post_process(r->pp, data, n) != MHD_YES)
            fail(r, MHD_HTTP_BAD_REQUEST, "isi multipart/form-data rusak");
        return MHD_YES;
    }
    if (!r->fail_code) {
        kp_error err;
        kp_error_clear(&err);
        if (masukan_tutup(r->in, &err) != KP_OK)
            fail(r, 500, err.msg);
    }
    enum MHD_Result ret;
    if (r->fail_code)
        ret = send_pesan(c, r->fail_code, r->fail_msg);
    else
        ret = r->r == R_PERIKSA ? finish_periksa(r, c) : finish_jalankan(r, c);
    /* The answer is only queued here; MHD sends it after this returns. Removing the upload
     * now, not when the request completes, means a client that has the answer finds no
     * trace of its files left in the folder. */
    release_own(r);
    return ret;
}

/* --- Start and stop ----------------------------------------------------------------------- */

/* A PEM certificate chain or key is a few kilobytes; more is not one. */
#define TLS_FILE_MAX (2 << 20)

/* A certificate or key file, NUL-terminated as libmicrohttpd takes it. */
static kp_status read_all(const char *path, char **out, kp_error *err)
{
    size_t len;
    int rc = readfile_path(path, TLS_FILE_MAX, out, &len);
    if (rc == EFBIG)
        return kp_error_set(err, KP_ERR_DATA, path, 0, 0, "terlalu besar");
    if (rc == ENOMEM)
        return kp_error_set(err, KP_ERR_IO, path, 0, 0, "memori habis");
    if (rc)
        return kp_error_errno(err, KP_ERR_DATA, path, rc, "berkas", "dibaca");
    return KP_OK;
}

kp_status layani_new(const layani_options *o, const atomic_int *stop, layani **out, kp_error *err)
{
    *out = NULL;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    bool v6 = false;
    if (inet_pton(AF_INET, o->alamat, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)o->port);
    } else if (inet_pton(AF_INET6, o->alamat, &a6.sin6_addr) == 1) {
        v6 = true;
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)o->port);
    } else {
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "alamat tidak sah: '%s' (contoh: 127.0.0.1, 0.0.0.0, ::)", o->alamat);
    }
    /* Only this one address is the machine's own user alone; 127.0.0.2 or ::1 may be
     * reached through other namespaces or forwarding, so they too need passwords. */
    if (strcmp(o->alamat, "127.0.0.1") != 0 && !o->kata_sandi)
        return kp_error_set(err, KP_ERR_USAGE, NULL, 0, 0,
                            "alamat %s dapat dibuka orang lain: berikan --kata-sandi BERKAS "
                            "(buat dengan 'kepatuhan kata-sandi NAMA')",
                            o->alamat);
    layani *s = calloc(1, sizeof *s);
    if (!s)
        return kp_error_set(err, KP_ERR_IO, NULL, 0, 0, "memori habis");
    s->o = *o;
    s->stop = stop;
    pthread_mutex_init(&s->lock, NULL);
    kp_status st = KP_OK;
    if (o->kata_sandi)
        st = katasandi_load(o->kata_sandi, &s->sandi, err);
    if (st == KP_OK && o->sertifikat)
        st = read_all(o->sertifikat, &s->cert, err);
    if (st == KP_OK && o->kunci_tls)
        st = read_all(o->kunci_tls, &s->key, err);
    if (st == KP_OK)
        st = outdir_mkdirs(o->folder, err);
    if (st == KP_OK)
        st = load_secret(s, err);

    /* Threads started from here inherit a mask without the stop signals: they go to main. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    if (st == KP_OK) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        s->cfg = (tugas_config){
            .folder = o->folder,
            .serentak = o->jobs,
            .jobs = cores > o->jobs ? (int)(cores / o->jobs) : 1,
            .simpan_detik = o->simpan_jam * 3600,
            .maks_antre = MAKS_ANTRE,
            .maks_berkas = o->maks_berkas,
            .templat = o->templat,
            .stop = stop,
        };
        st = tugas_antre_new(&s->cfg, &s->q, err);
    }
    if (st == KP_OK) {
        unsigned flags =
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
        if (v6)
            flags |= MHD_USE_IPv6;
        if (s->cert)
            flags |= MHD_USE_TLS;
        struct MHD_OptionItem ops[] = {
            {MHD_OPTION_SOCK_ADDR, 0, v6 ? (void *)&a6 : (void *)&a4},
            {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
            {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, s},
            {MHD_OPTION_CONNECTION_LIMIT, MAKS_KONEKSI + MAKS_KONEKSI_TOLAK, NULL},
            {MHD_OPTION_CONNECTION_TIMEOUT, BATAS_DIAM, NULL},
            {s->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, s->cert},
            {MHD_OPTION_HTTPS_MEM_KEY, 0, s->key},
            {MHD_OPTION_END, 0, NULL},
        };
        s->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, on_request, s,
                                MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
        if (!s->d)
            st = kp_error_set(err, KP_ERR_IO, NULL, 0, 0,
                              "tidak dapat mendengar di %s port %d (sudah dipakai? sertifikat "
                              "atau kunci TLS rusak?)",
                              o->alamat, o->port);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (st != KP_OK) {
        layani_free(s);
        return st;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : (unsigned)o->port;
    snprintf(s->url, sizeof s->url, "%s://%s%s%s:%u/", s->cert ? "https" : "http", v6 ? "[" : "",
             o->alamat, v6 ? "]" : "", port);
    *out = s;
    return KP_OK;
}

const char *layani_url(const layani *s)
{
    return s->url;
}

void layani_free(layani *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    tugas_antre_free(s->q);
    katasandi_free(s->sandi);
    free(s->cert);
    if (s->key) {
        explicit_bzero(s->key, strlen(s->key));
        free(s->key);
    }
    pthread_mutex_destroy(&s->lock);
    free(s);
}
