/* test_addrset.c
 * Unit tests of the address set of the exch.server_addresses preference.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "addrset.h"
#include "check.h"

static bool
has4(const exch_addrset_t *set, const char *text)
{
    uint8_t a[4];

    return inet_pton(AF_INET, text, a) == 1 && exch_addrset_contains(set, a, 4);
}

static bool
has6(const exch_addrset_t *set, const char *text)
{
    uint8_t a[16];

    return inet_pton(AF_INET6, text, a) == 1 && exch_addrset_contains(set, a, 16);
}

static void
test_entries(void)
{
    exch_addrset_t *set = calloc(1, sizeof *set);
    char err[128];

    CHECK(exch_addrset_parse(set, "192.0.2.10, 10.1.0.0/16;2001:db8::/32\t::1", err, sizeof err));
    CHECK(set->count == 4 && err[0] == '\0');
    CHECK(has4(set, "192.0.2.10") && !has4(set, "192.0.2.11"));
    CHECK(has4(set, "10.1.0.0") && has4(set, "10.1.255.255") && !has4(set, "10.2.0.0") && !has4(set, "10.0.255.255"));
    CHECK(has6(set, "2001:db8::1") && has6(set, "2001:db8:ffff::") && !has6(set, "2001:db9::"));
    CHECK(has6(set, "::1") && !has6(set, "::2"));
    /* an IPv4 address is never in an IPv6 block, nor the reverse */
    CHECK(!has6(set, "::ffff:192.0.2.10") && !has4(set, "0.0.0.1"));
    /* host bits in the block are ignored; /0 is everything of its family */
    CHECK(exch_addrset_parse(set, "10.1.2.3/8 ::/0", err, sizeof err));
    CHECK(has4(set, "10.200.0.1") && !has4(set, "11.0.0.0") && has6(set, "fe80::1"));
    CHECK(exch_addrset_parse(set, "0.0.0.0/0", err, sizeof err) && has4(set, "255.255.255.255"));
    /* prefixes at their limits, and one over */
    CHECK(exch_addrset_parse(set, "192.0.2.1/32 2001:db8::1/128", err, sizeof err) && set->count == 2);
    CHECK(has4(set, "192.0.2.1") && !has4(set, "192.0.2.0"));
    CHECK(exch_addrset_parse(set, "192.0.2.1/31", err, sizeof err) && has4(set, "192.0.2.0") && !has4(set, "192.0.2.2"));
    CHECK(!exch_addrset_parse(set, "192.0.2.1/33", err, sizeof err) && set->count == 0);
    CHECK_STR(err, "\"192.0.2.1/33\" is not an address or CIDR block");
    CHECK(!exch_addrset_parse(set, "2001:db8::/129 192.0.2.1", err, sizeof err) && set->count == 1);
    CHECK(has4(set, "192.0.2.1"));
    /* empty text: an empty set */
    CHECK(exch_addrset_parse(set, "", err, sizeof err) && set->count == 0);
    CHECK(exch_addrset_parse(set, " ,; ", err, sizeof err) && set->count == 0);
    CHECK(exch_addrset_parse(set, NULL, err, sizeof err) && set->count == 0);
    free(set);
}

static void
test_bad_text(void)
{
    static const char *const bad[] = {
        "exchange1", "192.0.2", "192.0.2.256", "192.0.2.1/", "192.0.2.1/x", "192.0.2.1/-1", "192.0.2.1/0032",
        "2001:db8:::1", "192.0.2.1/8/8", "/8",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    exch_addrset_t *set = calloc(1, sizeof *set);
    char err[128];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!exch_addrset_parse(set, bad[i], err, sizeof err));
        CHECK(set->count == 0 && strstr(err, "is not an address or CIDR block") != NULL);
    }
    /* the first problem is reported; a short error buffer is cut, never overrun */
    CHECK(!exch_addrset_parse(set, "x 192.0.2.1 y", err, sizeof err) && set->count == 1);
    CHECK_STR(err, "\"x\" is not an address or CIDR block");
    CHECK(!exch_addrset_parse(set, "bad", err, 4) && strcmp(err, "\"ba") == 0);
    free(set);
}

static void
test_capacity(void)
{
    exch_addrset_t *set = calloc(1, sizeof *set);
    size_t size = 20 * (EXCH_ADDRSET_MAX + 1) + 1;
    char *text = malloc(size), err[128];
    size_t n = 0;

    for (unsigned i = 0; i < EXCH_ADDRSET_MAX; i++)
        n += (size_t)snprintf(text + n, size - n, "10.%u.%u.1 ", i / 256, i % 256);
    CHECK(exch_addrset_parse(set, text, err, sizeof err) && set->count == EXCH_ADDRSET_MAX);
    CHECK(has4(set, "10.3.255.1"));
    snprintf(text + n, size - n, "10.4.0.1");
    CHECK(!exch_addrset_parse(set, text, err, sizeof err) && set->count == EXCH_ADDRSET_MAX);
    CHECK_STR(err, "\"10.4.0.1\" and the entries after it are over the limit of 1024");
    CHECK(!has4(set, "10.4.0.1"));
    free(text);
    free(set);
}

int
main(void)
{
    test_entries();
    test_bad_text();
    test_capacity();
    return CHECK_DONE();
}
