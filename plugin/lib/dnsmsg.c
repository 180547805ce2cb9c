/* dnsmsg.c
 * RFC 1035 section 4.1: a 12-byte header, then the questions.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <strings.h>

#include "dnsmsg.h"

/* The labels at msg[*at], written dotted into out; false on a pointer, a
 * label past the end, or a name longer than EXCH_DNS_NAME_MAX. */
static bool
read_name(const uint8_t *msg, size_t len, size_t *at, char *out)
{
    size_t written = 0;

    for (;;) {
        uint8_t label;

        if (*at >= len)
            return false;
        label = msg[(*at)++];
        if (label == 0)
            break;
        if (label > 63 || *at + label > len || written + (written ? 1 : 0) + label > EXCH_DNS_NAME_MAX)
            return false;
        if (written)
            out[written++] = '.';
        memcpy(out + written, msg + *at, label);
        written += label;
        *at += label;
    }
    out[written] = '\0';
    return true;
}

bool
exch_dns_parse(const uint8_t *msg, size_t len, exch_dns_msg_t *out)
{
    size_t at = 12;

    if (len < 12 || ((msg[4] << 8) | msg[5]) == 0)
        return false;
    out->id = (uint16_t)((msg[0] << 8) | msg[1]);
    out->response = (msg[2] & 0x80) != 0;
    out->rcode = msg[3] & 0x0F;
    if (!read_name(msg, len, &at, out->name) || at + 4 > len)
        return false;
    out->qtype = (uint16_t)((msg[at] << 8) | msg[at + 1]);
    return true;
}

static bool
has_prefix(const char *name, const char *prefix)
{
    return strncasecmp(name, prefix, strlen(prefix)) == 0;
}

bool
exch_dns_locator(const char *name)
{
    static const char *const prefixes[] = { "_ldap._tcp.", "_gc._tcp.", "_kerberos.", "_kpasswd.", "_rvp._tcp." };

    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (has_prefix(name, prefixes[i]))
            return true;
    for (const char *label = name; label; label = strchr(label, '.'), label = label ? label + 1 : NULL)
        if (has_prefix(label, "_msdcs") && (label[6] == '.' || label[6] == '\0'))
            return true;
    return false;
}

const char *
exch_dns_failure_name(uint8_t rcode)
{
    switch (rcode) {
    case 2:
        return "SERVFAIL";
    case 3:
        return "NXDOMAIN";
    case 5:
        return "REFUSED";
    default:
        return NULL;
    }
}
