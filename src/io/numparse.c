#include "io/numparse.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const double pow10_tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int slow_path(const char *s, size_t len, float *out)
{
    char buf[128];
    if (len >= sizeof buf) return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    float x = strtof(buf, &end);
    if (end == buf || *end) return -1;
    *out = x;
    return 0;
}

int num_parse_float(const char *s, size_t len, float *out)
{
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
    if (len == 0 || (len == 2 && strncasecmp(s, "NA", 2) == 0) || (len == 3 && strncasecmp(s, "nan", 3) == 0)) {
        *out = NAN;
        return 0;
    }
    const char *p = s, *end = s + len;
    int neg = 0;
    if (*p == '-' || *p == '+') neg = *p++ == '-';
    uint64_t mant = 0;
    int digits = 0, exp10 = 0, any = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        if (digits < 19) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            if (mant) digits++;
        } else {
            exp10++; /* too many digits: fall back below */
            digits = 99;
        }
        p++;
        any = 1;
    }
    if (p < end && *p == '.') {
        p++;
        while (p < end && *p >= '0' && *p <= '9') {
            if (digits < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                if (mant) digits++;
                exp10--;
            } else {
                digits = 99;
            }
            p++;
            any = 1;
        }
    }
    if (!any) return slow_path(s, len, out); /* "inf", ".e" ... */
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0, ev = 0, edig = 0;
        if (p < end && (*p == '-' || *p == '+')) eneg = *p++ == '-';
        while (p < end && *p >= '0' && *p <= '9') {
            if (ev < 10000) ev = ev * 10 + (*p - '0');
            p++;
            edig = 1;
        }
        if (!edig) return -1;
        exp10 += eneg ? -ev : ev;
    }
    if (p != end) return -1;
    if (digits > 19 || exp10 < -22 || exp10 > 22 || mant > (1ULL << 53)) return slow_path(s, len, out);
    double x = (double)mant;
    x = exp10 < 0 ? x / pow10_tab[-exp10] : x * pow10_tab[exp10];
    *out = (float)(neg ? -x : x);
    return 0;
}
