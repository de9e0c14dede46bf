#include "util/csverr.h"

#include <csv.h>

const char *csverr_text(int e)
{
    switch (e) {
    case CSV_EPARSE: /* strict mode: a quote inside an unquoted field, or after a closing one */
        return "tanda petik tidak pada tempatnya (isian bertanda petik harus diawali dan "
               "diakhiri tanda petik; tanda petik di dalamnya ditulis dua kali)";
    case CSV_ENOMEM:
        return "memori habis";
    case CSV_ETOOBIG:
        return "isian terlalu besar";
    default:
        return "galat pembaca CSV";
    }
}
