#include "read/xlsxxml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Memory one expat parser may hold (its buffer, tag stack, attributes): real parts need well
 * under a megabyte, so a 1 GB attribute or 10 million nested tags fail early instead. */
#define XML_MEM_MAX ((size_t)64 << 20)

/* The suite's functions get no context: the count is per thread, and a thread runs one
 * parser at a time. */
static _Thread_local size_t xml_mem_used;

typedef union xml_hdr {
    size_t size;
    max_align_t align;
} xml_hdr;

static void *xml_malloc(size_t n)
{
    if (n > XML_MEM_MAX || xml_mem_used + n > XML_MEM_MAX)
        return NULL;
    xml_hdr *h = malloc(sizeof *h + n);
    if (!h)
        return NULL;
    h->size = n;
    xml_mem_used += n;
    return h + 1;
}

static void xml_free(void *p)
{
    if (!p)
        return;
    xml_hdr *h = (xml_hdr *)p - 1;
    xml_mem_used -= h->size;
    free(h);
}

static void *xml_realloc(void *p, size_t n)
{
    if (!p)
        return xml_malloc(n);
    xml_hdr *h = (xml_hdr *)p - 1;
    size_t old = h->size;
    if (n > XML_MEM_MAX || (n > old && xml_mem_used + (n - old) > XML_MEM_MAX))
        return NULL;
    xml_hdr *g = realloc(h, sizeof *g + n);
    if (!g)
        return NULL;
    g->size = n;
    xml_mem_used = xml_mem_used - old + n;
    return g + 1;
}

static const XML_Memory_Handling_Suite xml_mem = {xml_malloc, xml_realloc, xml_free};

void xlsxxml_fail(xlsxxml *c, kp_status st, const char *fmt, ...)
{
    if (c->st == KP_OK) {
        char msg[KP_ERROR_MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        c->st = xlsxzip_fail(c->zip, c->err, st, "%s", msg);
    }
    if (c->p) /* NULL: the sheet scanner, which stops on c->st */
        XML_StopParser(c->p, XML_FALSE);
}

/* A DTD is the door to entity expansion (billion laughs) and external entities: no part of a
 * workbook has one, so any DOCTYPE ends the parse. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    xlsxxml *c = ud;
    xlsxxml_fail(c, KP_ERR_DATA, "%s memuat DOCTYPE: DTD ditolak (celah entitas XML)", c->part);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)name;
    (void)is_param;
    (void)value;
    (void)value_len;
    (void)base;
    (void)sysid;
    (void)pubid;
    (void)notation;
    xlsxxml *c = ud;
    xlsxxml_fail(c, KP_ERR_DATA, "%s memuat deklarasi entitas: ditolak", c->part);
}

bool xlsxxml_begin(xlsxxml *c, xlsxzip *z, const char *part, kp_error *err)
{
    memset(c, 0, sizeof *c);
    c->zip = z;
    c->part = part;
    c->err = err;
    c->p = XML_ParserCreate_MM(NULL, &xml_mem, NULL);
    if (!c->p)
        return false;
    XML_SetUserData(c->p, c);
    XML_SetStartDoctypeDeclHandler(c->p, on_doctype);
    XML_SetEntityDeclHandler(c->p, on_entity);
    XML_SetParamEntityParsing(c->p, XML_PARAM_ENTITY_PARSING_NEVER);
    return true;
}

const char *xlsxxml_attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(xlsxxml_local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

kp_status xlsxxml_run(xlsxxml *c, const xlsxzip_entry *e)
{
    xlsxzip *z = c->zip;
    const char *name = xlsxzip_entry_name(e);
    xlsxzip_reader r;
    kp_status st = xlsxzip_read_open(z, &r, e, c->err);
    for (bool last = false; st == KP_OK && !last;) {
        void *b = XML_GetBuffer(c->p, XLSXZIP_CHUNK);
        if (!b) {
            st = xlsxzip_fail(z, c->err, KP_ERR_DATA, "%s: struktur XML terlalu besar", name);
            break;
        }
        unsigned got;
        st = xlsxzip_read(z, &r, b, XLSXZIP_CHUNK, &got, c->err);
        if (st != KP_OK)
            break;
        last = got == 0;
        if (XML_ParseBuffer(c->p, (int)got, last) != XML_STATUS_OK) {
            if (c->st != KP_OK)
                st = c->st;
            else if (c->done)
                break;
            else if (XML_GetErrorCode(c->p) == XML_ERROR_NO_MEMORY)
                st = xlsxzip_fail(z, c->err, KP_ERR_DATA,
                                  "%s: struktur XML terlalu besar atau dalam", name);
            else
                st = xlsxzip_fail(z, c->err, KP_ERR_DATA,
                                  "%s bukan XML yang sah (baris %lu, kolom %lu)", name,
                                  (unsigned long)XML_GetCurrentLineNumber(c->p),
                                  (unsigned long)XML_GetCurrentColumnNumber(c->p) + 1);
        }
    }
    xlsxzip_read_close(z, &r);
    XML_ParserFree(c->p);
    c->p = NULL;
    return st;
}
