/*
 * gen.c - kp-gen: writes realistic, deterministic input CSV files of any size for kepatuhan's
 * benchmarks and scale tests (see bench/README.md, section "gen").
 *
 * The file follows the reader's contract:
 *     tahun,provinsi,kode,instansi,jenis,skpd,input,proses,output,pengaduan,nilai
 * with dimension scores in points (2022 method) and nilai their exact sum, or nilai alone for
 * years before 2022 and from 2025 (the Opini method publishes no weights). A file with a year
 * from 2025 has a last column tanpa_maladministrasi: ya or tidak on an instansi's first row
 * (about 60 % ya), empty elsewhere and in earlier years.
 *
 * Byte-identical output for the same options on every machine is the point of the tool, so
 * no floating point and no libc randomness is used: every random quantity comes from
 * splitmix64 keyed by (seed, instansi, unit, product, year). Keying instead of drawing from one
 * stream also makes a unit's score independent of the size asked for and of the other years
 * in the file, so a 10k file agrees with the nasional one where they overlap.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Deterministic randomness --------------------------------------------------------- */

static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct rng {
    uint64_t s;
} rng;

static rng rng_key(uint64_t seed, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    rng r = {mix64(mix64(mix64(mix64(mix64(seed) ^ a) ^ b) ^ c) ^ d)};
    return r;
}

static uint64_t rng_next(rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    return mix64(r->s);
}

static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/*
 * Approximately normal, in the unit of sd: the Irwin-Hall sum of twelve 16-bit uniforms has
 * mean 6 and variance 1 (in units of 65536), and needs no libm, whose last bits differ
 * between libc versions.
 */
static int32_t rng_gauss(rng *r, int32_t sd)
{
    int64_t sum = 0;
    for (int i = 0; i < 3; i++) {
        uint64_t v = rng_next(r);
        for (int k = 0; k < 4; k++)
            sum += (int64_t)((v >> (16 * k)) & 0xffff);
    }
    sum -= 6 * 65536;
    return (int32_t)(sum * sd / 65536);
}

/* --- Places --------------------------------------------------------------------------- */

/*
 * Province code, name, its kabupaten and kota ('|' separated, in the order their Kemendagri
 * codes are assigned here: kabupaten from .01, kota from .71) and, where known, the name of
 * the provincial hospital. Counts are the real ones (416 kabupaten, 98 kota including the
 * administrative ones of DKI Jakarta); the codes inside a province are only real for
 * Kalimantan Selatan.
 */
typedef struct province {
    const char *kode;
    const char *name;
    const char *kab;
    const char *kota;
    const char *rsud;
} province;

