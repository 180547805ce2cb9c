/* test_servertab.c
 * Unit tests of the per-server fact table and its cap.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "check.h"
#include "servertab.h"

int
main(void)
{
    exch_servertab_t *tab = malloc(sizeof *tab);
    const uint8_t v4[4] = { 192, 0, 2, 10 };
    const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 };
    unsigned added = 0;

    exch_servertab_clear(tab);
    CHECK(exch_servertab_facts(tab, v4, 4, 25) == 0);
    CHECK(exch_servertab_note(tab, v4, 4, 25, EXCH_SERVER_BRIDGEHEAD, 10));
    CHECK(exch_servertab_facts(tab, v4, 4, 25) == EXCH_SERVER_BRIDGEHEAD);
    CHECK(exch_servertab_facts(tab, v4, 4, 691) == 0);          /* per port */
    CHECK(exch_servertab_note(tab, v4, 4, 25, EXCH_SERVER_BRIDGEHEAD, 20) && tab->count == 1);
    CHECK(exch_servertab_find(tab, v4, 4, 25)->since[0] == 10);  /* the first frame that showed it stays */
    CHECK(exch_servertab_note(tab, v4, 4, 25, 1u << 3 | EXCH_SERVER_BRIDGEHEAD, 30));
    CHECK(exch_servertab_find(tab, v4, 4, 25)->since[3] == 30 && exch_servertab_find(tab, v4, 4, 25)->since[0] == 10);
    CHECK(exch_servertab_find(tab, v4, 4, 26) == NULL);
    CHECK(exch_servertab_note(tab, v6, 16, 25, EXCH_SERVER_BRIDGEHEAD, 10) && tab->count == 2);
    CHECK(!exch_servertab_note(tab, v4, 3, 25, 1, 10));             /* bad address length */
    CHECK(exch_servertab_facts(tab, v4, 6, 25) == 0);

    /* the cap: at most half the slots, known servers still updated when full */
    for (uint32_t i = 0; i < EXCH_SERVERTAB_SLOTS; i++) {
        uint8_t a[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
        added += exch_servertab_note(tab, a, 4, 25, EXCH_SERVER_BRIDGEHEAD, 10);
    }
    CHECK(tab->count == EXCH_SERVERTAB_SLOTS / 2);
    CHECK(added == EXCH_SERVERTAB_SLOTS / 2 - 2);
    CHECK(exch_servertab_note(tab, v4, 4, 25, EXCH_SERVER_BRIDGEHEAD, 10));
    CHECK(!exch_servertab_note(tab, v4, 4, 26, EXCH_SERVER_BRIDGEHEAD, 10));
    free(tab);
    return CHECK_DONE();
}
