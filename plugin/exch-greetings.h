/* exch-greetings.h
 * The greetings of Microsoft's IMAP4, POP3 and NNTP services, read beside the
 * stock dissectors as evidence of an Exchange server.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_GREETINGS_H
#define EXCH_GREETINGS_H

/* In proto_register_exch: the private tables of the wrapped dissectors. */
void exch_greetings_register(int proto_exch);

/* In the handoff: the wrappers on the stock dissectors' ports. */
void exch_greetings_handoff(void);

#endif /* EXCH_GREETINGS_H */