static const province provinces[] = {
    {"11", "Aceh",
     "Aceh Barat|Aceh Barat Daya|Aceh Besar|Aceh Jaya|Aceh Selatan|Aceh Singkil|Aceh Tamiang|"
     "Aceh Tengah|Aceh Tenggara|Aceh Timur|Aceh Utara|Bener Meriah|Bireuen|Gayo Lues|"
     "Nagan Raya|Pidie|Pidie Jaya|Simeulue",
     "Banda Aceh|Langsa|Lhokseumawe|Sabang|Subulussalam", "RSUD dr. Zainoel Abidin"},
    {"12", "Sumatera Utara",
     "Asahan|Batu Bara|Dairi|Deli Serdang|Humbang Hasundutan|Karo|Labuhanbatu|"
     "Labuhanbatu Selatan|Labuhanbatu Utara|Langkat|Mandailing Natal|Nias|Nias Barat|"
     "Nias Selatan|Nias Utara|Padang Lawas|Padang Lawas Utara|Pakpak Bharat|Samosir|"
     "Serdang Bedagai|Simalungun|Tapanuli Selatan|Tapanuli Tengah|Tapanuli Utara|Toba",
     "Binjai|Gunungsitoli|Medan|Padangsidimpuan|Pematangsiantar|Sibolga|Tanjungbalai|"
     "Tebing Tinggi",
     NULL},
    {"13", "Sumatera Barat",
     "Agam|Dharmasraya|Kepulauan Mentawai|Lima Puluh Kota|Padang Pariaman|Pasaman|"
     "Pasaman Barat|Pesisir Selatan|Sijunjung|Solok|Solok Selatan|Tanah Datar",
     "Bukittinggi|Padang|Padang Panjang|Pariaman|Payakumbuh|Sawahlunto|Solok", NULL},
    {"14", "Riau",
     "Bengkalis|Indragiri Hilir|Indragiri Hulu|Kampar|Kepulauan Meranti|Kuantan Singingi|"
     "Pelalawan|Rokan Hilir|Rokan Hulu|Siak",
     "Dumai|Pekanbaru", NULL},
    {"15", "Jambi",
     "Batanghari|Bungo|Kerinci|Merangin|Muaro Jambi|Sarolangun|Tanjung Jabung Barat|"
     "Tanjung Jabung Timur|Tebo",
     "Jambi|Sungai Penuh", NULL},
    {"16", "Sumatera Selatan",
     "Banyuasin|Empat Lawang|Lahat|Muara Enim|Musi Banyuasin|Musi Rawas|Musi Rawas Utara|"
     "Ogan Ilir|Ogan Komering Ilir|Ogan Komering Ulu|Ogan Komering Ulu Selatan|"
     "Ogan Komering Ulu Timur|Penukal Abab Lematang Ilir",
     "Lubuklinggau|Pagar Alam|Palembang|Prabumulih", NULL},
    {"17", "Bengkulu",
     "Bengkulu Selatan|Bengkulu Tengah|Bengkulu Utara|Kaur|Kepahiang|Lebong|Mukomuko|"
     "Rejang Lebong|Seluma",
     "Bengkulu", NULL},
    {"18", "Lampung",
     "Lampung Barat|Lampung Selatan|Lampung Tengah|Lampung Timur|Lampung Utara|Mesuji|"
     "Pesawaran|Pesisir Barat|Pringsewu|Tanggamus|Tulang Bawang|Tulang Bawang Barat|Way Kanan",
     "Bandar Lampung|Metro", NULL},
    {"19", "Kepulauan Bangka Belitung",
     "Bangka|Bangka Barat|Bangka Selatan|Bangka Tengah|Belitung|Belitung Timur", "Pangkalpinang",
     NULL},
    {"21", "Kepulauan Riau", "Bintan|Karimun|Kepulauan Anambas|Lingga|Natuna",
     "Batam|Tanjungpinang", NULL},
    {"31", "DKI Jakarta", "Administrasi Kepulauan Seribu",
     "Administrasi Jakarta Pusat|Administrasi Jakarta Utara|Administrasi Jakarta Barat|"
     "Administrasi Jakarta Selatan|Administrasi Jakarta Timur",
     NULL},
    {"32", "Jawa Barat",
     "Bandung|Bandung Barat|Bekasi|Bogor|Ciamis|Cianjur|Cirebon|Garut|Indramayu|Karawang|"
     "Kuningan|Majalengka|Pangandaran|Purwakarta|Subang|Sukabumi|Sumedang|Tasikmalaya",
     "Bandung|Banjar|Bekasi|Bogor|Cimahi|Cirebon|Depok|Sukabumi|Tasikmalaya", "RSUD Al-Ihsan"},
    {"33", "Jawa Tengah",
     "Banjarnegara|Banyumas|Batang|Blora|Boyolali|Brebes|Cilacap|Demak|Grobogan|Jepara|"
     "Karanganyar|Kebumen|Kendal|Klaten|Kudus|Magelang|Pati|Pekalongan|Pemalang|Purbalingga|"
     "Purworejo|Rembang|Semarang|Sragen|Sukoharjo|Tegal|Temanggung|Wonogiri|Wonosobo",
     "Magelang|Pekalongan|Salatiga|Semarang|Surakarta|Tegal", "RSUD Dr. Moewardi"},
    {"34", "DI Yogyakarta", "Bantul|Gunungkidul|Kulon Progo|Sleman", "Yogyakarta", NULL},
    {"35", "Jawa Timur",
     "Bangkalan|Banyuwangi|Blitar|Bojonegoro|Bondowoso|Gresik|Jember|Jombang|Kediri|Lamongan|"
     "Lumajang|Madiun|Magetan|Malang|Mojokerto|Nganjuk|Ngawi|Pacitan|Pamekasan|Pasuruan|"
     "Ponorogo|Probolinggo|Sampang|Sidoarjo|Situbondo|Sumenep|Trenggalek|Tuban|Tulungagung",
     "Batu|Blitar|Kediri|Madiun|Malang|Mojokerto|Pasuruan|Probolinggo|Surabaya",
     "RSUD Dr. Soetomo"},
    {"36", "Banten", "Lebak|Pandeglang|Serang|Tangerang",
     "Cilegon|Serang|Tangerang|Tangerang Selatan", NULL},
    {"51", "Bali", "Badung|Bangli|Buleleng|Gianyar|Jembrana|Karangasem|Klungkung|Tabanan",
     "Denpasar", NULL},
    {"52", "Nusa Tenggara Barat",
     "Bima|Dompu|Lombok Barat|Lombok Tengah|Lombok Timur|Lombok Utara|Sumbawa|Sumbawa Barat",
     "Bima|Mataram", NULL},
    {"53", "Nusa Tenggara Timur",
     "Alor|Belu|Ende|Flores Timur|Kupang|Lembata|Malaka|Manggarai|Manggarai Barat|"
     "Manggarai Timur|Nagekeo|Ngada|Rote Ndao|Sabu Raijua|Sikka|Sumba Barat|Sumba Barat Daya|"
     "Sumba Tengah|Sumba Timur|Timor Tengah Selatan|Timor Tengah Utara",
     "Kupang", NULL},
    {"61", "Kalimantan Barat",
     "Bengkayang|Kapuas Hulu|Kayong Utara|Ketapang|Kubu Raya|Landak|Melawi|Mempawah|Sambas|"
     "Sanggau|Sekadau|Sintang",
     "Pontianak|Singkawang", NULL},
    {"62", "Kalimantan Tengah",
     "Barito Selatan|Barito Timur|Barito Utara|Gunung Mas|Kapuas|Katingan|Kotawaringin Barat|"
     "Kotawaringin Timur|Lamandau|Murung Raya|Pulang Pisau|Seruyan|Sukamara",
     "Palangka Raya", NULL},
    {"63", "Kalimantan Selatan",
     "Tanah Laut|Kotabaru|Banjar|Barito Kuala|Tapin|Hulu Sungai Selatan|Hulu Sungai Tengah|"
     "Hulu Sungai Utara|Tabalong|Tanah Bumbu|Balangan",
     "Banjarmasin|Banjarbaru", "RSUD Ulin"},
    {"64", "Kalimantan Timur",
     "Berau|Kutai Barat|Kutai Kartanegara|Kutai Timur|Mahakam Ulu|Paser|Penajam Paser Utara",
     "Balikpapan|Bontang|Samarinda", NULL},
    {"65", "Kalimantan Utara", "Bulungan|Malinau|Nunukan|Tana Tidung", "Tarakan", NULL},
    {"71", "Sulawesi Utara",
     "Bolaang Mongondow|Bolaang Mongondow Selatan|Bolaang Mongondow Timur|"
     "Bolaang Mongondow Utara|Kepulauan Sangihe|Kepulauan Siau Tagulandang Biaro|"
     "Kepulauan Talaud|Minahasa|Minahasa Selatan|Minahasa Tenggara|Minahasa Utara",
     "Bitung|Kotamobagu|Manado|Tomohon", NULL},
    {"72", "Sulawesi Tengah",
     "Banggai|Banggai Kepulauan|Banggai Laut|Buol|Donggala|Morowali|Morowali Utara|"
     "Parigi Moutong|Poso|Sigi|Tojo Una-Una|Tolitoli",
     "Palu", NULL},
    {"73", "Sulawesi Selatan",
     "Bantaeng|Barru|Bone|Bulukumba|Enrekang|Gowa|Jeneponto|Kepulauan Selayar|Luwu|"
     "Luwu Timur|Luwu Utara|Maros|Pangkajene dan Kepulauan|Pinrang|Sidenreng Rappang|Sinjai|"
     "Soppeng|Takalar|Tana Toraja|Toraja Utara|Wajo",
     "Makassar|Palopo|Parepare", NULL},
    {"74", "Sulawesi Tenggara",
     "Bombana|Buton|Buton Selatan|Buton Tengah|Buton Utara|Kolaka|Kolaka Timur|Kolaka Utara|"
     "Konawe|Konawe Kepulauan|Konawe Selatan|Konawe Utara|Muna|Muna Barat|Wakatobi",
     "Baubau|Kendari", NULL},
    {"75", "Gorontalo", "Boalemo|Bone Bolango|Gorontalo|Gorontalo Utara|Pohuwato", "Gorontalo",
     NULL},
    {"76", "Sulawesi Barat", "Majene|Mamasa|Mamuju|Mamuju Tengah|Pasangkayu|Polewali Mandar", "",
     NULL},
    {"81", "Maluku",
     "Buru|Buru Selatan|Kepulauan Aru|Kepulauan Tanimbar|Maluku Barat Daya|Maluku Tengah|"
     "Maluku Tenggara|Seram Bagian Barat|Seram Bagian Timur",
     "Ambon|Tual", NULL},
    {"82", "Maluku Utara",
     "Halmahera Barat|Halmahera Selatan|Halmahera Tengah|Halmahera Timur|Halmahera Utara|"
     "Kepulauan Sula|Pulau Morotai|Pulau Taliabu",
     "Ternate|Tidore Kepulauan", NULL},
    {"91", "Papua",
     "Biak Numfor|Jayapura|Keerom|Kepulauan Yapen|Mamberamo Raya|Sarmi|Supiori|Waropen", "Jayapura",
     NULL},
    {"92", "Papua Barat",
     "Fakfak|Kaimana|Manokwari|Manokwari Selatan|Pegunungan Arfak|Teluk Bintuni|Teluk Wondama", "",
     NULL},
    {"93", "Papua Selatan", "Asmat|Boven Digoel|Mappi|Merauke", "", NULL},
    {"94", "Papua Tengah", "Deiyai|Dogiyai|Intan Jaya|Mimika|Nabire|Paniai|Puncak|Puncak Jaya", "",
     NULL},
    {"95", "Papua Pegunungan",
     "Jayawijaya|Lanny Jaya|Mamberamo Tengah|Nduga|Pegunungan Bintang|Tolikara|Yahukimo|Yalimo", "",
     NULL},
    {"96", "Papua Barat Daya", "Maybrat|Raja Ampat|Sorong|Sorong Selatan|Tambrauw", "Sorong", NULL},
};

