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
exch_conv_find(packet_info *pinfo)
{
    conversation_t *conv = find_conversation_pinfo(pinfo, 0);

    return conv ? (exch_conv_t *)conversation_get_proto_data(conv, proto_owner) : NULL;
}

exch_conv_t *
exch_conv_get(packet_info *pinfo)
{
    conversation_t *conv = find_or_create_conversation(pinfo);
    exch_conv_t *data = (exch_conv_t *)conversation_get_proto_data(conv, proto_owner);

    if (!data) {
        data = wmem_new0(wmem_file_scope(), exch_conv_t);
        data->binds = wmem_tree_new(wmem_file_scope());
        conversation_add_proto_data(conv, proto_owner, data);
    }
    return data;
}
