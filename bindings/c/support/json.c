/* tk_json_get: a minimal JSON path lookup (enough for the SDK's documents). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "flex_testkit.h"

static const char *skip_ws(const char *p) {
    while (*p && isspace((unsigned char)*p)) p++;
    return p;
}

/* The end of the string starting at the quote p. */
static const char *skip_string(const char *p) {
    for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && p[1]) p++;
    return *p ? p + 1 : p;
}

/* The end of the value starting at p (whitespace skipped). */
static const char *skip_value(const char *p) {
    if (*p == '"') return skip_string(p);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (*p) {
            if (*p == '"') {
                p = skip_string(p);
                continue;
            }
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') {
                if (--depth == 0) return p + 1;
            }
            p++;
        }
        return p;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']' && !isspace((unsigned char)*p)) p++;
    return p;
}

/* The value of member `key` (length n) of the object at p, or NULL. */
static const char *member(const char *p, const char *key, size_t n) {
    p = skip_ws(p + 1);
    while (*p == '"') {
        const char *end = skip_string(p);
        int match = (size_t)(end - p - 2) == n && strncmp(p + 1, key, n) == 0;
        p = skip_ws(end);
        if (*p != ':') return NULL;
        p = skip_ws(p + 1);
        if (match) return p;
        p = skip_ws(skip_value(p));
        if (*p == ',') p = skip_ws(p + 1);
    }
    return NULL;
}

/* Element `index` of the array at p, or NULL. */
static const char *element(const char *p, long index) {
    p = skip_ws(p + 1);
    for (long i = 0; *p && *p != ']'; i++) {
        if (i == index) return p;
        p = skip_ws(skip_value(p));
        if (*p == ',') p = skip_ws(p + 1);
    }
    return NULL;
}

/* A malloc'd copy of the value at p: strings unescaped, others raw. */
static char *copy_value(const char *p) {
    const char *end = skip_value(p);
    char *out = malloc((size_t)(end - p) + 1), *o = out;
    if (!out) return NULL;
    if (*p != '"') {
        memcpy(out, p, (size_t)(end - p));
        out[end - p] = '\0';
        return out;
    }
    for (p++; p < end - 1; p++) {
        if (*p != '\\') {
            *o++ = *p;
            continue;
        }
        switch (*++p) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'r': *o++ = '\r'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u': *o++ = '?'; p += 4; break; /* non-ASCII is not needed here */
        default: *o++ = *p; break;
        }
    }
    *o = '\0';
    return out;
}

char *tk_json_get(const char *json, const char *path) {
    const char *p = skip_ws(json);
    while (p && *path) {
        size_t n = strcspn(path, ".");
        if (*p == '{') {
            p = member(p, path, n);
        } else if (*p == '[' && isdigit((unsigned char)*path)) {
            p = element(p, strtol(path, NULL, 10));
        } else {
            return NULL;
        }
        path += n + (path[n] == '.');
    }
    return p ? copy_value(p) : NULL;
}