/* Puskesmas known by name (published unit lists and real kecamatan); the rest are generated. */
static const struct {
    const char *instansi;
    const char *puskesmas[2];
} known_puskesmas[] = {
    {"Kabupaten Barito Kuala", {"Mandastana", "Semangat Dalam"}},
    {"Kabupaten Tanah Bumbu", {"Darul Azhar", "Batulicin"}},
    {"Kota Banjarbaru", {"Sungai Ulin", NULL}},
    {"Kabupaten Pangkajene dan Kepulauan", {"Ma'rang", "Minasatene"}},
    {"Kabupaten Toraja Utara", {"Sa'dan", "Rantepao"}},
};

/*
 * Ministries and agencies, with the pattern of their regional service units: {P} is a local
 * government's full name ("Kota Banjarbaru"), {N} its bare name ("Banjarbaru").
 */
static const struct {
    const char *jenis;
    const char *name;
    const char *unit;
} central[] = {
    {"kementerian", "Kementerian Agama", "Kantor Kementerian Agama {P}"},
    {"kementerian", "Kementerian Hukum dan Hak Asasi Manusia", "Kantor Imigrasi {N}"},
    {"kementerian", "Kementerian Keuangan", "KPP Pratama {N}"},
    {"kementerian", "Kementerian Dalam Negeri", "Layanan Administrasi Kependudukan {N}"},
    {"kementerian", "Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi",
     "Lembaga Layanan Pendidikan Tinggi {N}"},
    {"kementerian", "Kementerian Kesehatan", "Balai Kekarantinaan Kesehatan {N}"},
    {"kementerian", "Kementerian Sosial", "Sentra Layanan Sosial {N}"},
    {"kementerian", "Kementerian Ketenagakerjaan", "Balai Latihan Kerja {N}"},
    {"kementerian", "Kementerian Perindustrian", "Balai Standardisasi Industri {N}"},
    {"kementerian", "Kementerian Perdagangan", "Unit Metrologi Legal {P}"},
    {"kementerian", "Kementerian Energi dan Sumber Daya Mineral", "Layanan Perizinan ESDM {N}"},
    {"kementerian", "Kementerian Pekerjaan Umum dan Perumahan Rakyat",
     "Balai Pelaksanaan Jalan Nasional {N}"},
    {"kementerian", "Kementerian Perhubungan", "Kantor Unit Penyelenggara Pelabuhan {N}"},
    {"kementerian", "Kementerian Komunikasi dan Informatika", "Balai Monitor Spektrum {N}"},
    {"kementerian", "Kementerian Pertanian", "Balai Penyuluhan Pertanian {N}"},
    {"kementerian", "Kementerian Lingkungan Hidup dan Kehutanan", "Balai Pengelolaan Hutan {N}"},
    {"kementerian", "Kementerian Kelautan dan Perikanan", "Pelabuhan Perikanan {N}"},
    {"kementerian", "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi",
     "Balai Latihan Masyarakat {N}"},
    {"kementerian", "Kementerian Koperasi dan Usaha Kecil dan Menengah", "PLUT-KUMKM {P}"},
    {"kementerian", "Kementerian Pariwisata dan Ekonomi Kreatif",
     "Layanan Informasi Pariwisata {N}"},
    {"kementerian", "Kementerian Pemuda dan Olahraga", "Layanan Kepemudaan {N}"},
    {"kementerian", "Kementerian Investasi", "Layanan Perizinan Berusaha {N}"},
    {"kementerian", "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
     "Layanan Perlindungan Perempuan dan Anak {N}"},
    {"kementerian", "Kementerian Badan Usaha Milik Negara", "Rumah BUMN {N}"},
    {"kementerian", "Kementerian Agraria dan Tata Ruang", "Layanan Tata Ruang {P}"},
    {"lembaga", "Badan Pertanahan Nasional", "Kantor Pertanahan {P}"},
    {"lembaga", "Kepolisian Negara Republik Indonesia", "Polres {N}"},
    {"lembaga", "Kejaksaan Republik Indonesia", "Kejaksaan Negeri {N}"},
    {"lembaga", "Mahkamah Agung", "Pengadilan Negeri {N}"},
    {"lembaga", "Badan Pengawas Obat dan Makanan", "Loka POM di {P}"},
    {"lembaga", "Badan Pusat Statistik", "BPS {P}"},
    {"lembaga", "Badan Kepegawaian Negara", "Unit Pelaksana Teknis BKN {N}"},
    {"lembaga", "Badan Meteorologi, Klimatologi, dan Geofisika", "Stasiun Meteorologi {N}"},
    {"lembaga", "Badan Penyelenggara Jaminan Sosial Kesehatan", "BPJS Kesehatan Cabang {N}"},
    {"lembaga", "Badan Penyelenggara Jaminan Sosial Ketenagakerjaan",
     "BPJS Ketenagakerjaan Cabang {N}"},
    {"lembaga", "Badan Narkotika Nasional", "BNN {P}"},
    {"lembaga", "Badan Pengawas Pemilihan Umum", "Bawaslu {P}"},
    {"lembaga", "Komisi Pemilihan Umum", "KPU {P}"},
    {"lembaga", "Badan Karantina Indonesia", "Satuan Pelayanan Karantina {N}"},
    {"lembaga", "Badan Pelindungan Pekerja Migran Indonesia", "Layanan Terpadu Satu Atap {N}"},
    {"lembaga", "Badan Kependudukan dan Keluarga Berencana Nasional", "Balai Penyuluhan KB {N}"},
    {"lembaga", "Badan Nasional Pencarian dan Pertolongan", "Kantor SAR {N}"},
    {"lembaga", "Perpustakaan Nasional Republik Indonesia", "Layanan Perpustakaan Keliling {N}"},
    {"lembaga", "Badan Nasional Penanggulangan Bencana", "Pusat Pengendalian Operasi {N}"},
    {"lembaga", "Lembaga Penyiaran Publik Radio Republik Indonesia", "RRI {N}"},
};

