/* exch-epm.h
 * Endpoints learned from the DCE/RPC endpoint mapper's answers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_EPM_MODULE_H
#define EXCH_EPM_MODULE_H

/* In proto_register_exch: the probe "exch_epm", which the msrpc role's port
 * preference puts on its ports (fields/roles.tsv, dissector column). */
void exch_epm_register(int proto_exch);

#endif /* EXCH_EPM_MODULE_H */
