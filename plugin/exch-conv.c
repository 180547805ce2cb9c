/* exch-conv.c
 * Per-connection data of the exch protocol, and a cache in front of the
 * conversation table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/conversation.h>

#include "exch-conv.h"

#define CACHE_SLOTS 4096             /* a power of two */

static int proto_owner = -1;

/* find_conversation_pinfo() hashes the 5-tuple twice (both orientations):
 * about 1,100 instructions, paid on every frame of an Exchange port. On the
 * first pass TCP and UDP have just looked up the frame's conversation and set
 * its last_frame to the frame; a cached conversation of the same 5-tuple
 * whose last_frame is this frame is therefore the one the lookup would find. */
static conversation_t *cache[CACHE_SLOTS];

static void
cache_clear(void)
{
    memset(cache, 0, sizeof cache);
}

void
exch_conv_register(int proto)
{
    proto_owner = proto;
    register_init_routine(cache_clear);
    register_cleanup_routine(cache_clear);
}

static guint32
address_tail(const address *addr)
{
    guint32 tail = 0;

    if (addr->len >= 4)
        memcpy(&tail, (const guint8 *)addr->data + addr->len - 4, 4);
    return tail;
}

/* The same slot for both directions of a flow. */
static unsigned
cache_slot(const packet_info *pinfo)
{
    guint32 h = (address_tail(&pinfo->src) + address_tail(&pinfo->dst)) * 2654435761u;

    return (h ^ (pinfo->srcport + pinfo->destport)) & (CACHE_SLOTS - 1);
}

static gboolean
same_endpoints(const conversation_element_t *key, const address *a, guint32 port_a, const address *b, guint32 port_b)
{
    return key[1].port_val == port_a && key[3].port_val == port_b &&
           addresses_equal(&key[0].addr_val, a) && addresses_equal(&key[2].addr_val, b);
}

/* An address/port conversation without wildcards (options 0) has the key
 * { address, port, address, port, type }. */
static gboolean
is_frame_flow(const conversation_t *conv, const packet_info *pinfo, conversation_type type)
{
    const conversation_element_t *key = conv->key_ptr;

    if (conv->options != 0 || conv->last_frame != pinfo->num || key[4].type != CE_CONVERSATION_TYPE ||
        key[4].conversation_type_val != type)
        return FALSE;
    return same_endpoints(key, &pinfo->src, pinfo->srcport, &pinfo->dst, pinfo->destport) ||
           same_endpoints(key, &pinfo->dst, pinfo->destport, &pinfo->src, pinfo->srcport);
}

conversation_t *
exch_conversation(packet_info *pinfo)
{
    conversation_type type = pinfo->ptype == PT_TCP ? CONVERSATION_TCP : CONVERSATION_UDP;
    gboolean cacheable = (pinfo->ptype == PT_TCP || pinfo->ptype == PT_UDP) && !PINFO_FD_VISITED(pinfo) &&
                         !pinfo->use_conv_addr_port_endpoints && !pinfo->conv_elements;
    conversation_t **slot = cacheable ? &cache[cache_slot(pinfo)] : NULL;
    conversation_t *conv;

    if (slot && *slot && is_frame_flow(*slot, pinfo, type))
        return *slot;
    conv = find_conversation_pinfo(pinfo, 0);
    if (slot && conv && is_frame_flow(conv, pinfo, type))
        *slot = conv;
    return conv;
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
    return exch_conv_of(exch_conversation(pinfo));
}

exch_conv_t *
exch_conv_get(packet_info *pinfo)
{
    conversation_t *conv = exch_conversation(pinfo);

    return exch_conv_attach(conv ? conv : find_or_create_conversation(pinfo));
}

gboolean
exch_conv_in_tls(exch_conv_t *data, packet_info *pinfo, gboolean over_tls)
{
    if (over_tls && data && !data->tls_since && !PINFO_FD_VISITED(pinfo))
        data->tls_since = pinfo->num;
    return data && data->tls_since && pinfo->num >= data->tls_since;
}