/* --- Service products (how 100k and 1M rows are reached) ------------------------------ */

enum svc { SVC_DUKCAPIL, SVC_PTSP, SVC_DINKES, SVC_DIKNAS, SVC_DINSOS, SVC_PKM, SVC_RSUD, SVC_KL };

static const char *const svc_names[][10] = {
    [SVC_DUKCAPIL] = {"Layanan KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Akta Kematian",
                      "Kartu Identitas Anak", "Surat Keterangan Pindah", "Akta Perkawinan",
                      "Akta Perceraian", "Legalisasi Dokumen", "Perubahan Biodata"},
    [SVC_PTSP] = {"Perizinan Berusaha", "Persetujuan Bangunan Gedung", "Izin Reklame",
                  "Surat Izin Praktik Tenaga Kesehatan", "Izin Usaha Mikro", "Izin Trayek",
                  "Izin Apotek", "Konsultasi Perizinan"},
    [SVC_DINKES] = {"Sertifikat Laik Higiene", "Surat Keterangan Sehat", "Izin Praktik Bidan",
                    "Layanan Imunisasi", "Pengujian Laboratorium", "Rekomendasi Izin Klinik"},
    [SVC_DIKNAS] = {"Legalisasi Ijazah", "Mutasi Peserta Didik",
                    "Surat Keterangan Pengganti Ijazah", "Izin Satuan Pendidikan",
                    "Tunjangan Profesi Guru", "Penerimaan Peserta Didik"},
    [SVC_DINSOS] = {"Surat Keterangan Tidak Mampu", "Data Terpadu Kesejahteraan Sosial",
                    "Rehabilitasi Sosial", "Bantuan Sosial", "Rekomendasi PBI Jaminan Kesehatan",
                    "Layanan Penyandang Disabilitas"},
    [SVC_PKM] = {"Poli Umum", "Poli Gigi", "Poli KIA", "Imunisasi", "Laboratorium", "Farmasi",
                 "Gawat Darurat", "Rawat Inap"},
    [SVC_RSUD] = {"Instalasi Gawat Darurat", "Rawat Jalan", "Rawat Inap", "Radiologi",
                  "Laboratorium", "Farmasi", "Hemodialisa", "Rekam Medis"},
    [SVC_KL] = {"Loket Pelayanan", "Layanan Informasi", "Pengaduan", "Pendaftaran",
                "Penerbitan Dokumen", "Konsultasi"},
};

