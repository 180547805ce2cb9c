/* exch-dns.h
 * exch.dns_failure: the seed's advice "when service issues arise, it is
 * always good to verify proper name resolution". Beside the stock DNS
 * dissector (beside.h): a lookup of an Active Directory or Exchange locator
 * name (lib/dnsmsg.h) answered by SERVFAIL, NXDOMAIN or REFUSED, or (known
 * on a second pass) never answered.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_DNS_H
#define EXCH_DNS_H

/* In proto_register_exch: the expert infos. */
void exch_dns_register(int proto_exch);

/* In the handoff: beside the stock DNS dissector on its UDP and TCP ports. */
void exch_dns_handoff(void);

#endif /* EXCH_DNS_H */
