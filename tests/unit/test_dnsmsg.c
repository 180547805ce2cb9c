/* test_dnsmsg.c
 * Unit tests of the DNS question reader and the locator names.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "check.h"
#include "dnsmsg.h"

/* A message with header flags and the question name given as wire labels. */
static size_t
message(uint8_t *out, uint16_t id, uint8_t flags2, uint8_t flags3, const char *labels, size_t labels_len)
{
    const uint8_t header[12] = { (uint8_t)(id >> 8), (uint8_t)id, flags2, flags3, 0, 1, 0, 0, 0, 0, 0, 0 };

    memcpy(out, header, 12);
    memcpy(out + 12, labels, labels_len);
    memcpy(out + 12 + labels_len, "\x00\x21\x00\x01", 4);      /* SRV, IN */
    return 12 + labels_len + 4;
}

#define LABELS(s) s, sizeof(s)       /* with the final zero byte of the name */

int
main(void)
{
    uint8_t buf[600];
    exch_dns_msg_t m;
    size_t len;

    len = message(buf, 0xabcd, 0x81, 0x83, LABELS("\x05_ldap\x04_tcp\x02" "dc\x06_msdcs\x07" "example\x04test"));
    CHECK(exch_dns_parse(buf, len, &m));
    CHECK(m.id == 0xabcd && m.response && m.rcode == 3 && m.qtype == 33);
    CHECK_STR(m.name, "_ldap._tcp.dc._msdcs.example.test");
    CHECK(!exch_dns_parse(buf, len - 1, &m));                     /* the class cut off */
    CHECK(!exch_dns_parse(buf, 11, &m));                          /* no whole header */
    buf[5] = 0;
    CHECK(!exch_dns_parse(buf, len, &m));                         /* no question */

    len = message(buf, 1, 0x01, 0x00, LABELS("\x03www\xc0\x0c"));  /* a pointer in the question */
    CHECK(!exch_dns_parse(buf, len, &m));
    len = message(buf, 1, 0x01, 0x00, LABELS("\x40"));            /* a label of 64 */
    CHECK(!exch_dns_parse(buf, len, &m));
    len = message(buf, 1, 0x01, 0x00, "\x00", 1);                  /* the root */
    CHECK(exch_dns_parse(buf, len, &m) && !m.response && m.name[0] == '\0');

    /* names of 255 and 256 characters: labels of 63, 63, 63, 61 and 1 or 2, dotted */
    for (size_t last = 1; last <= 2; last++) {
        static const uint8_t sizes[] = { 63, 63, 63, 61 };
        uint8_t labels[300];
        size_t at = 0;

        for (size_t i = 0; i < sizeof sizes; i++) {
            labels[at++] = sizes[i];
            memset(labels + at, 'a', sizes[i]);
            at += sizes[i];
        }
        labels[at++] = (uint8_t)last;
        memset(labels + at, 'b', last);
        at += last;
        labels[at++] = 0;
        len = message(buf, 1, 0x01, 0x00, (const char *)labels, at);
        CHECK(exch_dns_parse(buf, len, &m) == (last == 1));
        CHECK(last == 2 || strlen(m.name) == 255);
    }

    CHECK(exch_dns_locator("_ldap._tcp.dc._msdcs.example.test"));
    CHECK(exch_dns_locator("_LDAP._TCP.example.test"));
    CHECK(exch_dns_locator("_gc._tcp.example.test"));
    CHECK(exch_dns_locator("_kerberos._udp.example.test"));
    CHECK(exch_dns_locator("_kpasswd._tcp.example.test"));
    CHECK(exch_dns_locator("_rvp._tcp.example.test"));
    CHECK(exch_dns_locator("8f3b.._msdcs.example.test"));
    CHECK(exch_dns_locator("gc._msdcs.example.test"));
    CHECK(exch_dns_locator("_msdcs.example.test"));
    CHECK(!exch_dns_locator("_msdcsx.example.test"));
    CHECK(!exch_dns_locator("www.example.test"));
    CHECK(!exch_dns_locator("_ldapx._tcp.example.test"));
    CHECK(!exch_dns_locator("_sip._tcp.example.test"));
    CHECK(!exch_dns_locator(""));

    CHECK_STR(exch_dns_failure_name(2), "SERVFAIL");
    CHECK_STR(exch_dns_failure_name(3), "NXDOMAIN");
    CHECK_STR(exch_dns_failure_name(5), "REFUSED");
    CHECK(exch_dns_failure_name(0) == NULL && exch_dns_failure_name(1) == NULL && exch_dns_failure_name(4) == NULL);
    return CHECK_DONE();
}