static int svc_count(int svc)
{
    int n = 0;
    while (n < 10 && svc_names[svc][n])
        n++;
    return n;
}

/* --- The population ------------------------------------------------------------------- */

#define MAX_INST  700
#define MAX_UNITS 5000
#define NAME_MAX_ 160

typedef struct inst {
    const char *prov;
    const char *jenis;
    char kode[16];
    char name[NAME_MAX_];
    int unit0, nunits;
} inst;

typedef struct unit {
    char name[NAME_MAX_];
    int svc;
} unit;

static inst insts[MAX_INST];
static unit units[MAX_UNITS];
static int n_insts, n_units;

/* Local governments as places for the service units of ministries and agencies. */
static struct {
    const char *full;
    const char *bare;
} places[600];
static int n_places;

/* Copies the i-th '|' separated name of list into out; returns 0 when there is none. */
static int list_get(const char *list, int i, char *out, size_t cap)
{
    const char *p = list;
    for (; i > 0; i--) {
        p = strchr(p, '|');
        if (!p)
            return 0;
        p++;
    }
    size_t len = strcspn(p, "|");
    if (len == 0 || len >= cap)
        return 0;
    memcpy(out, p, len);
    out[len] = '\0';
    return 1;
}

static const char *const onsets[] = {"b", "d", "g", "j",  "k", "l", "m", "n", "p", "r",
                                     "s", "t", "w", "ng", "s", "k", "t", "b", "h", "c"};
static const char *const vowels[] = {"a", "a", "a", "i", "u", "e", "o", "a", "u", "i"};
static const char *const codas[] = {"", "", "", "n", "ng", "r", "k", "t", "s", "h"};
static const char *const place_prefix[] = {"Sungai", "Tanjung", "Muara",  "Batu",   "Teluk",
                                           "Padang", "Bukit",   "Kuala",  "Air",    "Pulau",
                                           "Rantau", "Lubuk",   "Karang", "Sumber", "Tanah"};
static const char *const place_suffix[] = {"Baru",    "Jaya",  "Indah", "Raya",   "Utara",
                                           "Selatan", "Timur", "Barat", "Tengah", "Lama"};

/*
 * A pseudo place name from Indonesian syllables ("Sungai Lamuta", "Kerandi Baru") for
 * puskesmas whose real names are not in the tables above.
 */
static void pseudo_place(rng *r, char *out, size_t cap)
{
    char word[40];
    size_t w = 0;
    int syl = 2 + (int)rng_below(r, 2);
    for (int i = 0; i < syl; i++) {
        const char *parts[2] = {onsets[rng_below(r, 20)], vowels[rng_below(r, 10)]};
        for (int k = 0; k < 2; k++)
            for (const char *c = parts[k]; *c; c++)
                word[w++] = *c;
    }
    for (const char *c = codas[rng_below(r, 10)]; *c; c++)
        word[w++] = *c;
    word[w] = '\0';
    word[0] = (char)(word[0] - 'a' + 'A');
    uint32_t shape = rng_below(r, 10);
    if (shape < 4)
        snprintf(out, cap, "%s %s", place_prefix[rng_below(r, 15)], word);
    else if (shape < 6)
        snprintf(out, cap, "%s %s", word, place_suffix[rng_below(r, 10)]);
    else
        snprintf(out, cap, "%s", word);
}

static void add_unit(inst *in, const char *name, int svc)
{
    unit *u = &units[n_units++];
    snprintf(u->name, sizeof u->name, "%s", name);
    u->svc = svc;
    in->nunits++;
}

static inst *add_inst(const char *prov, const char *jenis, const char *kode, const char *prefix,
                      const char *name)
{
    inst *in = &insts[n_insts++];
    in->prov = prov;
    in->jenis = jenis;
    snprintf(in->kode, sizeof in->kode, "%s", kode);
    snprintf(in->name, sizeof in->name, "%s%s", prefix, name);
    in->unit0 = n_units;
    in->nunits = 0;
    return in;
}

static void add_dinas(inst *in, int with_dukcapil)
{
    if (with_dukcapil)
        add_unit(in, "Disdukcapil", SVC_DUKCAPIL);
    add_unit(in, "DPMPTSP", SVC_PTSP);
    add_unit(in, "Dinas Kesehatan", SVC_DINKES);
    add_unit(in, "Dinas Pendidikan", SVC_DIKNAS);
    add_unit(in, "Dinas Sosial", SVC_DINSOS);
}

