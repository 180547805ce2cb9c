/* exch-findings.h
 * The findings section of the firewall report: the security findings and the
 * failed locator lookups of the capture, from the expert infos the plugin
 * adds (exch.cleartext_credentials, exch.starttls_not_used,
 * exch.unauthenticated_link_state, exch.dns_failure, xlsa.ms05_021), counted
 * per finding, source, destination and message.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_FINDINGS_H
#define EXCH_FINDINGS_H

#include <wireshark.h>

typedef struct exch_findings exch_findings_t;

/* A listener on the expert tap, which frees it when it finishes; NULL (with
 * the reason on stderr) when tshark cannot register it. */
exch_findings_t *exch_findings_listen(void);

/* The section: a table, or (csv) a CSV table of its own with a stable header. */
void exch_findings_print(const exch_findings_t *f, gboolean csv);

#endif /* EXCH_FINDINGS_H */
