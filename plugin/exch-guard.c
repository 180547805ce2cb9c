/* exch-guard.c
 * Guards on shared seed ports.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>
#include <epan/packet.h>

#include "exch-conv.h"
#include "exch-guard.h"
#include "lib/sniff.h"

typedef bool (*looks_like_t)(const uint8_t *p, size_t len);

typedef struct {
    const char *name;               /* the stock dissector's filter name */
    looks_like_t looks_like;
} check_t;

static const check_t checks[] = {
    { "irc", exch_looks_like_irc },
    { "tpkt", exch_looks_like_tpkt },
};

typedef struct {
    dissector_handle_t stock;
    dissector_handle_t previous;    /* the port's owner before the guard, or NULL */
    looks_like_t looks_like;
} guard_t;

static int proto_guard = -1;
static dissector_handle_t guard_handle;
static wmem_map_t *guards;          /* port -> guard_t, in epan scope */

static const check_t *
check_of(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(checks); i++)
        if (strcmp(checks[i].name, name) == 0)
            return &checks[i];
    return NULL;
}

static const check_t *
check_for(dissector_handle_t handle)
{
    int proto = dissector_handle_get_protocol_index(handle);

    return proto == -1 ? NULL : check_of(proto_get_protocol_filter_name(proto));
}

gboolean
exch_guard_needed(dissector_handle_t handle)
{
    return check_for(handle) != NULL;
}

/* The connection's first payload decides, on the first pass, for every pass. */
static exch_guard_choice_t
choice(const guard_t *g, tvbuff_t *tvb, packet_info *pinfo)
{
    exch_conv_t *conv = PINFO_FD_VISITED(pinfo) ? exch_conv_find(pinfo) : exch_conv_get(pinfo);
    guint len = tvb_captured_length(tvb);

    if (conv && conv->guard != EXCH_GUARD_UNDECIDED)
        return conv->guard;
    exch_guard_choice_t found = g->looks_like(tvb_get_ptr(tvb, 0, len), len) ? EXCH_GUARD_STOCK : EXCH_GUARD_OTHER;
    if (conv)
        conv->guard = found;
    return found;
}

static int
dissect_guarded(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    const guard_t *g = (const guard_t *)wmem_map_lookup(guards, GUINT_TO_POINTER(pinfo->match_uint));
    dissector_handle_t handle;

    if (!g)
        return 0;
    handle = choice(g, tvb, pinfo) == EXCH_GUARD_STOCK ? g->stock : g->previous;
    return handle ? call_dissector_only(handle, tvb, pinfo, tree, data) : 0;
}

void
exch_guard_add(guint32 port, dissector_handle_t stock)
{
    dissector_table_t table = find_dissector_table("tcp.port");
    const check_t *check = check_for(stock);
    dissector_handle_t owner = dissector_get_uint_handle(table, port);
    guard_t *g;

    /* on the stock dissector's own ports (IRC on 6667) nothing changes */
    if (!check || owner == stock || wmem_map_contains(guards, GUINT_TO_POINTER(port)))
        return;
    g = wmem_new(wmem_epan_scope(), guard_t);
    g->stock = stock;
    g->previous = owner;
    g->looks_like = check->looks_like;
    wmem_map_insert(guards, GUINT_TO_POINTER(port), g);
    dissector_add_uint("tcp.port", port, guard_handle);
}

void
exch_guard_remove(guint32 port)
{
    guard_t *g = (guard_t *)wmem_map_remove(guards, GUINT_TO_POINTER(port));

    if (!g)
        return;
    dissector_delete_uint("tcp.port", port, guard_handle);
    if (g->previous)
        dissector_add_uint("tcp.port", port, g->previous);
    wmem_free(wmem_epan_scope(), g);
}

void
exch_guard_register(int proto_exch)
{
    /* a protocol in name only adds no layer: frame.protocols shows the chosen one */
    proto_guard = proto_register_protocol_in_name_only("Exchange shared port (IRC or Gryphon, TPKT or other)",
        "Exchange shared port", "exch_shared", proto_exch, FT_PROTOCOL);
    guard_handle = create_dissector_handle_with_name_and_description(dissect_guarded, proto_guard,
        "exch_shared", "IRC or TPKT by content, else the port's previous dissector");
    guards = wmem_map_new(wmem_epan_scope(), g_direct_hash, g_direct_equal);
}