static void add_puskesmas(inst *in, int count, uint64_t seed)
{
    const char *known[2] = {NULL, NULL};
    for (size_t k = 0; k < sizeof known_puskesmas / sizeof known_puskesmas[0]; k++)
        if (strcmp(known_puskesmas[k].instansi, in->name) == 0)
            memcpy(known, known_puskesmas[k].puskesmas, sizeof known);
    rng r = rng_key(seed, 0x706b6dULL, (uint64_t)(in - insts), 0, 0);
    char first[64] = "";
    for (int i = 0; i < count; i++) {
        char place[64], name[80];
        if (known[i])
            snprintf(place, sizeof place, "%s", known[i]);
        else
            do
                pseudo_place(&r, place, sizeof place);
            while (strcmp(place, first) == 0);
        if (i == 0)
            snprintf(first, sizeof first, "%s", place);
        snprintf(name, sizeof name, "Puskesmas %s", place);
        add_unit(in, name, SVC_PKM);
    }
}

/* Expands {P} and {N} of a unit pattern with one place. */
static void expand(const char *pat, int place, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = pat; *p && o + 1 < cap; p++) {
        const char *sub = NULL;
        if (p[0] == '{' && (p[1] == 'P' || p[1] == 'N') && p[2] == '}')
            sub = p[1] == 'P' ? places[place].full : places[place].bare;
        if (!sub) {
            out[o++] = *p;
            continue;
        }
        for (; *sub && o + 1 < cap; sub++)
            out[o++] = *sub;
        p += 2;
    }
    out[o] = '\0';
}

/* Builds the national population: provinces, their kabupaten and kota, then K/L. */
static void build_population(uint64_t seed)
{
    static char place_buf[600][2][NAME_MAX_];
    for (size_t p = 0; p < sizeof provinces / sizeof provinces[0]; p++) {
        const province *pv = &provinces[p];
        inst *in = add_inst(pv->name, "provinsi", pv->kode, "Provinsi ", pv->name);
        add_dinas(in, 0);
        char rsud[NAME_MAX_];
        if (pv->rsud)
            snprintf(rsud, sizeof rsud, "%s", pv->rsud);
        else
            snprintf(rsud, sizeof rsud, "RSUD Provinsi %s", pv->name);
        add_unit(in, rsud, SVC_RSUD);
        for (int kota = 0; kota < 2; kota++) {
            char name[NAME_MAX_], kode[16];
            for (int i = 0; list_get(kota ? pv->kota : pv->kab, i, name, sizeof name); i++) {
                snprintf(kode, sizeof kode, "%s.%02d", pv->kode, (kota ? 71 : 1) + i);
                in = add_inst(pv->name, kota ? "kota" : "kabupaten", kode,
                              kota ? "Kota " : "Kabupaten ", name);
                add_dinas(in, 1);
                add_puskesmas(in, kota ? 1 : 2, seed);
                snprintf(place_buf[n_places][0], NAME_MAX_, "%s", in->name);
                snprintf(place_buf[n_places][1], NAME_MAX_, "%s", name);
                places[n_places].full = place_buf[n_places][0];
                places[n_places].bare = place_buf[n_places][1];
                n_places++;
            }
        }
    }
    for (size_t c = 0; c < sizeof central / sizeof central[0]; c++) {
        inst *in = add_inst("Pusat", central[c].jenis, "", "", central[c].name);
        rng r = rng_key(seed, 0x6b6cULL, c, 0, 0);
        int count = 5 + (int)rng_below(&r, 3);
        int used[8];
        for (int i = 0; i < count; i++) {
            int pl, dup;
            do {
                pl = (int)rng_below(&r, (uint32_t)n_places);
                dup = 0;
                for (int k = 0; k < i; k++)
                    dup |= used[k] == pl || strcmp(places[used[k]].bare, places[pl].bare) == 0;
            } while (dup);
            used[i] = pl;
            char name[NAME_MAX_];
            expand(central[c].unit, pl, name, sizeof name);
            add_unit(in, name, SVC_KL);
        }
    }
}

/* --- Scores (integer hundredths) ------------------------------------------------------ */

static const int32_t weights[4] = {2185, 3237, 2424, 2154};

#define ANCHOR_YEAR 2023

/*
 * An instansi's latent quality in a year: drawn for 2023 (mostly high, a long tail towards
 * low scores, as published), then a random walk with a slight upward trend, so consecutive
 * years are correlated but move both ways.
 */
static int32_t inst_level(uint64_t seed, int i, int year)
{
    rng r = rng_key(seed, 0x696eULL, (uint64_t)i, 0, 0);
    int32_t g = rng_gauss(&r, 1500);
    int32_t level = 9600 - (g < 0 ? -g : g);
    if (rng_below(&r, 100) < 8)
        level -= 1500 + (int32_t)rng_below(&r, 2000);
    for (int y = ANCHOR_YEAR + 1; y <= year; y++) {
        rng s = rng_key(seed, 0x7374ULL, (uint64_t)i, (uint64_t)y, 0);
        level += 120 + rng_gauss(&s, 400);
    }
    for (int y = ANCHOR_YEAR; y > year; y--) {
        rng s = rng_key(seed, 0x7374ULL, (uint64_t)i, (uint64_t)y, 0);
        level -= 120 + rng_gauss(&s, 400);
    }
    return level;
}

