/* exch-conv.c
 * Per-connection data of the exch protocol.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/conversation.h>

#include "exch-conv.h"

static int proto_owner = -1;

void
exch_conv_register(int proto)
{
    proto_owner = proto;
}

exch_conv_t *
exch_conv_of(conversation_t *conv)
{
    return conv ? (exch_conv_t *)conversation_get_proto_data(conv, proto_owner) : NULL;
}

exch_conv_t *
exch_conv_attach(conversation_t *conv)
{
    exch_conv_t *data = exch_conv_of(conv);

    if (!data) {
        data = wmem_new0(wmem_file_scope(), exch_conv_t);
        data->binds = wmem_tree_new(wmem_file_scope());
        conversation_add_proto_data(conv, proto_owner, data);
    }
    return data;
}

exch_conv_t *
exch_conv_find(packet_info *pinfo)
{
    return exch_conv_of(find_conversation_pinfo(pinfo, 0));
}

exch_conv_t *
exch_conv_get(packet_info *pinfo)
{
    return exch_conv_attach(find_or_create_conversation(pinfo));
}

gboolean
exch_conv_in_tls(exch_conv_t *data, packet_info *pinfo, gboolean over_tls)
{
    if (over_tls && data && !data->tls_since && !PINFO_FD_VISITED(pinfo))
        data->tls_since = pinfo->num;
    return data && data->tls_since && pinfo->num >= data->tls_since;
}
