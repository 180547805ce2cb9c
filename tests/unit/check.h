/* check.h
 * A minimal assertion helper for the unit tests of the pure parsing library.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_CHECK_H
#define EXCH_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) \
    do { \
        if (!(cond)) { \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures++; \
        } \
    } while (0)

#define CHECK_STR(got, want) CHECK((got) != NULL && strcmp((got), (want)) == 0)

#define CHECK_DONE() \
    (check_failures ? (fprintf(stderr, "%d check(s) failed\n", check_failures), 1) : 0)

#endif /* EXCH_CHECK_H */