static int32_t clamp(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Total score of one row in hundredths, 0..10000; reflects at 100 so no pile-up there. */
static int32_t unit_total(uint64_t seed, int32_t level, int u, int product, int year)
{
    rng ru = rng_key(seed, 0x756eULL, (uint64_t)u, 0, 0);
    rng rp = rng_key(seed, 0x7072ULL, (uint64_t)u, (uint64_t)product, 0);
    rng ry = rng_key(seed, 0x7979ULL, (uint64_t)u, (uint64_t)product, (uint64_t)year);
    int32_t t =
        level + rng_gauss(&ru, 400) + (product ? rng_gauss(&rp, 300) : 0) + rng_gauss(&ry, 300);
    if (t > 10000)
        t = 20000 - t;
    return clamp(t, 0, 10000);
}

/* Splits a total into the four dimension scores in points (each 0..weight). */
static void split_dims(uint64_t seed, int32_t total, int u, int product, int year, int32_t dim[4])
{
    rng r = rng_key(seed, 0x6469ULL, (uint64_t)u, (uint64_t)product, (uint64_t)year);
    for (int d = 0; d < 4; d++) {
        int32_t pct = total + rng_gauss(&r, 600);
        if (pct > 10000)
            pct = 20000 - pct;
        pct = clamp(pct, 0, 10000);
        dim[d] = (pct * weights[d] + 5000) / 10000;
    }
}

/* --- Output --------------------------------------------------------------------------- */

typedef struct out {
    FILE *f;
    char buf[1 << 16];
    size_t len;
    char sep;
    char dec;
    const char *eol;
    int failed;
} out;

static void out_flush(out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->failed = 1;
    o->len = 0;
}

static void out_bytes(out *o, const char *s, size_t n)
{
    if (o->len + n > sizeof o->buf)
        out_flush(o);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void out_char(out *o, char c)
{
    if (o->len == sizeof o->buf)
        out_flush(o);
    o->buf[o->len++] = c;
}

/* A text field, quoted when it holds the separator, a quote or a line break. */
static void out_text(out *o, const char *s)
{
    size_t n = strlen(s);
    if (!memchr(s, o->sep, n) && !strpbrk(s, "\"\r\n")) {
        out_bytes(o, s, n);
        return;
    }
    out_char(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            out_char(o, '"');
        out_char(o, *s);
    }
    out_char(o, '"');
}

/* Hundredths as "87.59" or "87,59". */
static void out_dec(out *o, int32_t v)
{
    char tmp[16];
    int n = 0;
    int32_t whole = v / 100, frac = v % 100;
    do {
        tmp[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (n)
        out_char(o, tmp[--n]);
    out_char(o, o->dec);
    out_char(o, (char)('0' + frac / 10));
    out_char(o, (char)('0' + frac % 10));
}

static void out_int(out *o, long v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%ld", v);
    out_bytes(o, tmp, (size_t)n);
}

static void out_eol(out *o)
{
    out_bytes(o, o->eol, strlen(o->eol));
}

/* --- Options -------------------------------------------------------------------------- */

static const char usage[] =
    "usage: kp-gen [--size nasional|10k|100k|1m|N] [--tahun 2023,2024]\n"
    "              [--dialect comma|semicolon] [--seed N] [--out FILE]\n"
    "Writes a deterministic, realistic input CSV for kepatuhan (see bench/README.md).\n";

#define MAX_YEARS 32

typedef struct options {
    long long size; /* unit rows per year; 0: nasional */
    int years[MAX_YEARS];
    int n_years;
    int semicolon;
    uint64_t seed;
    const char *out;
} options;

static int parse_ull(const char *s, unsigned long long *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0';
}

static int parse_years(const char *s, options *opt)
{
    opt->n_years = 0;
    while (*s) {
        char *end;
        if (*s < '0' || *s > '9' || opt->n_years == MAX_YEARS)
            return 0;
        long y = strtol(s, &end, 10);
        if (y < 2000 || y > 2100 || (*end != ',' && *end != '\0'))
            return 0;
        opt->years[opt->n_years++] = (int)y;
        s = *end ? end + 1 : end;
    }
    return opt->n_years > 0;
}

static int parse_size(const char *s, long long *size)
{
    static const struct {
        const char *name;
        long long n;
    } named[] = {{"nasional", 0}, {"10k", 10000}, {"100k", 100000}, {"1m", 1000000}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcmp(s, named[i].name) == 0) {
            *size = named[i].n;
            return 1;
        }
    unsigned long long v;
    if (!parse_ull(s, &v) || v == 0 || v > 100000000ULL)
        return 0;
    *size = (long long)v;
    return 1;
}

/* Returns 0 on success, else prints the problem and returns the exit code. */
static int parse_args(int argc, char **argv, options *opt)
{
    opt->size = 0;
    opt->years[0] = 2023;
    opt->years[1] = 2024;
    opt->n_years = 2;
    opt->semicolon = 0;
    opt->seed = 1;
    opt->out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage, stdout);
            return -1;
        }
        const char *eq = strchr(arg, '=');
        size_t klen = eq ? (size_t)(eq - arg) : strlen(arg);
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else {
            fprintf(stderr, "kp-gen: %s needs a value\n%s", arg, usage);
            return 2;
        }
        unsigned long long seed;
        int ok;
        if (klen == 6 && strncmp(arg, "--size", klen) == 0)
            ok = parse_size(val, &opt->size);
        else if (klen == 7 && strncmp(arg, "--tahun", klen) == 0)
            ok = parse_years(val, opt);
        else if (klen == 9 && strncmp(arg, "--dialect", klen) == 0) {
            ok = strcmp(val, "comma") == 0 || strcmp(val, "semicolon") == 0;
            opt->semicolon = strcmp(val, "semicolon") == 0;
        } else if (klen == 6 && strncmp(arg, "--seed", klen) == 0) {
            ok = parse_ull(val, &seed);
            opt->seed = seed;
        } else if (klen == 5 && strncmp(arg, "--out", klen) == 0) {
            ok = *val != '\0';
            opt->out = val;
        } else {
            fprintf(stderr, "kp-gen: unknown option %.*s\n%s", (int)klen, arg, usage);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "kp-gen: bad value for %.*s: \"%s\"\n", (int)klen, arg, val);
            return 2;
        }
    }
    return 0;
}

