/* fuzz_ldapmsg.c
 * libFuzzer target: the LDAPMessage reader (as the heuristic and the
 * directory analysis call it) and the DN rules.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>

#include "ldapmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 0, used;
    ldap_facts_t facts;

    while (pos < size && (used = ldap_read_message(data + pos, size - pos, &facts)) > 0) {
        if (used > size - pos || facts.dn_off + facts.dn_len > used)
            abort();
        pos += used;
    }
    (void)ldap_dn_is_exchange55(data, size);
    (void)ldap_dn_is_root_context(data, size);
    return 0;
}
