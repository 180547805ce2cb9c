/* addrset.c
 * Addresses and CIDR blocks from a preference's text.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "addrset.h"

#define TOKEN_MAX 64                       /* longer than any address with a prefix */
#define STR(x) #x
#define XSTR(x) STR(x)

static bool
is_separator(char c)
{
    return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* "0" to max, digits only. */
static bool
parse_prefix(const char *text, unsigned max, uint8_t *prefix)
{
    unsigned value = 0;

    if (!*text || strlen(text) > 3)
        return false;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        value = value * 10 + (unsigned)(*p - '0');
    }
    if (value > max)
        return false;
    *prefix = (uint8_t)value;
    return true;
}

static void
clear_host_bits(exch_cidr_t *c)
{
    for (unsigned bit = c->prefix; bit < 8u * c->len; bit++)
        c->addr[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
}

static bool
parse_entry(const char *token, exch_cidr_t *c)
{
    char address[TOKEN_MAX + 1];
    char *slash;

    memset(c, 0, sizeof *c);
    snprintf(address, sizeof address, "%s", token);
    if ((slash = strchr(address, '/')) != NULL)
        *slash = '\0';
    if (inet_pton(AF_INET, address, c->addr) == 1)
        c->len = 4;
    else if (inet_pton(AF_INET6, address, c->addr) == 1)
        c->len = 16;
    else
        return false;
    c->prefix = (uint8_t)(8 * c->len);
    if (slash && !parse_prefix(slash + 1, 8u * c->len, &c->prefix))
        return false;
    clear_host_bits(c);
    return true;
}

static void
note_error(char *err, size_t err_len, bool *ok, const char *format, const char *token)
{
    if (*ok && err_len)
        snprintf(err, err_len, format, token);
    *ok = false;
}

bool
exch_addrset_parse(exch_addrset_t *set, const char *text, char *err, size_t err_len)
{
    bool ok = true;

    set->count = 0;
    if (err_len)
        err[0] = '\0';
    while (text && *text) {
        char token[TOKEN_MAX + 1];
        size_t n = 0;

        while (is_separator(*text))
            text++;
        while (text[n] && !is_separator(text[n]))
            n++;
        if (n == 0)
            break;
        if (n > TOKEN_MAX) {
            note_error(err, err_len, &ok, "\"%.20s...\" is not an address or CIDR block", text);
        } else {
            memcpy(token, text, n);
            token[n] = '\0';
            if (set->count == EXCH_ADDRSET_MAX)
                note_error(err, err_len, &ok, "\"%s\" and the entries after it are over the limit of " XSTR(EXCH_ADDRSET_MAX), token);
            else if (!parse_entry(token, &set->entry[set->count]))
                note_error(err, err_len, &ok, "\"%s\" is not an address or CIDR block", token);
            else
                set->count++;
        }
        text += n;
    }
    return ok;
}

static bool
in_block(const exch_cidr_t *c, const uint8_t *addr)
{
    unsigned whole = c->prefix / 8, rest = c->prefix % 8;

    if (memcmp(c->addr, addr, whole) != 0)
        return false;
    return rest == 0 || ((addr[whole] ^ c->addr[whole]) & (uint8_t)(0xff00u >> rest)) == 0;
}

bool
exch_addrset_contains(const exch_addrset_t *set, const uint8_t *addr, size_t addr_len)
{
    for (unsigned i = 0; i < set->count; i++)
        if (set->entry[i].len == addr_len && in_block(&set->entry[i], addr))
            return true;
    return false;
}