/* --- Main ----------------------------------------------------------------------------- */

static const char *const header[] = {"tahun", "provinsi", "kode",   "instansi",  "jenis", "skpd",
                                     "input", "proses",   "output", "pengaduan", "nilai"};

/* Name of row `product` of a unit repeated `count` times: unique within the instansi. */
static void product_name(const unit *u, int product, int count, char *out, size_t cap)
{
    if (count == 1) {
        snprintf(out, cap, "%s", u->name);
        return;
    }
    int m = svc_count(u->svc);
    if (product < m)
        snprintf(out, cap, "%s - %s", u->name, svc_names[u->svc][product]);
    else
        snprintf(out, cap, "%s - %s Gerai %d", u->name, svc_names[u->svc][product % m],
                 product / m + 1);
}

/* The 2025 method's gate of instansi i in a year: true for about 60 % of them. */
static int gate_passed(uint64_t seed, int i, int year)
{
    rng r = rng_key(seed, 0x746dULL, (uint64_t)i, (uint64_t)year, 0);
    return rng_below(&r, 100) < 60;
}

static void write_year(out *o, const options *opt, int year, long long size, int gate_column)
{
    long long base = n_units;
    for (int i = 0; i < n_insts; i++) {
        const inst *in = &insts[i];
        int32_t level = inst_level(opt->seed, i, year);
        for (int k = 0; k < in->nunits; k++) {
            int u = in->unit0 + k;
            /* Spreads size rows evenly: unit u gets floor((u+1)s/b) - floor(us/b). */
            int count = (int)((u + 1) * size / base - u * size / base);
            for (int p = 0; p < count; p++) {
                char skpd[2 * NAME_MAX_];
                product_name(&units[u], p, count, skpd, sizeof skpd);
                int32_t total = unit_total(opt->seed, level, u, p, year);
                out_int(o, year);
                out_char(o, o->sep);
                out_text(o, in->prov);
                out_char(o, o->sep);
                out_text(o, in->kode);
                out_char(o, o->sep);
                out_text(o, in->name);
                out_char(o, o->sep);
                out_text(o, in->jenis);
                out_char(o, o->sep);
                out_text(o, skpd);
                out_char(o, o->sep);
                if (year >= 2022 && year < 2025) {
                    int32_t dim[4];
                    split_dims(opt->seed, total, u, p, year, dim);
                    total = 0;
                    for (int d = 0; d < 4; d++) {
                        out_dec(o, dim[d]);
                        out_char(o, o->sep);
                        total += dim[d];
                    }
                } else {
                    for (int d = 0; d < 4; d++)
                        out_char(o, o->sep);
                }
                out_dec(o, total);
                if (gate_column) {
                    out_char(o, o->sep);
                    if (year >= 2025 && k == 0 && p == 0)
                        out_text(o, gate_passed(opt->seed, i, year) ? "ya" : "tidak");
                }
                out_eol(o);
            }
        }
    }
}

int main(int argc, char **argv)
{
    static options opt;
    int rc = parse_args(argc, argv, &opt);
    if (rc)
        return rc < 0 ? 0 : rc;
    build_population(opt.seed);

    static out o;
    o.sep = opt.semicolon ? ';' : ',';
    o.dec = opt.semicolon ? ',' : '.';
    o.eol = opt.semicolon ? "\r\n" : "\n";
    o.f = opt.out ? fopen(opt.out, "wb") : stdout;
    if (!o.f) {
        fprintf(stderr, "kp-gen: cannot write %s: %s\n", opt.out, strerror(errno));
        return 1;
    }
    if (opt.semicolon)
        out_bytes(&o, "\xef\xbb\xbf", 3);
    for (size_t h = 0; h < sizeof header / sizeof header[0]; h++) {
        if (h)
            out_char(&o, o.sep);
        out_text(&o, header[h]);
    }
    int gate_column = 0;
    for (int y = 0; y < opt.n_years; y++)
        gate_column |= opt.years[y] >= 2025;
    if (gate_column) {
        out_char(&o, o.sep);
        out_text(&o, "tanpa_maladministrasi");
    }
    out_eol(&o);
    long long size = opt.size ? opt.size : n_units;
    for (int y = 0; y < opt.n_years; y++)
        write_year(&o, &opt, opt.years[y], size, gate_column);
    out_flush(&o);
    int bad = o.failed || ferror(o.f);
    if (opt.out)
        bad |= fclose(o.f) != 0;
    else
        bad |= fflush(o.f) != 0;
    if (bad) {
        fprintf(stderr, "kp-gen: write error on %s\n", opt.out ? opt.out : "stdout");
        return 1;
    }
    return 0;
}
