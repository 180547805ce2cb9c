/* beside.c
 * Wrapping a stock dissector's ports to analyse its PDUs beside it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>

#include "beside.h"
#include "compat.h"

void
beside_register(beside_t *b)
{
    b->inner = register_dissector_table(b->inner_name, "Stock dissector beside Exchange analysis", b->proto,
                                        FT_UINT16, BASE_DEC);
}

typedef struct {
    dissector_handle_t stock;
    GArray *ports;
} port_walk_t;

static void
collect_port(const gchar *table _U_, ftenum_t selector_type _U_, gpointer key, gpointer value, gpointer user)
{
    port_walk_t *walk = (port_walk_t *)user;

    if (dtbl_entry_get_handle((dtbl_entry_t *)value) == walk->stock)
        g_array_append_val(walk->ports, key);
}

/* Collected first: a table must not change while it is walked. */
static void
wrap_table(const char *table, dissector_handle_t stock, dissector_handle_t wrapper)
{
    port_walk_t walk = { stock, g_array_new(FALSE, FALSE, sizeof(gpointer)) };

    dissector_table_foreach(table, collect_port, &walk);
    for (guint i = 0; i < walk.ports->len; i++)
        dissector_add_uint(table, GPOINTER_TO_UINT(g_array_index(walk.ports, gpointer, i)), wrapper);
    g_array_free(walk.ports, TRUE);
}

dissector_handle_t
beside_handoff(beside_t *b, dissector_t fn, const char *name, const char *description, const char *const *tables)
{
    dissector_handle_t wrapper;

    b->stock = find_dissector_add_dependency(b->stock_name, b->proto);
    if (!b->stock)
        return NULL;
    wrapper = create_dissector_handle_with_name_and_description(fn,
        dissector_handle_get_protocol_index(b->stock), name, description);
    for (int i = 0; tables[i]; i++)
        wrap_table(tables[i], b->stock, wrapper);
    return b->stock;
}

/* The stock dissector tells requests from replies by pinfo->match_uint: it is
 * called under the port that matched (Decode As may have chosen a new one). */
static int
call_stock_unlayered(beside_t *b, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (!dissector_get_uint_handle(b->inner, pinfo->match_uint))
        dissector_add_uint(b->inner_name, pinfo->match_uint, b->stock);
    return dissector_try_uint_with_data(b->inner, pinfo->match_uint, tvb, pinfo, tree, FALSE, data);
}

int
beside_dissect(beside_t *b, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data, gboolean layered)
{
    int consumed, end;
    const char *saved_proto;

    /* each nested call lowers can_desegment: give the stock dissector TCP's */
    pinfo->can_desegment = pinfo->saved_can_desegment;
    consumed = layered ? call_dissector_only(b->stock, tvb, pinfo, tree, data)
                       : call_stock_unlayered(b, tvb, pinfo, tree, data);
    if (!b->analyse || !proto_is_protocol_enabled(find_protocol_by_id(b->proto)))
        return consumed;
    end = pinfo->desegment_len ? pinfo->desegment_offset : (int)tvb_captured_length(tvb);
    /* expert infos of the analysis are its protocol's, not the stock one's */
    saved_proto = pinfo->current_proto;
    pinfo->current_proto = proto_get_protocol_short_name(find_protocol_by_id(b->proto));
    b->analyse(tvb, pinfo, tree, data, end);
    pinfo->current_proto = saved_proto;
    return consumed;
}
