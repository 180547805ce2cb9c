/* exch-directory.h
 * Directory services: LDAP on the Exchange directory ports (SRS 379, alternate
 * LDAP 390, GC over SSL 3269, and any port through the exch_ldap_tcp
 * heuristic) and the directory analysis shown in the exch tree (exch.dir.*).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXCH_DIRECTORY_H
#define EXCH_DIRECTORY_H

#include <epan/packet.h>

#include "exch-conv.h"
#include "lib/roles.h"

/* Called from proto_register_exch: the exch.dir.* fields and experts, the
 * exch_ldap protocol. */
void exch_directory_register(int proto_exch);

/* Called from proto_reg_handoff_exch. */
void exch_directory_handoff(void);

/* Adds the exch.dir fields to a frame's tree (the exch tree, or exch_ldap's):
 * which directory (for a role with role->directory set; role may be NULL), the
 * bind security of the connection, what the frame's LDAP messages show. secure: the role is an SSL
 * variant or the connection carries TLS (exch_conv_in_tls). conv: the
 * connection's data, NULL when there is none. */
void exch_directory_add_tree(proto_tree *exch_tree, tvbuff_t *tvb, packet_info *pinfo,
                             const exch_role_t *role, gboolean secure, const exch_conv_t *conv);

#endif /* EXCH_DIRECTORY_H */
