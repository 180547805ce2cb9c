/* exch-firewall.h
 * The firewall report of the labelled traffic: tshark -z exch_firewall[,csv].
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_FIREWALL_H
#define EXCH_FIREWALL_H

/* In the plugin's tap registration: the -z exch_firewall report. */
void exch_firewall_register(void);

#endif /* EXCH_FIREWALL_H */
